/* What a reader sees beside a chain: links.python_chain_links, python_outlets_of. */

#include "native.h"

/* --- links and outlets -------------------------------------------------------------------- */

/* value when it is a non-empty str (Python's `value or ...`), else NULL; never an error */
static PyObject *truthy(PyObject *value) {
    if (value && PyUnicode_Check(value) && PyUnicode_GET_LENGTH(value) > 0) return value;
    if (value && !PyUnicode_Check(value) && PyObject_IsTrue(value) == 1) return value;
    return NULL;
}

/* units.public_unit(unit, None) as a new reference */
static PyObject *public_unit(PyObject *unit) {
    static const char *kinds[] = {"family", "author"};
    for (int k = 0; k < 2; k++) {
        PyObject *prefix = PyUnicode_FromFormat("%s ", kinds[k]);
        if (!prefix) return NULL;
        Py_ssize_t at = PyUnicode_Tailmatch(unit, prefix, 0, PY_SSIZE_T_MAX, -1);
        Py_DECREF(prefix);
        if (at < 0) return NULL;
        if (at) {
            PyObject *rest = PyUnicode_Substring(unit, 7, PyUnicode_GET_LENGTH(unit));
            if (!rest) return NULL;
            PyObject *out = PyUnicode_FromFormat("%s:%U", kinds[k], rest);
            Py_DECREF(rest);
            return out;
        }
    }
    return PyUnicode_FromFormat("item:%U", unit);
}

/* links.unit_name(ix, unit, item) as a new reference */
PyObject *unit_name(PyObject *names, PyObject *unit_names, PyObject *unit,
                           PyObject *item) {
    int own = PyObject_RichCompareBool(unit, item, Py_EQ);
    if (own < 0) return NULL;
    PyObject *name;
    if (own) {
        name = truthy(PyDict_GetItemWithError(names, item));
        if (PyErr_Occurred()) return NULL;
        name = name ? name : item;
        Py_INCREF(name);
        return name;
    }
    name = truthy(PyDict_GetItemWithError(unit_names, unit));
    if (!name && !PyErr_Occurred()) name = truthy(PyDict_GetItemWithError(names, item));
    if (PyErr_Occurred()) return NULL;
    if (name) {
        Py_INCREF(name);
        return name;
    }
    return public_unit(unit);
}

PyObject *native_chain_links(PyObject *self, PyObject *args) {
    PyObject *succ, *witnesses, *names, *unit_names, *uof, *chain, *first, *cites, *quotes;
    if (!PyArg_ParseTuple(args, "O!OO!O!O!O!OOO:chain_links", &PyDict_Type, &succ, &witnesses,
                          &PyDict_Type, &names, &PyDict_Type, &unit_names, &PyDict_Type, &uof,
                          &PyList_Type, &chain, &first, &cites, &quotes))
        return NULL;
    PyObject *out = PyList_New(0);
    if (!out || PyList_Append(out, first) < 0) goto fail;
    for (Py_ssize_t k = 1; k + 1 < PyList_GET_SIZE(chain); k++) {
        PyObject *x = PyList_GET_ITEM(chain, k), *y = PyList_GET_ITEM(chain, k + 1);
        PyObject *xs = PyDict_GetItemWithError(succ, x);
        if (!xs && PyErr_Occurred()) goto fail;
        int cited = xs ? PySequence_Contains(xs, y) : 0;
        if (cited < 0) goto fail;
        if (cited) {
            int quoted = PySequence_Contains(witnesses, y);
            if (quoted < 0 || PyList_Append(out, quoted ? quotes : cites) < 0) goto fail;
            continue;
        }
        PyObject *u = dict_item(uof, x);
        PyObject *name = u ? unit_name(names, unit_names, u, x) : NULL;
        PyObject *link = name ? Py_BuildValue("{s:s,s:N}", "rel", "same_unit", "unit", name)
                              : NULL;
        if (!link) goto fail;
        int rc = PyList_Append(out, link);
        Py_DECREF(link);
        if (rc < 0) goto fail;
    }
    return out;
fail:
    Py_XDECREF(out);
    return NULL;
}

PyObject *native_outlets_of(PyObject *self, PyObject *args) {
    PyObject *names, *unit_names, *uof, *origins;
    if (!PyArg_ParseTuple(args, "O!O!O!O!:outlets_of", &PyDict_Type, &names, &PyDict_Type,
                          &unit_names, &PyDict_Type, &uof, &PyList_Type, &origins))
        return NULL;
    PyObject *seen = PyDict_New(), *out = PyList_New(0);
    if (!seen || !out) goto fail;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(origins); k++) {
        PyObject *o = PyList_GET_ITEM(origins, k);
        PyObject *u = dict_item(uof, o);
        if (!u) goto fail;
        int have = PyDict_Contains(seen, u);
        if (have < 0) goto fail;
        if (have) continue;
        if (PyDict_SetItem(seen, u, Py_None) < 0) goto fail;
        PyObject *name = unit_name(names, unit_names, u, o);
        if (!name) goto fail;
        int rc = PyList_Append(out, name);
        Py_DECREF(name);
        if (rc < 0) goto fail;
    }
    Py_DECREF(seen);
    return out;
fail:
    Py_XDECREF(seen);
    Py_XDECREF(out);
    return NULL;
}
