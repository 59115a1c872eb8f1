/* A side with citation cycles, on its numbered items: cycles.find_cycles (its plain
 * search; LEAVE where the definition would ask networkx) and
 * analysis.masks_with_cycles, the origins each source reaches. */

#include "native.h"

static int compare_found(const void *pa, const void *pb) {
    const Chain *a = pa, *b = pb;
    if (a->len != b->len) return a->len < b->len ? -1 : 1;
    return compare_ints(a->items, a->len, b->items, b->len);
}

int side_cycles(const Local *L, long max_cycles, long budget, PyObject **out) {
    Py_ssize_t n = L->n, nfound = 0, cap = 8;
    int *path = PyMem_Malloc((size_t)(n + 1) * sizeof(int));
    Py_ssize_t *next = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    char *on = PyMem_Calloc((size_t)(n + 1), 1);
    Chain *found = PyMem_Malloc((size_t)cap * sizeof(Chain));
    int rc = DONE;
    if (!path || !next || !on || !found) {
        PyErr_NoMemory();
        rc = FAILED;
    }
    /* each cycle once, from its smallest item, through larger items only */
    for (int s = 0; rc == DONE && s < n; s++) {
        Py_ssize_t depth = 1;
        path[0] = s;
        on[s] = 1;
        next[0] = L->off[s];
        while (rc == DONE && depth) {
            int x = path[depth - 1], pushed = 0;
            while (next[depth - 1] < L->off[x + 1]) {
                int y = L->adj[next[depth - 1]++];
                if (--budget < 0) { /* the definition leaves it to networkx */
                    rc = LEAVE;
                    break;
                }
                if (y == s) {
                    if (nfound == max_cycles) {
                        rc = LEAVE;
                        break;
                    }
                    int *items = PyMem_Malloc((size_t)depth * sizeof(int));
                    if (!items || grow(&found, nfound, &cap, sizeof(Chain)) < 0) {
                        PyMem_Free(items);
                        if (!PyErr_Occurred()) PyErr_NoMemory();
                        rc = FAILED;
                        break;
                    }
                    memcpy(items, path, (size_t)depth * sizeof(int));
                    found[nfound++] = (Chain){items, depth};
                } else if (y > s && !on[y]) { /* y >= 0: reached */
                    path[depth] = y;
                    next[depth] = L->off[y];
                    on[y] = 1;
                    depth++;
                    pushed = 1;
                    break;
                }
            }
            if (rc == DONE && !pushed) on[path[--depth]] = 0;
        }
        for (Py_ssize_t d = 0; d < depth; d++) on[path[d]] = 0;
    }
    if (rc == DONE) {
        qsort(found, (size_t)nfound, sizeof(Chain), compare_found);
        *out = PyList_New(nfound);
        for (Py_ssize_t i = 0; *out && i < nfound; i++) {
            PyObject *cycle = PyList_New(found[i].len);
            if (!cycle) {
                Py_CLEAR(*out);
                break;
            }
            for (Py_ssize_t k = 0; k < found[i].len; k++) {
                PyObject *x = PyList_GET_ITEM(L->items, found[i].items[k]);
                PyList_SET_ITEM(cycle, k, Py_NewRef(x));
            }
            PyList_SET_ITEM(*out, i, cycle);
        }
        if (!*out) rc = FAILED;
    }
    for (Py_ssize_t i = 0; found && i < nfound; i++) PyMem_Free(found[i].items);
    PyMem_Free(found);
    PyMem_Free(path);
    PyMem_Free(next);
    PyMem_Free(on);
    return rc;
}

int masks_with_cycles(const Local *L, const int *rootn, Py_ssize_t nroots,
                      const uint64_t *origin_bit, uint64_t *mask) {
    Py_ssize_t n = L->n;
    int *seen = PyMem_Malloc((size_t)(n + 1) * sizeof(int)), *todo = L->scratch;
    if (!seen) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) seen[i] = -1;
    for (Py_ssize_t k = 0; k < nroots; k++) {
        int r = rootn[k];
        Py_ssize_t ntodo = 0;
        uint64_t m = 0;
        seen[r] = (int)k;
        todo[ntodo++] = r;
        while (ntodo) {
            int x = todo[--ntodo];
            m |= origin_bit[x];
            for (Py_ssize_t e = L->off[x]; e < L->off[x + 1]; e++) {
                int y = L->adj[e];
                if (y >= 0 && seen[y] != (int)k) {
                    seen[y] = (int)k;
                    todo[ntodo++] = y;
                }
            }
        }
        mask[k] = m;
    }
    PyMem_Free(seen);
    return 0;
}
