/* Unit-disjoint paths and a minimum cut (Menger): flow.python_disjoint_paths, on units
 * given by name — numbered here as met and run by unitflow.c, the one compiled search. */

#include "native.h"

/* --- disjoint_paths --------------------------------------------------------------------- */

/* the index of unit u in ids (adding it), or -1 with an error set */
static Py_ssize_t unit_id(PyObject *ids, PyObject *u, PyObject ***names, Py_ssize_t *n,
                          Py_ssize_t *cap) {
    PyObject *have = PyDict_GetItemWithError(ids, u);
    if (have) return PyLong_AsSsize_t(have);
    if (PyErr_Occurred()) return -1;
    if (grow(names, *n, cap, sizeof **names) < 0) return -1;
    PyObject *i = PyLong_FromSsize_t(*n);
    if (!i) return -1;
    int rc = PyDict_SetItem(ids, u, i);
    Py_DECREF(i);
    if (rc < 0) return -1;
    (*names)[*n] = u;
    return (*n)++;
}

/* the names of the units with flag set, as a sorted list */
static PyObject *sorted_names(PyObject **name, Py_ssize_t n, const char *flag) {
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    for (Py_ssize_t i = 0; i < n; i++)
        if (flag[i] && PyList_Append(out, name[i]) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    if (PyList_Sort(out) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

PyObject *native_disjoint_paths(PyObject *self, PyObject *args) {
    PyObject *first_list, *adj, *sinks;
    if (!PyArg_ParseTuple(args, "OO!O:disjoint_paths", &first_list, &PyDict_Type, &adj, &sinks))
        return NULL;
    PyObject *first = PySequence_Fast(first_list, "first must be a sequence of units");
    if (!first) return NULL;
    PyObject *ids = PyDict_New(), *result = NULL, *paths = NULL, *cut = NULL, *starts = NULL;
    PyObject **name = NULL;
    Py_ssize_t cap = 32, n = 0, ne = 0, nfirst = PySequence_Fast_GET_SIZE(first), nstarts = 0;
    int *firsts = NULL, *src = NULL, *dst = NULL, *to = NULL, *nxt = NULL, *start = NULL;
    Py_ssize_t *off = NULL;
    char *sink = NULL, *flag = NULL;
    name = PyMem_Malloc((size_t)cap * sizeof(PyObject *));
    firsts = PyMem_Malloc((size_t)(nfirst + 1) * sizeof(int));
    if (!ids || !name || !firsts) goto nomem;
    /* number the units: first, then each adjacency list in order */
    for (Py_ssize_t k = 0; k < nfirst; k++) {
        Py_ssize_t u = unit_id(ids, PySequence_Fast_GET_ITEM(first, k), &name, &n, &cap);
        if (u < 0) goto done;
        firsts[k] = (int)u;
    }
    PyObject *key, *value;
    Py_ssize_t pos = 0, edges = 0;
    while (PyDict_Next(adj, &pos, &key, &value)) {
        Py_ssize_t len = PyObject_Length(value);
        if (len < 0) goto done;
        edges += len;
    }
    src = PyMem_Malloc((size_t)(edges + 1) * sizeof(int));
    dst = PyMem_Malloc((size_t)(edges + 1) * sizeof(int));
    if (!src || !dst) goto nomem;
    pos = 0;
    while (PyDict_Next(adj, &pos, &key, &value)) {
        Py_ssize_t u = unit_id(ids, key, &name, &n, &cap);
        if (u < 0) goto done;
        PyObject *vs = PySequence_Fast(value, "adjacency values must be sequences");
        if (!vs) goto done;
        for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(vs); i++) {
            Py_ssize_t v = unit_id(ids, PySequence_Fast_GET_ITEM(vs, i), &name, &n, &cap);
            if (v < 0) {
                Py_DECREF(vs);
                goto done;
            }
            src[ne] = (int)u;
            dst[ne++] = (int)v;
        }
        Py_DECREF(vs);
    }
    off = PyMem_Calloc((size_t)(n + 2), sizeof(Py_ssize_t));
    to = PyMem_Malloc((size_t)(ne + 1) * sizeof(int));
    sink = PyMem_Calloc((size_t)(n + 1), 1);
    flag = PyMem_Calloc((size_t)(n + 1), 1);
    nxt = PyMem_Malloc((size_t)(n + 1) * sizeof(int));
    start = PyMem_Malloc((size_t)(n + 1) * sizeof(int));
    if (!off || !to || !sink || !flag || !nxt || !start) goto nomem;
    /* CSR keeping each unit's successors in their order (edges come grouped by unit) */
    for (Py_ssize_t i = 0; i < ne; i++) off[src[i] + 1]++;
    for (Py_ssize_t i = 0; i < n; i++) off[i + 1] += off[i];
    for (Py_ssize_t i = 0; i < ne; i++) to[off[src[i]]++] = dst[i]; /* off[u]: u's end */
    for (Py_ssize_t i = n; i > 0; i--) off[i] = off[i - 1];           /* back to starts */
    off[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int is = PySequence_Contains(sinks, name[i]);
        if (is < 0) goto done;
        sink[i] = (char)is;
    }
    UnitGraph g = {(int)n, firsts, nfirst, off, to, sink};
    if (unit_flow(&g, nxt, start, &nstarts, flag) < 0) goto done;
    cut = sorted_names(name, n, flag);
    if (!cut) goto done;
    memset(flag, 0, (size_t)(n + 1));
    for (Py_ssize_t k = 0; k < nstarts; k++) flag[start[k]] = 1;
    starts = sorted_names(name, n, flag);
    paths = starts ? PyList_New(PyList_GET_SIZE(starts)) : NULL;
    if (!paths) goto done;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(starts); k++) {
        PyObject *path = PyList_New(0);
        if (!path) goto done;
        PyList_SET_ITEM(paths, k, path);
        Py_ssize_t u = PyLong_AsSsize_t(PyDict_GetItem(ids, PyList_GET_ITEM(starts, k)));
        for (; u != n + 1; u = nxt[u])
            if (PyList_Append(path, name[u]) < 0) goto done;
    }
    result = PyTuple_Pack(2, paths, cut);
    goto done;
nomem:
    PyErr_NoMemory();
done:
    Py_XDECREF(paths);
    Py_XDECREF(cut);
    Py_XDECREF(starts);
    Py_XDECREF(ids);
    Py_DECREF(first);
    PyMem_Free(name);
    PyMem_Free(firsts);
    PyMem_Free(src);
    PyMem_Free(dst);
    PyMem_Free(off);
    PyMem_Free(to);
    PyMem_Free(sink);
    PyMem_Free(flag);
    PyMem_Free(nxt);
    PyMem_Free(start);
    return result;
}
