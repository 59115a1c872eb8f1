/* The items a side reached, numbered (a Local, native.h) from a dict of their units, for
 * complete_chains (its entry is here; the completion is realchains.c and along.c): numbers
 * in the order of the ids, units in the order of their keys, every successor in succ's
 * order. analyse_side numbers its walk into a Local itself (numbered.c). */

#include "native.h"

void local_free(Local *L) {
    Py_XDECREF(L->items);
    Py_XDECREF(L->pos);
    Py_XDECREF(L->upos);
    PyMem_Free(L->unit);
    PyMem_Free(L->off);
    PyMem_Free(L->adj);
    PyMem_Free(L->scratch);
}

/* the number of x (an item reached), or -1 without an error when it was not reached */
int number_of(PyObject *pos, PyObject *x) {
    PyObject *at = PyDict_GetItemWithError(pos, x);
    return at ? (int)PyLong_AsLong(at) : -1;
}

int local_build(Local *L, PyObject *succ, PyObject *uof, PyObject *claim) {
    memset(L, 0, sizeof *L);
    int in = PyDict_Contains(uof, claim);
    if (in) return in < 0 ? FAILED : LEAVE;
    L->items = PyDict_Keys(uof);
    if (!L->items || PyList_Sort(L->items) < 0) return FAILED;
    L->n = PyList_GET_SIZE(L->items);
    PyObject *ukeys = PySet_New(NULL), *units = NULL;
    L->pos = PyDict_New();
    L->upos = PyDict_New();
    if (!ukeys || !L->pos || !L->upos) goto fail;
    for (Py_ssize_t i = 0; i < L->n; i++) {
        PyObject *x = PyList_GET_ITEM(L->items, i), *num = PyLong_FromSsize_t(i);
        if (!num || PyDict_SetItem(L->pos, x, num) < 0) {
            Py_XDECREF(num);
            goto fail;
        }
        Py_DECREF(num);
        PyObject *u = PyDict_GetItemWithError(uof, x);
        if (!u || PySet_Add(ukeys, u) < 0) goto fail;
    }
    L->nu = PySet_GET_SIZE(ukeys);
    if (L->nu > 64) {
        Py_DECREF(ukeys);
        return LEAVE;
    }
    units = PySequence_List(ukeys);
    if (!units || PyList_Sort(units) < 0) goto fail;
    for (Py_ssize_t i = 0; i < L->nu; i++) {
        PyObject *num = PyLong_FromSsize_t(i);
        if (!num || PyDict_SetItem(L->upos, PyList_GET_ITEM(units, i), num) < 0) {
            Py_XDECREF(num);
            goto fail;
        }
        Py_DECREF(num);
    }
    Py_CLEAR(units);
    Py_CLEAR(ukeys);
    Py_ssize_t n = L->n, cap = 4 * n + 4, used = 0;
    L->unit = PyMem_Malloc((size_t)(n + 1) * sizeof(int));
    L->off = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    L->adj = PyMem_Malloc((size_t)cap * sizeof(int));
    L->scratch = PyMem_Malloc((size_t)(3 * n + 3) * sizeof(int));
    if (!L->unit || !L->off || !L->adj || !L->scratch) {
        PyErr_NoMemory();
        return FAILED;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *x = PyList_GET_ITEM(L->items, i);
        L->unit[i] = number_of(L->upos, PyDict_GetItem(uof, x));
        L->off[i] = used;
        PyObject *out = PyDict_GetItemWithError(succ, x);
        if (!out) {
            if (PyErr_Occurred()) return FAILED;
            continue;
        }
        PyObject *fast = PySequence_Fast(out, "succ values must be sequences of item ids");
        if (!fast) return FAILED;
        for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(fast); k++) {
            int y = number_of(L->pos, PySequence_Fast_GET_ITEM(fast, k));
            if ((y < 0 && PyErr_Occurred()) || grow(&L->adj, used, &cap, sizeof(int)) < 0) {
                Py_DECREF(fast);
                return FAILED;
            }
            L->adj[used++] = y < 0 ? CLAIM : y;
        }
        Py_DECREF(fast);
    }
    L->off[n] = used;
    return DONE;
fail:
    Py_XDECREF(ukeys);
    Py_XDECREF(units);
    return FAILED;
}

/* [claim, *items] as a new list of ids */
PyObject *id_chain(const Local *L, PyObject *claim, const int *items, Py_ssize_t len) {
    PyObject *chain = PyList_New(len + 1);
    if (!chain) return NULL;
    PyList_SET_ITEM(chain, 0, Py_NewRef(claim));
    for (Py_ssize_t k = 0; k < len; k++)
        PyList_SET_ITEM(chain, k + 1, Py_NewRef(PyList_GET_ITEM(L->items, items[k])));
    return chain;
}

PyObject *sorted_chains(const Local *L, PyObject *claim, Chain *chains, Py_ssize_t n) {
    qsort(chains, (size_t)n, sizeof(Chain), compare_chains);
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        PyObject *chain = id_chain(L, claim, chains[i].items, chains[i].len);
        if (!chain) Py_CLEAR(out);
        else PyList_SET_ITEM(out, i, chain);
    }
    return out;
}

/* the numbers of a list of ids (without its first, the claim), or NULL with an error */
int *numbers_of(const Local *L, PyObject *chain, Py_ssize_t *len) {
    Py_ssize_t n = PyList_GET_SIZE(chain) - 1;
    int *out = PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(int));
    if (!out) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        out[k] = number_of(L->pos, PyList_GET_ITEM(chain, k + 1));
        if (out[k] < 0) {
            PyObject *x = PyList_GET_ITEM(chain, k + 1);
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, x);
            PyMem_Free(out);
            return NULL;
        }
    }
    *len = n;
    return out;
}

void chains_free(Chain *chains, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) PyMem_Free(chains[i].items);
}

/* --- complete_chains: the dict-taking entry -------------------------------------------- */

/* chains.item_chains' completion for a side given as dicts (the Python analysis of sides
   the whole-side kernel leaves): numbered here, completed by complete_local
   (realchains.c), turned back into ids by sorted_chains */
PyObject *native_complete_chains(PyObject *self, PyObject *args) {
    PyObject *succ, *uof, *claim, *roots, *paths, *found;
    long budget;
    if (!PyArg_ParseTuple(args, "O!O!OO!O!O!l:complete_chains", &PyDict_Type, &succ,
                          &PyDict_Type, &uof, &claim, &PyList_Type, &roots, &PyList_Type,
                          &paths, &PyList_Type, &found, &budget))
        return NULL;
    Py_ssize_t npaths = PyList_GET_SIZE(paths), nroots = PyList_GET_SIZE(roots), nunits = 0;
    if (PyList_GET_SIZE(found) != npaths) {
        PyErr_SetString(PyExc_ValueError, "complete_chains: one found entry per path");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < npaths; i++) {
        PyObject *path = PyList_GET_ITEM(paths, i);
        if (!PyList_Check(path)) {
            PyErr_SetString(PyExc_TypeError, "complete_chains: paths are lists of units");
            return NULL;
        }
        nunits += PyList_GET_SIZE(path);
    }
    Local L;
    int rc = local_build(&L, succ, uof, claim);
    if (rc != DONE) {
        local_free(&L);
        return rc == LEAVE ? Py_NewRef(Py_None) : NULL;
    }
    PyObject *out = NULL;
    int *rootn = PyMem_Malloc((size_t)(nroots + 1) * sizeof(int));
    int *units = PyMem_Malloc((size_t)(nunits + 1) * sizeof(int));
    Py_ssize_t *unit_off = PyMem_Malloc((size_t)(npaths + 1) * sizeof(Py_ssize_t));
    Chain *chains = PyMem_Calloc((size_t)(npaths + 1), sizeof(Chain));
    if (!rootn || !units || !unit_off || !chains) {
        PyErr_NoMemory();
        rc = FAILED;
    }
    for (Py_ssize_t k = 0; rc == DONE && k < nroots; k++) {
        rootn[k] = number_of(L.pos, PyList_GET_ITEM(roots, k));
        if (rootn[k] < 0) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, PyList_GET_ITEM(roots, k));
            rc = FAILED;
        }
    }
    /* each path's units by number (one the side does not have: to the definition), and
       each chain found by number */
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; rc == DONE && i < npaths; i++) {
        PyObject *path = PyList_GET_ITEM(paths, i), *chain = PyList_GET_ITEM(found, i);
        unit_off[i] = at;
        for (Py_ssize_t k = 0; rc == DONE && k < PyList_GET_SIZE(path); k++) {
            int u = number_of(L.upos, PyList_GET_ITEM(path, k));
            if (u < 0) rc = PyErr_Occurred() ? FAILED : LEAVE;
            units[at++] = u;
        }
        if (rc == DONE && chain != Py_None) {
            chains[i].items = numbers_of(&L, chain, &chains[i].len);
            if (!chains[i].items) rc = FAILED;
        }
    }
    if (rc == DONE) {
        unit_off[npaths] = at;
        rc = complete_local(&L, rootn, nroots, chains, npaths, units, unit_off, budget);
    }
    if (rc == DONE) {
        out = sorted_chains(&L, claim, chains, npaths);
        if (!out) rc = FAILED;
    }
    if (chains) chains_free(chains, npaths);
    PyMem_Free(chains);
    PyMem_Free(rootn);
    PyMem_Free(units);
    PyMem_Free(unit_off);
    local_free(&L);
    if (rc == FAILED) return NULL;
    return rc == DONE ? out : Py_NewRef(Py_None);
}
