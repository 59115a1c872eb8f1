/* The items of a side's walk (numbered.c) numbered again in the order of their ids, and its
 * units in the order of their keys, for side.c's analyse_side: a Local (native.h), on which
 * every later step runs in the order the Python visits.
 *
 * Both orders are str order, as list.sort's. Where every key is one byte per character
 * (ids and unit keys nearly always are), that is the order of their bytes, so each key is
 * first compared by the 16 bytes after the prefix all of them share, as two integers, and
 * only where those are equal by the rest of its bytes. */

#include "native.h"

typedef struct {
    uint64_t pre[2];     /* 16 of its bytes past the keys' common prefix, big-endian, 0s past
                            its end (keyed_sort); 0 where a key is not one byte per character */
    PyObject *key;       /* an exact str */
    const Py_UCS1 *rest; /* its bytes past those (one byte per character), else NULL */
    Py_ssize_t nrest;    /* how many (<= 0: none) */
    int d;               /* its walk number */
} Keyed;

/* the order of Keyed: by key (str order, as list.sort), then walk number. Where keys are
   one byte per character, str order is the order of their bytes, and two keys of equal
   pre agree up to their rest: then the first rest byte that differs decides, else length */
static inline int compare_keyed(const Keyed *a, const Keyed *b) {
    if (a->pre[0] != b->pre[0]) return a->pre[0] < b->pre[0] ? -1 : 1;
    if (a->pre[1] != b->pre[1]) return a->pre[1] < b->pre[1] ? -1 : 1;
    int c;
    if (a->key == b->key) {
        c = 0;
    } else if (!a->rest || !b->rest) {
        c = PyUnicode_Compare(a->key, b->key);
    } else {
        Py_ssize_t m = a->nrest < b->nrest ? a->nrest : b->nrest;
        c = m > 0 ? memcmp(a->rest, b->rest, (size_t)m) : 0;
        if (!c) c = (a->nrest > b->nrest) - (a->nrest < b->nrest);
    }
    return c ? c : (a->d > b->d) - (a->d < b->d);
}

/* two Keyed of equal keys */
static inline int same_key(const Keyed *a, const Keyed *b) {
    if (a->key == b->key) return 1;
    if (a->pre[0] != b->pre[0] || a->pre[1] != b->pre[1]) return 0;
    if (!a->rest || !b->rest) return PyUnicode_Compare(a->key, b->key) == 0;
    return a->nrest == b->nrest &&
           (a->nrest <= 0 || !memcmp(a->rest, b->rest, (size_t)a->nrest));
}

static int qsort_keyed(const void *a, const void *b) { return compare_keyed(a, b); }

/* sort n Keyed (keys set) as compare_keyed. Where every key is one byte per character (str
   order is then byte order), pre holds the 16 bytes after the prefix all keys share (0 past
   the end), so most comparisons are of integers: pre orders two keys whenever it differs */
static void keyed_sort(Keyed *k, Py_ssize_t n) {
    int bytes = 1;
    for (Py_ssize_t i = 0; bytes && i < n; i++)
        bytes = PyUnicode_KIND(k[i].key) == PyUnicode_1BYTE_KIND;
    Py_ssize_t common = 0;
    if (bytes && n) {
        const Py_UCS1 *first = PyUnicode_1BYTE_DATA(k[0].key);
        common = PyUnicode_GET_LENGTH(k[0].key);
        for (Py_ssize_t i = 1; i < n; i++) {
            const Py_UCS1 *data = PyUnicode_1BYTE_DATA(k[i].key);
            Py_ssize_t len = PyUnicode_GET_LENGTH(k[i].key), c = 0;
            if (len < common) common = len;
            while (c < common && data[c] == first[c]) c++;
            common = c;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t pre[2] = {0, 0};
        k[i].rest = NULL;
        if (bytes) {
            const Py_UCS1 *data = PyUnicode_1BYTE_DATA(k[i].key);
            Py_ssize_t len = PyUnicode_GET_LENGTH(k[i].key);
            for (Py_ssize_t b = 0; b < 16; b++)
                pre[b / 8] = pre[b / 8] << 8 | (common + b < len ? data[common + b] : 0);
            k[i].rest = data + (len < common + 16 ? len : common + 16); /* not read past len */
            k[i].nrest = len - common - 16;
        }
        k[i].pre[0] = pre[0];
        k[i].pre[1] = pre[1];
    }
    if (n > 32) {
        qsort(k, (size_t)n, sizeof(Keyed), qsort_keyed);
        return;
    }
    for (Py_ssize_t i = 1; i < n; i++) { /* insertion sort: stable, and few elements */
        Keyed x = k[i];
        Py_ssize_t j = i;
        while (j > 0 && compare_keyed(&k[j - 1], &x) > 0) {
            k[j] = k[j - 1];
            j--;
        }
        k[j] = x;
    }
}

int number_walk(const Walk *W, Local *L, int *perm, PyObject **ukeys) {
    Py_ssize_t n = W->n;
    memset(L, 0, sizeof *L);
    L->n = n;
    for (Py_ssize_t d = 0; d < n; d++)
        if (!PyUnicode_CheckExact(W->id[d]) || !PyUnicode_CheckExact(W->ukey[d]))
            return LEAVE; /* ids and unit keys are str; anything else to the definition */
    Keyed *keyed = PyMem_Malloc((size_t)(n + 1) * sizeof(Keyed));
    int *unit_of = PyMem_Malloc((size_t)(n + 1) * sizeof(int));
    PyObject *keys = PyList_New(0);
    L->items = PyList_New(n);
    L->unit = PyMem_Malloc((size_t)(n + 1) * sizeof(int));
    L->off = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    L->adj = PyMem_Malloc((size_t)(W->nadj + 1) * sizeof(int));
    L->scratch = PyMem_Malloc((size_t)(3 * n + 3) * sizeof(int));
    if (!keyed || !unit_of || !L->unit || !L->off || !L->adj || !L->scratch) {
        PyErr_NoMemory();
        goto fail;
    }
    if (!keys || !L->items) goto fail;
    /* units: the walk's unit keys in order, equal keys one number */
    for (Py_ssize_t d = 0; d < n; d++) keyed[d] = (Keyed){{0, 0}, W->ukey[d], NULL, 0, (int)d};
    keyed_sort(keyed, n);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t last = PyList_GET_SIZE(keys) - 1;
        if (!k || !same_key(&keyed[k - 1], &keyed[k])) {
            if (PyList_Append(keys, keyed[k].key) < 0) goto fail;
            last++;
        }
        unit_of[keyed[k].d] = (int)last;
    }
    L->nu = PyList_GET_SIZE(keys);
    /* items: by id */
    for (Py_ssize_t d = 0; d < n; d++) keyed[d] = (Keyed){{0, 0}, W->id[d], NULL, 0, (int)d};
    keyed_sort(keyed, n);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyList_SET_ITEM(L->items, k, Py_NewRef(keyed[k].key));
        perm[keyed[k].d] = (int)k;
    }
    Py_ssize_t used = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        int d = keyed[k].d;
        L->unit[k] = unit_of[d];
        L->off[k] = used;
        for (Py_ssize_t e = W->off[d]; e < W->off[d] + OUTLEN(W, d); e++)
            L->adj[used++] = W->adj[e] < 0 ? CLAIM : perm[W->adj[e]];
    }
    L->off[n] = used;
    PyMem_Free(keyed);
    PyMem_Free(unit_of);
    *ukeys = keys;
    return DONE;
fail:
    PyMem_Free(keyed);
    PyMem_Free(unit_of);
    Py_XDECREF(keys);
    return FAILED;
}

