/* Unit-disjoint paths and a minimum cut (Menger): flow.python_disjoint_paths. */

#include "native.h"

/* --- disjoint_paths --------------------------------------------------------------------- */

enum { NONE = -1, SRC = -2, SNK = -3 };

typedef struct {
    Py_ssize_t n;        /* units */
    PyObject **name;     /* borrowed: unit strings by index */
    Py_ssize_t *off;     /* CSR offsets, n + 1 */
    Py_ssize_t *to;      /* CSR targets */
    char *sink;
    Py_ssize_t *first;   /* the source's successors */
    Py_ssize_t nfirst;
    Py_ssize_t *prv, *nxt, *par_in, *par_out; /* NONE, SRC/SNK or a unit */
} Net;

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

/* depth first through unused units, never undoing a choice (flow._greedy) */
static int greedy(Net *g) {
    Py_ssize_t n = g->n;
    char *seen = PyMem_Calloc(n ? n : 1, 1);
    Py_ssize_t *path = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *pos = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    if (!seen || !path || !pos) {
        PyMem_Free(seen);
        PyMem_Free(path);
        PyMem_Free(pos);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < g->nfirst; k++) {
        Py_ssize_t start = g->first[k];
        if (seen[start]) continue;
        Py_ssize_t len = 0;
        path[len] = start;
        pos[len++] = g->off[start];
        seen[start] = 1;
        while (len) {
            Py_ssize_t u = path[len - 1];
            if (g->sink[u]) {
                g->prv[path[0]] = SRC;
                for (Py_ssize_t i = 0; i + 1 < len; i++) {
                    g->nxt[path[i]] = path[i + 1];
                    g->prv[path[i + 1]] = path[i];
                }
                g->nxt[u] = SNK;
                break;
            }
            int pushed = 0;
            while (pos[len - 1] < g->off[u + 1]) {
                Py_ssize_t v = g->to[pos[len - 1]++];
                if (!seen[v]) {
                    seen[v] = 1;
                    path[len] = v;
                    pos[len++] = g->off[v];
                    pushed = 1;
                    break;
                }
            }
            if (!pushed) len--; /* dead: a unit that once failed never will reach the sink */
        }
    }
    PyMem_Free(seen);
    PyMem_Free(path);
    PyMem_Free(pos);
    return 0;
}

/* one breadth-first search for an augmenting path (flow._search): the unit whose
   out-vertex reaches the sink, or NONE; par_in / par_out filled (NONE = not reached) */
static Py_ssize_t search(Net *g, Py_ssize_t *queue) {
    Py_ssize_t n = g->n, head = 0, tail = 0;
    for (Py_ssize_t i = 0; i < n; i++) g->par_in[i] = g->par_out[i] = NONE;
    /* queue entries: 2 * unit + is_out */
    for (Py_ssize_t k = 0; k < g->nfirst; k++) {
        Py_ssize_t u = g->first[k];
        if (g->par_in[u] == NONE) {
            g->par_in[u] = SRC;
            queue[tail++] = 2 * u;
        }
    }
    while (head < tail) {
        Py_ssize_t e = queue[head++], u = e / 2;
        if (!(e & 1)) {
            Py_ssize_t p = g->prv[u];
            if (p == NONE) {
                if (g->par_out[u] == NONE) {
                    g->par_out[u] = u;
                    queue[tail++] = 2 * u + 1;
                }
            } else if (p != SRC && g->par_out[p] == NONE) {
                g->par_out[p] = u;
                queue[tail++] = 2 * p + 1;
            }
        } else {
            if (g->sink[u] && g->nxt[u] != SNK) return u;
            if (g->prv[u] != NONE && g->par_in[u] == NONE) {
                g->par_in[u] = u;
                queue[tail++] = 2 * u;
            }
            for (Py_ssize_t i = g->off[u]; i < g->off[u + 1]; i++) {
                Py_ssize_t v = g->to[i];
                if (v != u && g->par_in[v] == NONE) {
                    g->par_in[v] = u;
                    queue[tail++] = 2 * v;
                }
            }
        }
    }
    return NONE;
}

/* push one unit of flow along the path whose last out-vertex is end's (flow._augment) */
static void augment(Net *g, Py_ssize_t end, Py_ssize_t *states) {
    /* states: 2 * unit + is_out, from the end back to the first unit; the sink is implied */
    Py_ssize_t len = 0, u = end;
    int is_out = 1;
    while (u != SRC) {
        states[len++] = 2 * u + is_out;
        u = is_out ? g->par_out[u] : g->par_in[u];
        is_out = !is_out;
    }
    Py_ssize_t a = SRC;
    int a_out = 1;
    for (Py_ssize_t k = len; k >= 0; k--) { /* k == 0: the sink (its in-vertex) */
        Py_ssize_t b = k ? states[k - 1] / 2 : SNK;
        int b_out = k ? (int)(states[k - 1] & 1) : 0;
        if (a_out && !b_out && a != b) {
            if (b == SNK) {
                g->nxt[a] = SNK;
            } else {
                g->prv[b] = a;
                if (a != SRC) g->nxt[a] = b;
            }
        } else if (a == b && a_out && !b_out) {
            g->prv[a] = NONE;
            g->nxt[a] = NONE;
        }
        a = b;
        a_out = b_out;
    }
}

/* the names of the units with flag set, as a sorted list */
static PyObject *sorted_names(Net *g, const char *flag) {
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    for (Py_ssize_t i = 0; i < g->n; i++)
        if (flag[i] && PyList_Append(out, g->name[i]) < 0) {
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
    PyObject *ids = PyDict_New(), *result = NULL, *paths = NULL, *cut = NULL;
    Net g;
    memset(&g, 0, sizeof g);
    Py_ssize_t cap = 32, ne = 0;
    Py_ssize_t *src = NULL, *dst = NULL, *work = NULL;
    char *flag = NULL;
    g.name = PyMem_Malloc(cap * sizeof(PyObject *));
    if (!ids || !g.name) goto nomem;
    /* number the units: first, then each adjacency list in order */
    g.nfirst = PySequence_Fast_GET_SIZE(first);
    g.first = PyMem_Malloc((g.nfirst + 1) * sizeof(Py_ssize_t));
    if (!g.first) goto nomem;
    for (Py_ssize_t k = 0; k < g.nfirst; k++) {
        g.first[k] = unit_id(ids, PySequence_Fast_GET_ITEM(first, k), &g.name, &g.n, &cap);
        if (g.first[k] < 0) goto done;
    }
    {
        PyObject *key, *value;
        Py_ssize_t pos = 0, edges = 0;
        while (PyDict_Next(adj, &pos, &key, &value)) {
            Py_ssize_t len = PyObject_Length(value);
            if (len < 0) goto done;
            edges += len;
        }
        src = PyMem_Malloc((edges + 1) * sizeof(Py_ssize_t));
        dst = PyMem_Malloc((edges + 1) * sizeof(Py_ssize_t));
        if (!src || !dst) goto nomem;
        pos = 0;
        while (PyDict_Next(adj, &pos, &key, &value)) {
            Py_ssize_t u = unit_id(ids, key, &g.name, &g.n, &cap);
            if (u < 0) goto done;
            PyObject *vs = PySequence_Fast(value, "adjacency values must be sequences");
            if (!vs) goto done;
            for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(vs); i++) {
                Py_ssize_t v = unit_id(ids, PySequence_Fast_GET_ITEM(vs, i), &g.name, &g.n, &cap);
                if (v < 0) {
                    Py_DECREF(vs);
                    goto done;
                }
                src[ne] = u;
                dst[ne++] = v;
            }
            Py_DECREF(vs);
        }
    }
    {
        Py_ssize_t n = g.n;
        g.off = PyMem_Calloc(n + 2, sizeof(Py_ssize_t));
        g.to = PyMem_Malloc((ne + 1) * sizeof(Py_ssize_t));
        g.sink = PyMem_Calloc(n + 1, 1);
        flag = PyMem_Calloc(n + 1, 1);
        g.prv = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
        g.nxt = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
        g.par_in = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
        g.par_out = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
        work = PyMem_Malloc((2 * n + 2) * sizeof(Py_ssize_t));
        if (!g.off || !g.to || !g.sink || !flag || !g.prv || !g.nxt || !g.par_in ||
            !g.par_out || !work)
            goto nomem;
        /* CSR keeping each unit's successors in their order (edges come grouped by unit) */
        for (Py_ssize_t i = 0; i < ne; i++) g.off[src[i] + 1]++;
        for (Py_ssize_t i = 0; i < n; i++) g.off[i + 1] += g.off[i];
        Py_ssize_t *fill = g.par_in; /* scratch */
        for (Py_ssize_t i = 0; i < n; i++) fill[i] = g.off[i];
        for (Py_ssize_t i = 0; i < ne; i++) g.to[fill[src[i]]++] = dst[i];
        for (Py_ssize_t i = 0; i < n; i++) {
            int is = PySequence_Contains(sinks, g.name[i]);
            if (is < 0) goto done;
            g.sink[i] = (char)is;
            g.prv[i] = g.nxt[i] = NONE;
        }
    }
    if (greedy(&g) < 0) goto done;
    Py_ssize_t nstarts = 0;
    for (Py_ssize_t i = 0; i < g.n; i++) nstarts += g.prv[i] == SRC;
    memset(flag, 0, g.n + 1);
    if (nstarts == g.nfirst) {
        /* every first unit carries a path: the cut closest to the source is first */
        for (Py_ssize_t i = 0; i < g.n; i++) flag[i] = g.prv[i] == SRC;
    } else {
        for (;;) {
            Py_ssize_t end = search(&g, work);
            if (end == NONE) break;
            augment(&g, end, work);
        }
        for (Py_ssize_t i = 0; i < g.n; i++) flag[i] = g.par_in[i] != NONE && g.par_out[i] == NONE;
    }
    cut = sorted_names(&g, flag);
    if (!cut) goto done;
    for (Py_ssize_t i = 0; i < g.n; i++) flag[i] = g.prv[i] == SRC;
    PyObject *starts = sorted_names(&g, flag);
    if (!starts) goto done;
    paths = PyList_New(0);
    if (!paths) {
        Py_DECREF(starts);
        goto done;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(starts); k++) {
        PyObject *have = PyDict_GetItemWithError(ids, PyList_GET_ITEM(starts, k));
        Py_ssize_t u = have ? PyLong_AsSsize_t(have) : -1;
        PyObject *path = u < 0 ? NULL : PyList_New(0);
        int rc = path ? 0 : -1;
        while (rc == 0 && u != SNK) {
            rc = PyList_Append(path, g.name[u]);
            u = g.nxt[u];
        }
        if (rc == 0) rc = PyList_Append(paths, path);
        Py_XDECREF(path);
        if (rc < 0) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, "broken flow path");
            Py_DECREF(starts);
            goto done;
        }
    }
    Py_DECREF(starts);
    result = PyTuple_Pack(2, paths, cut);
    goto done;
nomem:
    PyErr_NoMemory();
done:
    Py_XDECREF(paths);
    Py_XDECREF(cut);
    Py_XDECREF(ids);
    Py_DECREF(first);
    PyMem_Free(g.name);
    PyMem_Free(g.first);
    PyMem_Free(g.off);
    PyMem_Free(g.to);
    PyMem_Free(g.sink);
    PyMem_Free(g.prv);
    PyMem_Free(g.nxt);
    PyMem_Free(g.par_in);
    PyMem_Free(g.par_out);
    PyMem_Free(src);
    PyMem_Free(dst);
    PyMem_Free(work);
    PyMem_Free(flag);
    return result;
}
