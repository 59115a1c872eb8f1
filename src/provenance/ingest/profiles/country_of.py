"""The country a point lies in, offline: Natural Earth 1:110m outlines
(:mod:`provenance.ingest.profiles.borders_110m`).

A TimeMap export (Bellingcat's Civilian Harm in Ukraine) names no country; its events have
coordinates. :func:`country_at` places a point in the country whose outline holds it
(even-odd rule over the country's rings), else — a coastal town outside the coarse
coastline — in the nearest country within :data:`COAST_TOLERANCE` degrees, else nowhere.
A bounding box would not do (Ukraine's holds Belgorod, in Russia). At 1:110m a border is
off by up to ~10 km: near one, a point may get the neighbour; the export's own country,
when it gives one, always wins. Pure.

>>> country_at(49.99, 36.23), country_at(33.51, 36.29), country_at(50.6, 36.6)
('UA', 'SY', 'RU')
>>> country_at(47.1, 37.55), country_at(0.0, -30.0)  # Mariupol on the coast; open sea
('UA', None)
>>> country_at(31.52, 34.45), country_at(31.25, 34.79)  # Gaza City; Beersheba
('PS', 'IL')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from .borders_110m import OUTLINES

COAST_TOLERANCE = 0.3
"""Degrees (~30 km): how far outside every outline a point may be and still get the
nearest country (the coarse coastline cuts off coastal towns)."""

SMALL_TERRITORIES: dict[str, str] = {
    "PS": "34.22,31.32 34.27,31.22 34.37,31.29 34.49,31.41 34.57,31.54 34.49,31.6",
}
"""Territories too small for 1:110m (the Gaza Strip: drawn inside Israel there), as
approximate outlines (±2 km) in the same format, looked at before the others."""

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class _Country:
    code: str
    rings: tuple[Ring, ...]
    box: tuple[float, float, float, float]


@cache
def _countries() -> tuple[_Country, ...]:
    out = []
    for code, text in (*SMALL_TERRITORIES.items(), *OUTLINES.items()):
        rings = tuple(
            tuple((float(x), float(y)) for x, y in (p.split(",") for p in ring.split()))
            for ring in text.split("|")
        )
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        out.append(_Country(code, rings, (min(xs), min(ys), max(xs), max(ys))))
    return tuple(out)


def _inside(lon: float, lat: float, rings: tuple[Ring, ...]) -> bool:
    inside = False
    for ring in rings:
        j = len(ring) - 1
        for i, (xi, yi) in enumerate(ring):
            xj, yj = ring[j]
            if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
    return inside


def _distance(lon: float, lat: float, rings: tuple[Ring, ...]) -> float:
    best = math.inf
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            dx, dy = x2 - x1, y2 - y1
            t = max(0.0, min(1.0, ((lon - x1) * dx + (lat - y1) * dy) / (dx * dx + dy * dy or 1)))
            best = min(best, math.hypot(lon - x1 - t * dx, lat - y1 - t * dy))
    return best


def country_at(lat: float, lon: float) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country at ``lat``, ``lon`` (see the module
    docstring), or ``None`` (open sea, or too far from every outline)."""
    t = COAST_TOLERANCE
    near = [
        c
        for c in _countries()
        if c.box[0] - t <= lon <= c.box[2] + t and c.box[1] - t <= lat <= c.box[3] + t
    ]
    found = next((c.code for c in near if _inside(lon, lat, c.rings)), None)
    if found is None:
        scored = [(d, c.code) for c in near if (d := _distance(lon, lat, c.rings)) <= t]
        found = min(scored)[1] if scored else None
    return found
