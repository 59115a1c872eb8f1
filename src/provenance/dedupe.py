"""Duplicate incidents: candidate pairs, scores with reasons, judgements and clusters.

DESIGN.md "Duplicate incidents". Pure functions over plain data: :func:`load_records`
builds the input from a store; everything else takes :class:`IncidentRecord` lists.

Blocking rules (a pair is a candidate when its date windows are compatible — gap
``max(start) - min(end)`` at most ``date_tolerance`` days — and any of):

1. *place*: both have coordinates and lie within ``max(radius_a, radius_b)`` km, the radius
   widening with the location precision (:data:`RADIUS_KM`);
2. *name*: they share a name key (consonant skeleton of a significant word of a name or
   variant, :func:`provenance.names.name_keys`);
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
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from provenance import blocking as bk
from provenance.names import core, name_keys, normalise, similarity, skeleton

if TYPE_CHECKING:
    from provenance.store.base import Store

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
    score = _score(features, config)
    return Candidates(records=records, a=a, b=b, score=score, features=features, config=config)


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
    pid = np.fromiter(
        (ids.setdefault(core(r.names[0]) if r.names else "", len(ids)) for r in records),
        np.int64,
        len(records),
    )
    strings = list(ids)
    pa, pb = pid[a], pid[b]
    combos, inverse = bk.unique_inverse(np.minimum(pa, pb) * len(strings) + np.maximum(pa, pb))
    xs = [strings[i] for i in (combos // len(strings)).tolist()]
    ys = [strings[i] for i in (combos % len(strings)).tolist()]
    if xs:
        both = cpdist(xs, ys, scorer=fuzz.token_set_ratio, workers=-1) + cpdist(
            xs, ys, scorer=fuzz.token_sort_ratio, workers=-1
        )
        sim = (np.asarray(both, dtype=np.float64) / 200.0)[inverse]
    else:
        sim = np.zeros(0)
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
    z += c.w_evidence * np.minimum(f["evidence_weight"], c.evidence_cap)
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
    return Candidates(records, a, b, _score(features, config), features, config)


# --- reasons ------------------------------------------------------------------------------


def _fmt_range(r: tuple[int, int]) -> str:
    return str(r[0]) if r[0] == r[1] else f"{r[0]}–{r[1]}"


def reasons(ra: IncidentRecord, rb: IncidentRecord, config: Config | None = None) -> list[str]:
    """Why two incidents may be one, in words a person can check against the records."""
    config = config or Config()
    out: list[str] = []
    gap = max(0, max(ra.start, rb.start).toordinal() - min(ra.end, rb.end).toordinal())
    out.append(
        "same day"
        if gap == 0 and ra.start == rb.start
        else "date windows overlap"
        if gap == 0
        else f"{gap} day{'s' if gap > 1 else ''} apart"
    )
    if ra.lat is not None and rb.lat is not None and ra.lon is not None and rb.lon is not None:
        d = float(
            bk.haversine_km(
                np.array([ra.lat]), np.array([ra.lon]), np.array([rb.lat]), np.array([rb.lon])
            )[0]
        )
        r = max(_radius(ra, config), _radius(rb, config))
        out.append(
            f"{d:.1f} km apart ({'within' if d <= r else 'beyond'} {r:g} km for {ra.precision or '?'}/{rb.precision or '?'} precision)"
        )
    elif ra.admin and rb.admin:
        pa, pb = [normalise(x) for x in ra.admin], [normalise(x) for x in rb.admin]
        k = min(len(pa), len(pb))
        same = pa[:k] == pb[:k]
        out.append(
            f"admin areas {'agree' if same else 'differ'}: {' / '.join(ra.admin)} | {' / '.join(rb.admin)}"
        )
    if ra.names and rb.names:
        sim, x, y = similarity(ra.names, rb.names)
        rel = "~" if sim >= 0.75 else "vs"
        out.append(f"names {x} {rel} {y} ({sim:.2f})")
    shared = sorted(ra.evidence & rb.evidence)
    if shared:
        listed = ", ".join(shared[:3]) + (", …" if len(shared) > 3 else "")
        out.append(f"{len(shared)} shared source{'s' if len(shared) > 1 else ''} ({listed})")
    if ra.belligerents and rb.belligerents:
        common = {x.lower() for x in ra.belligerents} & {x.lower() for x in rb.belligerents}
        if common:
            out.append(
                f"same belligerent ({', '.join(sorted(x for x in ra.belligerents if x.lower() in common))})"
            )
        else:
            out.append(
                f"different belligerents ({', '.join(sorted(ra.belligerents))} vs {', '.join(sorted(rb.belligerents))})"
            )
    if ra.killed and rb.killed:
        overlap = max(ra.killed[0], rb.killed[0]) <= min(ra.killed[1], rb.killed[1])
        out.append(
            f"casualty ranges {'overlap' if overlap else 'disjoint'} ({_fmt_range(ra.killed)} and {_fmt_range(rb.killed)} killed)"
        )
    if ra.country and rb.country and ra.country != rb.country:
        out.append(f"different countries ({ra.country} vs {rb.country})")
    return out


# --- input from a store -------------------------------------------------------------------


def load_records(store: Store, cite_depth: int = 3) -> list[IncidentRecord]:
    """Build the input of :func:`find_candidates` from a store (public contract only).

    Evidence of an incident: the sources and statements its claims are supported by, what
    those cite (``cite_depth`` steps up) and the witnesses they quote.
    """
    claims: dict[str, list[dict[str, Any]]] = {}
    for c in store.iter_items("Claim"):
        claims.setdefault(str(c.data["incident"]), []).append(c.data)
    supported: dict[str, set[str]] = {}
    upstream: dict[str, set[str]] = {}
    for e in store.iter_edges(["SUPPORTED_BY", "CITES", "QUOTES"]):
        target = supported if e.rel == "SUPPORTED_BY" else upstream
        target.setdefault(e.src, set()).add(e.dst)

    def closure(start: set[str]) -> frozenset[str]:
        seen, frontier = set(start), set(start)
        for _ in range(cite_depth):
            frontier = {u for s in frontier for u in upstream.get(s, ())} - seen
            seen |= frontier
        return frozenset(seen)

    out: list[IncidentRecord] = []
    for item in store.iter_items("Incident"):
        d = item.data
        loc = d.get("location") or {}
        own = claims.get(item.id, [])
        direct = {x for c in own for x in supported.get(str(c["id"]), ())}
        names = tuple(x for x in [loc.get("name"), *(loc.get("name_variants") or [])] if x)
        out.append(
            IncidentRecord(
                id=item.id,
                start=dt.date.fromisoformat(d["date"]),
                end=dt.date.fromisoformat(d.get("date_end") or d["date"]),
                names=names,
                admin=tuple(loc.get("admin") or ()),
                lat=loc.get("lat"),
                lon=loc.get("lon"),
                precision=loc.get("precision"),
                country=d.get("country"),
                belligerents=frozenset(
                    [
                        *(d.get("belligerents") or []),
                        *(c["belligerent"] for c in own if c.get("belligerent")),
                    ]
                ),
                killed=_merge([c.get("civilians_killed") for c in own]),
                injured=_merge([c.get("civilians_injured") for c in own]),
                evidence=closure(direct),
            )
        )
    return out


def _merge(ranges: list[dict[str, int] | None]) -> tuple[int, int] | None:
    known = [r for r in ranges if r]
    if not known:
        return None
    return min(r["min"] for r in known), max(r["max"] for r in known)
