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
PyObject *native_complete_chains(PyObject *self, PyObject *args);  /* realchains.c */
PyObject *native_chain_links(PyObject *self, PyObject *args);      /* links.c */
PyObject *native_outlets_of(PyObject *self, PyObject *args);       /* links.c */
PyObject *native_echo_groups(PyObject *self, PyObject *args);      /* side.c */
PyObject *native_analyse_side(PyObject *self, PyObject *args);     /* side.c */

/* module.c */
/* room for one more item in the PyMem buffer *items of *cap items of size bytes, where
   *used of them are taken: doubled when full; -1 with a MemoryError when it cannot be */
int grow(void *items, Py_ssize_t used, Py_ssize_t *cap, size_t size);

/* links.c */
/* uof[x] (borrowed), or NULL with a KeyError naming x */
PyObject *item_unit(PyObject *uof, PyObject *x);
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

/* along.c: chains._chain_along for one unit path into *out (a new list); LEAVE where the
   Python would fail (it then raises its own error) */
int chain_along(const Local *L, PyObject *claim, const int *roots, Py_ssize_t nroots,
                PyObject *path, PyObject **out);

#endif
