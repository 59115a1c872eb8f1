"""The input of duplicate detection: one :class:`IncidentRecord` per incident, a
:class:`Config` of blocking rules and score weights, and the per-incident columns
(:class:`Columns`) that blocking and the pair features read.

Plain data: nothing here reads a store (:mod:`provenance.dedupe.load` builds the records).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, count
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

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
    evidence_names: tuple[tuple[str, str], ...] = ()
    """``(id, outlet or author)`` of the evidence that has one, for reasons a reader can
    check (:func:`provenance.outlets.names.outlet_names`)."""


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


def radius_km(record: IncidentRecord, config: Config) -> float:
    """The search radius of ``record``: :data:`RADIUS_KM` of its precision, else the default.

    >>> day = dt.date(2017, 6, 1)
    >>> radius_km(IncidentRecord("x", day, day, precision="city"), Config())
    10.0
    """
    return precision_radius(record.precision, config)


def precision_radius(precision: str | None, config: Config) -> float:
    """The search radius of a location ``precision`` (:func:`radius_km`)."""
    return RADIUS_KM.get(precision or "", config.default_radius_km)


def belligerent_key(name: str) -> str:
    """The form in which two belligerent names are compared (case and outer spaces ignored).

    >>> belligerent_key(" US-led Coalition ") == belligerent_key("us-led coalition")
    True
    """
    return name.strip().lower()


def date_gap(ra: IncidentRecord, rb: IncidentRecord) -> int:
    """Days between two date windows: ``max(start) - min(end)``, 0 when they overlap."""
    return max(0, max(ra.start, rb.start).toordinal() - min(ra.end, rb.end).toordinal())


@dataclass(frozen=True)
class Columns:
    """Per-incident arrays of a record list (index ``i`` is ``records[i]``), made in one pass.

    ``start``/``end`` are day ordinals; ``lat``/``lon`` are NaN without coordinates;
    ``country`` is a small integer per country (-1 when unknown); ``kmin``/``kmax`` the
    killed range (-1 when unknown). Values many incidents share are numbered once:
    ``name_id`` indexes ``name_sets`` (the distinct ``names`` tuples), ``bell_id`` indexes
    ``bell_sets`` (the distinct belligerent sets, as :func:`belligerent_key` forms), and the
    evidence is rows ``(evidence_key[r], evidence_incident[r])``, one per item an incident
    holds, keys numbered in order of first appearance.
    """

    start: I64
    end: I64
    lat: F64
    lon: F64
    radius: F64
    country: I64
    kmin: I64
    kmax: I64
    name_id: I64
    name_sets: list[tuple[str, ...]]
    bell_id: I64
    bell_sets: list[frozenset[str]]
    evidence_key: I64
    evidence_incident: I64

    @classmethod
    def of(cls, records: Sequence[IncidentRecord], config: Config) -> Columns:
        """The columns of ``records`` under ``config`` (which sets the default radius).

        Each column is one pass of C-level iteration (``map``, ``attrgetter``, dicts that
        number what they have not seen): no Python loop body per record.
        """
        n = len(records)

        def column(name: str) -> list[Any]:
            return list(map(attrgetter(name), records))

        def ints(values: Iterable[int]) -> I64:
            return np.fromiter(values, np.int64, n)

        killed = column("killed")
        precision = column("precision")
        radius = {p: precision_radius(p, config) for p in set(precision)}
        countries: defaultdict[str | None, int] = defaultdict(count().__next__)
        countries[None] = -1
        names = numbering()
        bells = numbering()
        evidence_ids = numbering()
        held = column("evidence")
        sizes = ints(map(len, held))
        return cls(
            start=ints(map(dt.date.toordinal, column("start"))),
            end=ints(map(dt.date.toordinal, column("end"))),
            lat=np.array(column("lat"), dtype=np.float64),
            lon=np.array(column("lon"), dtype=np.float64),
            radius=np.fromiter(map(radius.__getitem__, precision), np.float64, n),
            country=ints(map(countries.__getitem__, column("country"))),
            kmin=ints(-1 if k is None else k[0] for k in killed),
            kmax=ints(-1 if k is None else k[1] for k in killed),
            name_id=ints(map(names.__getitem__, column("names"))),
            name_sets=list(names),
            bell_id=ints(map(bells.__getitem__, column("belligerents"))),
            bell_sets=[frozenset(belligerent_key(x) for x in b) for b in bells],
            evidence_key=np.fromiter(
                map(evidence_ids.__getitem__, chain.from_iterable(held)), np.int64, int(sizes.sum())
            ),
            evidence_incident=np.repeat(np.arange(n, dtype=np.int64), sizes),
        )


def numbering() -> defaultdict[Any, int]:
    """A dict that numbers each key on first sight (0, 1, 2, …), in order of appearance."""
    return defaultdict(count().__next__)
