"""The impact of discrediting items, computed on data already read (pure).

* :func:`recount` analyses each claim downstream of the discredited items twice, as it is
  and without them (:func:`provenance.corroborate.without.standing_without`: the
  ``--min-reliability`` rule, with the discredited items in the place of the sources below
  the threshold);
* :func:`claim_changes` sorts the claims into those whose paths drop, the grades that fall
  and those that keep their count;
* :func:`unsupported_incidents` finds the incidents that lose their last support (their
  casualty figure: :mod:`provenance.impact.figures`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from provenance.corroborate.index import EvidenceIndex
from provenance.corroborate.without import Standing, standing, standing_without
from provenance.impact.result import ClaimImpact, GradeFall, UnsupportedIncident

PATH_GRADES = ("fair", "weak", "unsupported")
"""The suggested grades the independent paths decide (confirmed and contested do not)."""


@dataclass
class Recount:
    """Each downstream claim's :class:`Standing` before and after, and its incident."""

    before: dict[str, Standing] = field(default_factory=dict)
    after: dict[str, Standing] = field(default_factory=dict)
    incident: dict[str, str | None] = field(default_factory=dict)


def recount(
    ix: EvidenceIndex,
    claims: Iterable[str],
    removed: Collection[str],
    *,
    min_reliability: str = "F",
) -> Recount:
    """Analyse ``claims`` of ``ix`` before and after ``removed`` are discredited."""
    out = Recount()
    gone = frozenset(removed)
    for c in claims:
        out.before[c] = standing(ix, c, min_reliability=min_reliability)
        out.after[c] = standing_without(ix, c, gone, min_reliability=min_reliability)
        out.incident[c] = ix.claims[c].incident
    return out


@dataclass
class ClaimChanges:
    """:func:`claim_changes`' answer."""

    dropping: list[ClaimImpact]
    falling: list[GradeFall]
    held: list[str]
    unchanged: int


def claim_changes(r: Recount) -> ClaimChanges:
    """The claims whose paths drop (those whose grade falls first, then the fewest paths
    left, then by id), the grades that
    fall, the claims that lose paths but keep a grade paths do not decide, and how many
    keep their count."""
    dropping: list[ClaimImpact] = []
    for c, before in r.before.items():
        after = r.after[c]
        if after.paths < before.paths:
            dropping.append(
                ClaimImpact(
                    claim=c,
                    incident=r.incident[c],
                    paths_before=before.paths,
                    paths_after=after.paths,
                    grade_before=before.grade,
                    grade_after=after.grade,
                )
            )
    dropping.sort(key=lambda x: (x.grade_after == x.grade_before, x.paths_after, x.claim))
    falling = [
        GradeFall(
            claim=x.claim,
            incident=x.incident,
            grade_before=x.grade_before,
            grade_after=x.grade_after,
        )
        for x in dropping
        if x.grade_after != x.grade_before
    ]
    held = [x.claim for x in dropping if x.grade_before not in PATH_GRADES]
    return ClaimChanges(dropping, falling, held, len(r.before) - len(dropping))


def unsupported_incidents(
    r: Recount,
    incident_claims: Mapping[str, Sequence[str]],
    other_paths: Mapping[str, int],
    titles: Mapping[str, str] | None = None,
) -> list[UnsupportedIncident]:
    """Incidents of the recounted claims that had a claim with an independent path and
    have none after. ``incident_claims``: every claim of each of those incidents;
    ``other_paths``: the paths of those claims that were not recounted (they do not rest
    on the discredited items: unchanged)."""
    titles = titles or {}
    found: list[UnsupportedIncident] = []
    for inc in sorted({i for i in r.incident.values() if i is not None}):
        claims = sorted(incident_claims.get(inc, ()))
        before = [r.before[c].paths if c in r.before else other_paths.get(c, 0) for c in claims]
        after = [r.after[c].paths if c in r.after else other_paths.get(c, 0) for c in claims]
        if any(before) and not any(after):
            found.append(UnsupportedIncident(incident=inc, title=titles.get(inc), claims=claims))
    return found
