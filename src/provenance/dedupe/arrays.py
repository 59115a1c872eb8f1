"""Array helpers of duplicate detection: grouping equal values without sorting them.

:func:`factorize` numbers the distinct values of a large integer array in linear time (a
few rounds of vectorised hashing), where ``np.unique(..., return_inverse=True)`` sorts;
:func:`lookup` finds rows of a sorted table by value. Plain numpy, no state.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

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


def unique_sorted(x: I64) -> I64:
    """Sorted unique values (sort-based: faster than ``np.unique`` on large int arrays)."""
    if len(x) == 0:
        return x.astype(np.int64)
    y = np.sort(x, kind="stable")
    keep = np.empty(len(y), dtype=bool)
    keep[0] = True
    np.not_equal(y[1:], y[:-1], out=keep[1:])
    result: I64 = y[keep]
    return result


def unique_inverse(x: I64) -> tuple[I64, I64]:
    """Sorted unique values and, per element, the index of its value among them."""
    order = np.argsort(x, kind="stable")
    y = x[order]
    start = np.empty(len(y), dtype=bool)
    if len(y):
        start[0] = True
        np.not_equal(y[1:], y[:-1], out=start[1:])
    group = np.cumsum(start) - 1
    inverse = np.empty(len(x), dtype=np.int64)
    inverse[order] = group
    return y[start], inverse


def window_self_join(
    keys: I64, incident: I64, start: I64, end: I64, tolerance: int
) -> tuple[I64, I64]:
    """Row pairs ``(i, j)`` (indices into the rows) with equal key and compatible dates.

    ``start``/``end`` are per row (day ordinals). Each unordered pair of rows appears once;
    rows of the same incident are not paired with each other.
    """
    if len(keys) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    _, rank = factorize(keys)  # any numbering groups the rows: no need to sort the keys
    base = int(start.min()) - tolerance - 1
    span = int(end.max()) + 2 * tolerance + 2 - base
    composite = rank * span + (start - base)
    order = np.argsort(composite)
    sorted_comp = composite[order]
    limit = rank[order] * span + (end[order] + tolerance - base)
    hi = np.searchsorted(sorted_comp, limit, side="right")
    pos = np.arange(len(order), dtype=np.int64)
    counts = np.maximum(hi - pos - 1, 0)
    total = int(counts.sum())
    if total == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    left = np.repeat(pos, counts)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    right = left + 1 + offsets
    i, j = order[left], order[right]
    keep = incident[i] != incident[j]
    return i[keep], j[keep]


def pair_codes(a: I64, b: I64, n: int) -> I64:
    """Unique sorted codes ``min * n + max`` of incident pairs.

    Examples
    --------
    >>> pair_codes(np.array([2, 0, 1]), np.array([0, 2, 2]), 3).tolist()
    [2, 5]
    """
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return unique_sorted(lo * n + hi)


def window_cross_join(
    key_a: I64, start_a: I64, end_a: I64, key_b: I64, start_b: I64, end_b: I64, tolerance: int
) -> tuple[I64, I64]:
    """Row pairs ``(i, j)``, ``i`` a row of the first set and ``j`` of the second, with equal
    key and compatible dates (gap ``max(start) - min(end)`` at most ``tolerance``).

    Each compatible pair is found once: those with ``start_a[i] <= start_b[j]`` by searching
    the second set (sorted by key and start) for starts in ``[start_a[i], end_a[i] +
    tolerance]``, the others the other way round (starts after ``start_b[j]``).

    Examples
    --------
    >>> day = np.array([10, 12, 20])
    >>> [x.tolist() for x in window_cross_join(
    ...     np.array([1, 1]), day[:2], day[:2], np.array([1, 1]), day[1:], day[1:], 2)]
    [[0, 1], [0, 0]]
    """
    i1, j1 = _forward(key_a, start_a, end_a, key_b, start_b, tolerance, strict=False)
    j2, i2 = _forward(key_b, start_b, end_b, key_a, start_a, tolerance, strict=True)
    return np.concatenate([i1, i2]), np.concatenate([j1, j2])


def _forward(
    key_a: I64, start_a: I64, end_a: I64, key_b: I64, start_b: I64, tolerance: int, *, strict: bool
) -> tuple[I64, I64]:
    """Pairs ``(i, j)`` with equal key and ``start_a[i] (<|<=) start_b[j] <= end_a[i] + tolerance``."""
    empty = np.empty(0, dtype=np.int64)
    if len(key_a) == 0 or len(key_b) == 0:
        return empty, empty
    _, rank = factorize(np.concatenate([key_a, key_b]))
    rank_a, rank_b = rank[: len(key_a)], rank[len(key_a) :]
    base = int(min(start_a.min(), start_b.min())) - 1
    span = int(max(end_a.max(), start_b.max())) + tolerance + 2 - base
    comp_b = rank_b * span + (start_b - base)
    order = np.argsort(comp_b)
    sorted_b = comp_b[order]
    comp_a = rank_a * span + (start_a - base)
    by_a = np.argsort(comp_a)  # sorted needles: each search starts where the last ended
    lo = np.searchsorted(sorted_b, comp_a[by_a], side="right" if strict else "left")
    limit = rank_a[by_a] * span + (end_a[by_a] + tolerance - base)
    hi = np.searchsorted(sorted_b, limit, side="right")
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    if total == 0:
        return empty, empty
    left = np.repeat(by_a, counts)
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return left, order[np.repeat(lo, counts) + within]


def shared_keys(
    keys: I64, incident: I64, a: I64, b: I64, n: int, weight: F64 | None = None
) -> tuple[F64, I64]:
    """Per pair ``(a[k], b[k])``: the summed ``weight`` of the keys both incidents hold, and
    how many they are.

    Rows ``(keys[r], incident[r])`` say which incident holds which key (each at most once);
    ``weight`` is per row (1 when not given). Vectorised: the keys of the incident with
    fewer keys are looked up among the other's.

    Examples
    --------
    Incident 0 holds keys 5 and 6, incident 1 key 6, incident 2 key 5:

    >>> keys, incident = np.array([5, 6, 6, 5]), np.array([0, 0, 1, 2])
    >>> sums, counts = shared_keys(keys, incident, np.array([0, 1]), np.array([1, 2]), 3)
    >>> counts.tolist()
    [1, 0]
    """
    m = len(a)
    if len(keys) == 0 or m == 0:
        return np.zeros(m, dtype=np.float64), np.zeros(m, dtype=np.int64)
    w = np.ones(len(keys)) if weight is None else weight
    width = int(keys.max()) + 1
    codes = incident * width + keys
    order = np.argsort(codes, kind="stable")
    table, key_at, w_at = codes[order], keys[order], w[order]
    held = np.bincount(incident, minlength=n)
    first_row = np.cumsum(held) - held
    swap = held[a] > held[b]
    x, y = np.where(swap, b, a), np.where(swap, a, b)
    per = held[x]
    pair = np.repeat(np.arange(m), per)
    row = np.repeat(first_row[x], per) + (
        np.arange(int(per.sum())) - np.repeat(np.cumsum(per) - per, per)
    )
    probe = y[pair] * width + key_at[row]
    pos = np.minimum(np.searchsorted(table, probe), len(table) - 1)
    hit = table[pos] == probe
    sums: F64 = np.bincount(pair[hit], weights=w_at[row][hit], minlength=m).astype(np.float64)
    counts: I64 = np.bincount(pair[hit], minlength=m).astype(np.int64)
    return sums, counts
