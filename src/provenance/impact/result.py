"""What ``provenance impact`` returns (pydantic, its ``--json``): pure data.

:class:`Impact` holds the discredited :class:`Target`, every claim whose independent paths
drop (:class:`ClaimImpact`), the suggested grades that fall, the incidents that lose their
last support (:class:`UnsupportedIncident`) and the casualty-figure rows that change
(:class:`FigureChange`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from provenance.vocab import SuggestedGrade

TargetKind = Literal["source", "statement", "author", "organisation", "witness"]


class Target(BaseModel):
    """What is discredited: ``kind``, ``id`` (the item's id, the author's normalised key,
    the organisation's id), ``name`` (what a reader knows it by) and ``items``: the ids of
    every source, statement or witness removed (for an author or an organisation, every
    item the unit rule counts in its unit)."""

    model_config = ConfigDict(extra="forbid")
    kind: TargetKind
    id: str
    name: str
    items: list[str]


class ClaimImpact(BaseModel):
    """One claim that rests on the target and loses independent paths."""

    model_config = ConfigDict(extra="forbid")
    claim: str
    incident: str | None
    paths_before: int
    paths_after: int
    grade_before: SuggestedGrade
    grade_after: SuggestedGrade


class GradeFall(BaseModel):
    """A suggested grade that falls (fair → weak, fair or weak → unsupported)."""

    model_config = ConfigDict(extra="forbid")
    claim: str
    incident: str | None
    grade_before: SuggestedGrade
    grade_after: SuggestedGrade


class UnsupportedIncident(BaseModel):
    """An incident some claim of which had an independent path, and none has after."""

    model_config = ConfigDict(extra="forbid")
    incident: str
    title: str | None = None
    claims: list[str]


class KilledRange(BaseModel):
    """Civilians killed, summed over a row's incidents."""

    min: int
    max: int


class FigureChange(BaseModel):
    """One row of the casualty figure (a month and a belligerent, over deduplicated
    incidents: :func:`provenance.figures.compute_figure`) that changes once the incidents
    that lost their last support leave it."""

    model_config = ConfigDict(extra="forbid")
    month: str
    belligerent: str
    incidents_before: int
    incidents_after: int
    killed_before: KilledRange
    killed_after: KilledRange


class Impact(BaseModel):
    """The result of ``provenance impact ID`` (see :mod:`provenance.impact`)."""

    model_config = ConfigDict(extra="forbid")
    target: Target
    claims: list[ClaimImpact]
    """Claims whose independent paths drop: those whose grade falls first, then the fewest
    paths left."""
    grades_falling: list[GradeFall]
    grades_held: list[str] = Field(default_factory=list)
    """Claims that lose paths but keep a grade that paths do not decide (confirmed: an
    official statement accepts the incident; contested: its claims blame different
    belligerents)."""
    incidents_unsupported: list[UnsupportedIncident]
    figures: list[FigureChange]
    unchanged_claims: int
    """Claims that rest on the target (it is upstream of them) but keep their count."""
    names: dict[str, str] = Field(default_factory=dict)
    """What a reader knows the incidents listed by (their titles), by id."""
