"""Casualty figures over deduplicated incidents, beside what belligerents acknowledged.

DESIGN.md "Casualty figures". Pure: :func:`compute_figure` does the arithmetic over plain
data that :mod:`provenance.figures.load` reads from a store.

Counting rules:

* A cluster of incidents judged the same is ONE incident before anything is selected or
  counted: its date is the earliest of its members', its grade the best analyst grade
  among them, its ranges the merged ranges of all its members' claims (min of the mins,
  max of the maxes), its acknowledged deaths the largest any statement gave for one of
  its members, its official verdict the strongest (acknowledged > credible >
  under_review > non_credible > duplicate). Every view — totals, ``by_grade``, ``--by``,
  ``--min-grade`` — sees these same values, so a 31 July / 1 August cluster is a July
  incident everywhere.
* Incidents are selected by that date (within ``[date_from, date_to]``), grade (confirmed >
  fair > weak > contested > discounted; ungraded incidents fail any minimum), country and
  dataset (one of the members carries it) and belligerent (named by a member or one of its
  claims, through aliases; only that belligerent's claims, and claims naming none, then
  count). Values that match nothing are refused (:mod:`provenance.figures.filters`).
* Counted apart, never as 0: an undated incident (no period holds it: ``undated``) and an
  incident none of whose counted claims records a range (``not_recorded``).
* ``by="belligerent"`` keeps claims apart per claimant (alias groups are one row); an
  incident blamed on two belligerents appears under each, and ``in_several_rows`` says how
  many incidents are counted (with a recorded range) in more than one row. ``by="country"`` does the same for a cluster spanning two countries.
* Campaign-level figures (a statement's ``acknowledges``) whose period overlaps the
  figure's are listed beside it: a belligerent's admissions under ``acknowledged``, a
  monitor's own period figure under ``reported``. They cover more than the selected
  incidents and are never added to them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from provenance.dedupe.clusters import Clustering
from provenance.figures.belligerents import Belligerents
from provenance.figures.filters import ByKey, Filters, Selector, belligerents_of
from provenance.figures.types import (
    CampaignAcknowledgement,
    ClaimFigure,
    Figure,
    FigureIncident,
    Part,
    RangeOut,
)
from provenance.vocab import GRADE_RANK, VERDICT_RANK

Range = tuple[int, int] | None


def merge_ranges(ranges: Sequence[Range]) -> Range:
    """The min of the mins and the max of the maxes; ``None`` when none is recorded.

    >>> merge_ranges([(2, 5), None, (3, 9)]), merge_ranges([None])
    ((2, 9), None)
    """
    known = [r for r in ranges if r is not None]
    return (min(r[0] for r in known), max(r[1] for r in known)) if known else None


@dataclass(frozen=True)
class Merged:
    """A cluster of incidents as one incident (DESIGN's rule; a lone incident is a
    cluster of one)."""

    members: tuple[FigureIncident, ...]

    @property
    def ids(self) -> list[str]:
        return sorted(m.id for m in self.members)

    @property
    def date(self) -> dt.date | None:
        return min((m.date for m in self.members if m.date), default=None)

    @property
    def grade(self) -> str | None:
        graded = [m.grade for m in self.members if m.grade]
        return min(graded, key=lambda g: GRADE_RANK.get(g, 99), default=None)

    def countries(self) -> list[str]:
        return sorted({m.country.upper() for m in self.members if m.country}) or ["unknown"]


def merged_incidents(incidents: Sequence[FigureIncident], clustering: Clustering) -> list[Merged]:
    """``incidents`` grouped by cluster, each group one :class:`Merged` incident."""
    cluster_of = clustering.cluster_of()
    groups: dict[str, list[FigureIncident]] = {}
    for inc in incidents:
        groups.setdefault(cluster_of.get(inc.id, inc.id), []).append(inc)
    return [Merged(tuple(ms)) for ms in groups.values()]


def _counted(m: Merged, f: Filters, sel: Selector) -> list[ClaimFigure] | None:
    """The claims of ``m`` that count under ``f``, or ``None`` when it is not selected
    (dates are checked by the caller: an undated incident is counted apart)."""
    if m.date is not None and (
        (f.date_from and m.date < f.date_from) or (f.date_to and m.date > f.date_to)
    ):
        return None
    if f.min_grade and GRADE_RANK.get(m.grade or "", 99) > GRADE_RANK[f.min_grade]:
        return None
    if not sel.place(m.members):
        return None
    claims = [c for inc in m.members for c in inc.claims]
    if sel.belligerent is None:
        return claims
    if not any(
        sel.names.key(b) == sel.belligerent for inc in m.members for b in belligerents_of(inc)
    ):
        return None
    return [
        c for c in claims if not c.belligerent or sel.names.key(c.belligerent) == sel.belligerent
    ]


@dataclass
class _Acc:
    ids: list[str] = field(default_factory=list)
    n: int = 0
    k: list[int] = field(default_factory=lambda: [0, 0])
    i: list[int] = field(default_factory=lambda: [0, 0])
    not_recorded: int = 0

    def add(self, ids: list[str], killed: Range, injured: Range) -> None:
        if killed is None and injured is None:
            self.not_recorded += 1
            return
        self.n += 1
        self.ids.extend(ids)
        for acc, r in ((self.k, killed), (self.i, injured)):
            if r:
                acc[0] += r[0]
                acc[1] += r[1]

    def part(self) -> Part:
        return Part(
            incidents=self.n,
            civilians_killed=RangeOut(min=self.k[0], max=self.k[1]),
            civilians_injured=RangeOut(min=self.i[0], max=self.i[1]),
            incident_ids=sorted(self.ids),
            not_recorded=self.not_recorded,
        )


@dataclass
class _Tally:
    """What a figure adds up over its (merged) incidents."""

    names: Belligerents
    spelled: dict[str, str]
    """Alias group → the spelling the data uses most."""
    total: _Acc = field(default_factory=_Acc)
    not_recorded_ids: list[str] = field(default_factory=list)
    grades: dict[str, _Acc] = field(default_factory=dict)
    parts: dict[str, _Acc] = field(default_factory=dict)
    several: int = 0
    verdicts: dict[str, int] = field(
        default_factory=lambda: {v: 0 for v in VERDICT_RANK} | {"not_assessed": 0}
    )
    acknowledged: int = 0
    assessments: list[dict[str, Any]] = field(default_factory=list)

    def add(self, m: Merged, claims: list[ClaimFigure], by: ByKey | None) -> None:
        """Count one incident once: merged ranges, best grade, strongest verdict."""
        ids = m.ids
        killed = merge_ranges([c.killed for c in claims])
        injured = merge_ranges([c.injured for c in claims])
        self.total.add(ids, killed, injured)
        if killed is None and injured is None:
            self.not_recorded_ids.extend(ids)
        self.grades.setdefault(m.grade or "ungraded", _Acc()).add(ids, killed, injured)
        self._assessed(m)
        if by is not None:
            rows = self._rows(m, claims, by)
            self.several += sum(1 for k, i in rows.values() if k or i) > 1
            for name, (k, i) in rows.items():
                self.parts.setdefault(name, _Acc()).add(ids, k, i)

    def _assessed(self, m: Merged) -> None:
        found = [(inc.id, a) for inc in m.members for a in inc.assessments]
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

    def _rows(
        self, m: Merged, claims: list[ClaimFigure], by: ByKey
    ) -> dict[str, tuple[Range, Range]]:
        """The ``--by`` rows ``m`` counts in, each with the ranges it adds there."""
        whole = (
            merge_ranges([c.killed for c in claims]),
            merge_ranges([c.injured for c in claims]),
        )
        if by == "month":
            return {m.date.strftime("%Y-%m") if m.date else "undated": whole}
        if by == "country":
            return dict.fromkeys(m.countries(), whole)
        groups: dict[str, list[ClaimFigure]] = {}
        for c in claims:
            groups.setdefault(self.names.key(c.belligerent) if c.belligerent else "", []).append(c)
        rows: dict[str, tuple[Range, Range]] = {}
        for key, mine in sorted(groups.items()):
            name = self.spelled.get(key, key) if key else _unnamed(m)
            rows[name] = (
                merge_ranges([c.killed for c in mine]),
                merge_ranges([c.injured for c in mine]),
            )
        return rows or {_unnamed(m): whole}


def _unnamed(m: Merged) -> str:
    """The row of claims that name no belligerent: the incident's own, or "unknown"."""
    return ", ".join(sorted({b for inc in m.members for b in inc.belligerents})) or "unknown"


def _spellings(incidents: Sequence[FigureIncident], names: Belligerents) -> dict[str, str]:
    counts = Counter(b for inc in incidents for b in belligerents_of(inc))
    out: dict[str, str] = {}
    for spelling, _ in counts.most_common():
        out.setdefault(names.key(spelling), spelling)
    return out


def compute_figure(
    incidents: Sequence[FigureIncident],
    campaign: Sequence[CampaignAcknowledgement],
    clustering: Clustering,
    filters: Filters | None = None,
    by: ByKey | None = None,
    names: Belligerents | None = None,
) -> Figure:
    """Totals over merged incidents (each cluster once) with acknowledged figures beside
    them; ``names``: the belligerent aliases (the built-in ones when not given)."""
    f = filters or Filters()
    names = names or Belligerents.build()
    sel = Selector.resolve(f, incidents, names)
    tally = _Tally(names, _spellings(incidents, names))
    undated: list[str] = []
    n_undated = 0
    merged = merged_incidents(incidents, clustering)
    for m in merged:
        claims = _counted(m, f, sel)
        if claims is not None and m.date is None:
            undated.extend(m.ids)
            n_undated += 1
        elif claims is not None:
            tally.add(m, claims, by)
    totals = tally.total.part()
    seen = {*tally.total.ids, *tally.not_recorded_ids, *undated}
    return Figure(
        filters={k: (str(v) if v is not None else None) for k, v in vars(f).items()} | {"by": by},
        incidents=totals.incidents,
        civilians_killed=totals.civilians_killed,
        civilians_injured=totals.civilians_injured,
        not_recorded=totals.not_recorded,
        not_recorded_ids=sorted(tally.not_recorded_ids),
        undated=n_undated,
        undated_ids=sorted(undated),
        by_grade={
            g: a.part()
            for g, a in sorted(tally.grades.items(), key=lambda kv: GRADE_RANK.get(kv[0], 99))
        },
        acknowledged={
            "civilians_killed": tally.acknowledged,
            "incidents_by_verdict": tally.verdicts,
            "assessments": sorted(tally.assessments, key=lambda a: (a["incident"], a["statement"])),
            "campaign": [_campaign(c) for c in campaign if not c.monitor and _overlaps(c, f)],
        },
        reported=[_campaign(c) for c in campaign if c.monitor and _overlaps(c, f)],
        incident_ids=sorted(tally.total.ids),
        clusters=[m.ids for m in merged if len(m.members) > 1 and m.ids[0] in seen],
        conflicts=[c.message for c in clustering.conflicts],
        by={k: a.part() for k, a in sorted(tally.parts.items())} if by else None,
        in_several_rows=tally.several,
    )


def _overlaps(c: CampaignAcknowledgement, f: Filters) -> bool:
    if f.date_from and c.date_to and c.date_to < f.date_from:
        return False
    return not (f.date_to and c.date_from and c.date_from > f.date_to)


def _campaign(c: CampaignAcknowledgement) -> dict[str, Any]:
    return {
        "statement": c.statement,
        "issuer": c.issuer,
        "civilians_killed": c.civilians_killed,
        "date_from": c.date_from.isoformat() if c.date_from else None,
        "date_to": c.date_to.isoformat() if c.date_to else None,
        "scope": c.scope,
        "text": c.text,
    }
