"""Casualty figures over deduplicated incidents, beside what belligerents acknowledged.

DESIGN.md "Casualty figures". Pure: :func:`compute_figure` does the arithmetic over plain
data that :mod:`provenance.figures.load` reads from a store.

Counting rules:

* Incidents are selected by date (start date within ``[date_from, date_to]``), country,
  belligerent (named by the incident or one of its claims; only that belligerent's claims,
  and claims naming none, then count) and minimum grade (confirmed > fair > weak >
  contested > discounted; ungraded incidents fail any minimum).
* An undated incident (kept by an import without a usable date) matching the other
  filters is not in the totals (no period holds it): it is counted apart, ``undated``.
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
from typing import Any, Literal

from pydantic import BaseModel

from provenance.dedupe.clusters import Clustering
from provenance.errors import UsageError
from provenance.vocab import GRADE_RANK, VERDICT_RANK

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
    date: dt.date | None
    """``None``: undated (kept by an import without a usable date); counted apart."""
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
    """Which incidents a figure counts (see the module docstring).

    An unknown ``min_grade`` is a :class:`~provenance.errors.UsageError`; so are dates that
    are not ``YYYY-MM-DD`` given to :meth:`from_options`.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    belligerent: str | None = None
    min_grade: str | None = None

    def __post_init__(self) -> None:
        if self.min_grade is not None and self.min_grade not in GRADE_RANK:
            raise UsageError(
                f"--min-grade: unknown grade {self.min_grade!r}",
                f"use one of: {', '.join(GRADE_RANK)}",
            )

    @classmethod
    def from_options(
        cls,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        country: str | None = None,
        belligerent: str | None = None,
        min_grade: str | None = None,
    ) -> Filters:
        """The filters of ``--from``, ``--to`` (``YYYY-MM-DD``), ``--country``,
        ``--belligerent`` and ``--min-grade`` as typed on a command line."""
        return cls(
            date_from=parse_date(date_from, "--from"),
            date_to=parse_date(date_to, "--to"),
            country=country,
            belligerent=belligerent,
            min_grade=min_grade,
        )


def parse_date(value: str | None, option: str) -> dt.date | None:
    """``value`` (``YYYY-MM-DD``) as a date; a :class:`~provenance.errors.UsageError`
    naming ``option`` when it is not one.

    >>> parse_date("2017-06-01", "--from")
    datetime.date(2017, 6, 1)
    """
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option}: {value!r} is not a date", "use YYYY-MM-DD, e.g. 2017-06-01"
        ) from None


BY_KEYS: tuple[ByKey, ...] = ("belligerent", "country", "month")


def by_key(value: str | None) -> ByKey | None:
    """``value`` as a breakdown key (``--by``); a :class:`~provenance.errors.UsageError`
    when it is not belligerent, country or month."""
    if value is None:
        return None
    for key in BY_KEYS:
        if value == key:
            return key
    raise UsageError(f"--by: cannot break down by {value!r}", "use belligerent, country or month")


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
    undated: int = 0
    """Undated incidents matching the other filters: not in the totals (no period holds them)."""


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
    if inc.date is not None and (
        (f.date_from and inc.date < f.date_from) or (f.date_to and inc.date > f.date_to)
    ):
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


Members = list[tuple[FigureIncident, list[ClaimFigure]]]
"""The selected incidents of one cluster, each with the claims that count."""


@dataclass
class _Tally:
    """What a figure adds up over its clusters."""

    total: _Acc = field(default_factory=_Acc)
    grades: dict[str, _Acc] = field(default_factory=dict)
    parts: dict[str, _Acc] = field(default_factory=dict)
    verdicts: dict[str, int] = field(
        default_factory=lambda: {v: 0 for v in VERDICT_RANK} | {"not_assessed": 0}
    )
    acknowledged: int = 0
    assessments: list[dict[str, Any]] = field(default_factory=list)

    def add(self, members: Members, by: ByKey | None) -> None:
        """Count one cluster once: merged ranges, best grade, strongest verdict."""
        ids = [m.id for m, _ in members]
        claims = [c for _, cs in members for c in cs]
        killed = _merge([c.killed for c in claims])
        injured = _merge([c.injured for c in claims])
        self.total.add(ids, killed, injured)
        grade = min(
            (m.grade for m, _ in members if m.grade),
            key=lambda g: GRADE_RANK.get(g, 99),
            default=None,
        )
        self.grades.setdefault(grade or "ungraded", _Acc()).add(ids, killed, injured)
        found = [(m.id, a) for m, _ in members for a in m.assessments]
        self.assessments += [
            {
                "incident": incident,
                "statement": a.statement,
                "verdict": a.verdict,
                "civilians_killed_acknowledged": a.acknowledged,
            }
            for incident, a in found
        ]
        verdict = min(
            (a.verdict for _, a in found),
            key=lambda v: VERDICT_RANK.get(v, 99),
            default="not_assessed",
        )
        self.verdicts[verdict] = self.verdicts.get(verdict, 0) + 1
        self.acknowledged += max(
            (a.acknowledged for _, a in found if a.acknowledged is not None), default=0
        )
        if by is not None:
            _breakdown(self.parts, by, members, claims, ids, killed, injured)


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
    groups: dict[str, Members] = {}
    undated = 0
    for inc in incidents:
        claims = _selected(inc, f)
        if claims is not None and inc.date is None:
            undated += 1
        elif claims is not None:
            groups.setdefault(cluster_of.get(inc.id, inc.id), []).append((inc, claims))
    tally = _Tally()
    for members in groups.values():
        tally.add(members, by)
    totals = tally.total.part()
    return Figure(
        filters={k: (str(v) if v is not None else None) for k, v in vars(f).items()} | {"by": by},
        incidents=len(groups),
        civilians_killed=totals.civilians_killed,
        civilians_injured=totals.civilians_injured,
        by_grade={
            g: _count(a, cluster_of)
            for g, a in sorted(tally.grades.items(), key=lambda kv: GRADE_RANK.get(kv[0], 99))
        },
        acknowledged={
            "civilians_killed": tally.acknowledged,
            "incidents_by_verdict": tally.verdicts,
            "assessments": sorted(tally.assessments, key=lambda a: (a["incident"], a["statement"])),
            "campaign": [_campaign(c) for c in campaign if _overlaps(c, f)],
        },
        incident_ids=sorted(tally.total.ids),
        clusters=[
            sorted(ids) for ids in ([m.id for m, _ in ms] for ms in groups.values()) if len(ids) > 1
        ],
        conflicts=[c.message for c in clustering.conflicts],
        by={k: _count(a, cluster_of) for k, a in sorted(tally.parts.items())} if by else None,
        undated=undated,
    )


def _count(acc: _Acc, cluster_of: dict[str, str]) -> Part:
    """The part with ``incidents`` counting clusters, not member incidents."""
    part = acc.part()
    part.incidents = len({cluster_of.get(i, i) for i in acc.ids})
    return part


def _breakdown(
    parts: dict[str, _Acc],
    by: ByKey,
    members: Members,
    claims: list[ClaimFigure],
    ids: list[str],
    killed: tuple[int, int] | None,
    injured: tuple[int, int] | None,
) -> None:
    first = min((m for m, _ in members), key=lambda m: m.date or dt.date.max)
    if by == "month":
        month = first.date.strftime("%Y-%m") if first.date else "undated"
        parts.setdefault(month, _Acc()).add(ids, killed, injured)
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
