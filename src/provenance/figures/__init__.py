"""Casualty figures over deduplicated incidents, beside what belligerents acknowledged.

DESIGN.md "Casualty figures". Pure functions: :func:`load_figure_input` reads a store,
:func:`compute_figure` does the arithmetic.

Counting rules:

* Incidents are selected by date (start date within ``[date_from, date_to]``), country,
  belligerent (named by the incident or one of its claims; only that belligerent's claims,
  and claims naming none, then count) and minimum grade (confirmed > fair > weak >
  contested > discounted; ungraded incidents fail any minimum).
* Selected incidents of one duplicate cluster count once: the cluster's range is the min of
  the mins and the max of the maxes of its claims. Claims are kept apart per claimant (the
  belligerent a claim blames) for ``by="belligerent"``; an incident blamed on two
  belligerents appears under each, so those rows can add up to more than the total.
* A cluster's grade is the best of its members'; its official verdict the strongest
  (acknowledged > credible > under_review > non_credible > duplicate); acknowledged deaths
  are the largest any statement gave for one of its members.
* Campaign-level admissions (a statement's ``acknowledges``) whose period overlaps the
  figure's are listed as context: they cover more than the selected incidents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from provenance.dedupe.clusters import Clustering
from provenance.vocab import GRADE_RANK, VERDICT_RANK

if TYPE_CHECKING:
    from provenance.store import Store

ByKey = Literal["belligerent", "country", "month"]


@dataclass(frozen=True)
class ClaimFigure:
    killed: tuple[int, int] | None
    injured: tuple[int, int] | None
    belligerent: str | None = None


@dataclass(frozen=True)
class Assessed:
    statement: str
    verdict: str
    acknowledged: int | None = None


@dataclass(frozen=True)
class FigureIncident:
    """An incident as the figure sees it (plain data)."""

    id: str
    date: dt.date
    country: str | None = None
    belligerents: tuple[str, ...] = ()
    grade: str | None = None
    claims: tuple[ClaimFigure, ...] = ()
    assessments: tuple[Assessed, ...] = ()


@dataclass(frozen=True)
class CampaignAcknowledgement:
    statement: str
    civilians_killed: int
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    scope: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    belligerent: str | None = None
    min_grade: str | None = None


class RangeOut(BaseModel):
    min: int
    max: int


class Part(BaseModel):
    incidents: int
    civilians_killed: RangeOut
    civilians_injured: RangeOut
    incident_ids: list[str]


class Figure(BaseModel):
    """The result of ``provenance figure`` (``--json``)."""

    filters: dict[str, Any]
    incidents: int
    civilians_killed: RangeOut
    civilians_injured: RangeOut
    by_grade: dict[str, Part]
    acknowledged: dict[str, Any]
    incident_ids: list[str]
    clusters: list[list[str]]
    conflicts: list[str]
    by: dict[str, Part] | None = None


@dataclass
class _Acc:
    ids: list[str] = field(default_factory=list)
    k: list[int] = field(default_factory=lambda: [0, 0])
    i: list[int] = field(default_factory=lambda: [0, 0])

    def add(
        self, ids: list[str], killed: tuple[int, int] | None, injured: tuple[int, int] | None
    ) -> None:
        self.ids.extend(ids)
        for acc, r in ((self.k, killed), (self.i, injured)):
            if r:
                acc[0] += r[0]
                acc[1] += r[1]

    def part(self) -> Part:
        return Part(
            incidents=len(self.ids),
            civilians_killed=RangeOut(min=self.k[0], max=self.k[1]),
            civilians_injured=RangeOut(min=self.i[0], max=self.i[1]),
            incident_ids=sorted(self.ids),
        )


def _merge(ranges: Sequence[tuple[int, int] | None]) -> tuple[int, int] | None:
    known = [r for r in ranges if r is not None]
    return (min(r[0] for r in known), max(r[1] for r in known)) if known else None


def _selected(inc: FigureIncident, f: Filters) -> list[ClaimFigure] | None:
    """The claims that count for ``inc`` under ``f``, or ``None`` when it is not selected."""
    if (f.date_from and inc.date < f.date_from) or (f.date_to and inc.date > f.date_to):
        return None
    if f.country and (inc.country or "").upper() != f.country.upper():
        return None
    if f.min_grade and GRADE_RANK.get(inc.grade or "", 99) > GRADE_RANK[f.min_grade]:
        return None
    if not f.belligerent:
        return list(inc.claims)
    want = f.belligerent.strip().lower()
    named = {b.lower() for b in inc.belligerents} | {
        c.belligerent.lower() for c in inc.claims if c.belligerent
    }
    if want not in named:
        return None
    return [c for c in inc.claims if (c.belligerent or "").lower() in (want, "")]


def compute_figure(
    incidents: Sequence[FigureIncident],
    campaign: Sequence[CampaignAcknowledgement],
    clustering: Clustering,
    filters: Filters | None = None,
    by: ByKey | None = None,
) -> Figure:
    """Totals over clusters (each counted once) with acknowledged figures beside them."""
    f = filters or Filters()
    cluster_of = clustering.cluster_of()
    groups: dict[str, list[tuple[FigureIncident, list[ClaimFigure]]]] = {}
    for inc in incidents:
        claims = _selected(inc, f)
        if claims is not None:
            groups.setdefault(cluster_of.get(inc.id, inc.id), []).append((inc, claims))
    total, grades, parts = _Acc(), dict[str, _Acc](), dict[str, _Acc]()
    verdicts: dict[str, int] = {v: 0 for v in VERDICT_RANK} | {"not_assessed": 0}
    ack_total, assessments = 0, []
    for members in groups.values():
        ids = [m.id for m, _ in members]
        claims = [c for _, cs in members for c in cs]
        killed = _merge([c.killed for c in claims])
        injured = _merge([c.injured for c in claims])
        total.add(ids, killed, injured)
        grade = min(
            (m.grade for m, _ in members if m.grade),
            key=lambda g: GRADE_RANK.get(g, 99),
            default=None,
        )
        grades.setdefault(grade or "ungraded", _Acc()).add(ids, killed, injured)
        found = [a for m, _ in members for a in m.assessments]
        assessments += [
            {
                "incident": m.id,
                "statement": a.statement,
                "verdict": a.verdict,
                "civilians_killed_acknowledged": a.acknowledged,
            }
            for m, _ in members
            for a in m.assessments
        ]
        verdict = min(
            (a.verdict for a in found),
            key=lambda v: VERDICT_RANK.get(v, 99),
            default="not_assessed",
        )
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        ack_total += max((a.acknowledged for a in found if a.acknowledged is not None), default=0)
        if by is not None:
            _breakdown(parts, by, members, claims, ids, killed, injured)
    return Figure(
        filters={k: (str(v) if v is not None else None) for k, v in vars(f).items()} | {"by": by},
        incidents=len(groups),
        civilians_killed=total.part().civilians_killed,
        civilians_injured=total.part().civilians_injured,
        by_grade={
            g: _count(a, cluster_of)
            for g, a in sorted(grades.items(), key=lambda kv: GRADE_RANK.get(kv[0], 99))
        },
        acknowledged={
            "civilians_killed": ack_total,
            "incidents_by_verdict": verdicts,
            "assessments": sorted(assessments, key=lambda a: (a["incident"], a["statement"])),
            "campaign": [_campaign(c) for c in campaign if _overlaps(c, f)],
        },
        incident_ids=sorted(total.ids),
        clusters=[
            sorted(ids) for ids in ([m.id for m, _ in ms] for ms in groups.values()) if len(ids) > 1
        ],
        conflicts=[c.message for c in clustering.conflicts],
        by={k: _count(a, cluster_of) for k, a in sorted(parts.items())} if by else None,
    )


def _count(acc: _Acc, cluster_of: dict[str, str]) -> Part:
    """The part with ``incidents`` counting clusters, not member incidents."""
    part = acc.part()
    part.incidents = len({cluster_of.get(i, i) for i in acc.ids})
    return part


def _breakdown(
    parts: dict[str, _Acc],
    by: ByKey,
    members: list[tuple[FigureIncident, list[ClaimFigure]]],
    claims: list[ClaimFigure],
    ids: list[str],
    killed: tuple[int, int] | None,
    injured: tuple[int, int] | None,
) -> None:
    first = min((m for m, _ in members), key=lambda m: m.date)
    if by == "month":
        parts.setdefault(first.date.strftime("%Y-%m"), _Acc()).add(ids, killed, injured)
    elif by == "country":
        parts.setdefault(first.country or "unknown", _Acc()).add(ids, killed, injured)
    else:
        claimants = sorted({c.belligerent or "" for c in claims}) or [""]
        for b in claimants:
            mine = [c for c in claims if (c.belligerent or "") == b]
            name = (
                b or ", ".join(sorted({x for m, _ in members for x in m.belligerents})) or "unknown"
            )
            parts.setdefault(name, _Acc()).add(
                ids, _merge([c.killed for c in mine]), _merge([c.injured for c in mine])
            )


def _overlaps(c: CampaignAcknowledgement, f: Filters) -> bool:
    if f.date_from and c.date_to and c.date_to < f.date_from:
        return False
    return not (f.date_to and c.date_from and c.date_from > f.date_to)


def _campaign(c: CampaignAcknowledgement) -> dict[str, Any]:
    return {
        "statement": c.statement,
        "civilians_killed": c.civilians_killed,
        "date_from": c.date_from.isoformat() if c.date_from else None,
        "date_to": c.date_to.isoformat() if c.date_to else None,
        "scope": c.scope,
        "text": c.text,
    }


def _rng(value: Any) -> tuple[int, int] | None:
    return (int(value["min"]), int(value["max"])) if isinstance(value, dict) else None


def load_figure_input(store: Store) -> tuple[list[FigureIncident], list[CampaignAcknowledgement]]:
    """Incidents with their claims and assessments, and campaign admissions, from a store."""
    claims: dict[str, list[ClaimFigure]] = {}
    for c in store.iter_items("Claim"):
        d = c.data
        claims.setdefault(str(d["incident"]), []).append(
            ClaimFigure(
                _rng(d.get("civilians_killed")),
                _rng(d.get("civilians_injured")),
                d.get("belligerent"),
            )
        )
    assessed: dict[str, list[Assessed]] = {}
    for e in store.iter_edges(["ASSESSES"]):
        ack = e.props.get("civilians_killed_acknowledged")
        assessed.setdefault(e.dst, []).append(
            Assessed(e.src, str(e.props["verdict"]), int(ack) if ack is not None else None)
        )
    incidents = [
        FigureIncident(
            id=i.id,
            date=dt.date.fromisoformat(i.data["date"]),
            country=i.data.get("country"),
            belligerents=tuple(i.data.get("belligerents") or ()),
            grade=i.data.get("grade"),
            claims=tuple(claims.get(i.id, ())),
            assessments=tuple(sorted(assessed.get(i.id, ()), key=lambda a: a.statement)),
        )
        for i in store.iter_items("Incident")
    ]
    campaign = []
    for s in store.iter_items("Statement"):
        a = s.data.get("acknowledges")
        if a:
            campaign.append(
                CampaignAcknowledgement(
                    statement=s.id,
                    civilians_killed=int(a["civilians_killed"]),
                    date_from=dt.date.fromisoformat(a["date_from"]) if a.get("date_from") else None,
                    date_to=dt.date.fromisoformat(a["date_to"]) if a.get("date_to") else None,
                    scope=a.get("scope"),
                    text=s.data.get("text"),
                )
            )
    return incidents, campaign
