"""The rows of a figure page: one per deduplicated incident of a casualty figure, each
with its claims and the evidence behind them.

:func:`figure_rows` turns a computed :class:`~provenance.figures.Figure` and the items
around its incidents (:class:`FigureItems`, read by :mod:`provenance.views.data`) into
:class:`IncidentRow` s. A cluster of duplicates is one row (its members listed), with the
values the figure counts for it (DESIGN.md "Casualty figures"): the earliest date of its
members, the best analyst grade, the merged ranges of its counted claims and the largest
acknowledged count. Incidents whose casualties were not recorded and undated incidents
get rows too, marked by their ``status``, never with a 0. Pure: no store, no files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.figures import merge_ranges
from provenance.vocab import GRADE_RANK, VERDICT_RANK

if TYPE_CHECKING:
    from provenance.corroborate import Corroboration
    from provenance.figures import Belligerents, Figure

COUNTED, NOT_RECORDED, UNDATED = "counted", "not_recorded", "undated"
"""A row's ``status``: in the totals, casualties not recorded, or undated (both apart)."""


@dataclass(frozen=True)
class FigureItems:
    """What the figure page shows around a figure's incidents (plain data).

    ``incidents``: incident id → data; ``claims``: claim id → data with ``incident`` (only
    the claims the figure counts: with ``--belligerent``, those naming it or no one);
    ``results``: claim id → its corroboration; ``evidence``: id → ``(label, data)`` of
    each source or statement a claim rests on; ``links``: ``(claim, rel, evidence id)``;
    ``assessments``: incident id → ``(statement, verdict, acknowledged deaths or None)``.
    """

    incidents: Mapping[str, Mapping[str, Any]]
    claims: Mapping[str, Mapping[str, Any]]
    results: Mapping[str, Corroboration]
    evidence: Mapping[str, tuple[str, Mapping[str, Any]]]
    links: Sequence[tuple[str, str, str]]
    assessments: Mapping[str, Sequence[tuple[str, str, int | None]]] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidenceRow:
    """A source or statement under a claim: who published it, as a reader knows them."""

    id: str
    kind: str
    rel: str
    outlet: str
    author: str
    reliability: str
    url: str
    title: str


@dataclass(frozen=True)
class ClaimRow:
    """A claim of an incident with its corroboration and evidence."""

    id: str
    incident: str
    belligerent: str
    killed: tuple[int, int] | None
    injured: tuple[int, int] | None
    independent_paths: int | None
    supporting_sources: int
    suggested_grade: str
    explanation: str
    evidence: list[EvidenceRow]


@dataclass(frozen=True)
class IncidentRow:
    """One row of the table: an incident, or a cluster of duplicates counted once."""

    ids: list[str]
    status: str
    date: str | None
    place: str
    title: str
    grade: str | None
    killed: tuple[int, int] | None
    injured: tuple[int, int] | None
    sources: int
    independent_paths: int | None
    """The most independent paths any of its claims has (``None``: no claim)."""
    acknowledged: int | None
    verdict: str
    claims: list[ClaimRow]

    @property
    def id(self) -> str:
        """The row's name: its incident, or a cluster's first member."""
        return self.ids[0]


def counted_claims(
    claims: dict[str, dict[str, Any]], belligerent: str | None, names: Belligerents
) -> dict[str, dict[str, Any]]:
    """The ``claims`` a figure counts: with ``belligerent``, those naming it (through its
    aliases, as :mod:`provenance.figures` matches it) or naming no one.

    >>> from provenance.figures import Belligerents
    >>> claims = {"a": {"belligerent": "US-led coalition"}, "b": {"belligerent": "VKS"}, "c": {}}
    >>> sorted(counted_claims(claims, "CJTF-OIR", Belligerents.build()))
    ['a', 'c']
    """
    if not belligerent:
        return claims
    want = names.key(belligerent)
    return {
        i: d
        for i, d in claims.items()
        if not d.get("belligerent") or names.key(str(d["belligerent"])) == want
    }


def row_groups(fig: Figure) -> list[tuple[list[str], str]]:
    """The figure's deduplicated incidents as lists of ids (a cluster's members, or one
    id), each with its status; counted first, then not recorded, then undated.

    >>> from provenance.figures import compute_figure, FigureIncident, ClaimFigure
    >>> from provenance.dedupe.clusters import cluster
    >>> import datetime as dt
    >>> incs = [FigureIncident("a", dt.date(2017, 6, 1), claims=(ClaimFigure((1, 2), None),)),
    ...         FigureIncident("b", None), FigureIncident("c", dt.date(2017, 6, 2))]
    >>> row_groups(compute_figure(incs, [], cluster([])))
    [(['a'], 'counted'), (['c'], 'not_recorded'), (['b'], 'undated')]
    """
    out: list[tuple[list[str], str]] = []
    cluster_of = {m: sorted(c) for c in fig.clusters for m in c}
    for ids, status in (
        (fig.incident_ids, COUNTED),
        (fig.not_recorded_ids, NOT_RECORDED),
        (fig.undated_ids, UNDATED),
    ):
        seen: set[str] = set()
        for i in ids:
            if i not in seen:
                members = cluster_of.get(i, [i])
                seen.update(members)
                out.append((members, status))
    return out


def _range(value: Any) -> tuple[int, int] | None:
    return (int(value["min"]), int(value["max"])) if isinstance(value, Mapping) else None


def _evidence_row(
    rel: str, ev: str, label: str, d: Mapping[str, Any], names: Mapping[str, str]
) -> EvidenceRow:
    author = str(d.get("author") or "")
    outlet = names.get(ev) or str(d.get("publisher_name") or d.get("issuer") or author or "")
    return EvidenceRow(
        id=ev,
        kind=label,
        rel=rel,
        outlet="" if outlet == ev else outlet,
        author=author,
        reliability=str(d.get("reliability") or ""),
        url=str(d.get("url") or ""),
        title=str(d.get("title") or d.get("text") or ""),
    )


@dataclass(frozen=True)
class Lookup:
    """:class:`FigureItems` indexed once: each incident's claims, each claim's evidence."""

    claims_of: dict[str, list[str]]
    evidence_of: dict[str, list[tuple[str, str]]]

    @classmethod
    def of(cls, items: FigureItems) -> Lookup:
        """The index of ``items``."""
        claims_of: dict[str, list[str]] = {}
        for cid, d in items.claims.items():
            claims_of.setdefault(str(d.get("incident")), []).append(cid)
        evidence_of: dict[str, list[tuple[str, str]]] = {}
        for claim, rel, ev in items.links:
            evidence_of.setdefault(claim, []).append((rel, ev))
        return cls(claims_of, evidence_of)


def claim_row(items: FigureItems, look: Lookup, cid: str) -> ClaimRow:
    """Claim ``cid`` with its corroboration and its evidence (direct supports first, those
    of one outlet or author together)."""
    d = items.claims[cid]
    r = items.results.get(cid)
    names = r.names if r else {}
    evidence = sorted(
        (
            _evidence_row(rel, ev, *items.evidence[ev], names)
            for rel, ev in look.evidence_of.get(cid, [])
            if ev in items.evidence
        ),
        key=lambda e: (e.rel != "SUPPORTED_BY", (e.outlet or e.author).casefold(), e.id),
    )
    return ClaimRow(
        id=cid,
        incident=str(d.get("incident") or ""),
        belligerent=str(d.get("belligerent") or ""),
        killed=_range(d.get("civilians_killed")),
        injured=_range(d.get("civilians_injured")),
        independent_paths=r.independent_paths if r else None,
        supporting_sources=r.supporting_sources if r else 0,
        suggested_grade=str(r.suggested_grade) if r else "",
        explanation=r.explanation if r else "",
        evidence=evidence,
    )


def _place(d: Mapping[str, Any]) -> str:
    loc = d.get("location")
    name = loc.get("name") if isinstance(loc, Mapping) else None
    return ", ".join(str(x) for x in (name or d.get("title") or "", d.get("country")) if x)


def _acknowledged(items: FigureItems, ids: Sequence[str]) -> tuple[int | None, str]:
    found = [a for i in ids for a in items.assessments.get(i, ())]
    acks = [a[2] for a in found if a[2] is not None]
    verdict = min((a[1] for a in found), key=lambda v: VERDICT_RANK.get(v, 99), default="")
    return (max(acks) if acks else None), (verdict or "not assessed")


def incident_row(items: FigureItems, look: Lookup, ids: list[str], status: str) -> IncidentRow:
    """The row of one deduplicated incident (``ids``: its members)."""
    data = [items.incidents.get(i, {}) for i in ids]
    claims = [
        claim_row(items, look, c) for c in sorted(c for i in ids for c in look.claims_of.get(i, []))
    ]
    dates = sorted(str(d["date"]) for d in data if d.get("date"))
    grades = [str(d["grade"]) for d in data if d.get("grade")]
    ack, verdict = _acknowledged(items, ids)
    paths = [c.independent_paths for c in claims if c.independent_paths is not None]
    return IncidentRow(
        ids=ids,
        status=status,
        date=dates[0] if dates else None,
        place=next((p for p in map(_place, data) if p), ""),
        title=next((str(d["title"]) for d in data if d.get("title")), ""),
        grade=min(grades, key=lambda g: GRADE_RANK.get(g, 99), default=None),
        killed=merge_ranges([c.killed for c in claims]),
        injured=merge_ranges([c.injured for c in claims]),
        sources=len({e.id for c in claims for e in c.evidence if e.rel == "SUPPORTED_BY"}),
        independent_paths=max(paths, default=None),
        acknowledged=ack,
        verdict=verdict,
        claims=claims,
    )


def figure_rows(fig: Figure, items: FigureItems) -> list[IncidentRow]:
    """One :class:`IncidentRow` per deduplicated incident of ``fig`` (see
    :func:`row_groups`), its values from ``items``: those counted first, then those whose
    casualties were not recorded, then the undated, each by date."""
    look = Lookup.of(items)
    rows = [incident_row(items, look, ids, status) for ids, status in row_groups(fig)]
    rank = {COUNTED: 0, NOT_RECORDED: 1, UNDATED: 2}
    return sorted(rows, key=lambda r: (rank[r.status], r.date or "", r.id))
