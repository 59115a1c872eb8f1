/* flow.python_disjoint_paths on numbered units: the same greedy phase and augmenting
 * searches, visiting units in the same order, so the same paths and cut. analyse_side
 * numbers units in the order of their keys (ordered.c); disjoint_paths numbers them as met
 * and sorts the names after (flow.c). */

#include "native.h"

#define NONE (-1)

/* flow._search: the unit whose out-vertex reaches the sink, or NONE; par_in and par_out
   filled as there (NONE: not reached; S: the source) */
static int search(const UnitGraph *g, const int *prv, const int *nxt, int *par_in, int *par_out,
                  int *queue) {
    int S = g->nu, T = g->nu + 1;
    Py_ssize_t tail = 0;
    for (int u = 0; u < g->nu; u++) par_in[u] = par_out[u] = NONE;
    /* a queue entry is 2 u + is_out */
    for (Py_ssize_t k = 0; k < g->nfirst; k++) {
        int u = g->first[k];
        if (par_in[u] == NONE) {
            par_in[u] = S;
            queue[tail++] = 2 * u;
        }
    }
    for (Py_ssize_t head = 0; head < tail; head++) {
        int u = queue[head] / 2, is_out = queue[head] % 2;
        if (!is_out) {
            int p = prv[u];
            if (p == NONE) {
                if (par_out[u] == NONE) {
                    par_out[u] = u;
                    queue[tail++] = 2 * u + 1;
                }
            } else if (p != S && par_out[p] == NONE) {
                par_out[p] = u;
                queue[tail++] = 2 * p + 1;
            }
        } else {
            if (g->sink[u] && nxt[u] != T) return u;
            if (prv[u] != NONE && par_in[u] == NONE) {
                par_in[u] = u;
                queue[tail++] = 2 * u;
            }
            for (Py_ssize_t e = g->off[u]; e < g->off[u + 1]; e++) {
                int v = g->adj[e];
                if (v != u && par_in[v] == NONE) {
                    par_in[v] = u;
                    queue[tail++] = 2 * v;
                }
            }
        }
    }
    return NONE;
}

/* flow._augment: one unit of flow along the path whose last out-vertex is end's */
static void augment(const UnitGraph *g, int end, const int *par_in, const int *par_out,
                    int *prv, int *nxt, int *states) {
    int S = g->nu, T = g->nu + 1;
    Py_ssize_t n = 0;
    states[n++] = 2 * T; /* (T, in) */
    int u = end, is_out = 1;
    while (u != S) {
        states[n++] = 2 * u + is_out;
        u = is_out ? par_out[u] : par_in[u];
        is_out = !is_out;
    }
    int a = S, a_out = 1;
    for (Py_ssize_t k = n - 1; k >= 0; k--) { /* from the first unit's in-vertex to the sink */
        int b = states[k] / 2, b_out = states[k] % 2;
        if (a_out && !b_out && a != b) {
            if (b == T) {
                nxt[a] = T;
            } else {
                prv[b] = a;
                if (a != S) nxt[a] = b;
            }
        } else if (a == b && a_out && !b_out) {
            prv[a] = NONE;
            nxt[a] = NONE;
        }
        a = b;
        a_out = b_out;
    }
}

int unit_flow(const UnitGraph *g, int *next_unit, int *starts, Py_ssize_t *nstarts, char *cut) {
    int nu = g->nu, S = nu, T = nu + 1;
    int *work = PyMem_Malloc((size_t)(5 * nu + 8) * sizeof(int));
    Py_ssize_t *it = PyMem_Malloc((size_t)(nu + 1) * sizeof(Py_ssize_t));
    if (!work || !it) {
        PyMem_Free(work);
        PyMem_Free(it);
        PyErr_NoMemory();
        return -1;
    }
    int *prv = work, *seen = work + nu, *path = work + 2 * nu;
    int *par_in = work + 3 * nu, *par_out = work + 4 * nu;
    int *nxt = next_unit;
    for (int u = 0; u < nu; u++) prv[u] = nxt[u] = NONE, seen[u] = 0;
    /* flow._greedy */
    for (Py_ssize_t k = 0; k < g->nfirst; k++) {
        int start = g->first[k];
        if (seen[start]) continue;
        Py_ssize_t len = 1;
        path[0] = start;
        seen[start] = 1;
        it[0] = g->off[start];
        while (len) {
            int u = path[len - 1];
            if (g->sink[u]) {
                prv[path[0]] = S;
                for (Py_ssize_t i = 0; i + 1 < len; i++) {
                    nxt[path[i]] = path[i + 1];
                    prv[path[i + 1]] = path[i];
                }
                nxt[u] = T;
                break;
            }
            int pushed = 0;
            while (it[len - 1] < g->off[u + 1]) {
                int v = g->adj[it[len - 1]++];
                if (!seen[v]) {
                    path[len] = v;
                    it[len] = g->off[v];
                    len++;
                    seen[v] = 1;
                    pushed = 1;
                    break;
                }
            }
            if (!pushed) len--; /* dead: a unit that once failed to reach the sink never will */
        }
    }
    Py_ssize_t n = 0;
    for (int u = 0; u < nu; u++)
        if (prv[u] == S) starts[n++] = u;
    if (n == g->nfirst) {
        for (int u = 0; u < nu; u++) cut[u] = 0;
        for (Py_ssize_t k = 0; k < n; k++) cut[starts[k]] = 1;
    } else {
        /* the states of an augmenting path: at most two per unit, and the sink */
        int *states = PyMem_Malloc((size_t)(2 * nu + 4) * sizeof(int));
        int *q = PyMem_Malloc((size_t)(2 * nu + 4) * sizeof(int));
        if (!states || !q) {
            PyMem_Free(states);
            PyMem_Free(q);
            PyMem_Free(work);
            PyMem_Free(it);
            PyErr_NoMemory();
            return -1;
        }
        for (;;) {
            int end = search(g, prv, nxt, par_in, par_out, q);
            if (end == NONE) break;
            augment(g, end, par_in, par_out, prv, nxt, states);
        }
        for (int u = 0; u < nu; u++) cut[u] = par_in[u] != NONE && par_out[u] == NONE;
        n = 0;
        for (int u = 0; u < nu; u++)
            if (prv[u] == S) starts[n++] = u;
        PyMem_Free(states);
        PyMem_Free(q);
    }
    *nstarts = n;
    PyMem_Free(work);
    PyMem_Free(it);
    return 0;
}
