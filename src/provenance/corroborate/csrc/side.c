/* Echo groups (analysis.python_echo_groups) and one side of a claim at once
 * (analysis.python_analyse_side). */

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
        PyObject *u = PyDict_GetItemWithError(uof, o);
        if (!u) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, o);
            goto done;
        }
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
        PyObject *mo = PyDict_GetItemWithError(masks, r);
        if (!mo) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, r);
            goto done;
        }
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

/* --- one side of a claim ------------------------------------------------------------------ */

/* f(*args) for one of the functions above, args built by Py_BuildValue(fmt, ...) */
static PyObject *call(PyCFunction f, const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (!args) return NULL;
    PyObject *out = f(NULL, args);
    Py_DECREF(args);
    return out;
}

/* sorted(set(uof[r] for r in kept)) */
static PyObject *first_units(PyObject *uof, PyObject *kept) {
    PyObject *set = PySet_New(NULL);
    if (!set) return NULL;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(kept); k++) {
        PyObject *u = item_unit(uof, PyList_GET_ITEM(kept, k));
        if (!u || PySet_Add(set, u) < 0) {
            Py_DECREF(set);
            return NULL;
        }
    }
    PyObject *out = PySequence_List(set);
    Py_DECREF(set);
    if (out && PyList_Sort(out) < 0) Py_CLEAR(out);
    return out;
}

/* sorted(x for x in order if uof[x] in cut_units) */
static PyObject *cut_items(PyObject *order, PyObject *uof, PyObject *cut_units) {
    PyObject *units = PySet_New(cut_units), *out = PyList_New(0);
    if (!units || !out) goto fail;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(order); k++) {
        PyObject *x = PyList_GET_ITEM(order, k);
        PyObject *u = item_unit(uof, x);
        if (!u) goto fail;
        int in = PySet_Contains(units, u);
        if (in < 0 || (in && PyList_Append(out, x) < 0)) goto fail;
    }
    Py_DECREF(units);
    if (PyList_Sort(out) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
fail:
    Py_XDECREF(units);
    Py_XDECREF(out);
    return NULL;
}

PyObject *native_analyse_side(PyObject *self, PyObject *args) {
    PyObject *succ, *unit, *rank, *names, *unit_names, *witnesses, *claim, *kept;
    PyObject *first_link, *cites, *quotes;
    int max_rank, full;
    long budget;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!OOO!ipOOOl:analyse_side", &PyDict_Type, &succ,
                          &PyDict_Type, &unit, &PyDict_Type, &rank, &PyDict_Type, &names,
                          &PyDict_Type, &unit_names, &witnesses, &claim, &PyList_Type, &kept,
                          &max_rank, &full, &first_link, &cites, &quotes, &budget))
        return NULL;
    PyObject *ex = NULL, *first = NULL, *flow = NULL, *found = NULL, *links = NULL;
    PyObject *cut = NULL, *echo = NULL, *outlets = NULL, *result = NULL;
    ex = call(native_explore, "(OOOOi)", succ, unit, rank, kept, max_rank);
    if (!ex) goto done;
    /* (unit_of, order, adj, sinks, masks, origins, has_cycle) */
    PyObject *uof = PyTuple_GET_ITEM(ex, 0), *order = PyTuple_GET_ITEM(ex, 1);
    PyObject *adj = PyTuple_GET_ITEM(ex, 2), *sinks = PyTuple_GET_ITEM(ex, 3);
    PyObject *masks = PyTuple_GET_ITEM(ex, 4), *origins = PyTuple_GET_ITEM(ex, 5);
    if (full && (PyTuple_GET_ITEM(ex, 6) == Py_True || PyList_GET_SIZE(origins) > 64)) {
        result = Py_NewRef(Py_None); /* cycles, or origins beyond a machine word */
        goto done;
    }
    first = first_units(uof, kept);
    if (!first) goto done;
    flow = call(native_disjoint_paths, "(OOO)", first, adj, sinks);
    if (!flow) goto done;
    PyObject *paths = PyTuple_GET_ITEM(flow, 0);
    found = call(native_cited_chains, "(OOOOO)", succ, uof, claim, kept, paths);
    if (!found) goto done;
    int complete = 1;
    for (Py_ssize_t k = 0; complete && k < PyList_GET_SIZE(found); k++)
        complete = PyList_GET_ITEM(found, k) != Py_None;
    if (complete) {
        if (PyList_Sort(found) < 0) goto done;
    } else { /* a path without a chain of citations */
        PyObject *made = call(native_complete_chains, "(OOOOOOl)", succ, uof, claim, kept,
                              paths, found, budget);
        Py_SETREF(found, made);
        if (!found) goto done;
        if (found == Py_None) {
            result = Py_NewRef(Py_None); /* more than 64 units */
            goto done;
        }
    }
    links = PyList_New(0);
    for (Py_ssize_t k = 0; links && k < PyList_GET_SIZE(found); k++) {
        PyObject *one = call(native_chain_links, "(OOOOOOOOO)", succ, witnesses, names,
                             unit_names, uof, PyList_GET_ITEM(found, k), first_link, cites,
                             quotes);
        if (!one || PyList_Append(links, one) < 0) Py_CLEAR(links);
        Py_XDECREF(one);
    }
    if (!links) goto done;
    if (full) {
        cut = cut_items(order, uof, PyTuple_GET_ITEM(flow, 1));
        echo = cut ? call(native_echo_groups, "(OOOO)", uof, kept, origins, masks) : NULL;
        outlets = echo ? PyList_New(0) : NULL;
        for (Py_ssize_t k = 0; outlets && k < PyList_GET_SIZE(echo); k++) {
            PyObject *group = PyList_GET_ITEM(echo, k);
            PyObject *one = call(native_outlets_of, "(OOOO)", names, unit_names, uof,
                                 PyTuple_GET_ITEM(group, 0));
            if (!one || PyList_Append(outlets, one) < 0) Py_CLEAR(outlets);
            Py_XDECREF(one);
        }
        if (!outlets) goto done;
    } else {
        cut = PyList_New(0);
        echo = PyList_New(0);
        outlets = PyList_New(0);
        if (!cut || !echo || !outlets) goto done;
    }
    result = PyTuple_Pack(6, found, uof, links, cut, echo, outlets);
done:
    Py_XDECREF(ex);
    Py_XDECREF(first);
    Py_XDECREF(flow);
    Py_XDECREF(found);
    Py_XDECREF(links);
    Py_XDECREF(cut);
    Py_XDECREF(echo);
    Py_XDECREF(outlets);
    return result;
}
