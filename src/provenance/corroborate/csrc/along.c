/* A flow path followed unit by unit, stepping between two items of one unit where it
 * must: chains._chain_along, on the numbered items of local.c. */

#include "native.h"

/* --- _chain_along ------------------------------------------------------------------------ */

/* chains._inside: breadth-first parents within unit from start; the items in the order
   met into seen (start first), their number returned */
static Py_ssize_t inside(const Local *L, int start, int unit, int *parent, int *seen) {
    for (Py_ssize_t i = 0; i < L->n; i++) parent[i] = UNSET;
    parent[start] = start;
    seen[0] = start;
    Py_ssize_t tail = 1;
    for (Py_ssize_t head = 0; head < tail; head++) {
        int x = seen[head];
        for (Py_ssize_t e = L->off[x]; e < L->off[x + 1]; e++) {
            int y = L->adj[e];
            if (y >= 0 && parent[y] == UNSET && L->unit[y] == unit) {
                parent[y] = x;
                seen[tail++] = y;
            }
        }
    }
    return tail;
}

/* chains._walk appended to chain: the items after start up to end along parent */
static void walk(const int *parent, int start, int end, int *chain, Py_ssize_t *len) {
    if (parent[end] == UNSET) {
        chain[(*len)++] = end;
        return;
    }
    Py_ssize_t from = *len;
    for (int at = end; at != start; at = parent[at]) chain[(*len)++] = at;
    for (Py_ssize_t a = from, b = *len - 1; a < b; a++, b--) {
        int t = chain[a];
        chain[a] = chain[b];
        chain[b] = t;
    }
}

int chain_along(const Local *L, const int *roots, Py_ssize_t nroots, const int *units,
                Py_ssize_t np, Chain *out) {
    Py_ssize_t len = 0, n = L->n;
    if (!np) return LEAVE;
    int *chain = PyMem_Malloc((size_t)(n * (np + 1) + 2) * sizeof(int));
    int *parent = L->scratch, *seen = L->scratch + n;
    if (!chain) {
        PyErr_NoMemory();
        return FAILED;
    }
    int cur = -1;
    for (Py_ssize_t k = 0; k < nroots && cur < 0; k++)
        if (L->unit[roots[k]] == units[0]) cur = roots[k];
    if (cur < 0) goto leave;
    chain[len++] = cur;
    for (Py_ssize_t i = 0; i + 1 < np; i++) {
        int here = units[i], there = units[i + 1], x = -1, y = -1;
        Py_ssize_t nseen = inside(L, cur, here, parent, seen);
        /* candidates: the items met, then the unit's other members by id */
        for (Py_ssize_t c = 0; x < 0 && c < nseen + n; c++) {
            int cand = c < nseen ? seen[c] : (int)(c - nseen);
            if (c >= nseen && (L->unit[cand] != here || parent[cand] != UNSET)) continue;
            for (Py_ssize_t e = L->off[cand]; e < L->off[cand + 1]; e++) {
                int to = L->adj[e];
                if (to >= 0 && L->unit[to] == there) {
                    x = cand;
                    y = to;
                    break;
                }
            }
        }
        if (x < 0) goto leave;
        walk(parent, cur, x, chain, &len);
        chain[len++] = y;
        cur = y;
    }
    int last = units[np - 1], origin = -1;
    Py_ssize_t nseen = inside(L, cur, last, parent, seen);
    for (Py_ssize_t c = 0; origin < 0 && c < nseen; c++)
        if (!DEG(L, seen[c])) origin = seen[c];
    for (int c = 0; origin < 0 && c < n; c++)
        if (L->unit[c] == last && !DEG(L, c)) origin = c;
    if (origin < 0) goto leave;
    walk(parent, cur, origin, chain, &len);
    *out = (Chain){chain, len};
    return DONE;
leave: /* where the Python would fail (it then raises its own error) */
    PyMem_Free(chain);
    return LEAVE;
}
