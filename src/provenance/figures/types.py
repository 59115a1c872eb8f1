"""What a figure reads (plain dataclasses) and what it returns (pydantic, ``--json``).

Pure data: :mod:`provenance.figures.load` fills the inputs from a store,
:mod:`provenance.figures.compute` turns them into a :class:`Figure`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class ClaimFigure:
    killed: tuple[int, int] | None
    """``None``: the claim records no death toll (not recorded, never 0)."""
    injured: tuple[int, int] | None
    belligerent: str | None = None


@dataclass(frozen=True)
class Assessed:
    statement: str
    verdict: str
    acknowledged: int | None = None


@dataclass(frozen=True)
class Dataset:
    """The import an incident came from: the profile or mapping (``source``: "airwars",
    "timemap", "mapping:NAME") and the export file; ``source`` "case" for a case file."""

    source: str
    file: str | None = None

    def label(self) -> str:
        return f"{self.source} ({self.file})" if self.file else self.source

    def matches(self, value: str) -> bool:
        """``value`` names this dataset: its source, its file, or ``SOURCE:FILE``."""
        v = value.strip().casefold()
        names = {self.source.casefold(), (self.file or "").casefold()}
        if self.file:
            names.add(f"{self.source}:{self.file}".casefold())
        return v in names - {""}


CASE = Dataset("case")


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
    datasets: tuple[Dataset, ...] = ()


@dataclass(frozen=True)
class CampaignAcknowledgement:
    """A period total in a statement (``acknowledges``): a belligerent's admission, or,
    when ``monitor`` (its issuer is a monitor, NGO or outlet), a monitor's own figure for
    the period ("as many as 744 in June")."""

    statement: str
    civilians_killed: int
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    scope: str | None = None
    text: str | None = None
    monitor: bool = False
    issuer: str | None = None


class RangeOut(BaseModel):
    min: int
    max: int


class Part(BaseModel):
    """One row of a figure (a grade, or a ``--by`` key): incidents with recorded casualties
    and their summed ranges; ``not_recorded``: incidents there whose casualties were not."""

    incidents: int
    civilians_killed: RangeOut
    civilians_injured: RangeOut
    incident_ids: list[str]
    not_recorded: int = 0


class Figure(BaseModel):
    """The result of ``provenance figure`` (``--json``)."""

    filters: dict[str, Any]
    incidents: int
    """Deduplicated incidents with recorded casualties: what the ranges sum over."""
    civilians_killed: RangeOut
    civilians_injured: RangeOut
    not_recorded: int
    """Incidents whose casualties were not recorded (no claim gives a range): not in the
    totals, never counted as 0."""
    not_recorded_ids: list[str]
    undated: int
    """Undated incidents matching the other filters: not in the totals (no period holds them)."""
    undated_ids: list[str]
    by_grade: dict[str, Part]
    acknowledged: dict[str, Any]
    reported: list[dict[str, Any]]
    """Monitors' own period figures overlapping the period (a statement by a monitor):
    beside the incident sum, never added to it."""
    incident_ids: list[str]
    clusters: list[list[str]]
    conflicts: list[str]
    by: dict[str, Part] | None = None
    in_several_rows: int = 0
    """With ``by``: incidents that appear in more than one row (their rows add up to more
    than the total)."""
