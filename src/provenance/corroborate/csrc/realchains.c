/* The chains of a side whose flow paths are not all chains of citations
 * (chains.python_complete_chains): realchains.complete_greedily, else
 * realchains.real_chain_set, else chains._chain_along for each path without one.
 *
 * The items reached are numbered in the order of their ids and the units in the order of
 * their keys, so comparing numbers compares ids (and lists of numbers, lists of ids): every
 * search visits what the Python visits, in its order, and counts the same steps against the
 * budget. Sides with more than 64 units (a unit set no longer fits a machine word), or
 * where the claim is itself an item reached, are left to the definition (None). */

#include "native.h"

/* --- complete_greedily ------------------------------------------------------------------- */

/* realchains._shortest_outside: the shortest chain from the roots through units not in
   used (breadth first) into chain (its length in *len), 0 when there is none */
static int shortest_outside(const Local *L, const int *roots, Py_ssize_t nroots, uint64_t used,
                            int *chain, Py_ssize_t *len) {
    int *parent = L->scratch, *queue = L->scratch + L->n;
    Py_ssize_t head = 0, tail = 0;
    for (Py_ssize_t i = 0; i < L->n; i++) parent[i] = UNSET;
    for (Py_ssize_t k = 0; k < nroots; k++) {
        int r = roots[k];
        if (!(used & BIT(L, r)) && parent[r] == UNSET) {
            parent[r] = CLAIM;
            queue[tail++] = r;
        }
    }
    while (head < tail) {
        int x = queue[head++];
        if (!DEG(L, x)) {
            Py_ssize_t n = 0;
            for (int at = x; at != CLAIM; at = parent[at]) chain[n++] = at;
            for (Py_ssize_t a = 0, b = n - 1; a < b; a++, b--) {
                int t = chain[a];
                chain[a] = chain[b];
                chain[b] = t;
            }
            *len = n;
            return 1;
        }
        for (Py_ssize_t e = L->off[x]; e < L->off[x + 1]; e++) {
            int y = L->adj[e];
            if (y >= 0 && parent[y] == UNSET && !(used & BIT(L, y))) {
                parent[y] = x;
                queue[tail++] = y;
            }
        }
    }
    return 0;
}

/* a new array holding items[:len] */
static int *copy_of(const int *items, Py_ssize_t len) {
    int *out = PyMem_Malloc((size_t)(len + 1) * sizeof(int));
    if (!out) PyErr_NoMemory();
    else memcpy(out, items, (size_t)len * sizeof(int));
    return out;
}

/* realchains.complete_greedily: a chain into made[i] for each path i without one in
   found; LEAVE (made left empty) when one cannot be found that way */
static int complete_greedily(const Local *L, const int *roots, Py_ssize_t nroots,
                             const Chain *found, Py_ssize_t npaths, Chain *made) {
    uint64_t used = 0;
    for (Py_ssize_t i = 0; i < npaths; i++)
        for (Py_ssize_t k = 0; k < found[i].len; k++) used |= BIT(L, found[i].items[k]);
    int *buffer = PyMem_Malloc((size_t)(L->n + 1) * sizeof(int));
    if (!buffer) {
        PyErr_NoMemory();
        return FAILED;
    }
    int rc = DONE;
    Py_ssize_t len;
    for (Py_ssize_t i = 0; rc == DONE && i < npaths; i++) {
        if (found[i].items) continue;
        if (!shortest_outside(L, roots, nroots, used, buffer, &len)) {
            rc = LEAVE;
            break;
        }
        for (Py_ssize_t k = 0; k < len; k++) used |= BIT(L, buffer[k]);
        made[i] = (Chain){copy_of(buffer, len), len};
        if (!made[i].items) rc = FAILED;
    }
    PyMem_Free(buffer);
    if (rc != DONE) {
        chains_free(made, npaths);
        memset(made, 0, (size_t)npaths * sizeof(Chain));
    }
    return rc;
}

/* --- real_chain_set ---------------------------------------------------------------------- */

typedef struct {
    uint64_t mask;
    Py_ssize_t at, len; /* its items: pool[at : at + len] */
} Cand;

typedef struct {
    Cand *c;
    Py_ssize_t n, cap;
    int *pool;
    Py_ssize_t used, pool_cap;
    long steps, budget;
} Cands;

static int dominated(const Cands *C, uint64_t m) {
    for (Py_ssize_t i = 0; i < C->n; i++)
        if ((C->c[i].mask & m) == C->c[i].mask) return 1;
    return 0;
}

/* realchains._add: drop the chains whose masks include m, then add items */
static int add_chain(Cands *C, uint64_t m, const int *items, Py_ssize_t len) {
    Py_ssize_t kept = 0;
    for (Py_ssize_t i = 0; i < C->n; i++)
        if ((C->c[i].mask & m) != m) C->c[kept++] = C->c[i];
    C->n = kept;
    if (grow(&C->c, C->n, &C->cap, sizeof(Cand)) < 0) return -1;
    while (C->used + len > C->pool_cap)
        if (grow(&C->pool, C->pool_cap, &C->pool_cap, sizeof(int)) < 0) return -1;
    memcpy(C->pool + C->used, items, (size_t)len * sizeof(int));
    C->c[C->n++] = (Cand){m, C->used, len};
    C->used += len;
    return 0;
}

/* realchains._alive into alive (1 where an origin is reachable through items reached) */
static int mark_alive(const Local *L, char *alive) {
    Py_ssize_t n = L->n;
    Py_ssize_t *start = PyMem_Calloc((size_t)(n + 1), sizeof(Py_ssize_t));
    int *pred = PyMem_Malloc((size_t)(L->off[n] + 1) * sizeof(int)), *todo = L->scratch;
    Py_ssize_t ntodo = 0;
    if (!start || !pred) {
        PyMem_Free(start);
        PyMem_Free(pred);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t e = 0; e < L->off[n]; e++)
        if (L->adj[e] >= 0) start[L->adj[e] + 1]++;
    for (Py_ssize_t i = 0; i < n; i++) start[i + 1] += start[i];
    Py_ssize_t *fill = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    if (!fill) {
        PyMem_Free(start);
        PyMem_Free(pred);
        PyErr_NoMemory();
        return -1;
    }
    memcpy(fill, start, (size_t)(n + 1) * sizeof(Py_ssize_t));
    for (int x = 0; x < n; x++) {
        alive[x] = !DEG(L, x);
        if (alive[x]) todo[ntodo++] = x;
        for (Py_ssize_t e = L->off[x]; e < L->off[x + 1]; e++)
            if (L->adj[e] >= 0) pred[fill[L->adj[e]]++] = x;
    }
    while (ntodo) {
        int y = todo[--ntodo];
        for (Py_ssize_t e = start[y]; e < start[y + 1]; e++)
            if (!alive[pred[e]]) {
                alive[pred[e]] = 1;
                todo[ntodo++] = pred[e];
            }
    }
    PyMem_Free(start);
    PyMem_Free(pred);
    PyMem_Free(fill);
    return 0;
}

/* realchains.minimal_chains into C: 1 done, 0 out of budget, -1 error */
static int minimal_chains(const Local *L, const int *roots, Py_ssize_t nroots, Cands *C) {
    Py_ssize_t n = L->n;
    char *alive = PyMem_Malloc((size_t)(n + 1));
    char *on = PyMem_Calloc((size_t)(n + 1), 1);
    int *path = PyMem_Malloc((size_t)(n + 1) * sizeof(int));
    uint64_t *masks = PyMem_Malloc((size_t)(n + 1) * sizeof(uint64_t));
    Py_ssize_t *next = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    int rc = 1;
    if (!alive || !on || !path || !masks || !next) {
        PyErr_NoMemory();
        rc = -1;
    } else if (mark_alive(L, alive) < 0) {
        rc = -1;
    }
    for (Py_ssize_t k = 0; rc == 1 && k < nroots; k++) {
        int r = roots[k];
        uint64_t m0 = BIT(L, r);
        if (!alive[r] || dominated(C, m0)) continue;
        if (!DEG(L, r)) {
            if (add_chain(C, m0, &r, 1) < 0) rc = -1;
            continue;
        }
        Py_ssize_t depth = 1;
        path[0] = r;
        masks[0] = m0;
        on[r] = 1;
        next[0] = L->off[r];
        while (rc == 1 && depth) {
            int x = path[depth - 1], pushed = 0;
            while (next[depth - 1] < L->off[x + 1]) {
                int y = L->adj[next[depth - 1]++];
                if (++C->steps > C->budget) {
                    rc = 0;
                    break;
                }
                if (y < 0 || on[y] || !alive[y]) continue;
                uint64_t m = masks[depth - 1] | BIT(L, y);
                if (dominated(C, m)) continue;
                if (!DEG(L, y)) {
                    path[depth] = y;
                    if (add_chain(C, m, path, depth + 1) < 0) {
                        rc = -1;
                        break;
                    }
                    continue;
                }
                path[depth] = y;
                masks[depth] = m;
                on[y] = 1;
                next[depth] = L->off[y];
                depth++;
                pushed = 1;
                break;
            }
            if (rc == 1 && !pushed) on[path[--depth]] = 0;
        }
        for (Py_ssize_t d = 0; d < depth; d++) on[path[d]] = 0;
    }
    PyMem_Free(alive);
    PyMem_Free(on);
    PyMem_Free(path);
    PyMem_Free(masks);
    PyMem_Free(next);
    return rc;
}

/* the candidates compare_cands orders (one sort at a time: the GIL is held) */
static const Cands *sorting;

/* (units, length, items) as realchains._pack sorts them */
static int compare_cands(const void *pa, const void *pb) {
    const Cand *a = &sorting->c[*(const Py_ssize_t *)pa];
    const Cand *b = &sorting->c[*(const Py_ssize_t *)pb];
    int ua = __builtin_popcountll(a->mask), ub = __builtin_popcountll(b->mask);
    if (ua != ub) return ua < ub ? -1 : 1;
    if (a->len != b->len) return a->len < b->len ? -1 : 1;
    for (Py_ssize_t k = 0; k < a->len; k++) {
        int x = sorting->pool[a->at + k], y = sorting->pool[b->at + k];
        if (x != y) return x < y ? -1 : 1;
    }
    return 0;
}

/* realchains._pack's extend: 1 found, 0 not, -1 out of budget */
static int extend(const Cands *C, const Py_ssize_t *order, Py_ssize_t k, Py_ssize_t *chosen,
                  Py_ssize_t nchosen, Py_ssize_t start, uint64_t used, long *steps) {
    if (nchosen == k) return 1;
    for (Py_ssize_t i = start; i < C->n - (k - nchosen) + 1; i++) {
        if (++*steps > C->budget) return -1;
        uint64_t m = C->c[order[i]].mask;
        if (m & used) continue;
        chosen[nchosen] = order[i];
        int rc = extend(C, order, k, chosen, nchosen + 1, i + 1, used | m, steps);
        if (rc) return rc;
    }
    return 0;
}

/* realchains.real_chain_set: k chains into made, LEAVE (made left empty) when there are
   none */
static int real_chain_set(const Local *L, const int *roots, Py_ssize_t nroots, Py_ssize_t k,
                          long budget, Chain *made) {
    Cands C = {.cap = 16, .pool_cap = 64, .budget = budget};
    C.c = PyMem_Malloc((size_t)C.cap * sizeof(Cand));
    C.pool = PyMem_Malloc((size_t)C.pool_cap * sizeof(int));
    Py_ssize_t *order = NULL, *chosen = NULL;
    int rc = LEAVE;
    if (!C.c || !C.pool) {
        PyErr_NoMemory();
        rc = FAILED;
        goto done;
    }
    int found = minimal_chains(L, roots, nroots, &C);
    if (found < 0) rc = FAILED;
    if (found <= 0 || C.n < k) goto done;
    order = PyMem_Malloc((size_t)C.n * sizeof(Py_ssize_t));
    chosen = PyMem_Malloc((size_t)(k + 1) * sizeof(Py_ssize_t));
    if (!order || !chosen) {
        PyErr_NoMemory();
        rc = FAILED;
        goto done;
    }
    for (Py_ssize_t i = 0; i < C.n; i++) order[i] = i;
    sorting = &C;
    qsort(order, (size_t)C.n, sizeof *order, compare_cands);
    long steps = 0;
    if (extend(&C, order, k, chosen, 0, 0, 0, &steps) != 1) goto done;
    rc = DONE;
    for (Py_ssize_t i = 0; rc == DONE && i < k; i++) {
        Cand *c = &C.c[chosen[i]];
        made[i] = (Chain){copy_of(C.pool + c->at, c->len), c->len};
        if (!made[i].items) rc = FAILED;
    }
    if (rc != DONE) {
        chains_free(made, k);
        memset(made, 0, (size_t)k * sizeof(Chain));
    }
done:
    PyMem_Free(C.c);
    PyMem_Free(C.pool);
    PyMem_Free(order);
    PyMem_Free(chosen);
    return rc;
}

/* --- the whole step ---------------------------------------------------------------------- */

int complete_local(const Local *L, const int *rootn, Py_ssize_t nroots, Chain *found,
                   Py_ssize_t npaths, const int *units, const Py_ssize_t *unit_off,
                   long budget) {
    Chain *made = PyMem_Calloc((size_t)(npaths + 1), sizeof(Chain));
    if (!made) {
        PyErr_NoMemory();
        return FAILED;
    }
    int rc = complete_greedily(L, rootn, nroots, found, npaths, made);
    if (rc == DONE) { /* the chains found, and one for each path without */
        for (Py_ssize_t i = 0; i < npaths; i++)
            if (!found[i].items) found[i] = made[i];
    } else if (rc == LEAVE) {
        rc = real_chain_set(L, rootn, nroots, npaths, budget, made);
        if (rc == DONE) { /* a set of real chains instead */
            chains_free(found, npaths);
            memcpy(found, made, (size_t)npaths * sizeof(Chain));
        }
    }
    if (rc == LEAVE) { /* the paths without a chain followed unit by unit */
        rc = DONE;
        for (Py_ssize_t i = 0; rc == DONE && i < npaths; i++)
            if (!found[i].items)
                rc = chain_along(L, rootn, nroots, units + unit_off[i],
                                 unit_off[i + 1] - unit_off[i], &made[i]);
        if (rc == DONE) {
            for (Py_ssize_t i = 0; i < npaths; i++)
                if (!found[i].items) found[i] = made[i];
        } else {
            chains_free(made, npaths);
        }
    }
    PyMem_Free(made);
    return rc;
}
