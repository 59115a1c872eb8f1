"""Reasons for duplicate-incident scores, and the input of duplicate detection from a store.

Split from :mod:`provenance.dedupe` (which re-exports :func:`reasons` and
:func:`load_records`): every weight of :func:`provenance.dedupe._score` has a sentence here
that a person can check against the two records.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from provenance.dedupe import Config, IncidentRecord, _radius, place_conflict
from provenance.dedupe import blocking as bk
from provenance.dedupe.names import normalise, similarity

if TYPE_CHECKING:
    from provenance.store import Store


def _fmt_range(r: tuple[int, int]) -> str:
    return str(r[0]) if r[0] == r[1] else f"{r[0]}–{r[1]}"


def reasons(ra: IncidentRecord, rb: IncidentRecord, config: Config | None = None) -> list[str]:
    """Why two incidents may be one, in words a person can check against the records."""
    config = config or Config()
    out: list[str] = []
    gap = max(0, max(ra.start, rb.start).toordinal() - min(ra.end, rb.end).toordinal())
    out.append(
        "same day"
        if gap == 0 and ra.start == rb.start
        else "date windows overlap"
        if gap == 0
        else f"{gap} day{'s' if gap > 1 else ''} apart"
    )
    if ra.lat is not None and rb.lat is not None and ra.lon is not None and rb.lon is not None:
        d = float(
            bk.haversine_km(
                np.array([ra.lat]), np.array([ra.lon]), np.array([rb.lat]), np.array([rb.lon])
            )[0]
        )
        r = max(_radius(ra, config), _radius(rb, config))
        out.append(
            f"{d:.1f} km apart ({'within' if d <= r else 'beyond'} {r:g} km for {ra.precision or '?'}/{rb.precision or '?'} precision)"
        )
    elif ra.admin and rb.admin:
        pa, pb = [normalise(x) for x in ra.admin], [normalise(x) for x in rb.admin]
        k = min(len(pa), len(pb))
        same = pa[:k] == pb[:k]
        out.append(
            f"admin areas {'agree' if same else 'differ'}: {' / '.join(ra.admin)} | {' / '.join(rb.admin)}"
        )
    sim = 1.0
    if ra.names and rb.names:
        sim, x, y = similarity(ra.names, rb.names)
        rel = "~" if sim >= 0.75 else "vs"
        out.append(f"names {x} {rel} {y} ({sim:.2f})")
    shared = sorted(ra.evidence & rb.evidence)
    if shared:
        listed = ", ".join(shared[:3]) + (", …" if len(shared) > 3 else "")
        text = f"{len(shared)} shared source{'s' if len(shared) > 1 else ''} ({listed})"
        if sim < config.conflict_similarity and place_conflict(ra, rb):
            text += (
                f", counted ×{config.multi_place_factor:g}: the incidents name different"
                " places (one report of several strikes)"
            )
        out.append(text)
    if ra.belligerents and rb.belligerents:
        common = {x.lower() for x in ra.belligerents} & {x.lower() for x in rb.belligerents}
        if common:
            out.append(
                f"same belligerent ({', '.join(sorted(x for x in ra.belligerents if x.lower() in common))})"
            )
        else:
            out.append(
                f"different belligerents ({', '.join(sorted(ra.belligerents))} vs {', '.join(sorted(rb.belligerents))})"
            )
    if ra.killed and rb.killed:
        overlap = max(ra.killed[0], rb.killed[0]) <= min(ra.killed[1], rb.killed[1])
        out.append(
            f"casualty ranges {'overlap' if overlap else 'disjoint'} ({_fmt_range(ra.killed)} and {_fmt_range(rb.killed)} killed)"
        )
    if ra.country and rb.country and ra.country != rb.country:
        out.append(f"different countries ({ra.country} vs {rb.country})")
    return out


# --- input from a store -------------------------------------------------------------------


def load_records(store: Store, cite_depth: int = 3) -> list[IncidentRecord]:
    """Build the input of :func:`find_candidates` from a store (public contract only).

    Evidence of an incident: the sources and statements its claims are supported by, what
    those cite (``cite_depth`` steps up) and the witnesses they quote.
    """
    claims: dict[str, list[dict[str, Any]]] = {}
    for c in store.iter_items("Claim"):
        claims.setdefault(str(c.data["incident"]), []).append(c.data)
    supported: dict[str, set[str]] = {}
    upstream: dict[str, set[str]] = {}
    for e in store.iter_edges(["SUPPORTED_BY", "CITES", "QUOTES"]):
        target = supported if e.rel == "SUPPORTED_BY" else upstream
        target.setdefault(e.src, set()).add(e.dst)

    def closure(start: set[str]) -> frozenset[str]:
        seen, frontier = set(start), set(start)
        for _ in range(cite_depth):
            frontier = {u for s in frontier for u in upstream.get(s, ())} - seen
            seen |= frontier
        return frozenset(seen)

    out: list[IncidentRecord] = []
    for item in store.iter_items("Incident"):
        d = item.data
        loc = d.get("location") or {}
        own = claims.get(item.id, [])
        direct = {x for c in own for x in supported.get(str(c["id"]), ())}
        names = tuple(x for x in [loc.get("name"), *(loc.get("name_variants") or [])] if x)
        out.append(
            IncidentRecord(
                id=item.id,
                start=dt.date.fromisoformat(d["date"]),
                end=dt.date.fromisoformat(d.get("date_end") or d["date"]),
                names=names,
                admin=tuple(loc.get("admin") or ()),
                lat=loc.get("lat"),
                lon=loc.get("lon"),
                precision=loc.get("precision"),
                country=d.get("country"),
                belligerents=frozenset(
                    [
                        *(d.get("belligerents") or []),
                        *(c["belligerent"] for c in own if c.get("belligerent")),
                    ]
                ),
                killed=_merge([c.get("civilians_killed") for c in own]),
                injured=_merge([c.get("civilians_injured") for c in own]),
                evidence=closure(direct),
            )
        )
    return out


def _merge(ranges: list[dict[str, int] | None]) -> tuple[int, int] | None:
    known = [r for r in ranges if r]
    if not known:
        return None
    return min(r["min"] for r in known), max(r["max"] for r in known)
