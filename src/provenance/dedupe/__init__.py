"""Duplicate incidents: candidate pairs, scores with reasons, judgements and clusters.

DESIGN.md "Duplicate incidents". Pure functions over plain data: :func:`load_records`
builds the input from a store; everything else takes :class:`IncidentRecord` lists.

Blocking rules (a pair is a candidate when its date windows are compatible — gap
``max(start) - min(end)`` at most ``date_tolerance`` days — and any of):

1. *place*: both have coordinates and lie within ``max(radius_a, radius_b)`` km, the radius
   widening with the location precision (:data:`RADIUS_KM`);
2. *name*: they share a name key (consonant skeleton of a significant word of a name or
   variant, :func:`provenance.dedupe.names.name_keys`);
3. *admin*: one lacks coordinates and one's admin path (largest area first) is a prefix of
   the other's;
4. *evidence*: they share an upstream source, statement or witness that supports at most
   ``max_source_incidents`` incidents, with a gap of at most ``source_date_tolerance`` days.

Scores are the logistic of a sum of log-odds weights (Fellegi–Sunter style), hand-set in
:class:`Config`: shared evidence weighs most (each shared item counts ``2 / incidents it
supports``, so a hub account feeding hundreds of incidents counts for little), then date,
distance, names, belligerents, casualty ranges and country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel

from provenance.dedupe import blocking as bk
from provenance.dedupe.names import (
    GENERIC_SHARE,
    core,
    is_multipart,
    name_keys,
    normalise,
    phonetic,
    place_keys,
    skeleton,
    specific,
)

RADIUS_KM: dict[str, float] = {
    "exact": 1.0,
    "street": 1.0,
    "neighbourhood": 2.5,
    "village": 3.0,
    "town": 5.0,
    "city": 10.0,
    "subdistrict": 20.0,
    "district": 40.0,
    "province": 100.0,
    "country": 500.0,
}
"""Search radius by location precision (a coarse location is a centroid far from the spot)."""


@dataclass(frozen=True)
class IncidentRecord:
    """What duplicate detection knows of one incident (plain data, no store)."""

    id: str
    start: dt.date
    end: dt.date
    names: tuple[str, ...] = ()
    admin: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    country: str | None = None
    belligerents: frozenset[str] = frozenset()
    killed: tuple[int, int] | None = None
    injured: tuple[int, int] | None = None
    evidence: frozenset[str] = frozenset()
    """Upstream sources, statements and witnesses of the incident's claims."""


@dataclass(frozen=True)
class Config:
    """Blocking rules and score weights (log-odds)."""

    date_tolerance: int = 3
    source_date_tolerance: int = 30
    max_source_incidents: int = 50
    default_radius_km: float = 5.0
    threshold: float = 0.5
    prior: float = -5.6
    w_evidence: float = 6.0
    evidence_cap: float = 1.0
    multi_place_factor: float = 0.5
    """Shared evidence counts this much when the two incidents name different places (one
    report covering several strikes)."""
    conflict_similarity: float = 0.45
    w_name_mismatch: float = 10.0
    """Log-odds lost per unit of name similarity below 0.6 (at most 6): distinct places
    named in one multi-strike report share sources but not names."""
    w_date: tuple[float, ...] = (1.0, 0.5, 0.0, -0.5)
    w_date_far: float = -2.0
    w_near: float = 1.5
    w_far: float = -2.5
    w_name_equal: float = 2.0
    coarse_name_factor: float = 0.25
    """Name weights are scaled by this when either location is a city or coarser."""
    coarse_radius_km: float = 10.0
    w_belligerent_agree: float = 0.3
    w_belligerent_differ: float = -2.0
    w_killed_overlap: float = 0.7
    w_killed_disjoint: float = -0.7
    w_country_differ: float = -4.0


class Candidate(BaseModel):
    """One candidate pair with its score and reasons a person can check."""

    a: str
    b: str
    score: float
    reasons: list[str]
    judgement: str | None = None


@dataclass
class Candidates:
    """Every candidate pair (arrays over pairs) of one run."""

    records: Sequence[IncidentRecord]
    a: bk.I64
    b: bk.I64
    score: bk.F64
    features: dict[str, np.ndarray] = field(default_factory=dict)
    config: Config = field(default_factory=Config)

    def __len__(self) -> int:
        return len(self.a)

    def top(self, min_score: float = 0.0, limit: int | None = None) -> list[Candidate]:
        """Pairs scoring at least ``min_score``, best first, with reasons."""
        keep = np.nonzero(self.score >= min_score)[0]
        order = keep[np.lexsort((keep, -self.score[keep]))]
        if limit is not None:
            order = order[:limit]
        return [self.explain(int(k)) for k in order]

    def explain(self, k: int) -> Candidate:
        """The candidate at row ``k`` with its reasons."""
        ra, rb = self.records[int(self.a[k])], self.records[int(self.b[k])]
        a, b = sorted((ra.id, rb.id))
        return Candidate(
            a=a, b=b, score=round(float(self.score[k]), 4), reasons=reasons(ra, rb, self.config)
        )


# --- arrays -------------------------------------------------------------------------------


def _radius(rec: IncidentRecord, config: Config) -> float:
    return RADIUS_KM.get(rec.precision or "", config.default_radius_km)


def _arrays(records: Sequence[IncidentRecord], config: Config) -> dict[str, np.ndarray]:
    n = len(records)
    nan = float("nan")
    bell_bits: dict[str, int] = {}
    country_ids: dict[str, int] = {}

    def mask(bs: frozenset[str]) -> int:
        m = 0
        for b in bs:
            m |= 1 << bell_bits.setdefault(b.strip().lower(), len(bell_bits) % 62)
        return m

    return {
        "start": np.fromiter((r.start.toordinal() for r in records), np.int64, n),
        "end": np.fromiter((r.end.toordinal() for r in records), np.int64, n),
        "lat": np.fromiter((nan if r.lat is None else r.lat for r in records), np.float64, n),
        "lon": np.fromiter((nan if r.lon is None else r.lon for r in records), np.float64, n),
        "radius": np.fromiter((_radius(r, config) for r in records), np.float64, n),
        "bell": np.fromiter((mask(r.belligerents) for r in records), np.int64, n),
        "country": np.fromiter(
            (
                -1 if r.country is None else country_ids.setdefault(r.country, len(country_ids))
                for r in records
            ),
            np.int64,
            n,
        ),
        "kmin": np.fromiter(
            (-1 if r.killed is None else r.killed[0] for r in records), np.int64, n
        ),
        "kmax": np.fromiter(
            (-1 if r.killed is None else r.killed[1] for r in records), np.int64, n
        ),
    }


def _key_rows(groups: Iterable[tuple[int, Iterable[str]]]) -> tuple[bk.I64, bk.I64, list[str]]:
    """(key id per row, incident per row, key strings) from (incident, keys) groups."""
    ids: dict[str, int] = {}
    keys: list[int] = []
    inc: list[int] = []
    for i, ks in groups:
        for k in ks:
            keys.append(ids.setdefault(k, len(ids)))
            inc.append(i)
    return np.array(keys, dtype=np.int64), np.array(inc, dtype=np.int64), list(ids)


def _admin_prefix_pairs(
    records: Sequence[IncidentRecord], arr: dict[str, np.ndarray], config: Config
) -> bk.I64:
    """Rule 3: one without coordinates, one's admin path a prefix of the other's."""
    n = len(records)
    paths = [tuple(normalise(x) for x in r.admin) for r in records]
    nocoord = np.isnan(arr["lat"])
    full_rows = [(i, ["/".join(p)]) for i, p in enumerate(paths) if p]
    prefix_rows = [
        (i, ["/".join(p[:k]) for k in range(1, len(p))]) for i, p in enumerate(paths) if len(p) > 1
    ]
    keys_f, inc_f, names = _key_rows(full_rows)
    ids = {k: j for j, k in enumerate(names)}
    pk: list[int] = []
    pi: list[int] = []
    for owner, prefixes in prefix_rows:
        for p in prefixes:
            if p in ids:  # only prefixes that are someone's full path can match
                pk.append(ids[p])
                pi.append(owner)
    keys = np.concatenate([keys_f, np.array(pk, dtype=np.int64)])
    inc = np.concatenate([inc_f, np.array(pi, dtype=np.int64)])
    is_full = np.concatenate([np.ones(len(keys_f), bool), np.zeros(len(pk), bool)])
    i, j = bk.window_self_join(keys, inc, arr["start"][inc], arr["end"][inc], config.date_tolerance)
    a, b = inc[i], inc[j]
    ok = (is_full[i] | is_full[j]) & (nocoord[a] | nocoord[b])
    return bk.pair_codes(a[ok], b[ok], n)


def find_candidates(records: Sequence[IncidentRecord], config: Config | None = None) -> Candidates:
    """Candidate pairs by the blocking rules (module docstring), each scored."""
    config = config or Config()
    n = len(records)
    arr = _arrays(records, config)
    start, end, tol = arr["start"], arr["end"], config.date_tolerance
    geo = bk.geo_rule(arr["lat"], arr["lon"], arr["radius"], start, end, tol)
    nk, ni, _ = _key_rows((i, name_keys(r.names)) for i, r in enumerate(records))
    by_name = bk.key_rule(nk, ni, start, end, tol, n)
    sk, si, _ = _key_rows(
        (i, {s for x in r.names if (s := skeleton(x))}) for i, r in enumerate(records)
    )
    name_equal = bk.key_rule(sk, si, start, end, tol, n)
    admin = _admin_prefix_pairs(records, arr, config)
    ek, ei, _ = _key_rows((i, r.evidence) for i, r in enumerate(records))
    degree = np.bincount(ek, minlength=int(ek.max()) + 1 if len(ek) else 0)
    usable = degree[ek] <= config.max_source_incidents
    ek, ei = ek[usable], ei[usable]
    weight = 2.0 / degree[ek].astype(np.float64)
    ev_codes, ev_weight, ev_count = bk.weighted_key_rule(
        ek, ei, weight, start, end, config.source_date_tolerance, n
    )
    codes = bk.unique_sorted(np.concatenate([geo, by_name, admin, ev_codes]))
    a, b = codes // max(n, 1), codes % max(n, 1)
    features = _features(records, arr, a, b)
    features["name_equal"] = np.isin(codes, name_equal, assume_unique=True)
    features["evidence_weight"] = bk.lookup(codes, ev_codes, ev_weight, 0.0)
    features["evidence_count"] = bk.lookup(codes, ev_codes, ev_count, 0.0)
    _discount_multi_place(records, a, b, features, config)
    score = _score(features, config)
    return Candidates(records=records, a=a, b=b, score=score, features=features, config=config)


def place_conflict(ra: IncidentRecord, rb: IncidentRecord) -> bool:
    """Whether two incidents name different places: neither's most specific part shares a
    name key with any part of the other's names ("Al-Mohsenli, Manbij" vs "Kafr Ta'al")."""
    if not ra.names or not rb.names:
        return False
    spec_a, spec_b = name_keys(ra.names), name_keys(rb.names)
    if not spec_a or not spec_b:
        return False
    return not (spec_a & place_keys(rb.names)) and not (spec_b & place_keys(ra.names))


def _discount_multi_place(
    records: Sequence[IncidentRecord],
    a: bk.I64,
    b: bk.I64,
    features: dict[str, np.ndarray],
    config: Config,
) -> None:
    """Shared sources of two incidents naming different places (no common name key and name
    similarity below ``config.conflict_similarity``) are a multi-strike report: their
    (capped) evidence weight is multiplied by ``config.multi_place_factor`` in :func:`_score`."""
    weight = features["evidence_weight"]
    rows = np.nonzero((weight > 0) & (features["name_sim"] < config.conflict_similarity))[0]
    conflict = np.zeros(len(weight), dtype=bool)
    for k in rows.tolist():
        conflict[k] = place_conflict(records[int(a[k])], records[int(b[k])])
    features["place_conflict"] = conflict


def _features(
    records: Sequence[IncidentRecord], arr: dict[str, np.ndarray], a: bk.I64, b: bk.I64
) -> dict[str, np.ndarray]:
    gap = np.maximum(
        np.maximum(arr["start"][a], arr["start"][b]) - np.minimum(arr["end"][a], arr["end"][b]), 0
    )
    dist = bk.haversine_km(arr["lat"][a], arr["lon"][a], arr["lat"][b], arr["lon"][b])
    radius = np.maximum(arr["radius"][a], arr["radius"][b])
    from rapidfuzz import fuzz
    from rapidfuzz.process import cpdist

    ids: dict[str, int] = {"": 0}

    def sid(text: str) -> int:
        return ids.setdefault(text, len(ids))

    first = [r.names[0] if r.names else "" for r in records]
    n = len(records)
    multi = np.fromiter((is_multipart(x) for x in first), bool, n)
    full_c = np.fromiter((sid(core(x)) if x else 0 for x in first), np.int64, n)
    full_p = np.fromiter((sid(phonetic(x)) if x else 0 for x in first), np.int64, n)
    spec_c = np.fromiter((sid(core(specific(x))) if x else 0 for x in first), np.int64, n)
    spec_p = np.fromiter((sid(phonetic(specific(x))) if x else 0 for x in first), np.int64, n)
    strings = list(ids)
    both = multi[a] & multi[b]
    pa, pb = full_c[a], full_c[b]

    def pair_sim(xa: bk.I64, xb: bk.I64) -> bk.F64:
        m = len(strings)
        combos, inverse = bk.unique_inverse(np.minimum(xa, xb) * m + np.maximum(xa, xb))
        xs = [strings[i] for i in (combos // m).tolist()]
        ys = [strings[i] for i in (combos % m).tolist()]
        if not xs:
            return np.zeros(0)
        ratios = cpdist(xs, ys, scorer=fuzz.token_set_ratio, workers=-1) + cpdist(
            xs, ys, scorer=fuzz.token_sort_ratio, workers=-1
        )
        empty = (np.array([len(x) for x in xs]) == 0) | (np.array([len(y) for y in ys]) == 0)
        out: bk.F64 = np.where(empty, 0.0, np.asarray(ratios, dtype=np.float64) / 200.0)
        return out[inverse]

    sim = (1 - GENERIC_SHARE) * pair_sim(
        np.where(both, spec_c[a], pa), np.where(both, spec_c[b], pb)
    ) + GENERIC_SHARE * pair_sim(
        np.where(both, spec_p[a], full_p[a]), np.where(both, spec_p[b], full_p[b])
    )
    has_names = (pa != 0) & (pb != 0)
    ba, bb = arr["bell"][a], arr["bell"][b]
    kmin_a, kmax_a, kmin_b, kmax_b = arr["kmin"][a], arr["kmax"][a], arr["kmin"][b], arr["kmax"][b]
    known = (kmin_a >= 0) & (kmin_b >= 0)
    kgap = np.maximum(np.maximum(kmin_a, kmin_b) - np.minimum(kmax_a, kmax_b), 0)
    ca, cb = arr["country"][a], arr["country"][b]
    return {
        "gap": gap,
        "dist": dist,
        "radius": radius,
        "name_sim": np.asarray(sim, dtype=np.float64),
        "has_names": has_names,
        "bell_known": (ba != 0) & (bb != 0),
        "bell_agree": (ba & bb) != 0,
        "killed_known": known,
        "killed_gap": kgap,
        "killed_scale": np.maximum(np.maximum(kmax_a, kmax_b) + 1, 1),
        "country_differ": (ca >= 0) & (cb >= 0) & (ca != cb),
    }


def _score(f: dict[str, np.ndarray], c: Config) -> bk.F64:
    """Logistic of the summed log-odds weights of every feature."""
    z = np.full(len(f["gap"]), c.prior)
    multi = np.where(f["place_conflict"], c.multi_place_factor, 1.0)
    z += c.w_evidence * np.minimum(f["evidence_weight"], c.evidence_cap) * multi
    w_date = np.array(c.w_date)
    gap = f["gap"]
    z += np.where(gap < len(w_date), w_date[np.minimum(gap, len(w_date) - 1)], c.w_date_far)
    ratio = f["dist"] / f["radius"]
    near = np.where(ratio <= 1.0, c.w_near - 2 * c.w_near * np.clip(ratio - 0.1, 0.0, 1.0), c.w_far)
    z += np.where(np.isnan(ratio), 0.0, near)
    sim = np.where(f["name_equal"], np.maximum(f["name_sim"], 0.9), f["name_sim"])
    slope = np.where(sim < 0.6, c.w_name_mismatch, 4.0)
    name_w = np.where(sim >= 0.9, c.w_name_equal, np.clip(slope * (sim - 0.6), -6.0, 1.2))
    name_w = np.where(
        (f["radius"] >= c.coarse_radius_km) & (name_w > 0), name_w * c.coarse_name_factor, name_w
    )
    z += np.where(f["has_names"], name_w, 0.0)
    z += np.where(
        f["bell_known"],
        np.where(f["bell_agree"], c.w_belligerent_agree, c.w_belligerent_differ),
        0.0,
    )
    rel = f["killed_gap"] / f["killed_scale"]
    killed = np.where(
        f["killed_gap"] == 0, c.w_killed_overlap, c.w_killed_disjoint - np.minimum(2.0, 2.0 * rel)
    )
    z += np.where(f["killed_known"], killed, 0.0)
    z += np.where(f["country_differ"], c.w_country_differ, 0.0)
    result: bk.F64 = 1.0 / (1.0 + np.exp(-z))
    return result


def score_pairs(
    records: Sequence[IncidentRecord],
    pairs: Sequence[tuple[int, int]],
    config: Config | None = None,
) -> Candidates:
    """Score given pairs (indices into ``records``), candidates or not (e.g. judged pairs)."""
    config = config or Config()
    arr = _arrays(records, config)
    a = np.array([min(p) for p in pairs], dtype=np.int64)
    b = np.array([max(p) for p in pairs], dtype=np.int64)
    degree: dict[str, int] = {}
    for r in records:
        for e in r.evidence:
            degree[e] = degree.get(e, 0) + 1
    features = _features(records, arr, a, b)
    eq, weight, count = [], [], []
    for i, j in zip(a.tolist(), b.tolist(), strict=True):
        ri, rj = records[i], records[j]
        eq.append(bool({skeleton(x) for x in ri.names} & {skeleton(x) for x in rj.names} - {""}))
        shared = [e for e in ri.evidence & rj.evidence if degree[e] <= config.max_source_incidents]
        gap_ok = int(features["gap"][len(eq) - 1]) <= config.source_date_tolerance
        weight.append(sum(2.0 / degree[e] for e in shared) if gap_ok else 0.0)
        count.append(len(shared) if gap_ok else 0)
    features["name_equal"] = np.array(eq, dtype=bool)
    features["evidence_weight"] = np.array(weight, dtype=np.float64)
    features["evidence_count"] = np.array(count, dtype=np.float64)
    _discount_multi_place(records, a, b, features, config)
    return Candidates(records, a, b, _score(features, config), features, config)


# Reason texts and the store loader live in provenance.dedupe.reasons (re-exported here).
from provenance.dedupe.reasons import load_records, reasons  # noqa: E402

__all__ = [
    "RADIUS_KM",
    "Candidate",
    "Candidates",
    "Config",
    "IncidentRecord",
    "find_candidates",
    "load_records",
    "reasons",
    "score_pairs",
]
