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
from dataclasses import dataclass

import numpy as np

from provenance.dedupe.arrays import factorize, shared_keys, unique_inverse
from provenance.dedupe.blocking import (
    SharedEvidence,
    haversine_km,
    key_rows,
)
from provenance.dedupe.namepairs import NameTable
from provenance.dedupe.names import (
    name_keys,
    place_keys,
)
from provenance.dedupe.records import I64, Columns, Config, IncidentRecord

Features = dict[str, np.ndarray]
"""Feature name → one array over pairs (see the module docstring)."""

#: Up to this many combinations of two distinct values, a feature of the values is computed
#: for every combination and looked up; beyond, for the combinations the pairs hold.
DENSE_COMBINATIONS = 1 << 16


@dataclass(frozen=True)
class Prepared:
    """What the features read of a whole record list, made once per list: its
    :class:`Columns`, :class:`~provenance.dedupe.blocking.SharedEvidence` and
    :class:`~provenance.dedupe.namepairs.NameTable`."""

    columns: Columns
    evidence: SharedEvidence
    names: NameTable

    @classmethod
    def of(
        cls,
        records: Sequence[IncidentRecord],
        config: Config,
        columns: Columns | None = None,
        evidence: SharedEvidence | None = None,
    ) -> Prepared:
        """The preparation of ``records`` (reusing ``columns``/``evidence`` when given)."""
        columns = columns or Columns.of(records, config)
        evidence = evidence or SharedEvidence.of(columns, config)
        return cls(columns, evidence, NameTable.of(columns.name_sets))


def pair_features(
    records: Sequence[IncidentRecord],
    a: I64,
    b: I64,
    config: Config,
    prepared: Prepared | None = None,
) -> Features:
    """Every feature of the pairs ``(records[a[k]], records[b[k]])`` (module docstring).

    ``prepared`` is the :class:`Prepared` of ``records`` when the caller has it already.
    Features of the names and belligerents are computed once per distinct combination of
    values (:func:`combinations`), not per pair.
    """
    prepared = prepared or Prepared.of(records, config)
    cols, evidence = prepared.columns, prepared.evidence
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
    xa, xb = cols.name_id[a], cols.name_id[b]
    table = prepared.names
    sim, equal = combinations(xa, xb, len(table), table.features)
    features |= {"name_sim": sim, "name_equal": equal}
    features["has_names"] = table.has[xa] & table.has[xb]
    bells = cols.bell_sets
    has_bell = np.array([bool(x) for x in bells], dtype=bool)
    xa, xb = cols.bell_id[a], cols.bell_id[b]
    features["bell_known"] = has_bell[xa] & has_bell[xb]
    (features["bell_agree"],) = combinations(
        xa, xb, len(bells), lambda x, y: (shared_sets(bells, x, y) > 0,)
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


def shared_sets(keysets: Sequence[Iterable[str]], x: I64, y: I64) -> I64:
    """Per pair, how many keys ``keysets[x[k]]`` and ``keysets[y[k]]`` share (:func:`shared_keys`)."""
    keys, inc, _ = key_rows(enumerate(keysets))
    return shared_keys(keys, inc, x, y, len(keysets))[1]


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
