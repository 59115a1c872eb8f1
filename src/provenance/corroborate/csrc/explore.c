/* One depth-first pass over a claim's sources: analysis.python_explore. */

#include "native.h"

/* --- explore ---------------------------------------------------------------------------- */

typedef struct {
    PyObject *node; /* borrowed: an item id held by the index or the roots */
    PyObject *out;  /* owned: PySequence_Fast of its successors */
    Py_ssize_t pos;
} Frame;

/* 1 << k as a Python int */
static PyObject *bit(Py_ssize_t k) {
    if (k < 63) return PyLong_FromLongLong(1LL << k);
    PyObject *one = PyLong_FromLong(1), *sh = PyLong_FromSsize_t(k), *r = NULL;
    if (one && sh) r = PyNumber_Lshift(one, sh);
    Py_XDECREF(one);
    Py_XDECREF(sh);
    return r;
}

/* an origin: sinks.add(u); masks[x] = 1 << len(origins); origins.append(x) */
static int add_origin(PyObject *x, PyObject *u, PyObject *sinks, PyObject *masks,
                      PyObject *origins) {
    if (PySet_Add(sinks, u) < 0) return -1;
    PyObject *m = bit(PyList_GET_SIZE(origins));
    if (!m) return -1;
    int rc = PyDict_SetItem(masks, x, m);
    Py_DECREF(m);
    if (rc < 0) return -1;
    return PyList_Append(origins, x);
}

/* the contracted edges and the origin mask of node, its successors done */
static int finish(PyObject *node, PyObject *out, PyObject *uof, PyObject *masks,
                  PyObject *adj) {
    PyObject *ux = PyDict_GetItemWithError(uof, node);
    if (!ux) return -1;
    PyObject *m = PyLong_FromLong(0);
    if (!m) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(out);
    PyObject **items = PySequence_Fast_ITEMS(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *y = items[i];
        PyObject *uy = PyDict_GetItemWithError(uof, y);
        if (!uy) {
            if (PyErr_Occurred()) goto fail;
            continue;
        }
        PyObject *my = PyDict_GetItemWithError(masks, y);
        if (my) {
            PyObject *m2 = PyNumber_Or(m, my);
            if (!m2) goto fail;
            Py_SETREF(m, m2);
        } else if (PyErr_Occurred()) {
            goto fail;
        }
        int ne = PyObject_RichCompareBool(uy, ux, Py_NE);
        if (ne < 0) goto fail;
        if (ne) {
            PyObject *units = PyDict_GetItemWithError(adj, ux);
            if (!units) {
                if (PyErr_Occurred()) goto fail;
                units = PyList_New(1);
                if (!units) goto fail;
                Py_INCREF(uy);
                PyList_SET_ITEM(units, 0, uy);
                int rc = PyDict_SetItem(adj, ux, units);
                Py_DECREF(units);
                if (rc < 0) goto fail;
            } else {
                int has = PySequence_Contains(units, uy);
                if (has < 0) goto fail;
                if (!has && PyList_Append(units, uy) < 0) goto fail;
            }
        }
    }
    int rc = PyDict_SetItem(masks, node, m);
    Py_DECREF(m);
    return rc;
fail:
    Py_DECREF(m);
    return -1;
}

/* succ.get(x) as a PySequence_Fast (new reference), or NULL with no error when absent */
static PyObject *successors(PyObject *succ, PyObject *x) {
    PyObject *out = PyDict_GetItemWithError(succ, x);
    if (!out) return NULL;
    return PySequence_Fast(out, "succ values must be sequences of item ids");
}

PyObject *native_explore(PyObject *self, PyObject *args) {
    PyObject *succ, *unit, *rank, *roots;
    int max_rank;
    if (!PyArg_ParseTuple(args, "O!O!O!O!i:explore", &PyDict_Type, &succ, &PyDict_Type,
                          &unit, &PyDict_Type, &rank, &PyList_Type, &roots, &max_rank))
        return NULL;
    int all_ranks = max_rank == 5, has_cycle = 0;
    PyObject *uof = PyDict_New(), *order = PyList_New(0), *adj = PyDict_New();
    PyObject *sinks = PySet_New(NULL), *masks = PyDict_New(), *origins = PyList_New(0);
    Frame *stack = NULL;
    Py_ssize_t cap = 64, sp = 0;
    if (!uof || !order || !adj || !sinks || !masks || !origins) goto fail;
    stack = PyMem_Malloc(cap * sizeof(Frame));
    if (!stack) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t ri = 0; ri < PyList_GET_SIZE(roots); ri++) {
        PyObject *r = PyList_GET_ITEM(roots, ri);
        int in = PyDict_Contains(uof, r);
        if (in < 0) goto fail;
        if (in) continue;
        PyObject *ur = PyDict_GetItemWithError(unit, r);
        if (!ur && PyErr_Occurred()) goto fail;
        if (PyDict_SetItem(uof, r, ur ? ur : r) < 0) goto fail;
        PyObject *out = successors(succ, r);
        if (!out && PyErr_Occurred()) goto fail;
        stack[sp++] = (Frame){r, out, 0};
        while (sp) {
            Frame *top = &stack[sp - 1];
            int pushed = 0;
            Py_ssize_t n = top->out ? PySequence_Fast_GET_SIZE(top->out) : 0;
            while (top->pos < n) {
                PyObject *y = PySequence_Fast_GET_ITEM(top->out, top->pos);
                top->pos++;
                int seen = PyDict_Contains(uof, y);
                if (seen < 0) goto fail;
                if (seen) {
                    int done = PyDict_Contains(masks, y);
                    if (done < 0) goto fail;
                    if (!done) has_cycle = 1;
                    continue;
                }
                if (!all_ranks) {
                    PyObject *ry = PyDict_GetItemWithError(rank, y);
                    if (!ry && PyErr_Occurred()) goto fail;
                    long rv = ry ? PyLong_AsLong(ry) : 0;
                    if (rv == -1 && PyErr_Occurred()) goto fail;
                    if (rv > max_rank) continue;
                }
                PyObject *uy = PyDict_GetItemWithError(unit, y);
                if (!uy && PyErr_Occurred()) goto fail;
                if (!uy) uy = y;
                if (PyDict_SetItem(uof, y, uy) < 0) goto fail;
                PyObject *y_out = successors(succ, y);
                if (!y_out && PyErr_Occurred()) goto fail;
                if (y_out && PySequence_Fast_GET_SIZE(y_out) > 0) {
                    if (grow(&stack, sp, &cap, sizeof *stack) < 0) {
                        Py_DECREF(y_out);
                        goto fail;
                    }
                    stack[sp++] = (Frame){y, y_out, 0};
                    pushed = 1;
                    break;
                }
                Py_XDECREF(y_out);
                /* an origin: finished at once (the post-order is unchanged) */
                if (PyList_Append(order, y) < 0) goto fail;
                if (add_origin(y, uy, sinks, masks, origins) < 0) goto fail;
            }
            if (pushed) continue;
            Frame done = stack[--sp];
            int rc = PyList_Append(order, done.node);
            if (rc == 0) {
                if (!done.out || PySequence_Fast_GET_SIZE(done.out) == 0) {
                    PyObject *u = PyDict_GetItemWithError(uof, done.node);
                    rc = u ? add_origin(done.node, u, sinks, masks, origins) : -1;
                } else {
                    rc = finish(done.node, done.out, uof, masks, adj);
                }
            }
            Py_XDECREF(done.out);
            if (rc < 0) goto fail;
        }
    }
    PyMem_Free(stack);
    stack = NULL;
    /* every unit's successors sorted, as the flow wants them */
    {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(adj, &pos, &key, &value))
            if (PyList_Sort(value) < 0) goto fail;
    }
    return Py_BuildValue("(NNNNNNO)", uof, order, adj, sinks, masks, origins,
                         has_cycle ? Py_True : Py_False);
fail:
    while (sp) Py_XDECREF(stack[--sp].out);
    PyMem_Free(stack);
    Py_XDECREF(uof);
    Py_XDECREF(order);
    Py_XDECREF(adj);
    Py_XDECREF(sinks);
    Py_XDECREF(masks);
    Py_XDECREF(origins);
    return NULL;
}
