/* The compiled kernel of the per-claim analysis: provenance.corroborate.native.
 *
 * This file is the module (its functions, their docstrings); each function lives in the
 * file of its step (native.h declares them). The hot path is analyse_side (side.c): one
 * walk numbers the items a side reaches (numbered.c), which are numbered again in the
 * order of their ids (ordered.c), and everything after runs on those numbers — the flow
 * (unitflow.c, the one compiled search, which disjoint_paths in flow.c also runs), the
 * chains of citations and their completion (realchains.c, along.c, on local.c's
 * numbering), citation cycles (cycles.c), the cut, echo groups and names. The other
 * functions take the index's dicts as they are (explore.c, chains.c, links.c, echo.c,
 * local.c's complete_chains): the steps of python_analyse_side compiled one by one, for
 * the sides analyse_side leaves to it.
 *
 * Functions with exactly the semantics of their pure-Python definitions (which stay the
 * documented ones, and which tests/corroborate/test_native.py compares them with on random
 * graphs), the hot steps of corroborating one claim:
 *
 *   explore(succ, unit, rank, roots, max_rank)
 *       = provenance.corroborate.analysis.python_explore, as a tuple
 *         (unit_of, order, adj, sinks, masks, origins, has_cycle)
 *   disjoint_paths(first, adj, sinks)
 *       = provenance.corroborate.flow.python_disjoint_paths, as a tuple (paths, cut)
 *   cited_chains(succ, uof, claim, roots, paths)
 *       = provenance.corroborate.chains.python_cited_chains
 *   claim_names(names, chains, cut, echo, cycles, con_chains)
 *       = provenance.corroborate.links.python_claim_names
 *   complete_chains(succ, uof, claim, roots, paths, found, budget)
 *       = provenance.corroborate.chains.python_complete_chains, or None for a side it
 *         leaves to it (more than 64 units)
 *   echo_groups(uof, roots, origins, masks)
 *       = provenance.corroborate.analysis.python_echo_groups (at most 64 origins)
 *   chain_links(succ, witnesses, names, unit_names, uof, chain, first, cites, quotes)
 *       = provenance.corroborate.links.python_chain_links
 *   outlets_of(names, unit_names, uof, origins)
 *       = provenance.corroborate.links.python_outlets_of
 *   analyse_side(succ, unit, rank, names, unit_names, witnesses, claim, kept, max_rank,
 *                full, first, cites, quotes, budget, max_cycles, cycle_budget)
 *       = provenance.corroborate.analysis.python_analyse_side, as a tuple (chains, links,
 *         cut, cycles, echo, outlets, names), or None for a side it leaves to that
 *         definition (more than 64 origins, more than 64 units where a path needs
 *         completing, or cycles that networkx picks: rare, and slower either way)
 *
 * All visit everything in the order the Python does, so they return equal values (and the
 * same paths, not just as many). They read the index's dicts as they are: no copy of the
 * evidence graph, nothing kept between calls.
 */

#include "native.h"

int grow(void *items, Py_ssize_t used, Py_ssize_t *cap, size_t size) {
    void **buffer = (void **)items;
    if (used < *cap) return 0;
    void *bigger = PyMem_Realloc(*buffer, (size_t)(2 * *cap) * size);
    if (!bigger) {
        PyErr_NoMemory();
        return -1;
    }
    *buffer = bigger;
    *cap *= 2;
    return 0;
}

PyObject *dict_item(PyObject *d, PyObject *x) {
    PyObject *v = PyDict_GetItemWithError(d, x);
    if (!v && !PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, x);
    return v;
}

/* a side's few numbers sorted by insertion (no call per comparison), many by qsort */
#define SMALL_SORT(name, type)                                                             \
    static int name##_order(const void *a, const void *b) {                                \
        type x = *(const type *)a, y = *(const type *)b;                                   \
        return (x > y) - (x < y);                                                          \
    }                                                                                      \
    void name(type *a, Py_ssize_t n) {                                                     \
        if (n > 32) {                                                                      \
            qsort(a, (size_t)n, sizeof(type), name##_order);                               \
            return;                                                                        \
        }                                                                                  \
        for (Py_ssize_t i = 1; i < n; i++) {                                               \
            type x = a[i];                                                                 \
            Py_ssize_t j = i;                                                              \
            for (; j > 0 && a[j - 1] > x; j--) a[j] = a[j - 1];                            \
            a[j] = x;                                                                      \
        }                                                                                  \
    }
SMALL_SORT(sort_ints, int)
SMALL_SORT(sort_longs, int64_t)
#undef SMALL_SORT

static PyMethodDef methods[] = {
    {"explore", native_explore, METH_VARARGS,
     "explore(succ, unit, rank, roots, max_rank) -> (unit_of, order, adj, sinks, masks, "
     "origins, has_cycle): analysis.python_explore, compiled."},
    {"disjoint_paths", native_disjoint_paths, METH_VARARGS,
     "disjoint_paths(first, adj, sinks) -> (paths, cut): flow.python_disjoint_paths, compiled."},
    {"cited_chains", native_cited_chains, METH_VARARGS,
     "cited_chains(succ, uof, claim, roots, paths) -> per path a chain or None: "
     "chains.python_cited_chains, compiled."},
    {"claim_names", native_claim_names, METH_VARARGS,
     "claim_names(names, chains, cut, echo, cycles, con_chains) -> {id: name} sorted by id: "
     "links.python_claim_names, compiled."},
    {"complete_chains", native_complete_chains, METH_VARARGS,
     "complete_chains(succ, uof, claim, roots, paths, found, budget) -> sorted chains or "
     "None: chains.python_complete_chains, compiled, or None where it is to run instead."},
    {"echo_groups", native_echo_groups, METH_VARARGS,
     "echo_groups(uof, roots, origins, masks) -> [(origins, members)]: "
     "analysis.python_echo_groups, compiled (at most 64 origins)."},
    {"chain_links", native_chain_links, METH_VARARGS,
     "chain_links(succ, witnesses, names, unit_names, uof, chain, first, cites, quotes): "
     "links.python_chain_links, compiled."},
    {"outlets_of", native_outlets_of, METH_VARARGS,
     "outlets_of(names, unit_names, uof, origins): links.python_outlets_of, compiled."},
    {"analyse_side", native_analyse_side, METH_VARARGS,
     "analyse_side(succ, unit, rank, names, unit_names, witnesses, claim, kept, max_rank, "
     "full, first, cites, quotes, budget, max_cycles, cycle_budget) -> (chains, links, cut, "
     "cycles, echo, outlets, names) or None: "
     "analysis.python_analyse_side, compiled, or None where it is to run instead."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "provenance.corroborate.native",
    .m_doc = "The compiled kernel of the per-claim analysis (see native.pyi).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit_native(void) { return PyModule_Create(&module); }
