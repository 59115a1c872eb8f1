/* Echo groups of a side given as dicts (analysis.python_echo_groups), for the sides the
 * whole-side kernel (side.c) leaves to the Python analysis. */

#include "native.h"

/* --- echo_groups ------------------------------------------------------------------------- */

typedef struct {
    unsigned long long key, mask;
    PyObject *members; /* owned list */
} Group;

/* for (-len(members), origins, members) sorting: the tuple is built in Python terms */
PyObject *native_echo_groups(PyObject *self, PyObject *args) {
    PyObject *uof, *roots, *origins, *masks;
    if (!PyArg_ParseTuple(args, "O!O!O!O!:echo_groups", &PyDict_Type, &uof, &PyList_Type,
                          &roots, &PyList_Type, &origins, &PyDict_Type, &masks))
        return NULL;
    Py_ssize_t no = PyList_GET_SIZE(origins), nr = PyList_GET_SIZE(roots), ng = 0, nu = 0;
    if (no > 64) {
        PyErr_SetString(PyExc_ValueError, "echo_groups: more than 64 origins");
        return NULL;
    }
    unsigned long long ubits[64];
    PyObject *units = PyDict_New(); /* unit -> index into ubits */
    Group *groups = PyMem_Calloc(nr ? nr : 1, sizeof(Group));
    PyObject *keyed = NULL, *result = NULL;
    if (!units || !groups) {
        if (!groups) PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < no; i++) {
        PyObject *o = PyList_GET_ITEM(origins, i);
        PyObject *u = dict_item(uof, o);
        if (!u) goto done;
        PyObject *at = PyDict_GetItemWithError(units, u);
        if (at) {
            ubits[PyLong_AsSsize_t(at)] |= 1ULL << i;
        } else {
            if (PyErr_Occurred()) goto done;
            PyObject *idx = PyLong_FromSsize_t(nu);
            if (!idx || PyDict_SetItem(units, u, idx) < 0) {
                Py_XDECREF(idx);
                goto done;
            }
            Py_DECREF(idx);
            ubits[nu++] = 1ULL << i;
        }
    }
    int per_item = nu == no; /* every origin its own unit: key = mask */
    for (Py_ssize_t k = 0; k < nr; k++) {
        PyObject *r = PyList_GET_ITEM(roots, k);
        PyObject *mo = dict_item(masks, r);
        if (!mo) goto done;
        unsigned long long m = PyLong_AsUnsignedLongLong(mo), key = m;
        if (m == (unsigned long long)-1 && PyErr_Occurred()) goto done;
        if (!per_item) {
            key = 0;
            for (Py_ssize_t b = 0; b < nu; b++)
                if (m & ubits[b]) key |= ubits[b];
        }
        Py_ssize_t g = 0;
        while (g < ng && groups[g].key != key) g++;
        if (g == ng) {
            groups[ng].key = key;
            groups[ng].mask = 0;
            groups[ng].members = PyList_New(0);
            if (!groups[ng++].members) goto done;
        }
        groups[g].mask |= m;
        if (PyList_Append(groups[g].members, r) < 0) goto done;
    }
    /* origins by id, with their bits */
    PyObject *by_id = PyList_New(0);
    if (!by_id) goto done;
    for (Py_ssize_t i = 0; i < no; i++) {
        PyObject *pair = Py_BuildValue("(OK)", PyList_GET_ITEM(origins, i), 1ULL << i);
        if (!pair || PyList_Append(by_id, pair) < 0) {
            Py_XDECREF(pair);
            Py_DECREF(by_id);
            goto done;
        }
        Py_DECREF(pair);
    }
    if (PyList_Sort(by_id) < 0) {
        Py_DECREF(by_id);
        goto done;
    }
    keyed = PyList_New(0); /* (-len(members), origins, members) */
    for (Py_ssize_t g = 0; keyed && g < ng; g++) {
        PyObject *os_ = PyList_New(0), *entry = NULL;
        for (Py_ssize_t i = 0; os_ && i < no; i++) {
            PyObject *pair = PyList_GET_ITEM(by_id, i);
            unsigned long long b = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(pair, 1));
            if ((groups[g].mask & b) && PyList_Append(os_, PyTuple_GET_ITEM(pair, 0)) < 0)
                Py_CLEAR(os_);
        }
        if (os_ && PyList_Sort(groups[g].members) == 0)
            entry = Py_BuildValue("(nOO)", -PyList_GET_SIZE(groups[g].members), os_,
                                  groups[g].members);
        Py_XDECREF(os_);
        if (!entry || PyList_Append(keyed, entry) < 0) Py_CLEAR(keyed);
        Py_XDECREF(entry);
    }
    Py_DECREF(by_id);
    if (!keyed || PyList_Sort(keyed) < 0) goto done;
    result = PyList_New(ng);
    for (Py_ssize_t g = 0; result && g < ng; g++) {
        PyObject *entry = PyList_GET_ITEM(keyed, g);
        PyObject *pair = PyTuple_Pack(2, PyTuple_GET_ITEM(entry, 1), PyTuple_GET_ITEM(entry, 2));
        if (!pair) {
            Py_CLEAR(result);
            break;
        }
        PyList_SET_ITEM(result, g, pair);
    }
done:
    for (Py_ssize_t g = 0; g < ng; g++) Py_XDECREF(groups[g].members);
    PyMem_Free(groups);
    Py_XDECREF(units);
    Py_XDECREF(keyed);
    return result;
}
