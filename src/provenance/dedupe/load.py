"""Duplicate detection on a store: the one module of :mod:`provenance.dedupe` that reads or
writes one (through the public :class:`~provenance.store.Store` contract only).

:func:`load_records` builds the input of the pure functions; :func:`duplicate_pairs` lists
scored candidates with their current judgement (``provenance duplicates``);
:func:`record_judgement` records an analyst's judgement and reports the cluster it leaves
(``provenance judge``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from provenance.dedupe.clusters import JudgementLike, cluster, latest
from provenance.dedupe.records import IncidentRecord
from provenance.dedupe.score import Candidate, Candidates, find_candidates, score_pairs
from provenance.errors import UsageError
from provenance.find import resolve_as
from provenance.outlets.names import outlet_names
from provenance.rules import check_text
from provenance.vocab import CHAIN_RELS, JUDGEMENTS

if TYPE_CHECKING:
    from provenance.store import Judgement, Store
    from provenance.vocab import JudgementValue


def load_records(store: Store, cite_depth: int = 3) -> list[IncidentRecord]:
    """The input of :func:`~provenance.dedupe.score.find_candidates`: one record per dated
    incident (an undated one has no window to compare).

    Evidence of an incident: the sources and statements its claims are supported by, what
    those cite (``cite_depth`` steps up) and the witnesses they quote; the outlet or author
    of evidence shared with another incident (``evidence_names``, for the reasons).
    """
    claims: dict[str, list[dict[str, Any]]] = {}
    for c in store.iter_items("Claim"):
        claims.setdefault(str(c.data["incident"]), []).append(c.data)
    supported: dict[str, set[str]] = {}
    upstream: dict[str, set[str]] = {}
    for e in store.iter_edges(["SUPPORTED_BY", *CHAIN_RELS]):
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
        if not item.data.get("date"):
            continue  # undated (kept by an import): no date window to compare
        own = claims.get(item.id, [])
        direct = {x for c in own for x in supported.get(str(c["id"]), ())}
        out.append(_record(item.id, item.data, own, closure(direct)))
    return _with_names(store, out)


def _with_names(store: Store, records: list[IncidentRecord]) -> list[IncidentRecord]:
    """``records`` with the outlet or author of each evidence item two or more of them
    share (the only ones a reason lists), read in one go."""
    seen: Counter[str] = Counter(i for r in records for i in r.evidence)
    names = outlet_names(store, [i for i, n in seen.items() if n > 1])
    if not names:
        return records
    out = []
    for r in records:
        known = tuple(sorted((i, names[i]) for i in r.evidence if i in names))
        out.append(replace(r, evidence_names=known) if known else r)
    return out


def _record(
    incident_id: str, d: dict[str, Any], claims: list[dict[str, Any]], evidence: frozenset[str]
) -> IncidentRecord:
    """The record of one incident (its data ``d``) with its ``claims`` and ``evidence``."""
    loc = d.get("location") or {}
    names = tuple(x for x in [loc.get("name"), *(loc.get("name_variants") or [])] if x)
    named = [
        *(d.get("belligerents") or []),
        *(c["belligerent"] for c in claims if c.get("belligerent")),
    ]
    return IncidentRecord(
        id=incident_id,
        start=dt.date.fromisoformat(d["date"]),
        end=dt.date.fromisoformat(d.get("date_end") or d["date"]),
        names=names,
        admin=tuple(loc.get("admin") or ()),
        lat=loc.get("lat"),
        lon=loc.get("lon"),
        precision=loc.get("precision"),
        country=d.get("country"),
        belligerents=frozenset(named),
        killed=_merge(c.get("civilians_killed") for c in claims),
        injured=_merge(c.get("civilians_injured") for c in claims),
        evidence=evidence,
    )


def _merge(ranges: Iterable[dict[str, int] | None]) -> tuple[int, int] | None:
    known = [r for r in ranges if r]
    if not known:
        return None
    return min(r["min"] for r in known), max(r["max"] for r in known)


def duplicate_pairs(
    store: Store, min_score: float = 0.5, limit: int | None = None, *, include_judged: bool = False
) -> list[Candidate]:
    """Candidate duplicate pairs scoring at least ``min_score``, best first, at most ``limit``,
    each with its current judgement (``provenance duplicates``).

    Judged pairs are left out unless ``include_judged``; then every judged pair is listed,
    scored by the same features even when blocking would not propose it. Reasons are
    written only for the pairs returned.
    """
    records = load_records(store)
    judged = latest(store.judgements())
    found = find_candidates(records)
    ranked = found.ranked(min_score).tolist()
    if not include_judged:
        out: list[Candidate] = []
        for k in ranked:
            if found.ids(k) not in judged:
                out.append(found.explain(k))
                if limit is not None and len(out) >= limit:
                    break
        return out
    return _with_judged(records, found, ranked, judged, limit)


def _with_judged(
    records: list[IncidentRecord],
    found: Candidates,
    ranked: list[int],
    judged: dict[tuple[str, str], JudgementLike],
    limit: int | None,
) -> list[Candidate]:
    """The ``ranked`` candidates and every other judged pair, best first (score rounded as
    shown, then ids), each with its judgement."""
    seen = {found.ids(k) for k in ranked}
    index = {r.id: k for k, r in enumerate(records)}
    extra = [
        (index[a], index[b]) for a, b in judged if (a, b) not in seen and a in index and b in index
    ]
    scored = score_pairs(records, extra) if extra else None
    keys = [(-round(float(found.score[k]), 4), *found.ids(k), found, k) for k in ranked]
    if scored is not None:
        keys += [
            (-round(float(scored.score[k]), 4), *scored.ids(k), scored, k)
            for k in range(len(scored))
        ]
    keys.sort(key=lambda t: t[:3])
    out = []
    for *_, source, k in keys[:limit] if limit is not None else keys:
        c = source.explain(k)
        j = judged.get((c.a, c.b))
        out.append(c.model_copy(update={"judgement": j.judgement if j else None}))
    return out


@dataclass(frozen=True)
class JudgementOutcome:
    """A recorded judgement, the cluster its first incident is now in (itself alone when in
    none), and the conflicts with ``different`` judgements that involve the pair."""

    judgement: Judgement
    cluster: list[str]
    conflicts: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The judgement's fields, ``cluster`` and ``conflicts`` (``judge --json``)."""
        return {**vars(self.judgement), "cluster": self.cluster, "conflicts": self.conflicts}


def check_judgement(judgement: str, reason: str) -> JudgementValue:
    """``judgement`` as a judgement value; a :class:`~provenance.errors.UsageError` when it
    is not one of same, different, unsure or the reason is empty."""
    if judgement not in JUDGEMENTS:
        raise UsageError(f"unknown judgement {judgement!r}", "use one of: same, different, unsure")
    if not reason.strip():
        raise UsageError(
            "the reason is empty", "say why, e.g. --reason 'same rescuer quoted by both'"
        )
    check_text(reason, "--reason")
    return cast("JudgementValue", judgement)


def record_judgement(
    store: Store, a: str, b: str, judgement: str, *, actor: str, reason: str
) -> JudgementOutcome:
    """Record whether incidents ``a`` and ``b`` are one (``provenance judge``; a later
    judgement of the pair replaces it, the audit log keeps both) and report the cluster.

    Raises :class:`~provenance.errors.UsageError` for a judgement that is not same,
    different or unsure, or an empty reason (:func:`check_judgement`), and the store's
    :class:`~provenance.errors.NotFoundError` when either does not name an incident
    (``a`` and ``b`` are ids, monitors' codes such as ``RS4720`` or URLs:
    :func:`provenance.find.resolve_as`).
    """
    value = check_judgement(judgement, reason)
    a, b = resolve_as(store, a, "Incident").id, resolve_as(store, b, "Incident").id
    j = store.judge(a, b, value, actor=actor, reason=reason)
    clustering = cluster(store.judgements())
    mine = next((c for c in clustering.clusters if j.a in c), [j.a])
    conflicts = [c.message for c in clustering.conflicts if {j.a, j.b} & {*c.same, *c.different}]
    return JudgementOutcome(judgement=j, cluster=mine, conflicts=conflicts)
