"""Reasons for duplicate-incident scores: every weight of
:func:`provenance.dedupe.score.score` has a sentence here that a person can check against
the two records.
"""

from __future__ import annotations

import numpy as np

from provenance.dedupe.blocking import haversine_km
from provenance.dedupe.features import place_conflict
from provenance.dedupe.names import normalise, similarity
from provenance.dedupe.records import (
    Config,
    IncidentRecord,
    belligerent_key,
    date_gap,
    radius_km,
)


def reasons(ra: IncidentRecord, rb: IncidentRecord, config: Config | None = None) -> list[str]:
    """Why two incidents may be one, in words a person can check against the records."""
    config = config or Config()
    out = [_dates(ra, rb)]
    place = _place(ra, rb, config)
    if place:
        out.append(place)
    sim = 1.0
    if ra.names and rb.names:
        sim, x, y = similarity(ra.names, rb.names)
        out.append(f"names {x} {'~' if sim >= 0.75 else 'vs'} {y} ({sim:.2f})")
    out += [
        text
        for text in (
            _evidence(ra, rb, sim, config),
            _belligerents(ra, rb),
            _casualties(ra, rb),
        )
        if text
    ]
    if ra.country and rb.country and ra.country != rb.country:
        out.append(f"different countries ({ra.country} vs {rb.country})")
    return out


def _dates(ra: IncidentRecord, rb: IncidentRecord) -> str:
    gap = date_gap(ra, rb)
    if gap == 0:
        return "same day" if ra.start == rb.start else "date windows overlap"
    return f"{gap} day{'s' if gap > 1 else ''} apart"


def _place(ra: IncidentRecord, rb: IncidentRecord, config: Config) -> str | None:
    if ra.lat is not None and rb.lat is not None and ra.lon is not None and rb.lon is not None:
        d = float(
            haversine_km(
                np.array([ra.lat]), np.array([ra.lon]), np.array([rb.lat]), np.array([rb.lon])
            )[0]
        )
        r = max(radius_km(ra, config), radius_km(rb, config))
        return f"{d:.1f} km apart ({'within' if d <= r else 'beyond'} {r:g} km, {_allowed(ra, rb)})"
    if ra.admin and rb.admin:
        pa, pb = [normalise(x) for x in ra.admin], [normalise(x) for x in rb.admin]
        k = min(len(pa), len(pb))
        agree = "agree" if pa[:k] == pb[:k] else "differ"
        return f"admin areas {agree}: {' / '.join(ra.admin)} | {' / '.join(rb.admin)}"
    return None


def _allowed(ra: IncidentRecord, rb: IncidentRecord) -> str:
    """Why that distance is allowed: the locations' precisions, as a person reads them."""
    if not ra.precision and not rb.precision:
        return "the distance allowed where no location gives its precision"
    said = dict.fromkeys(p or "unstated" for p in (ra.precision, rb.precision))
    return f"the distance allowed for locations of {' and '.join(said)} precision"


def _evidence(ra: IncidentRecord, rb: IncidentRecord, sim: float, config: Config) -> str | None:
    shared = sorted(ra.evidence & rb.evidence)
    if not shared:
        return None
    names = {**dict(ra.evidence_names), **dict(rb.evidence_names)}
    listed = ", ".join(named(i, names) for i in shared[:3]) + (", …" if len(shared) > 3 else "")
    text = f"{len(shared)} shared source{'s' if len(shared) > 1 else ''} ({listed})"
    if sim < config.conflict_similarity and place_conflict(ra, rb):
        text += (
            f", counted ×{config.multi_place_factor:g}: the incidents name different"
            " places (one report of several strikes)"
        )
    return text


def named(item: str, names: dict[str, str]) -> str:
    """``item``'s whole id with its outlet or author beside it, when it has one.

    >>> named("url:054483190f213848", {"url:054483190f213848": "SCD"}), named("w1", {})
    ('url:054483190f213848 (SCD)', 'w1')
    """
    name = names.get(item)
    return f"{item} ({name})" if name else item


def _belligerents(ra: IncidentRecord, rb: IncidentRecord) -> str | None:
    if not ra.belligerents or not rb.belligerents:
        return None
    common = {belligerent_key(x) for x in ra.belligerents} & {
        belligerent_key(x) for x in rb.belligerents
    }
    if common:
        named = sorted(x for x in ra.belligerents if belligerent_key(x) in common)
        return f"same belligerent ({', '.join(named)})"
    return (
        f"different belligerents ({', '.join(sorted(ra.belligerents))}"
        f" vs {', '.join(sorted(rb.belligerents))})"
    )


def _casualties(ra: IncidentRecord, rb: IncidentRecord) -> str | None:
    if not ra.killed or not rb.killed:
        return None
    overlap = max(ra.killed[0], rb.killed[0]) <= min(ra.killed[1], rb.killed[1])
    return (
        f"casualty ranges {'overlap' if overlap else 'disjoint'}"
        f" ({_fmt_range(ra.killed)} and {_fmt_range(rb.killed)} killed)"
    )


def _fmt_range(r: tuple[int, int]) -> str:
    return str(r[0]) if r[0] == r[1] else f"{r[0]}–{r[1]}"
