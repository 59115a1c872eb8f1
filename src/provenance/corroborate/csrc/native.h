/* Declarations shared by the files of the compiled kernel (see module.c). */
#ifndef PROVENANCE_NATIVE_H
#define PROVENANCE_NATIVE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* the module's functions (METH_VARARGS), one file per step */
PyObject *native_explore(PyObject *self, PyObject *args);          /* explore.c */
PyObject *native_disjoint_paths(PyObject *self, PyObject *args);   /* flow.c */
PyObject *native_cited_chains(PyObject *self, PyObject *args);     /* chains.c */
PyObject *native_claim_names(PyObject *self, PyObject *args);      /* chains.c */
PyObject *native_complete_chains(PyObject *self, PyObject *args);  /* local.c */
PyObject *native_chain_links(PyObject *self, PyObject *args);      /* links.c */
PyObject *native_outlets_of(PyObject *self, PyObject *args);       /* links.c */
PyObject *native_echo_groups(PyObject *self, PyObject *args);      /* echo.c */
PyObject *native_analyse_side(PyObject *self, PyObject *args);     /* side.c */

/* module.c */
/* room for one more item in the PyMem buffer *items of *cap items of size bytes, where
   *used of them are taken: doubled when full; -1 with a MemoryError when it cannot be */
int grow(void *items, Py_ssize_t used, Py_ssize_t *cap, size_t size);
/* a[0:n] sorted ascending */
void sort_ints(int *a, Py_ssize_t n);
void sort_longs(int64_t *a, Py_ssize_t n);

/* d[x] (borrowed), or NULL with a KeyError naming x (as d[x] in Python) */
PyObject *dict_item(PyObject *d, PyObject *x);

/* links.c */
/* links.unit_name(ix, unit, item) as a new reference */
PyObject *unit_name(PyObject *names, PyObject *unit_names, PyObject *unit, PyObject *item);

/* local.c: the items a side reached, numbered (realchains.c, along.c) */
enum { LEAVE = 0, DONE = 1, FAILED = -1 }; /* LEAVE: to the definition; FAILED: an error is set */
#define UNSET (-2)                         /* no parent yet */
#define CLAIM (-1)                         /* the parent of a root; a successor not reached */

typedef struct {
    Py_ssize_t n, nu;
    PyObject *items; /* the items reached, sorted (new reference) */
    PyObject *pos;   /* item -> number (new reference) */
    PyObject *upos;  /* unit key -> number (new reference) */
    int *unit;       /* per item, its unit's number */
    Py_ssize_t *off; /* per item, where its successors start in adj (n + 1) */
    int *adj;        /* every successor in succ's order, CLAIM where it was not reached */
    int *scratch;    /* 3 n ints for the searches */
} Local;

#define DEG(L, x) ((L)->off[(x) + 1] - (L)->off[x]) /* its successors, reached or not */
#define BIT(L, x) (1ULL << (L)->unit[x])            /* its unit as a bit */

/* number the items of uof (LEAVE: more than 64 units, or the claim is one of them) */
int local_build(Local *L, PyObject *succ, PyObject *uof, PyObject *claim);
void local_free(Local *L);
/* the number of x (an item reached), or -1 without an error when it was not reached */
int number_of(PyObject *pos, PyObject *x);
/* [claim, *items] as a new list of ids */
PyObject *id_chain(const Local *L, PyObject *claim, const int *items, Py_ssize_t len);
/* the numbers of a list of ids (without its first, the claim), or NULL with an error */
int *numbers_of(const Local *L, PyObject *chain, Py_ssize_t *len);

/* a chain of citations from the claim, by number */
typedef struct {
    int *items; /* without the claim; NULL: none */
    Py_ssize_t len;
} Chain;
/* the order of two lists of numbers (as of their lists of ids): -1, 0, 1 */
int compare_ints(const int *a, Py_ssize_t na, const int *b, Py_ssize_t nb);
/* qsort order of Chains: as their lists of ids */
int compare_chains(const void *pa, const void *pb);

/* free the items of n chains (local.c) */
void chains_free(Chain *chains, Py_ssize_t n);
/* chains sorted (as their lists of ids) and as a new list of [claim, *ids] lists (local.c) */
PyObject *sorted_chains(const Local *L, PyObject *claim, Chain *chains, Py_ssize_t n);

/* realchains.c: chains.python_complete_chains on L. found: per flow path its chain (items
   NULL where it has none), completed in place (in no order; the caller sorts); path i's
   units are units[unit_off[i] : unit_off[i + 1]]. LEAVE (found as it was) where the
   definition is to run */
int complete_local(const Local *L, const int *rootn, Py_ssize_t nroots, Chain *found,
                   Py_ssize_t npaths, const int *units, const Py_ssize_t *unit_off,
                   long budget);

/* along.c: chains._chain_along for one path of np units into *out; LEAVE where the Python
   would fail (it then raises its own error) */
int chain_along(const Local *L, const int *roots, Py_ssize_t nroots, const int *units,
                Py_ssize_t np, Chain *out);

/* unitflow.c: the contracted graph of a side, units numbered in the order of their keys */
typedef struct {
    int nu;
    const int *first; /* the first units, ascending, once each */
    Py_ssize_t nfirst;
    const Py_ssize_t *off; /* unit -> where its successor units start in adj (nu + 1) */
    const int *adj;        /* successor units, ascending, once each, never the unit itself */
    const char *sink;      /* 1 for a unit holding an origin */
} UnitGraph;

/* flow.python_disjoint_paths on g: next_unit[u] the unit after u on its path (nu + 1: the
   sink), starts the paths' first units (ascending, *nstarts of them), cut[u] 1 for the units
   of the cut; -1 with a MemoryError */
int unit_flow(const UnitGraph *g, int *next_unit, int *starts, Py_ssize_t *nstarts, char *cut);

/* numbered.c: one side's walk (analysis.python_explore), its items numbered as met */
typedef struct {
    Py_ssize_t n, cap;
    PyObject **id;   /* borrowed: held by the index or the roots */
    PyObject **ukey; /* borrowed: its unit key (the index's, or the id) */
    PyObject **out;  /* owned: PySequence_Fast of its successors, or NULL */
    Py_ssize_t *off; /* where its successors start in adj */
    Py_ssize_t *deg; /* how many successors it has (reached or not) */
    uint64_t *mask;  /* the origins it reaches, once finished (origin i: bit i, i < 64) */
    char *done;      /* finished */
    int *order;      /* post-order */
    int *origins;    /* in the order met */
    Py_ssize_t norder, norigins, nadj, adjcap;
    int *adj;         /* successors by number, -1 where not reached */
    struct Seen *seen; /* id -> number: open addressing, nslots a power of two */
    Py_ssize_t nslots;
    int has_cycle;
} Walk;
#define OUTLEN(W, d) ((W)->deg[d])

int walk_init(Walk *W);
void walk_free(Walk *W);
/* the walk number of x, -1 where it was not reached, or -2 with an error (unhashable);
   its hash into *hash unless NULL (what numbering it then takes) */
int walk_number(const Walk *W, PyObject *x, Py_hash_t *hash);
/* analysis.python_explore from roots (their walk numbers into rootd); -1 on error */
int walk_side(Walk *W, PyObject *succ, PyObject *unit, PyObject *rank, PyObject *roots,
              int max_rank, int *rootd);
/* ordered.c: the walk's items renumbered by id and units by key into L (L->pos and
   L->upos, which only local_build fills, left NULL); perm: walk number -> number; ukeys:
   the unit keys in order (new reference); LEAVE where an id or unit key is not a str */
int number_walk(const Walk *W, Local *L, int *perm, PyObject **ukeys);

/* chains.python_cited_chains on the flow's paths (path i: its units have which[u] == i) */
int cited(const Local *L, const int *rootn, Py_ssize_t nroots, const int *which,
          Py_ssize_t npaths, Chain *found);
/* links.python_chain_links of one chain */
PyObject *links_of(const Local *L, PyObject *ukeys, const Chain *c, PyObject *witnesses,
                   PyObject *names, PyObject *unit_names, PyObject *first, PyObject *cites,
                   PyObject *quotes);

/* cycles.c: cycles.find_cycles on L into *out (a new list of cycles of ids); LEAVE where
   the definition would ask networkx (more than max_cycles, or past budget edges) */
int side_cycles(const Local *L, long max_cycles, long budget, PyObject **out);
/* analysis.masks_with_cycles: per root (numbers rootn), the OR of origin_bit over the items
   it reaches, into mask; -1 with a MemoryError */
int masks_with_cycles(const Local *L, const int *rootn, Py_ssize_t nroots,
                      const uint64_t *origin_bit, uint64_t *mask);

#endif
