/* The walk of one side of a claim, for side.c's analyse_side
 * (analysis.python_analyse_side), and its chains of citations.
 *
 * One depth-first walk from the side's sources (analysis.python_explore, in its order)
 * reads each item's unit and successors from the index once and numbers it, keeping the
 * items it met in a table of its own (by hash, as a dict). ordered.c then renumbers the
 * items in the order of their ids and the units in the order of their keys (a Local,
 * native.h), so every later step — the flow (unitflow.c), the chains of citations
 * (here), their completion (realchains.c), cycles (cycles.c), the cut and the echo groups
 * (side.c) — runs on integers in the order the Python visits, and builds Python objects
 * only for what it returns. */

#include "native.h"

/* --- the walk ---------------------------------------------------------------------------- */

/* one slot of the walk's table of the items it numbered (as a dict would: by hash, then
   identity, then ==), kept by the walk rather than a dict of int objects: the walk looks up
   every edge it meets */
struct Seen {
    PyObject *key; /* borrowed (as W->id); NULL: empty */
    Py_hash_t hash;
    int d;
};

/* hash(x): a str's cached hash read directly */
static inline Py_hash_t hash_of(PyObject *x) {
    if (PyUnicode_CheckExact(x)) {
        Py_hash_t h = ((PyASCIIObject *)x)->hash;
        if (h != -1) return h;
    }
    return PyObject_Hash(x);
}

/* the slot of x (with hash h): its own, or the empty one it would take; NULL on error */
static struct Seen *slot_of(struct Seen *slots, Py_ssize_t nslots, PyObject *x, Py_hash_t h) {
    size_t m = (size_t)nslots - 1, i = (size_t)h & m;
    for (;; i = (i + 1) & m) {
        struct Seen *s = &slots[i];
        if (!s->key || s->key == x) return s;
        if (s->hash == h) {
            int eq = PyObject_RichCompareBool(s->key, x, Py_EQ);
            if (eq < 0) return NULL;
            if (eq) return s;
        }
    }
}

int walk_number(const Walk *W, PyObject *x, Py_hash_t *hash) {
    Py_hash_t h = hash_of(x);
    if (h == -1 && PyErr_Occurred()) return -2;
    if (hash) *hash = h;
    struct Seen *s = slot_of(W->seen, W->nslots, x, h);
    return !s ? -2 : s->key ? s->d : -1;
}

/* x (of hash h) numbered d (not in the table yet); -1 on error */
static int seen_add(Walk *W, PyObject *x, Py_hash_t h, int d) {
    if (2 * (W->n + 1) > W->nslots) { /* at most half full */
        Py_ssize_t n2 = 2 * W->nslots;
        struct Seen *bigger = PyMem_Calloc((size_t)n2, sizeof(struct Seen));
        if (!bigger) {
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t i = 0; i < W->nslots; i++) {
            struct Seen *s = &W->seen[i];
            if (!s->key) continue;
            size_t m = (size_t)n2 - 1, j = (size_t)s->hash & m;
            while (bigger[j].key) j = (j + 1) & m;
            bigger[j] = *s;
        }
        PyMem_Free(W->seen);
        W->seen = bigger;
        W->nslots = n2;
    }
    struct Seen *s = slot_of(W->seen, W->nslots, x, h);
    if (!s) return -1;
    *s = (struct Seen){x, h, d};
    return 0;
}

void walk_free(Walk *W) {
    for (Py_ssize_t d = 0; d < W->n; d++) Py_XDECREF(W->out[d]);
    PyMem_Free(W->id);
    PyMem_Free(W->ukey);
    PyMem_Free(W->out);
    PyMem_Free(W->off);
    PyMem_Free(W->deg);
    PyMem_Free(W->mask);
    PyMem_Free(W->done);
    PyMem_Free(W->order);
    PyMem_Free(W->origins);
    PyMem_Free(W->adj);
    PyMem_Free(W->seen);
}

int walk_init(Walk *W) {
    memset(W, 0, sizeof *W);
    W->cap = 32;
    W->adjcap = 64;
    W->id = PyMem_Malloc(32 * sizeof(PyObject *));
    W->ukey = PyMem_Malloc(32 * sizeof(PyObject *));
    W->out = PyMem_Malloc(32 * sizeof(PyObject *));
    W->off = PyMem_Malloc(32 * sizeof(Py_ssize_t));
    W->deg = PyMem_Malloc(32 * sizeof(Py_ssize_t));
    W->mask = PyMem_Malloc(32 * sizeof(uint64_t));
    W->done = PyMem_Malloc(32);
    W->order = PyMem_Malloc(32 * sizeof(int));
    W->origins = PyMem_Malloc(32 * sizeof(int));
    W->adj = PyMem_Malloc(64 * sizeof(int));
    W->nslots = 64;
    W->seen = PyMem_Calloc(64, sizeof(struct Seen));
    if (!W->id || !W->ukey || !W->out || !W->off || !W->deg || !W->mask || !W->done ||
        !W->order || !W->origins || !W->adj || !W->seen) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static int walk_grow(Walk *W) {
    Py_ssize_t cap = 2 * W->cap;
#define GROW(field, size)                                                                  \
    do {                                                                                   \
        void *bigger = PyMem_Realloc(W->field, (size_t)cap * (size));                      \
        if (!bigger) {                                                                     \
            PyErr_NoMemory();                                                              \
            return -1;                                                                     \
        }                                                                                  \
        W->field = bigger;                                                                 \
    } while (0)
    GROW(id, sizeof(PyObject *));
    GROW(ukey, sizeof(PyObject *));
    GROW(out, sizeof(PyObject *));
    GROW(off, sizeof(Py_ssize_t));
    GROW(deg, sizeof(Py_ssize_t));
    GROW(mask, sizeof(uint64_t));
    GROW(done, 1);
    GROW(order, sizeof(int));
    GROW(origins, sizeof(int));
#undef GROW
    W->cap = cap;
    return 0;
}

/* x (of hash h) reached: numbered next, of unit key ukey (borrowed), with len successors
   (out: a new reference to them, or NULL); its number, or -1 on error (out then still the
   caller's) */
static int walk_add(Walk *W, PyObject *x, Py_hash_t h, PyObject *ukey, PyObject *out,
                    Py_ssize_t len) {
    if (W->n == W->cap && walk_grow(W) < 0) return -1;
    while (W->nadj + len > W->adjcap)
        if (grow(&W->adj, W->adjcap, &W->adjcap, sizeof(int)) < 0) return -1;
    Py_ssize_t d = W->n;
    if (seen_add(W, x, h, (int)d) < 0) return -1;
    W->id[d] = x;
    W->ukey[d] = ukey;
    W->out[d] = out;
    W->off[d] = W->nadj;
    W->deg[d] = len;
    W->nadj += len;
    W->mask[d] = 0;
    W->done[d] = 0;
    W->n++;
    return (int)d;
}

/* number x (of hash h, reached now): its unit and successors read from the index; -1 on
   error */
static int reach_item(Walk *W, PyObject *x, Py_hash_t h, PyObject *succ, PyObject *unit) {
    PyObject *u = PyDict_GetItemWithError(unit, x);
    if (!u && PyErr_Occurred()) return -1;
    PyObject *out = PyDict_GetItemWithError(succ, x), *fast = NULL;
    if (!out && PyErr_Occurred()) return -1;
    if (out) {
        fast = PySequence_Fast(out, "succ values must be sequences of item ids");
        if (!fast) return -1;
    }
    Py_ssize_t len = fast ? PySequence_Fast_GET_SIZE(fast) : 0;
    int d = walk_add(W, x, h, u ? u : x, fast, len);
    if (d < 0) Py_XDECREF(fast);
    return d;
}

/* finished: an origin, or the origins its successors reach */
static void finish_item(Walk *W, int d) {
    W->order[W->norder++] = d;
    W->done[d] = 1;
    Py_ssize_t len = OUTLEN(W, d);
    if (!len) {
        W->mask[d] = W->norigins < 64 ? 1ULL << W->norigins : 0;
        W->origins[W->norigins++] = d;
        return;
    }
    uint64_t m = 0;
    for (Py_ssize_t e = W->off[d]; e < W->off[d] + len; e++)
        if (W->adj[e] >= 0) m |= W->mask[W->adj[e]];
    W->mask[d] = m;
}

/* analysis.python_explore from roots (their numbers into rootd); -1 on error */
int walk_side(Walk *W, PyObject *succ, PyObject *unit, PyObject *rank, PyObject *roots,
              int max_rank, int *rootd) {
    Py_ssize_t cap = 32, sp = 0;
    int *stack = PyMem_Malloc((size_t)cap * sizeof(int));
    Py_ssize_t *pos = PyMem_Malloc((size_t)cap * sizeof(Py_ssize_t));
    if (!stack || !pos) goto nomem;
    for (Py_ssize_t ri = 0; ri < PyList_GET_SIZE(roots); ri++) {
        PyObject *r = PyList_GET_ITEM(roots, ri);
        Py_hash_t h = 0;
        int at = walk_number(W, r, &h);
        if (at >= 0) {
            rootd[ri] = at;
            continue;
        }
        if (at == -2) goto fail;
        int d = rootd[ri] = reach_item(W, r, h, succ, unit);
        if (d < 0) goto fail;
        stack[0] = d;
        pos[0] = 0;
        sp = 1;
        while (sp) {
            int x = stack[sp - 1], pushed = 0;
            Py_ssize_t len = OUTLEN(W, x);
            while (pos[sp - 1] < len) {
                Py_ssize_t k = pos[sp - 1]++;
                PyObject *y = PySequence_Fast_GET_ITEM(W->out[x], k);
                Py_hash_t hy = 0;
                int yat = walk_number(W, y, &hy);
                if (yat >= 0) {
                    W->adj[W->off[x] + k] = yat;
                    if (!W->done[yat]) W->has_cycle = 1;
                    continue;
                }
                if (yat == -2) goto fail;
                if (max_rank != 5) {
                    PyObject *ry = PyDict_GetItemWithError(rank, y);
                    if (!ry && PyErr_Occurred()) goto fail;
                    long rv = ry ? PyLong_AsLong(ry) : 0;
                    if (rv == -1 && PyErr_Occurred()) goto fail;
                    if (rv > max_rank) {
                        W->adj[W->off[x] + k] = -1;
                        continue;
                    }
                }
                int yd = reach_item(W, y, hy, succ, unit);
                if (yd < 0) goto fail;
                W->adj[W->off[x] + k] = yd;
                if (OUTLEN(W, yd)) {
                    if (sp == cap) {
                        Py_ssize_t c2 = cap;
                        if (grow(&stack, sp, &cap, sizeof(int)) < 0 ||
                            grow(&pos, sp, &c2, sizeof(Py_ssize_t)) < 0)
                            goto fail;
                    }
                    stack[sp] = yd;
                    pos[sp++] = 0;
                    pushed = 1;
                    break;
                }
                finish_item(W, yd); /* an origin: finished at once */
            }
            if (!pushed) finish_item(W, stack[--sp]);
        }
    }
    PyMem_Free(stack);
    PyMem_Free(pos);
    return 0;
nomem:
    PyErr_NoMemory();
fail:
    PyMem_Free(stack);
    PyMem_Free(pos);
    return -1;
}

/* --- chains ------------------------------------------------------------------------------ */


int compare_ints(const int *a, Py_ssize_t na, const int *b, Py_ssize_t nb) {
    for (Py_ssize_t k = 0; k < na && k < nb; k++)
        if (a[k] != b[k]) return a[k] < b[k] ? -1 : 1;
    return na < nb ? -1 : na > nb;
}

int compare_chains(const void *pa, const void *pb) {
    const Chain *a = pa, *b = pb;
    return compare_ints(a->items, a->len, b->items, b->len);
}

/* chains.python_cited_chains on the flow's paths (path i: its units have which[u] == i) */
int cited(const Local *L, const int *rootn, Py_ssize_t nroots, const int *which,
                 Py_ssize_t npaths, Chain *found) {
    int *parent = L->scratch, *queue = L->scratch + L->n;
    Py_ssize_t head = 0, tail = 0, left = npaths;
    for (Py_ssize_t i = 0; i < L->n; i++) parent[i] = UNSET;
    for (Py_ssize_t k = 0; k < nroots; k++) {
        int r = rootn[k];
        if (which[L->unit[r]] >= 0 && parent[r] == UNSET) {
            parent[r] = CLAIM;
            queue[tail++] = r;
        }
    }
    while (head < tail) {
        int x = queue[head++], i = which[L->unit[x]];
        if (found[i].items) continue;
        if (!DEG(L, x)) {
            Py_ssize_t len = 0;
            for (int at = x; at != CLAIM; at = parent[at]) len++;
            int *items = PyMem_Malloc((size_t)len * sizeof(int));
            if (!items) {
                PyErr_NoMemory();
                return -1;
            }
            Py_ssize_t k = len;
            for (int at = x; at != CLAIM; at = parent[at]) items[--k] = at;
            found[i] = (Chain){items, len};
            if (!--left) break;
            continue;
        }
        for (Py_ssize_t e = L->off[x]; e < L->off[x + 1]; e++) {
            int y = L->adj[e];
            if (y >= 0 && parent[y] == UNSET && which[L->unit[y]] == i) {
                parent[y] = x;
                queue[tail++] = y;
            }
        }
    }
    return 0;
}

/* links.python_chain_links of one chain */
PyObject *links_of(const Local *L, PyObject *ukeys, const Chain *c, PyObject *witnesses,
                          PyObject *names, PyObject *unit_names, PyObject *first,
                          PyObject *cites, PyObject *quotes) {
    PyObject *out = PyList_New(c->len);
    if (!out) return NULL;
    PyList_SET_ITEM(out, 0, Py_NewRef(first));
    for (Py_ssize_t k = 0; k + 1 < c->len; k++) {
        int x = c->items[k], y = c->items[k + 1], is_cited = 0;
        for (Py_ssize_t e = L->off[x]; !is_cited && e < L->off[x + 1]; e++)
            is_cited = L->adj[e] == y;
        PyObject *link;
        if (is_cited) {
            int quoted = PySequence_Contains(witnesses, PyList_GET_ITEM(L->items, y));
            if (quoted < 0) goto fail;
            link = Py_NewRef(quoted ? quotes : cites);
        } else {
            PyObject *name = unit_name(names, unit_names, PyList_GET_ITEM(ukeys, L->unit[x]),
                                       PyList_GET_ITEM(L->items, x));
            link = name ? Py_BuildValue("{s:s,s:N}", "rel", "same_unit", "unit", name) : NULL;
            if (!link) goto fail;
        }
        PyList_SET_ITEM(out, k + 1, link);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}
