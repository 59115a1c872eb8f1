/* Declarations shared by the files of the compiled kernel (see module.c). */
#ifndef PROVENANCE_NATIVE_H
#define PROVENANCE_NATIVE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* the module's functions (METH_VARARGS), one file per step */
PyObject *native_explore(PyObject *self, PyObject *args);          /* explore.c */
PyObject *native_disjoint_paths(PyObject *self, PyObject *args);   /* flow.c */
PyObject *native_cited_chains(PyObject *self, PyObject *args);     /* chains.c */
PyObject *native_claim_names(PyObject *self, PyObject *args);      /* chains.c */
PyObject *native_chain_links(PyObject *self, PyObject *args);      /* module.c */
/* room for one more item in the PyMem buffer *items of *cap items of size bytes, where
   *used of them are taken: doubled when full; -1 with a MemoryError when it cannot be */
int grow(void *items, Py_ssize_t used, Py_ssize_t *cap, size_t size);

/* links.c */
PyObject *native_outlets_of(PyObject *self, PyObject *args);       /* module.c */
/* room for one more item in the PyMem buffer *items of *cap items of size bytes, where
   *used of them are taken: doubled when full; -1 with a MemoryError when it cannot be */
int grow(void *items, Py_ssize_t used, Py_ssize_t *cap, size_t size);

/* links.c */
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

#endif
