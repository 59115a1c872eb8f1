"""The features of incident pairs: the one function both scoring paths use.

:func:`pair_features` computes, for index arrays ``a`` and ``b`` into a record list, every
feature :func:`provenance.dedupe.score.score` weighs — whether the pairs came from blocking
(:func:`~provenance.dedupe.score.find_candidates`) or from anywhere else
(:func:`~provenance.dedupe.score.score_pairs`, e.g. judged pairs). A feature depends on the
two records, the whole record list (how many incidents an evidence item supports) and the
:class:`~provenance.dedupe.records.Config`; never on how the pair was found.

Features (one array over pairs each):

``gap``                days between the date windows (0 when they overlap)
``dist``, ``radius``   distance in km (NaN without coordinates) and the larger search radius
``name_sim``           similarity of the first names, most specific part deciding
``has_names``          both have a name
``name_equal``         some name of each has the same consonant skeleton
``evidence_weight``    summed ``2 / incidents supported`` of the shared evidence items (items
                       supporting more than ``max_source_incidents`` left out), 0 when the
                       gap exceeds ``source_date_tolerance``
``evidence_count``     how many such items are shared (0 beyond that gap)
``bell_known``         both name a belligerent
``bell_agree``         they name a common belligerent (:func:`~provenance.dedupe.records.belligerent_key`)
``killed_known``, ``killed_gap``, ``killed_scale``  killed ranges: both known, the gap
                       between them, and the larger maximum + 1
``country_differ``     both have a country and they differ
``place_conflict``     shared evidence, but the incidents name different places
                       (:func:`place_conflict`): one report of several strikes
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from provenance.dedupe.arrays import factorize, unique_inverse
from provenance.dedupe.blocking import (
    SharedEvidence,
    haversine_km,
    key_rows,
)
from provenance.dedupe.names import (
    GENERIC_SHARE,
    core,
    is_multipart,
    name_keys,
    phonetic,
    place_keys,
    skeleton,
    specific,
)
from provenance.dedupe.records import F64, I64, Columns, Config, IncidentRecord

Features = dict[str, np.ndarray]
"""Feature name → one array over pairs (see the module docstring)."""

#: Up to this many combinations of two distinct values, a feature of the values is computed
#: for every combination and looked up; beyond, for the combinations the pairs hold.
DENSE_COMBINATIONS = 1 << 16


def pair_features(
    records: Sequence[IncidentRecord],
    a: I64,
    b: I64,
    config: Config,
    cols: Columns | None = None,
    evidence: SharedEvidence | None = None,
) -> Features:
    """Every feature of the pairs ``(records[a[k]], records[b[k]])`` (module docstring).

    ``cols`` and ``evidence`` are the :class:`Columns` and
    :class:`~provenance.dedupe.blocking.SharedEvidence` of ``records`` when the caller has
    them already. Features of the names and belligerents are computed once per distinct
    combination of values (:func:`combinations`), not per pair.
    """
    cols = cols or Columns.of(records, config)
    evidence = evidence or SharedEvidence.of(cols, config)
    n = len(records)
    gap = np.maximum(
        np.maximum(cols.start[a], cols.start[b]) - np.minimum(cols.end[a], cols.end[b]), 0
    )
    weight, count = evidence.of_pairs(a, b, n)
    features: Features = {
        "gap": gap,
        "dist": haversine_km(cols.lat[a], cols.lon[a], cols.lat[b], cols.lon[b]),
        "radius": np.maximum(cols.radius[a], cols.radius[b]),
        "evidence_weight": weight,
        "evidence_count": count.astype(np.float64),
    }
    features |= name_features(cols.name_sets, cols.name_id[a], cols.name_id[b])
    bells = cols.bell_sets
    has_bell = np.array([bool(x) for x in bells], dtype=bool)
    xa, xb = cols.bell_id[a], cols.bell_id[b]
    features["bell_known"] = has_bell[xa] & has_bell[xb]
    (features["bell_agree"],) = combinations(
        xa, xb, len(bells), lambda x, y: (_shared(bells, x, y, len(bells))[1] > 0,)
    )
    features |= _casualties_and_country(cols, a, b)
    features["place_conflict"] = _place_conflicts(cols, a, b, features, config)
    return features


def combinations(
    xa: I64, xb: I64, m: int, feature: Callable[[I64, I64], tuple[np.ndarray, ...]]
) -> tuple[np.ndarray, ...]:
    """The arrays ``feature(x, y)`` (symmetric, over arrays of values ``0 <= x <= y < m``)
    per pair ``(xa[k], xb[k])``, computed once per distinct combination of two values: for
    all ``m * m`` of them when they are at most :data:`DENSE_COMBINATIONS`, else for those
    the pairs hold (:func:`~provenance.dedupe.arrays.factorize`).

    Examples
    --------
    >>> combinations(np.array([0, 2, 1]), np.array([2, 0, 1]), 3, lambda x, y: (x * 10 + y,))
    (array([ 2,  2, 11]),)
    """
    lo, hi = np.minimum(xa, xb), np.maximum(xa, xb)
    if m * m <= DENSE_COMBINATIONS:
        x, y = np.divmod(np.arange(m * m, dtype=np.int64), max(m, 1))
        inverse = lo * m + hi
        values = feature(np.minimum(x, y), np.maximum(x, y))
    else:
        combos, inverse = factorize(lo * m + hi)
        values = feature(combos // m, combos % m)
    return tuple(np.asarray(v)[inverse] for v in values)


def name_features(name_sets: list[tuple[str, ...]], xa: I64, xb: I64) -> Features:
    """``name_sim``, ``has_names`` and ``name_equal`` (module docstring) of the pairs of
    names tuples ``(name_sets[xa[k]], name_sets[xb[k]])``."""
    has = np.array([bool(names) for names in name_sets], dtype=bool)
    skeletons = [{s for x in names if (s := skeleton(x))} for names in name_sets]

    def per_combination(x: I64, y: I64) -> tuple[F64, np.ndarray]:
        equal = _shared(skeletons, x, y, len(name_sets))[1] > 0
        return name_similarity(name_sets, x, y), equal

    sim, equal = combinations(xa, xb, len(name_sets), per_combination)
    return {"name_sim": sim, "has_names": has[xa] & has[xb], "name_equal": equal}


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


def _shared(keysets: Iterable[Iterable[str]], a: I64, b: I64, n: int) -> tuple[F64, I64]:
    """:func:`shared_keys` of per-incident key sets (strings)."""
    keys, inc, _ = key_rows(enumerate(keysets))
    return shared_keys(keys, inc, a, b, n)


def name_similarity(name_sets: Sequence[tuple[str, ...]], a: I64, b: I64) -> F64:
    """Per pair, the similarity in [0, 1] of the first names of ``name_sets[a[k]]`` and
    ``name_sets[b[k]]``, as :func:`provenance.dedupe.names.place_similarity` computes it (0
    without names), with rapidfuzz over each distinct pair of forms once."""
    ids: dict[str, int] = {"": 0}

    first = [names[0] if names else "" for names in name_sets]

    def forms(form: Callable[[str], str]) -> I64:
        ints = (ids.setdefault(form(x), len(ids)) if x else 0 for x in first)
        return np.fromiter(ints, np.int64, len(first))

    multi = np.fromiter((is_multipart(x) for x in first), bool, len(first))
    full_c, full_p = forms(core), forms(phonetic)
    spec_c, spec_p = forms(lambda x: core(specific(x))), forms(lambda x: phonetic(specific(x)))
    strings = list(ids)
    both = multi[a] & multi[b]
    c_sim = _ratio(
        strings, np.where(both, spec_c[a], full_c[a]), np.where(both, spec_c[b], full_c[b])
    )
    p_sim = _ratio(
        strings, np.where(both, spec_p[a], full_p[a]), np.where(both, spec_p[b], full_p[b])
    )
    result: F64 = np.asarray((1 - GENERIC_SHARE) * c_sim + GENERIC_SHARE * p_sim, np.float64)
    return result


def _ratio(strings: list[str], xa: I64, xb: I64) -> F64:
    """:func:`provenance.dedupe.names.pair_score` of ``strings[xa[k]]`` and ``strings[xb[k]]``."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import cpdist

    m = len(strings)
    combos, inverse = unique_inverse(np.minimum(xa, xb) * m + np.maximum(xa, xb))
    xs = [strings[i] for i in (combos // m).tolist()]
    ys = [strings[i] for i in (combos % m).tolist()]
    if not xs:
        return np.zeros(0)
    ratios = cpdist(xs, ys, scorer=fuzz.token_set_ratio, workers=-1) + cpdist(
        xs, ys, scorer=fuzz.token_sort_ratio, workers=-1
    )
    empty = (np.array([len(x) for x in xs]) == 0) | (np.array([len(y) for y in ys]) == 0)
    out: F64 = np.where(empty, 0.0, np.asarray(ratios, dtype=np.float64) / 200.0)
    return out[inverse]


def _casualties_and_country(cols: Columns, a: I64, b: I64) -> Features:
    kmin_a, kmax_a, kmin_b, kmax_b = cols.kmin[a], cols.kmax[a], cols.kmin[b], cols.kmax[b]
    ca, cb = cols.country[a], cols.country[b]
    return {
        "killed_known": (kmin_a >= 0) & (kmin_b >= 0),
        "killed_gap": np.maximum(np.maximum(kmin_a, kmin_b) - np.minimum(kmax_a, kmax_b), 0),
        "killed_scale": np.maximum(np.maximum(kmax_a, kmax_b) + 1, 1),
        "country_differ": (ca >= 0) & (cb >= 0) & (ca != cb),
    }


def place_conflict(ra: IncidentRecord, rb: IncidentRecord) -> bool:
    """Whether two incidents name different places (:func:`names_conflict`)."""
    return names_conflict(ra.names, rb.names)


def names_conflict(names_a: Sequence[str], names_b: Sequence[str]) -> bool:
    """Whether two places are different: neither's most specific part shares a name key
    with any part of the other's names ("Al-Mohsenli, Manbij" vs "Kafr Ta'al")."""
    if not names_a or not names_b:
        return False
    spec_a, spec_b = name_keys(names_a), name_keys(names_b)
    if not spec_a or not spec_b:
        return False
    return not (spec_a & place_keys(names_b)) and not (spec_b & place_keys(names_a))


def _place_conflicts(
    cols: Columns, a: I64, b: I64, features: Features, config: Config
) -> np.ndarray:
    """Pairs sharing evidence whose names differ (similarity below
    ``config.conflict_similarity`` and :func:`names_conflict`): a multi-strike report."""
    weight = features["evidence_weight"]
    rows = np.nonzero((weight > 0) & (features["name_sim"] < config.conflict_similarity))[0]
    conflict = np.zeros(len(weight), dtype=bool)
    sets = cols.name_sets
    xa, xb = cols.name_id[a[rows]], cols.name_id[b[rows]]
    combos, inverse = unique_inverse(np.minimum(xa, xb) * len(sets) + np.maximum(xa, xb))
    per = [names_conflict(sets[c // len(sets)], sets[c % len(sets)]) for c in combos.tolist()]
    conflict[rows] = np.array(per, dtype=bool)[inverse] if per else False
    return conflict
