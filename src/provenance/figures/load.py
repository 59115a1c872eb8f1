"""Casualty figures from a store: the one module of :mod:`provenance.figures` that uses one
(through the public :class:`~provenance.store.Store` contract only).

:func:`figure_from_store` is the figure of ``provenance figure`` and of the figure view:
clusters from the store's judgements, the incidents, claims and assessments
(:func:`load_figure_input`), then :func:`~provenance.figures.compute.compute_figure`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from provenance.dedupe.clusters import cluster
from provenance.figures.compute import (
    Assessed,
    CampaignAcknowledgement,
    ClaimFigure,
    Figure,
    FigureIncident,
    Filters,
    by_key,
    compute_figure,
)

if TYPE_CHECKING:
    from provenance.store import Store, StoredItem


def figure_from_store(
    store: Store, filters: Filters | None = None, by: str | None = None
) -> Figure:
    """The casualty figure of ``store`` under ``filters``, broken down ``by`` belligerent,
    country or month (a :class:`~provenance.errors.UsageError` for any other key), each
    cluster of incidents judged ``same`` counted once."""
    key = by_key(by)
    incidents, campaign = load_figure_input(store)
    return compute_figure(incidents, campaign, cluster(store.judgements()), filters, by=key)


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
            date=dt.date.fromisoformat(i.data["date"]) if i.data.get("date") else None,
            country=i.data.get("country"),
            belligerents=tuple(i.data.get("belligerents") or ()),
            grade=i.data.get("grade"),
            claims=tuple(claims.get(i.id, ())),
            assessments=tuple(sorted(assessed.get(i.id, ()), key=lambda a: a.statement)),
        )
        for i in store.iter_items("Incident")
    ]
    campaign = [a for s in store.iter_items("Statement") if (a := _campaign_of(s)) is not None]
    return incidents, campaign


def _rng(value: Any) -> tuple[int, int] | None:
    return (int(value["min"]), int(value["max"])) if isinstance(value, dict) else None


def _campaign_of(statement: StoredItem) -> CampaignAcknowledgement | None:
    """The campaign-level admission (``acknowledges``) of a statement, if it makes one."""
    a = statement.data.get("acknowledges")
    if not a:
        return None
    return CampaignAcknowledgement(
        statement=statement.id,
        civilians_killed=int(a["civilians_killed"]),
        date_from=dt.date.fromisoformat(a["date_from"]) if a.get("date_from") else None,
        date_to=dt.date.fromisoformat(a["date_to"]) if a.get("date_to") else None,
        scope=a.get("scope"),
        text=statement.data.get("text"),
    )
