/* The compiled kernel of the per-claim analysis: provenance.corroborate.native.
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
 *   echo_groups(uof, roots, origins, masks)
 *       = provenance.corroborate.analysis.python_echo_groups (at most 64 origins)
 *   chain_links(succ, witnesses, names, unit_names, uof, chain, first, cites, quotes)
 *       = provenance.corroborate.links.python_chain_links
 *   outlets_of(names, unit_names, uof, origins)
 *       = provenance.corroborate.links.python_outlets_of
 *   analyse_side(succ, unit, rank, names, unit_names, witnesses, claim, kept, max_rank,
 *                full, first, cites, quotes)
 *       = the above in the order of provenance.corroborate.analysis.python_analyse_side,
 *         or None for a side it leaves to that definition (a citation cycle, more than 64
 *         origins, a path without a chain of citations: rare, and slower either way)
 *
 * Both visit everything in the order the Python does, so they return equal values (and the
 * same paths, not just as many). They read the index's dicts as they are: no copy of the
 * evidence graph, nothing kept between calls.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* --- explore ---------------------------------------------------------------------------- */

typedef struct {
    PyObject *node; /* borrowed: an item id held by the index or the roots */
    PyObject *out;  /* owned: PySequence_Fast of its successors */
    Py_ssize_t pos;
} Frame;

/* 1 << k as a Python int */
static PyObject *bit(Py_ssize_t k) {
    if (k < 63) return PyLong_FromLongLong(1LL << k);
    PyObject *one = PyLong_FromLong(1), *sh = PyLong_FromSsize_t(k), *r = NULL;
    if (one && sh) r = PyNumber_Lshift(one, sh);
    Py_XDECREF(one);
    Py_XDECREF(sh);
    return r;
}

/* an origin: sinks.add(u); masks[x] = 1 << len(origins); origins.append(x) */
static int add_origin(PyObject *x, PyObject *u, PyObject *sinks, PyObject *masks,
                      PyObject *origins) {
    if (PySet_Add(sinks, u) < 0) return -1;
    PyObject *m = bit(PyList_GET_SIZE(origins));
    if (!m) return -1;
    int rc = PyDict_SetItem(masks, x, m);
    Py_DECREF(m);
    if (rc < 0) return -1;
    return PyList_Append(origins, x);
}

/* the contracted edges and the origin mask of node, its successors done */
static int finish(PyObject *node, PyObject *out, PyObject *uof, PyObject *masks,
                  PyObject *adj) {
    PyObject *ux = PyDict_GetItemWithError(uof, node);
    if (!ux) return -1;
    PyObject *m = PyLong_FromLong(0);
    if (!m) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(out);
    PyObject **items = PySequence_Fast_ITEMS(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *y = items[i];
        PyObject *uy = PyDict_GetItemWithError(uof, y);
        if (!uy) {
            if (PyErr_Occurred()) goto fail;
            continue;
        }
        PyObject *my = PyDict_GetItemWithError(masks, y);
        if (my) {
            PyObject *m2 = PyNumber_Or(m, my);
            if (!m2) goto fail;
            Py_SETREF(m, m2);
        } else if (PyErr_Occurred()) {
            goto fail;
        }
        int ne = PyObject_RichCompareBool(uy, ux, Py_NE);
        if (ne < 0) goto fail;
        if (ne) {
            PyObject *units = PyDict_GetItemWithError(adj, ux);
            if (!units) {
                if (PyErr_Occurred()) goto fail;
                units = PyList_New(1);
                if (!units) goto fail;
                Py_INCREF(uy);
                PyList_SET_ITEM(units, 0, uy);
                int rc = PyDict_SetItem(adj, ux, units);
                Py_DECREF(units);
                if (rc < 0) goto fail;
            } else {
                int has = PySequence_Contains(units, uy);
                if (has < 0) goto fail;
                if (!has && PyList_Append(units, uy) < 0) goto fail;
            }
        }
    }
    int rc = PyDict_SetItem(masks, node, m);
    Py_DECREF(m);
    return rc;
fail:
    Py_DECREF(m);
    return -1;
}

/* succ.get(x) as a PySequence_Fast (new reference), or NULL with no error when absent */
static PyObject *successors(PyObject *succ, PyObject *x) {
    PyObject *out = PyDict_GetItemWithError(succ, x);
    if (!out) return NULL;
    return PySequence_Fast(out, "succ values must be sequences of item ids");
}

static PyObject *native_explore(PyObject *self, PyObject *args) {
    PyObject *succ, *unit, *rank, *roots;
    int max_rank;
    if (!PyArg_ParseTuple(args, "O!O!O!O!i:explore", &PyDict_Type, &succ, &PyDict_Type,
                          &unit, &PyDict_Type, &rank, &PyList_Type, &roots, &max_rank))
        return NULL;
    int all_ranks = max_rank == 5, has_cycle = 0;
    PyObject *uof = PyDict_New(), *order = PyList_New(0), *adj = PyDict_New();
    PyObject *sinks = PySet_New(NULL), *masks = PyDict_New(), *origins = PyList_New(0);
    Frame *stack = NULL;
    Py_ssize_t cap = 64, sp = 0;
    if (!uof || !order || !adj || !sinks || !masks || !origins) goto fail;
    stack = PyMem_Malloc(cap * sizeof(Frame));
    if (!stack) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t ri = 0; ri < PyList_GET_SIZE(roots); ri++) {
        PyObject *r = PyList_GET_ITEM(roots, ri);
        int in = PyDict_Contains(uof, r);
        if (in < 0) goto fail;
        if (in) continue;
        PyObject *ur = PyDict_GetItemWithError(unit, r);
        if (!ur && PyErr_Occurred()) goto fail;
        if (PyDict_SetItem(uof, r, ur ? ur : r) < 0) goto fail;
        PyObject *out = successors(succ, r);
        if (!out && PyErr_Occurred()) goto fail;
        stack[sp++] = (Frame){r, out, 0};
        while (sp) {
            Frame *top = &stack[sp - 1];
            int pushed = 0;
            Py_ssize_t n = top->out ? PySequence_Fast_GET_SIZE(top->out) : 0;
            while (top->pos < n) {
                PyObject *y = PySequence_Fast_GET_ITEM(top->out, top->pos);
                top->pos++;
                int seen = PyDict_Contains(uof, y);
                if (seen < 0) goto fail;
                if (seen) {
                    int done = PyDict_Contains(masks, y);
                    if (done < 0) goto fail;
                    if (!done) has_cycle = 1;
                    continue;
                }
                if (!all_ranks) {
                    PyObject *ry = PyDict_GetItemWithError(rank, y);
                    if (!ry && PyErr_Occurred()) goto fail;
                    long rv = ry ? PyLong_AsLong(ry) : 0;
                    if (rv == -1 && PyErr_Occurred()) goto fail;
                    if (rv > max_rank) continue;
                }
                PyObject *uy = PyDict_GetItemWithError(unit, y);
                if (!uy && PyErr_Occurred()) goto fail;
                if (!uy) uy = y;
                if (PyDict_SetItem(uof, y, uy) < 0) goto fail;
                PyObject *y_out = successors(succ, y);
                if (!y_out && PyErr_Occurred()) goto fail;
                if (y_out && PySequence_Fast_GET_SIZE(y_out) > 0) {
                    if (sp == cap) {
                        Frame *bigger = PyMem_Realloc(stack, 2 * cap * sizeof(Frame));
                        if (!bigger) {
                            Py_DECREF(y_out);
                            PyErr_NoMemory();
                            goto fail;
                        }
                        stack = bigger;
                        cap *= 2;
                    }
                    stack[sp++] = (Frame){y, y_out, 0};
                    pushed = 1;
                    break;
                }
                Py_XDECREF(y_out);
                /* an origin: finished at once (the post-order is unchanged) */
                if (PyList_Append(order, y) < 0) goto fail;
                if (add_origin(y, uy, sinks, masks, origins) < 0) goto fail;
            }
            if (pushed) continue;
            Frame done = stack[--sp];
            int rc = PyList_Append(order, done.node);
            if (rc == 0) {
                if (!done.out || PySequence_Fast_GET_SIZE(done.out) == 0) {
                    PyObject *u = PyDict_GetItemWithError(uof, done.node);
                    rc = u ? add_origin(done.node, u, sinks, masks, origins) : -1;
                } else {
                    rc = finish(done.node, done.out, uof, masks, adj);
                }
            }
            Py_XDECREF(done.out);
            if (rc < 0) goto fail;
        }
    }
    PyMem_Free(stack);
    stack = NULL;
    /* every unit's successors sorted, as the flow wants them */
    {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(adj, &pos, &key, &value))
            if (PyList_Sort(value) < 0) goto fail;
    }
    return Py_BuildValue("(NNNNNNO)", uof, order, adj, sinks, masks, origins,
                         has_cycle ? Py_True : Py_False);
fail:
    while (sp) Py_XDECREF(stack[--sp].out);
    PyMem_Free(stack);
    Py_XDECREF(uof);
    Py_XDECREF(order);
    Py_XDECREF(adj);
    Py_XDECREF(sinks);
    Py_XDECREF(masks);
    Py_XDECREF(origins);
    return NULL;
}

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
    if (*n == *cap) {
        PyObject **bigger = PyMem_Realloc(*names, 2 * *cap * sizeof(PyObject *));
        if (!bigger) {
            PyErr_NoMemory();
            return -1;
        }
        *names = bigger;
        *cap *= 2;
    }
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

static PyObject *native_disjoint_paths(PyObject *self, PyObject *args) {
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

/* --- cited_chains ------------------------------------------------------------------------ */

/* the path from start to end along the breadth-first parent links (chains._back_to) */
static PyObject *back_to(PyObject *parent, PyObject *end, PyObject *start) {
    PyObject *chain = PyList_New(0);
    if (!chain || PyList_Append(chain, end) < 0) goto fail;
    for (;;) {
        PyObject *last = PyList_GET_ITEM(chain, PyList_GET_SIZE(chain) - 1);
        int ne = PyObject_RichCompareBool(last, start, Py_NE);
        if (ne < 0) goto fail;
        if (!ne) break;
        PyObject *p = PyDict_GetItemWithError(parent, last);
        if (!p) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, last);
            goto fail;
        }
        if (PyList_Append(chain, p) < 0) goto fail;
    }
    if (PyList_Reverse(chain) < 0) goto fail;
    return chain;
fail:
    Py_XDECREF(chain);
    return NULL;
}

static PyObject *native_cited_chains(PyObject *self, PyObject *args) {
    PyObject *succ, *uof, *claim, *roots, *paths;
    if (!PyArg_ParseTuple(args, "O!O!OO!O!:cited_chains", &PyDict_Type, &succ, &PyDict_Type,
                          &uof, &claim, &PyList_Type, &roots, &PyList_Type, &paths))
        return NULL;
    Py_ssize_t npaths = PyList_GET_SIZE(paths), left = npaths, head = 0, tail = 0, cap = 64;
    PyObject *which = PyDict_New(), *parent = PyDict_New(), *found = PyList_New(npaths);
    PyObject **queue = PyMem_Malloc(cap * sizeof(PyObject *));
    if (!which || !parent || !found || !queue) {
        if (!queue) PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < npaths; i++) {
        Py_INCREF(Py_None);
        PyList_SET_ITEM(found, i, Py_None);
        PyObject *path = PySequence_Fast(PyList_GET_ITEM(paths, i), "paths hold unit lists");
        if (!path) goto fail;
        PyObject *idx = PyLong_FromSsize_t(i);
        for (Py_ssize_t k = 0; idx && k < PySequence_Fast_GET_SIZE(path); k++)
            if (PyDict_SetItem(which, PySequence_Fast_GET_ITEM(path, k), idx) < 0) {
                Py_CLEAR(idx);
            }
        Py_DECREF(path);
        if (!idx) goto fail;
        Py_DECREF(idx);
    }
#define PUSH(x)                                                                     \
    do {                                                                            \
        if (tail == cap) {                                                          \
            PyObject **bigger = PyMem_Realloc(queue, 2 * cap * sizeof(PyObject *)); \
            if (!bigger) {                                                          \
                PyErr_NoMemory();                                                   \
                goto fail;                                                          \
            }                                                                       \
            queue = bigger;                                                         \
            cap *= 2;                                                               \
        }                                                                           \
        queue[tail++] = (x);                                                        \
    } while (0)
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(roots); k++) {
        PyObject *r = PyList_GET_ITEM(roots, k);
        PyObject *ur = PyDict_GetItemWithError(uof, r);
        if (!ur) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, r);
            goto fail;
        }
        int in = PyDict_Contains(which, ur);
        if (in < 0) goto fail;
        if (!in) continue;
        int seen = PyDict_Contains(parent, r);
        if (seen < 0) goto fail;
        if (seen) continue;
        if (PyDict_SetItem(parent, r, claim) < 0) goto fail;
        PUSH(r);
    }
    while (head < tail && left) { /* breadth first */
        PyObject *x = queue[head++];
        PyObject *ux = PyDict_GetItemWithError(uof, x);
        PyObject *wi = ux ? PyDict_GetItemWithError(which, ux) : NULL;
        if (!wi) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, ux ? ux : x);
            goto fail;
        }
        Py_ssize_t i = PyLong_AsSsize_t(wi);
        if (PyList_GET_ITEM(found, i) != Py_None) continue;
        PyObject *out = PyDict_GetItemWithError(succ, x);
        if (!out && PyErr_Occurred()) goto fail;
        Py_ssize_t n = out ? PyObject_Length(out) : 0;
        if (n < 0) goto fail;
        if (!n) {
            PyObject *chain = back_to(parent, x, claim);
            if (!chain) goto fail;
            PyList_SetItem(found, i, chain); /* steals; drops the None */
            left--;
            continue;
        }
        PyObject *fast = PySequence_Fast(out, "succ values must be sequences of item ids");
        if (!fast) goto fail;
        for (Py_ssize_t k = 0; k < n; k++) {
            PyObject *y = PySequence_Fast_GET_ITEM(fast, k);
            int seen = PyDict_Contains(parent, y);
            PyObject *uy = seen ? NULL : PyDict_GetItemWithError(uof, y);
            PyObject *wy = uy ? PyDict_GetItemWithError(which, uy) : NULL;
            if (seen < 0 || (!wy && PyErr_Occurred())) {
                Py_DECREF(fast);
                goto fail;
            }
            if (wy && PyLong_AsSsize_t(wy) == i) {
                if (PyDict_SetItem(parent, y, x) < 0) {
                    Py_DECREF(fast);
                    goto fail;
                }
                if (tail == cap) {
                    PyObject **bigger = PyMem_Realloc(queue, 2 * cap * sizeof(PyObject *));
                    if (!bigger) {
                        Py_DECREF(fast);
                        PyErr_NoMemory();
                        goto fail;
                    }
                    queue = bigger;
                    cap *= 2;
                }
                queue[tail++] = y; /* held by succ's tuple, which the index keeps */
            }
        }
        Py_DECREF(fast);
    }
#undef PUSH
    PyMem_Free(queue);
    Py_DECREF(which);
    Py_DECREF(parent);
    return found;
fail:
    PyMem_Free(queue);
    Py_XDECREF(which);
    Py_XDECREF(parent);
    Py_XDECREF(found);
    return NULL;
}

/* --- claim_names ------------------------------------------------------------------------- */

/* found[x] = names[x] for the ids of seq from index skip on, where names has x */
static int add_names(PyObject *found, PyObject *names, PyObject *seq, Py_ssize_t skip) {
    PyObject *ids = PySequence_Fast(seq, "id lists expected");
    if (!ids) return -1;
    int rc = 0;
    for (Py_ssize_t k = skip; rc == 0 && k < PySequence_Fast_GET_SIZE(ids); k++) {
        PyObject *x = PySequence_Fast_GET_ITEM(ids, k);
        int have = PyDict_Contains(found, x); /* a small dict, before the big one */
        if (have) {
            rc = have < 0 ? -1 : 0;
            continue;
        }
        PyObject *name = PyDict_GetItemWithError(names, x);
        if (name)
            rc = PyDict_SetItem(found, x, name);
        else if (PyErr_Occurred())
            rc = -1;
    }
    Py_DECREF(ids);
    return rc;
}

/* add_names for each list of lists, skipping the first id of each (a chain's claim) */
static int add_names_each(PyObject *found, PyObject *names, PyObject *lists, Py_ssize_t skip) {
    PyObject *seq = PySequence_Fast(lists, "lists of id lists expected");
    if (!seq) return -1;
    int rc = 0;
    for (Py_ssize_t k = 0; rc == 0 && k < PySequence_Fast_GET_SIZE(seq); k++)
        rc = add_names(found, names, PySequence_Fast_GET_ITEM(seq, k), skip);
    Py_DECREF(seq);
    return rc;
}

static PyObject *native_claim_names(PyObject *self, PyObject *args) {
    PyObject *names, *chains, *cut, *echo, *cycles, *con_chains;
    if (!PyArg_ParseTuple(args, "O!OOO!OO:claim_names", &PyDict_Type, &names, &chains, &cut,
                          &PyList_Type, &echo, &cycles, &con_chains))
        return NULL;
    PyObject *found = PyDict_New(), *keys = NULL, *result = NULL;
    if (!found) return NULL;
    if (add_names_each(found, names, chains, 1) < 0 || add_names(found, names, cut, 0) < 0)
        goto done;
    for (Py_ssize_t g = 0; g < PyList_GET_SIZE(echo); g++) {
        PyObject *group = PySequence_Fast(PyList_GET_ITEM(echo, g), "echo groups are pairs");
        if (!group) goto done;
        int rc = PySequence_Fast_GET_SIZE(group) == 2 ? 0 : -1;
        if (rc < 0) PyErr_SetString(PyExc_TypeError, "echo groups are (origins, sources)");
        for (Py_ssize_t k = 0; rc == 0 && k < 2; k++)
            rc = add_names(found, names, PySequence_Fast_GET_ITEM(group, k), 0);
        Py_DECREF(group);
        if (rc < 0) goto done;
    }
    if (add_names_each(found, names, cycles, 0) < 0 ||
        add_names_each(found, names, con_chains, 1) < 0)
        goto done;
    keys = PyDict_Keys(found);
    if (!keys || PyList_Sort(keys) < 0) goto done;
    result = PyDict_New();
    for (Py_ssize_t k = 0; result && k < PyList_GET_SIZE(keys); k++) {
        PyObject *x = PyList_GET_ITEM(keys, k);
        if (PyDict_SetItem(result, x, PyDict_GetItem(found, x)) < 0) Py_CLEAR(result);
    }
done:
    Py_XDECREF(keys);
    Py_DECREF(found);
    return result;
}

/* --- echo_groups ------------------------------------------------------------------------- */

typedef struct {
    unsigned long long key, mask;
    PyObject *members; /* owned list */
} Group;

/* for (-len(members), origins, members) sorting: the tuple is built in Python terms */
static PyObject *native_echo_groups(PyObject *self, PyObject *args) {
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

/* --- links and outlets -------------------------------------------------------------------- */

/* value when it is a non-empty str (Python's `value or ...`), else NULL; never an error */
static PyObject *truthy(PyObject *value) {
    if (value && PyUnicode_Check(value) && PyUnicode_GET_LENGTH(value) > 0) return value;
    if (value && !PyUnicode_Check(value) && PyObject_IsTrue(value) == 1) return value;
    return NULL;
}

/* units.public_unit(unit, None) as a new reference */
static PyObject *public_unit(PyObject *unit) {
    static const char *kinds[] = {"family", "author"};
    for (int k = 0; k < 2; k++) {
        PyObject *prefix = PyUnicode_FromFormat("%s ", kinds[k]);
        if (!prefix) return NULL;
        Py_ssize_t at = PyUnicode_Tailmatch(unit, prefix, 0, PY_SSIZE_T_MAX, -1);
        Py_DECREF(prefix);
        if (at < 0) return NULL;
        if (at) {
            PyObject *rest = PyUnicode_Substring(unit, 7, PyUnicode_GET_LENGTH(unit));
            if (!rest) return NULL;
            PyObject *out = PyUnicode_FromFormat("%s:%U", kinds[k], rest);
            Py_DECREF(rest);
            return out;
        }
    }
    return PyUnicode_FromFormat("item:%U", unit);
}

/* links.unit_name(ix, unit, item) as a new reference */
static PyObject *unit_name(PyObject *names, PyObject *unit_names, PyObject *unit,
                           PyObject *item) {
    int own = PyObject_RichCompareBool(unit, item, Py_EQ);
    if (own < 0) return NULL;
    PyObject *name;
    if (own) {
        name = truthy(PyDict_GetItemWithError(names, item));
        if (PyErr_Occurred()) return NULL;
        name = name ? name : item;
        Py_INCREF(name);
        return name;
    }
    name = truthy(PyDict_GetItemWithError(unit_names, unit));
    if (!name && !PyErr_Occurred()) name = truthy(PyDict_GetItemWithError(names, item));
    if (PyErr_Occurred()) return NULL;
    if (name) {
        Py_INCREF(name);
        return name;
    }
    return public_unit(unit);
}

static PyObject *item_unit(PyObject *uof, PyObject *x) {
    PyObject *u = PyDict_GetItemWithError(uof, x);
    if (!u && !PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, x);
    return u;
}

static PyObject *native_chain_links(PyObject *self, PyObject *args) {
    PyObject *succ, *witnesses, *names, *unit_names, *uof, *chain, *first, *cites, *quotes;
    if (!PyArg_ParseTuple(args, "O!OO!O!O!O!OOO:chain_links", &PyDict_Type, &succ, &witnesses,
                          &PyDict_Type, &names, &PyDict_Type, &unit_names, &PyDict_Type, &uof,
                          &PyList_Type, &chain, &first, &cites, &quotes))
        return NULL;
    PyObject *out = PyList_New(0);
    if (!out || PyList_Append(out, first) < 0) goto fail;
    for (Py_ssize_t k = 1; k + 1 < PyList_GET_SIZE(chain); k++) {
        PyObject *x = PyList_GET_ITEM(chain, k), *y = PyList_GET_ITEM(chain, k + 1);
        PyObject *xs = PyDict_GetItemWithError(succ, x);
        if (!xs && PyErr_Occurred()) goto fail;
        int cited = xs ? PySequence_Contains(xs, y) : 0;
        if (cited < 0) goto fail;
        if (cited) {
            int quoted = PySequence_Contains(witnesses, y);
            if (quoted < 0 || PyList_Append(out, quoted ? quotes : cites) < 0) goto fail;
            continue;
        }
        PyObject *u = item_unit(uof, x);
        PyObject *name = u ? unit_name(names, unit_names, u, x) : NULL;
        PyObject *link = name ? Py_BuildValue("{s:s,s:N}", "rel", "same_unit", "unit", name)
                              : NULL;
        if (!link) goto fail;
        int rc = PyList_Append(out, link);
        Py_DECREF(link);
        if (rc < 0) goto fail;
    }
    return out;
fail:
    Py_XDECREF(out);
    return NULL;
}

static PyObject *native_outlets_of(PyObject *self, PyObject *args) {
    PyObject *names, *unit_names, *uof, *origins;
    if (!PyArg_ParseTuple(args, "O!O!O!O!:outlets_of", &PyDict_Type, &names, &PyDict_Type,
                          &unit_names, &PyDict_Type, &uof, &PyList_Type, &origins))
        return NULL;
    PyObject *seen = PyDict_New(), *out = PyList_New(0);
    if (!seen || !out) goto fail;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(origins); k++) {
        PyObject *o = PyList_GET_ITEM(origins, k);
        PyObject *u = item_unit(uof, o);
        if (!u) goto fail;
        int have = PyDict_Contains(seen, u);
        if (have < 0) goto fail;
        if (have) continue;
        if (PyDict_SetItem(seen, u, Py_None) < 0) goto fail;
        PyObject *name = unit_name(names, unit_names, u, o);
        if (!name) goto fail;
        int rc = PyList_Append(out, name);
        Py_DECREF(name);
        if (rc < 0) goto fail;
    }
    Py_DECREF(seen);
    return out;
fail:
    Py_XDECREF(seen);
    Py_XDECREF(out);
    return NULL;
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

static PyObject *native_analyse_side(PyObject *self, PyObject *args) {
    PyObject *succ, *unit, *rank, *names, *unit_names, *witnesses, *claim, *kept;
    PyObject *first_link, *cites, *quotes;
    int max_rank, full;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!OOO!ipOOO:analyse_side", &PyDict_Type, &succ,
                          &PyDict_Type, &unit, &PyDict_Type, &rank, &PyDict_Type, &names,
                          &PyDict_Type, &unit_names, &witnesses, &claim, &PyList_Type, &kept,
                          &max_rank, &full, &first_link, &cites, &quotes))
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
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(found); k++)
        if (PyList_GET_ITEM(found, k) == Py_None) {
            result = Py_NewRef(Py_None); /* a path without a chain of citations */
            goto done;
        }
    if (PyList_Sort(found) < 0) goto done;
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
     "full, first, cites, quotes) -> (chains, unit_of, links, cut, echo, outlets) or None: "
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
