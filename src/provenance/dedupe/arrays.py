"""Array helpers of duplicate detection: grouping equal values without sorting them.

:func:`factorize` numbers the distinct values of a large integer array in linear time (a
few rounds of vectorised hashing), where ``np.unique(..., return_inverse=True)`` sorts;
:func:`lookup` finds rows of a sorted table by value. Plain numpy, no state.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]

#: Odd 64-bit multipliers of the hash rounds (Fibonacci hashing and its relatives).
_MULTIPLIERS = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
)


#: log2 of the first round's largest table (8 MB: cache-friendly); each round may double it.
_TABLE_BITS = 20


def factorize(values: I64) -> tuple[I64, I64]:
    """The distinct values of ``values`` (non-negative ints, in no particular order) and,
    per element, the index of its value among them: ``uniques[inverse] == values``.

    Each round hashes the pending values into a table, one value per slot: every element
    equal to a slot's value is resolved, the others wait for the next round (with another
    hash, in a table sized to what is left, small enough to stay in cache and doubling each
    round). Linear time when the distinct values are fewer than the table, no sort.

    Examples
    --------
    >>> uniques, inverse = factorize(np.array([7, 3, 7, 9, 3]))
    >>> uniques[inverse].tolist(), sorted(uniques.tolist())
    ([7, 3, 7, 9, 3], [3, 7, 9])
    """
    m = len(values)
    inverse = np.empty(m, dtype=np.int64)
    found: list[I64] = []
    pending = np.arange(m, dtype=np.int64)
    offset, turn = 0, 0
    while len(pending):
        vals = values[pending]
        bits = max(4, min(int(len(vals) - 1).bit_length(), _TABLE_BITS + turn))
        mult = np.uint64(_MULTIPLIERS[turn % len(_MULTIPLIERS)])
        slot = ((vals.astype(np.uint64) * mult) >> np.uint64(64 - bits)).astype(np.intp)
        table = np.full(1 << bits, -1, dtype=np.int64)
        table[slot] = vals
        won = table[slot] == vals
        used = table >= 0
        ids = np.cumsum(used) - 1 + offset
        inverse[pending[won]] = ids[slot[won]]
        found.append(table[used])
        offset += int(used.sum())
        pending = pending[~won]
        turn += 1
    uniques = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    return uniques, inverse


def lookup(table: I64, queries: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
    """Per query, its row in ``table`` (sorted, distinct values) and whether it is there.

    Searches the queries for the table's rows when the queries are sorted and outnumber
    the table (a merge-like pass), else the table for the queries.

    Examples
    --------
    >>> row, hit = lookup(np.array([2, 5, 9]), np.array([5, 1, 9, 9]))
    >>> row[hit].tolist(), hit.tolist()
    ([1, 2, 2], [True, False, True, True])
    """
    m = len(queries)
    if len(table) == 0:
        return np.zeros(m, dtype=np.int64), np.zeros(m, dtype=bool)
    if m > len(table) and (m < 2 or bool(np.all(queries[1:] > queries[:-1]))):
        row = np.full(m, -1, dtype=np.int64)
        pos = np.searchsorted(queries, table)
        inside = pos < m
        match = np.zeros(len(table), dtype=bool)
        match[inside] = queries[pos[inside]] == table[inside]
        row[pos[match]] = np.nonzero(match)[0]
        hit = row >= 0
        return np.where(hit, row, 0), hit
    pos = np.minimum(np.searchsorted(table, queries), len(table) - 1)
    return pos.astype(np.int64), table[pos] == queries
