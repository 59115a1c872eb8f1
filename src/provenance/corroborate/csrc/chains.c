/* Chains of citations behind the flow's paths (chains.python_cited_chains) and the
 * names a claim's result mentions (links.python_claim_names). */

#include "native.h"

/* --- cited_chains ------------------------------------------------------------------------ */

/* the path from start to end along the breadth-first parent links (chains._back_to) */
static PyObject *back_to(PyObject *parent, PyObject *end, PyObject *start) {
    PyObject *chain = PyList_New(0);
    if (!chain || PyList_Append(chain, end) < 0) goto fail;
    for (;;) {
        PyObject *last = PyList_GET_ITEM(chain, PyList_GET_SIZE(chain) - 1);
        int ne = PyObject_RichCompareBool(last, start, Py_NE);
        if (ne < 0) goto fail;
        if (!ne) break;
        PyObject *p = dict_item(parent, last);
        if (!p) goto fail;
        if (PyList_Append(chain, p) < 0) goto fail;
    }
    if (PyList_Reverse(chain) < 0) goto fail;
    return chain;
fail:
    Py_XDECREF(chain);
    return NULL;
}

PyObject *native_cited_chains(PyObject *self, PyObject *args) {
    PyObject *succ, *uof, *claim, *roots, *paths;
    if (!PyArg_ParseTuple(args, "O!O!OO!O!:cited_chains", &PyDict_Type, &succ, &PyDict_Type,
                          &uof, &claim, &PyList_Type, &roots, &PyList_Type, &paths))
        return NULL;
    Py_ssize_t npaths = PyList_GET_SIZE(paths), left = npaths, head = 0, tail = 0, cap = 64;
    PyObject *which = PyDict_New(), *parent = PyDict_New(), *found = PyList_New(npaths);
    PyObject **queue = PyMem_Malloc(cap * sizeof(PyObject *));
    if (!which || !parent || !found || !queue) {
        if (!queue) PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < npaths; i++) {
        Py_INCREF(Py_None);
        PyList_SET_ITEM(found, i, Py_None);
        PyObject *path = PySequence_Fast(PyList_GET_ITEM(paths, i), "paths hold unit lists");
        if (!path) goto fail;
        PyObject *idx = PyLong_FromSsize_t(i);
        for (Py_ssize_t k = 0; idx && k < PySequence_Fast_GET_SIZE(path); k++)
            if (PyDict_SetItem(which, PySequence_Fast_GET_ITEM(path, k), idx) < 0) {
                Py_CLEAR(idx);
            }
        Py_DECREF(path);
        if (!idx) goto fail;
        Py_DECREF(idx);
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(roots); k++) {
        PyObject *r = PyList_GET_ITEM(roots, k);
        PyObject *ur = dict_item(uof, r);
        if (!ur) goto fail;
        int in = PyDict_Contains(which, ur);
        if (in < 0) goto fail;
        if (!in) continue;
        int seen = PyDict_Contains(parent, r);
        if (seen < 0) goto fail;
        if (seen) continue;
        if (PyDict_SetItem(parent, r, claim) < 0) goto fail;
        if (grow(&queue, tail, &cap, sizeof *queue) < 0) goto fail;
        queue[tail++] = r;
    }
    while (head < tail && left) { /* breadth first */
        PyObject *x = queue[head++];
        PyObject *ux = PyDict_GetItemWithError(uof, x);
        PyObject *wi = ux ? PyDict_GetItemWithError(which, ux) : NULL;
        if (!wi) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, ux ? ux : x);
            goto fail;
        }
        Py_ssize_t i = PyLong_AsSsize_t(wi);
        if (PyList_GET_ITEM(found, i) != Py_None) continue;
        PyObject *out = PyDict_GetItemWithError(succ, x);
        if (!out && PyErr_Occurred()) goto fail;
        Py_ssize_t n = out ? PyObject_Length(out) : 0;
        if (n < 0) goto fail;
        if (!n) {
            PyObject *chain = back_to(parent, x, claim);
            if (!chain) goto fail;
            PyList_SetItem(found, i, chain); /* steals; drops the None */
            left--;
            continue;
        }
        PyObject *fast = PySequence_Fast(out, "succ values must be sequences of item ids");
        if (!fast) goto fail;
        for (Py_ssize_t k = 0; k < n; k++) {
            PyObject *y = PySequence_Fast_GET_ITEM(fast, k);
            int seen = PyDict_Contains(parent, y);
            PyObject *uy = seen ? NULL : PyDict_GetItemWithError(uof, y);
            PyObject *wy = uy ? PyDict_GetItemWithError(which, uy) : NULL;
            if (seen < 0 || (!wy && PyErr_Occurred())) {
                Py_DECREF(fast);
                goto fail;
            }
            if (wy && PyLong_AsSsize_t(wy) == i) {
                if (PyDict_SetItem(parent, y, x) < 0) {
                    Py_DECREF(fast);
                    goto fail;
                }
                if (grow(&queue, tail, &cap, sizeof *queue) < 0) {
                    Py_DECREF(fast);
                    goto fail;
                }
                queue[tail++] = y; /* held by succ's tuple, which the index keeps */
            }
        }
        Py_DECREF(fast);
    }
    PyMem_Free(queue);
    Py_DECREF(which);
    Py_DECREF(parent);
    return found;
fail:
    PyMem_Free(queue);
    Py_XDECREF(which);
    Py_XDECREF(parent);
    Py_XDECREF(found);
    return NULL;
}

/* --- claim_names ------------------------------------------------------------------------- */

/* found[x] = names[x] for the ids of seq from index skip on, where names has x */
static int add_names(PyObject *found, PyObject *names, PyObject *seq, Py_ssize_t skip) {
    PyObject *ids = PySequence_Fast(seq, "id lists expected");
    if (!ids) return -1;
    int rc = 0;
    for (Py_ssize_t k = skip; rc == 0 && k < PySequence_Fast_GET_SIZE(ids); k++) {
        PyObject *x = PySequence_Fast_GET_ITEM(ids, k);
        int have = PyDict_Contains(found, x); /* a small dict, before the big one */
        if (have) {
            rc = have < 0 ? -1 : 0;
            continue;
        }
        PyObject *name = PyDict_GetItemWithError(names, x);
        if (name)
            rc = PyDict_SetItem(found, x, name);
        else if (PyErr_Occurred())
            rc = -1;
    }
    Py_DECREF(ids);
    return rc;
}

/* add_names for each list of lists, skipping the first id of each (a chain's claim) */
static int add_names_each(PyObject *found, PyObject *names, PyObject *lists, Py_ssize_t skip) {
    PyObject *seq = PySequence_Fast(lists, "lists of id lists expected");
    if (!seq) return -1;
    int rc = 0;
    for (Py_ssize_t k = 0; rc == 0 && k < PySequence_Fast_GET_SIZE(seq); k++)
        rc = add_names(found, names, PySequence_Fast_GET_ITEM(seq, k), skip);
    Py_DECREF(seq);
    return rc;
}

PyObject *native_claim_names(PyObject *self, PyObject *args) {
    PyObject *names, *chains, *cut, *echo, *cycles, *con_chains;
    if (!PyArg_ParseTuple(args, "O!OOO!OO:claim_names", &PyDict_Type, &names, &chains, &cut,
                          &PyList_Type, &echo, &cycles, &con_chains))
        return NULL;
    PyObject *found = PyDict_New(), *keys = NULL, *result = NULL;
    if (!found) return NULL;
    if (add_names_each(found, names, chains, 1) < 0 || add_names(found, names, cut, 0) < 0)
        goto done;
    for (Py_ssize_t g = 0; g < PyList_GET_SIZE(echo); g++) {
        PyObject *group = PySequence_Fast(PyList_GET_ITEM(echo, g), "echo groups are pairs");
        if (!group) goto done;
        int rc = PySequence_Fast_GET_SIZE(group) == 2 ? 0 : -1;
        if (rc < 0) PyErr_SetString(PyExc_TypeError, "echo groups are (origins, sources)");
        for (Py_ssize_t k = 0; rc == 0 && k < 2; k++)
            rc = add_names(found, names, PySequence_Fast_GET_ITEM(group, k), 0);
        Py_DECREF(group);
        if (rc < 0) goto done;
    }
    if (add_names_each(found, names, cycles, 0) < 0 ||
        add_names_each(found, names, con_chains, 1) < 0)
        goto done;
    keys = PyDict_Keys(found);
    if (!keys || PyList_Sort(keys) < 0) goto done;
    result = PyDict_New();
    for (Py_ssize_t k = 0; result && k < PyList_GET_SIZE(keys); k++) {
        PyObject *x = PyList_GET_ITEM(keys, k);
        if (PyDict_SetItem(result, x, PyDict_GetItem(found, x)) < 0) Py_CLEAR(result);
    }
done:
    Py_XDECREF(keys);
    Py_DECREF(found);
    return result;
}
