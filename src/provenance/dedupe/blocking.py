"""Candidate pairs by blocking, vectorised with numpy (no Python loop over pairs).

A pair of incidents is a candidate when its date windows are compatible — gap
``max(start) - min(end)`` at most ``date_tolerance`` days — and any of
(:func:`candidate_codes`):

1. *place*: both have coordinates and lie within ``max(radius_a, radius_b)`` km, the radius
   widening with the location precision (:data:`provenance.dedupe.records.RADIUS_KM`);
2. *name*: they share a name key (consonant skeleton of a significant word of a name or
   variant, :func:`provenance.dedupe.names.name_keys`);
3. *admin*: one lacks coordinates and one's admin path (largest area first) is a prefix of
   the other's;
4. *evidence*: they share an upstream source, statement or witness that supports at most
   ``max_source_incidents`` incidents, with a gap of at most ``source_date_tolerance`` days.

Every rule is a *join on a key within a date window*
(:func:`~provenance.dedupe.arrays.window_self_join`, or
:func:`~provenance.dedupe.arrays.window_cross_join` between two sets of rows when only pairs
across them can qualify): rows ``(key, incident, start, end)`` are sorted by key and start
date, and each row is paired with the rows after it that have the same key and start no
later than its end plus the tolerance (one ``searchsorted``). Two date windows ``[s1, e1]`` and ``[s2, e2]`` are compatible when their
gap ``max(s1, s2) - min(e1, e2)`` is at most the tolerance; for ``s1 <= s2`` that is exactly
``s2 <= e1 + tolerance``, so the join finds every such pair with the key and no other.

Pairs are returned as ``int64`` codes ``a * n + b`` with ``a < b`` (incident indices).
The evidence rule's join also gives what scoring needs of the shared evidence
(:class:`SharedEvidence`), so it is made once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from provenance.dedupe.arrays import (
    lookup,
    pair_codes,
    unique_sorted,
    window_cross_join,
    window_self_join,
)
from provenance.dedupe.names import name_keys, normalise
from provenance.dedupe.records import F64, I64, Columns, Config, IncidentRecord

EARTH_RADIUS_KM = 6371.0088


def key_rule(keys: I64, incident: I64, start: I64, end: I64, tolerance: int, n: int) -> I64:
    """Pairs of incidents that share a key (rows ``keys[k]`` of ``incident[k]``) within the window.

    ``start``/``end`` are per incident (day ordinals).

    Examples
    --------
    Incidents 0, 1 and 2 hold key 7; 0 and 1 are two days apart, 2 is ten days later:

    >>> keys, incident = np.array([7, 7, 7]), np.array([0, 1, 2])
    >>> start = end = np.array([100, 102, 112])
    >>> [divmod(c, 3) for c in key_rule(keys, incident, start, end, 3, 3).tolist()]
    [(0, 1)]
    """
    i, j = window_self_join(keys, incident, start[incident], end[incident], tolerance)
    return pair_codes(incident[i], incident[j], n)


def cells(lat: F64, lon: F64, size_km: float) -> tuple[I64, I64]:
    """Grid cells of at least ``size_km`` on each side, over all the points given.

    Cell height is ``size_km`` of latitude; cell width is ``size_km`` of longitude at the
    most poleward latitude given (plus 5%), so two points within ``size_km`` are never
    more than one cell apart in either direction. Longitude is not wrapped at ±180°.
    """
    km_per_deg = EARTH_RADIUS_KM * np.pi / 180.0
    lat_max = min(float(np.max(np.abs(lat))) + 1.0, 89.0)
    height = size_km / km_per_deg * 1.05
    width = size_km / (km_per_deg * np.cos(np.radians(lat_max))) * 1.05
    return np.floor(lon / width).astype(np.int64), np.floor(lat / height).astype(np.int64)


def haversine_km(lat1: F64, lon1: F64, lat2: F64, lon2: F64) -> F64:
    """Great-circle distance in km (NaN where a coordinate is NaN)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    result: F64 = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return result


def geo_rule(lat: F64, lon: F64, radius: F64, start: I64, end: I64, tolerance: int) -> I64:
    """Pairs with coordinates within ``max(radius_a, radius_b)`` km and compatible dates.

    One pass per distinct radius ``r``: a grid of ``r`` km cells (:func:`cells`). A pair
    whose larger radius is ``r`` and whose distance is at most ``r`` lies in one cell or
    two adjacent ones, so it is found by joining, within the date window, the incidents of
    radius ``r`` among themselves in their cell, with the finer ones (radius < ``r``) of
    their cell, and — placed in each of the 8 cells around their own — with every incident
    of radius at most ``r`` there. Pairs found are checked with the exact distance.
    """
    n = len(lat)
    idx = np.nonzero(~(np.isnan(lat) | np.isnan(lon)))[0].astype(np.int64)
    if len(idx) < 2:
        return np.empty(0, dtype=np.int64)
    rad = radius[idx]
    found: list[I64] = []
    for r in np.unique(rad):
        cx, cy = cells(lat[idx], lon[idx], float(r))
        level = idx[rad == r]
        home = idx[rad <= r]
        finer = idx[rad < r]
        key = np.full(n, -1, dtype=np.int64)
        key[idx] = cell_key(cx, cy)
        around = [cell_key(cx[rad == r] + dx, cy[rad == r] + dy) for dx, dy in NEIGHBOURS]
        ring_key = np.concatenate(around)
        ring = np.tile(level, len(NEIGHBOURS))
        i, j = window_self_join(key[level], level, start[level], end[level], tolerance)
        a, b = [level[i]], [level[j]]
        for xs, ys, xkey in ((level, finer, key[level]), (ring, home, ring_key)):
            i, j = window_cross_join(
                xkey, start[xs], end[xs], key[ys], start[ys], end[ys], tolerance
            )
            a.append(xs[i])
            b.append(ys[j])
        pa, pb = np.concatenate(a), np.concatenate(b)
        dist = haversine_km(lat[pa], lon[pa], lat[pb], lon[pb])
        ok = dist <= np.maximum(radius[pa], radius[pb])
        found.append(pair_codes(pa[ok], pb[ok], n))
    return unique_sorted(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)


#: The 8 cells around a cell, as offsets.
NEIGHBOURS = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy]


def cell_key(cx: I64, cy: I64) -> I64:
    """One integer per grid cell ``(cx, cy)``."""
    key: I64 = (cx << 32) ^ (cy & 0xFFFFFFFF)
    return key


# --- rules over incident records -----------------------------------------------------------


def key_rows(groups: Iterable[tuple[int, Iterable[str]]]) -> tuple[I64, I64, list[str]]:
    """Rows ``(key id, incident)`` from ``(incident, keys)`` groups, and the key strings.

    Examples
    --------
    >>> key_rows([(0, ["msl"]), (1, ["msl", "rqa"])])
    (array([0, 0, 1]), array([0, 1, 1]), ['msl', 'rqa'])
    """
    ids: dict[str, int] = {}
    keys: list[int] = []
    inc: list[int] = []
    for i, ks in groups:
        for k in ks:
            keys.append(ids.setdefault(k, len(ids)))
            inc.append(i)
    return np.array(keys, dtype=np.int64), np.array(inc, dtype=np.int64), list(ids)


def expand(set_id: I64, keysets: Sequence[Sequence[int]]) -> tuple[I64, I64]:
    """Rows ``(key, incident)``: incident ``i`` holds the keys ``keysets[set_id[i]]``.

    Examples
    --------
    >>> [x.tolist() for x in expand(np.array([1, 0, 1]), [[], [4, 5]])]
    [[4, 5, 4, 5], [0, 0, 2, 2]]
    """
    sizes = np.array([len(k) for k in keysets], dtype=np.int64)
    flat = np.array([k for ks in keysets for k in ks], dtype=np.int64)
    per = sizes[set_id]
    total = int(per.sum())
    incident = np.repeat(np.arange(len(set_id), dtype=np.int64), per)
    first = (np.cumsum(sizes) - sizes)[set_id]
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per) - per, per)
    return flat[np.repeat(first, per) + within], incident


def numbered(keysets: Iterable[Iterable[str]]) -> list[list[int]]:
    """Each set of strings as a list of integer ids (one id per distinct string)."""
    ids: dict[str, int] = {}
    return [[ids.setdefault(k, len(ids)) for k in ks] for ks in keysets]


def evidence_rows(cols: Columns, config: Config) -> tuple[I64, I64, F64]:
    """Rows ``(evidence id, incident, weight)`` of the evidence blocking and scoring use.

    An item supporting more than ``config.max_source_incidents`` incidents is left out (a
    hub account links everything); the others weigh ``2 / incidents it supports``.
    """
    keys, inc = cols.evidence_key, cols.evidence_incident
    degree = np.bincount(keys, minlength=int(keys.max()) + 1 if len(keys) else 0)
    usable = degree[keys] <= config.max_source_incidents
    keys, inc = keys[usable], inc[usable]
    weight: F64 = 2.0 / degree[keys].astype(np.float64)
    return keys, inc, weight


@dataclass(frozen=True)
class SharedEvidence:
    """Every pair of incidents sharing usable evidence within ``source_date_tolerance``:
    sorted distinct pair codes ``a * n + b``, the summed weight of the shared items (added
    in the order of their ids) and how many they are."""

    codes: I64
    weight: F64
    count: I64

    @classmethod
    def of(cls, cols: Columns, config: Config) -> SharedEvidence:
        """The shared evidence of the incidents of ``cols`` (:func:`evidence_rows`)."""
        keys, inc, weight = evidence_rows(cols, config)
        n = len(cols.start)
        start, end = cols.start[inc], cols.end[inc]
        i, j = window_self_join(keys, inc, start, end, config.source_date_tolerance)
        codes = np.minimum(inc[i], inc[j]) * n + np.maximum(inc[i], inc[j])
        order = np.lexsort((keys[i], codes))
        codes, w = codes[order], weight[i][order]
        first = np.ones(len(codes), dtype=bool)
        np.not_equal(codes[1:], codes[:-1], out=first[1:])
        group = np.cumsum(first) - 1
        sums: F64 = np.bincount(group, weights=w).astype(np.float64) if len(w) else w
        return cls(codes[first], sums, np.bincount(group).astype(np.int64))

    def of_pairs(self, a: I64, b: I64, n: int) -> tuple[F64, I64]:
        """The summed weight and count of the evidence pairs ``(a[k], b[k])`` of ``n``
        incidents share (0 for a pair not in the table)."""
        row, hit = lookup(self.codes, np.minimum(a, b) * n + np.maximum(a, b))
        if not len(self.codes):
            return np.zeros(len(a)), np.zeros(len(a), dtype=np.int64)
        return np.where(hit, self.weight[row], 0.0), np.where(hit, self.count[row], 0)


def admin_prefix_pairs(records: Sequence[IncidentRecord], cols: Columns, config: Config) -> I64:
    """Rule 3: one without coordinates, one's admin path a prefix of the other's."""
    n = len(records)
    admin_ids: dict[tuple[str, ...], int] = {}
    admin_id = np.fromiter(
        (admin_ids.setdefault(r.admin, len(admin_ids)) for r in records), np.int64, n
    )
    paths = [tuple(normalise(x) for x in a) for a in admin_ids]
    full = {"/".join(p) for p in paths if p}
    # per distinct admin path: its full path, then the prefixes that are someone's full path
    strings = [
        ["/".join(p) for _ in p[:1]]
        + [prefix for k in range(1, len(p)) if (prefix := "/".join(p[:k])) in full]
        for p in paths
    ]
    keys, inc = expand(admin_id, numbered(strings))
    is_full = (
        expand(
            admin_id,
            [
                [1] * len(p[:1]) + [0] * (len(s) - len(p[:1]))
                for p, s in zip(paths, strings, strict=True)
            ],
        )[0]
        > 0
    )
    # a pair needs one incident without coordinates: those among themselves and with the rest
    nocoord = np.isnan(cols.lat)[inc]
    none, some = np.nonzero(nocoord)[0], np.nonzero(~nocoord)[0]
    start, end, tol = cols.start[inc], cols.end[inc], config.date_tolerance
    i1, j1 = window_self_join(keys[none], inc[none], start[none], end[none], tol)
    i2, j2 = window_cross_join(
        keys[none], start[none], end[none], keys[some], start[some], end[some], tol
    )
    i, j = np.concatenate([none[i1], none[i2]]), np.concatenate([none[j1], some[j2]])
    ok = is_full[i] | is_full[j]
    return pair_codes(inc[i][ok], inc[j][ok], n)


def candidate_codes(
    records: Sequence[IncidentRecord],
    cols: Columns,
    config: Config,
    evidence: SharedEvidence | None = None,
) -> I64:
    """Codes ``a * n + b`` of every candidate pair by the rules of the module docstring
    (``evidence``: the :class:`SharedEvidence` of ``cols`` when the caller has it)."""
    n = len(records)
    start, end, tol = cols.start, cols.end, config.date_tolerance
    geo = geo_rule(cols.lat, cols.lon, cols.radius, start, end, tol)
    nk, ni = expand(cols.name_id, numbered(name_keys(names) for names in cols.name_sets))
    by_name = key_rule(nk, ni, start, end, tol, n)
    admin = admin_prefix_pairs(records, cols, config)
    by_evidence = (evidence or SharedEvidence.of(cols, config)).codes
    return unique_sorted(np.concatenate([geo, by_name, admin, by_evidence]))
