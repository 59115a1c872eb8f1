/* One side of a claim at once (analysis.python_analyse_side) on its items numbered
 * (numbered.c). */

#include "native.h"

/* --- one side of a claim ------------------------------------------------------------------ */

typedef struct {
    uint64_t key, mask;
    int *members, *origins; /* numbers, ascending */
    Py_ssize_t nm, no;
} EGroup;

/* (-len(members), origins, members), as analysis.python_echo_groups sorts */
static int compare_groups(const void *pa, const void *pb) {
    const EGroup *a = pa, *b = pb;
    if (a->nm != b->nm) return a->nm > b->nm ? -1 : 1;
    int c = compare_ints(a->origins, a->no, b->origins, b->no);
    return c ? c : compare_ints(a->members, a->nm, b->members, b->nm);
}

/* ids of numbers as a new list */
static PyObject *id_list(const Local *L, const int *items, Py_ssize_t n) {
    PyObject *out = PyList_New(n);
    for (Py_ssize_t k = 0; out && k < n; k++)
        PyList_SET_ITEM(out, k, Py_NewRef(PyList_GET_ITEM(L->items, items[k])));
    return out;
}

/* analysis.python_echo_groups of the walk (at most 64 origins; rootmask: the origins each
   root reaches, bit i for the walk's origin i) into *echo, and
   links.python_outlets_of each group's origins into *outlets; the numbers of the groups'
   origins and sources marked in mentioned; -1 on error */
static int echo_of(const Walk *W, const Local *L, PyObject *ukeys, const int *perm,
                   const int *rootn, const uint64_t *rootmask, Py_ssize_t nroots,
                   PyObject *names, PyObject *unit_names, PyObject **echo, PyObject **outlets,
                   char *mentioned) {
    Py_ssize_t no = W->norigins, ng = 0, distinct = 0;
    uint64_t *ubits = PyMem_Calloc((size_t)(L->nu + 1), sizeof(uint64_t));
    EGroup *groups = PyMem_Calloc((size_t)(nroots + 1), sizeof(EGroup));
    /* every group's members (nroots in all) and origins (at most no each) */
    int *store = PyMem_Malloc((size_t)(nroots * (no + 1) + no + 1) * sizeof(int));
    char *named = PyMem_Malloc((size_t)(L->nu + 1));
    uint64_t *rkey = PyMem_Malloc((size_t)(nroots + 1) * sizeof(uint64_t));
    int rc = -1;
    *echo = *outlets = NULL;
    if (!ubits || !groups || !store || !named || !rkey) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < no; i++) {
        int u = L->unit[perm[W->origins[i]]];
        distinct += !ubits[u];
        ubits[u] |= 1ULL << i;
    }
    int per_item = distinct == no; /* every origin its own unit: key = mask */
    int *members = store, *origins = store + nroots;
    for (Py_ssize_t k = 0; k < nroots; k++) {
        uint64_t m = rootmask[k], key = m;
        if (!per_item) {
            key = 0;
            for (Py_ssize_t u = 0; u < L->nu; u++)
                if (m & ubits[u]) key |= ubits[u];
        }
        Py_ssize_t g = 0;
        while (g < ng && groups[g].key != key) g++;
        if (g == ng) groups[ng++] = (EGroup){key, 0, NULL, NULL, 0, 0};
        groups[g].mask |= m;
        rkey[k] = key;
    }
    /* each group's members (the roots with its key, in order) and origins, ascending */
    for (Py_ssize_t g = 0; g < ng; g++) {
        groups[g].members = members;
        for (Py_ssize_t k = 0; k < nroots; k++)
            if (rkey[k] == groups[g].key) members[groups[g].nm++] = rootn[k];
        sort_ints(members, groups[g].nm);
        members += groups[g].nm;
        groups[g].origins = origins;
        for (Py_ssize_t i = 0; i < no; i++)
            if (groups[g].mask >> i & 1) origins[groups[g].no++] = perm[W->origins[i]];
        sort_ints(origins, groups[g].no);
        origins += groups[g].no;
    }
    qsort(groups, (size_t)ng, sizeof(EGroup), compare_groups);
    *echo = PyList_New(ng);
    *outlets = PyList_New(ng);
    if (!*echo || !*outlets) goto done;
    for (Py_ssize_t g = 0; g < ng; g++) {
        PyObject *os_ = id_list(L, groups[g].origins, groups[g].no);
        PyObject *ms = id_list(L, groups[g].members, groups[g].nm);
        PyObject *pair = os_ && ms ? PyTuple_Pack(2, os_, ms) : NULL;
        Py_XDECREF(os_);
        Py_XDECREF(ms);
        if (!pair) goto done;
        PyList_SET_ITEM(*echo, g, pair);
        for (Py_ssize_t i = 0; i < groups[g].no; i++) mentioned[groups[g].origins[i]] = 1;
        for (Py_ssize_t i = 0; i < groups[g].nm; i++) mentioned[groups[g].members[i]] = 1;
        PyObject *names_of = PyList_New(0);
        if (!names_of) goto done;
        PyList_SET_ITEM(*outlets, g, names_of);
        memset(named, 0, (size_t)(L->nu + 1));
        for (Py_ssize_t i = 0; i < groups[g].no; i++) {
            int o = groups[g].origins[i], u = L->unit[o];
            if (named[u]) continue;
            named[u] = 1;
            PyObject *name = unit_name(names, unit_names, PyList_GET_ITEM(ukeys, u),
                                       PyList_GET_ITEM(L->items, o));
            int bad = !name || PyList_Append(names_of, name) < 0;
            Py_XDECREF(name);
            if (bad) goto done;
        }
    }
    rc = 0;
done:
    if (rc < 0) {
        Py_CLEAR(*echo);
        Py_CLEAR(*outlets);
    }
    PyMem_Free(ubits);
    PyMem_Free(groups);
    PyMem_Free(store);
    PyMem_Free(named);
    PyMem_Free(rkey);
    return rc;
}

/* the items in the order of the numbers whose unit is in cut, as a new list of ids
   (marked in mentioned) */
static PyObject *cut_list(const Local *L, const char *cut, char *mentioned) {
    PyObject *out = PyList_New(0);
    for (Py_ssize_t k = 0; out && k < L->n; k++) {
        if (!cut[L->unit[k]]) continue;
        mentioned[k] = 1;
        if (PyList_Append(out, PyList_GET_ITEM(L->items, k)) < 0) Py_CLEAR(out);
    }
    return out;
}

/* {id: names[id]} for the items mentioned that names has, by id (links.python_claim_names) */
static PyObject *mentioned_names(const Local *L, const char *mentioned, PyObject *names) {
    PyObject *out = PyDict_New();
    for (Py_ssize_t k = 0; out && k < L->n; k++) {
        if (!mentioned[k]) continue;
        PyObject *x = PyList_GET_ITEM(L->items, k), *name = PyDict_GetItemWithError(names, x);
        if ((!name && PyErr_Occurred()) || (name && PyDict_SetItem(out, x, name) < 0))
            Py_CLEAR(out);
    }
    return out;
}

/* the contracted graph of the walk (analysis._finish's edges, per unit ascending) into g,
   its arrays allocated in *arrays (one block); -1 on error */
static int unit_graph(const Walk *W, const Local *L, const int *perm, const int *rootn,
                      Py_ssize_t nroots, UnitGraph *g, void **arrays) {
    Py_ssize_t nu = L->nu, ne = 0, nedges = L->off[L->n];
    size_t ints = (size_t)(nu + 1 + nedges + 1), longs = (size_t)(nu + 1 + nedges + 1);
    size_t bytes = ints * sizeof(int) + longs * sizeof(int64_t) + 2 * (size_t)nu + 2;
    char *block = PyMem_Malloc(bytes);
    if (!block) {
        PyErr_NoMemory();
        return -1;
    }
    *arrays = block;
    int64_t *pairs = (int64_t *)block;
    Py_ssize_t *off = (Py_ssize_t *)(pairs + nedges + 1);
    int *first = (int *)(off + nu + 1), *adj = first + nu + 1;
    char *is_first = (char *)(adj + nedges + 1), *sink = is_first + nu + 1;
    memset(is_first, 0, (size_t)nu + 1);
    memset(sink, 0, (size_t)nu + 1);
    for (Py_ssize_t k = 0; k < nroots; k++) is_first[L->unit[rootn[k]]] = 1;
    for (Py_ssize_t i = 0; i < W->norigins; i++) sink[L->unit[perm[W->origins[i]]]] = 1;
    for (Py_ssize_t x = 0; x < L->n; x++)
        for (Py_ssize_t e = L->off[x]; e < L->off[x + 1]; e++) {
            int y = L->adj[e];
            if (y >= 0 && L->unit[y] != L->unit[x])
                pairs[ne++] = (int64_t)L->unit[x] * nu + L->unit[y];
        }
    sort_longs(pairs, ne);
    Py_ssize_t nadj = 0, at = 0;
    for (Py_ssize_t u = 0; u < nu; u++) {
        off[u] = nadj;
        for (; at < ne && pairs[at] / nu == u; at++)
            if (!nadj || off[u] == nadj || adj[nadj - 1] != (int)(pairs[at] % nu))
                adj[nadj++] = (int)(pairs[at] % nu);
    }
    off[nu] = nadj;
    Py_ssize_t nfirst = 0;
    for (Py_ssize_t u = 0; u < nu; u++)
        if (is_first[u]) first[nfirst++] = (int)u;
    *g = (UnitGraph){(int)nu, first, nfirst, off, adj, sink};
    return 0;
}

PyObject *native_analyse_side(PyObject *self, PyObject *args) {
    PyObject *succ, *unit, *rank, *names, *unit_names, *witnesses, *claim, *kept;
    PyObject *first_link, *cites, *quotes;
    int max_rank, full;
    long budget, max_cycles, cycle_budget;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!OOO!ipOOOlll:analyse_side", &PyDict_Type, &succ,
                          &PyDict_Type, &unit, &PyDict_Type, &rank, &PyDict_Type, &names,
                          &PyDict_Type, &unit_names, &witnesses, &claim, &PyList_Type, &kept,
                          &max_rank, &full, &first_link, &cites, &quotes, &budget, &max_cycles,
                          &cycle_budget))
        return NULL;
    Py_ssize_t nroots = PyList_GET_SIZE(kept), npaths = 0;
    Walk W;
    Local L;
    memset(&L, 0, sizeof L);
    void *graph_arrays = NULL;
    int *rootd = PyMem_Malloc((size_t)(nroots + 1) * sizeof(int));
    int *rootn = PyMem_Malloc((size_t)(nroots + 1) * sizeof(int));
    int *perm = NULL, *nxt = NULL, *starts = NULL, *which = NULL, *units = NULL;
    Py_ssize_t *unit_off = NULL;
    char *cut = NULL, *mentioned = NULL;
    uint64_t *rootmask = NULL;
    Chain *found = NULL;
    PyObject *ukeys = NULL, *chains = NULL, *links = NULL, *cuts = NULL, *echo = NULL;
    PyObject *outlets = NULL, *result = NULL;
    PyObject *named = NULL, *cycles = NULL;
    if (walk_init(&W) < 0 || !rootd || !rootn) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    if (walk_side(&W, succ, unit, rank, kept, max_rank, rootd) < 0) goto done;
    int has_claim = walk_number(&W, claim, NULL);
    if (has_claim == -2) goto done;
    if (has_claim >= 0 || (full && W.norigins > 64)) {
        result = Py_NewRef(Py_None); /* the claim reached, or origins beyond a word */
        goto done;
    }
    perm = PyMem_Malloc((size_t)(W.n + 1) * sizeof(int));
    if (!perm) {
        PyErr_NoMemory();
        goto done;
    }
    int numbered = number_walk(&W, &L, perm, &ukeys);
    if (numbered == FAILED) goto done;
    if (numbered == LEAVE) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    for (Py_ssize_t k = 0; k < nroots; k++) rootn[k] = perm[rootd[k]];
    UnitGraph g;
    if (unit_graph(&W, &L, perm, rootn, nroots, &g, &graph_arrays) < 0) goto done;
    Py_ssize_t nu = L.nu;
    nxt = PyMem_Malloc((size_t)(nu + 1) * sizeof(int));
    starts = PyMem_Malloc((size_t)(nu + 1) * sizeof(int));
    which = PyMem_Malloc((size_t)(nu + 1) * sizeof(int));
    cut = PyMem_Malloc((size_t)(nu + 1));
    if (!nxt || !starts || !which || !cut) {
        PyErr_NoMemory();
        goto done;
    }
    if (unit_flow(&g, nxt, starts, &npaths, cut) < 0) goto done;
    for (Py_ssize_t u = 0; u < nu; u++) which[u] = -1;
    for (Py_ssize_t i = 0; i < npaths; i++)
        for (int u = starts[i]; u != nu + 1; u = nxt[u]) which[u] = (int)i;
    found = PyMem_Calloc((size_t)(npaths + 1), sizeof(Chain));
    if (!found) {
        PyErr_NoMemory();
        goto done;
    }
    if (cited(&L, rootn, nroots, which, npaths, found) < 0) goto done;
    int complete = 1;
    for (Py_ssize_t i = 0; i < npaths; i++) complete &= found[i].items != NULL;
    if (!complete) { /* a path without a chain of citations: completed as realchains.c does */
        if (nu > 64) {
            result = Py_NewRef(Py_None); /* a set of units beyond a word */
            goto done;
        }
        units = PyMem_Malloc((size_t)(nu + 1) * sizeof(int)); /* each path's, in turn */
        unit_off = PyMem_Malloc((size_t)(npaths + 1) * sizeof(Py_ssize_t));
        if (!units || !unit_off) {
            PyErr_NoMemory();
            goto done;
        }
        Py_ssize_t at = 0;
        for (Py_ssize_t i = 0; i < npaths; i++) {
            unit_off[i] = at;
            for (int u = starts[i]; u != nu + 1; u = nxt[u]) units[at++] = u;
        }
        unit_off[npaths] = at;
        int rc = complete_local(&L, rootn, nroots, found, npaths, units, unit_off, budget);
        if (rc == FAILED) goto done;
        if (rc == LEAVE) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    }
    chains = sorted_chains(&L, claim, found, npaths); /* found sorted too, for links_of */
    if (!chains) goto done;
    links = PyList_New(npaths);
    for (Py_ssize_t i = 0; links && i < npaths; i++) {
        PyObject *one = links_of(&L, ukeys, &found[i], witnesses, names, unit_names,
                                 first_link, cites, quotes);
        if (!one) Py_CLEAR(links);
        else PyList_SET_ITEM(links, i, one);
    }
    if (!links) goto done;
    if (full) {
        mentioned = PyMem_Calloc((size_t)(L.n + 1), 1);
        rootmask = PyMem_Malloc((size_t)(nroots + 1) * sizeof(uint64_t));
        if (!mentioned || !rootmask) {
            PyErr_NoMemory();
            goto done;
        }
        if (!W.has_cycle) {
            for (Py_ssize_t k = 0; k < nroots; k++) rootmask[k] = W.mask[rootd[k]];
            cycles = PyList_New(0);
            if (!cycles) goto done;
        } else { /* the walk's masks are exact only without cycles */
            int rc = side_cycles(&L, max_cycles, cycle_budget, &cycles);
            if (rc == FAILED) goto done;
            if (rc == LEAVE) {
                result = Py_NewRef(Py_None); /* many or long cycles: networkx picks them */
                goto done;
            }
            uint64_t *origin_bit = PyMem_Calloc((size_t)(L.n + 1), sizeof(uint64_t));
            if (!origin_bit) {
                PyErr_NoMemory();
                goto done;
            }
            for (Py_ssize_t i = 0; i < W.norigins; i++)
                origin_bit[perm[W.origins[i]]] = 1ULL << i;
            rc = masks_with_cycles(&L, rootn, nroots, origin_bit, rootmask);
            PyMem_Free(origin_bit);
            if (rc < 0) goto done;
        }
        for (Py_ssize_t i = 0; i < npaths; i++)
            for (Py_ssize_t k = 0; k < found[i].len; k++) mentioned[found[i].items[k]] = 1;
        cuts = cut_list(&L, cut, mentioned);
        if (!cuts || echo_of(&W, &L, ukeys, perm, rootn, rootmask, nroots, names, unit_names,
                             &echo, &outlets, mentioned) < 0)
            goto done;
        named = mentioned_names(&L, mentioned, names);
    } else {
        cuts = PyList_New(0);
        echo = PyList_New(0);
        outlets = PyList_New(0);
        cycles = PyList_New(0);
        named = PyDict_New();
        if (!cuts || !echo || !outlets || !cycles) goto done;
    }
    if (!named) goto done;
    result = PyTuple_Pack(7, chains, links, cuts, cycles, echo, outlets, named);
done:
    if (found)
        for (Py_ssize_t i = 0; i < npaths; i++) PyMem_Free(found[i].items);
    PyMem_Free(found);
    PyMem_Free(rootd);
    PyMem_Free(rootn);
    PyMem_Free(perm);
    PyMem_Free(nxt);
    PyMem_Free(starts);
    PyMem_Free(which);
    PyMem_Free(units);
    PyMem_Free(unit_off);
    PyMem_Free(cut);
    PyMem_Free(mentioned);
    PyMem_Free(rootmask);
    PyMem_Free(graph_arrays);
    walk_free(&W);
    local_free(&L);
    Py_XDECREF(ukeys);
    Py_XDECREF(chains);
    Py_XDECREF(links);
    Py_XDECREF(cuts);
    Py_XDECREF(echo);
    Py_XDECREF(outlets);
    Py_XDECREF(named);
    Py_XDECREF(cycles);
    return result;
}
