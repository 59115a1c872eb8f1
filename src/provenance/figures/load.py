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
from provenance.figures.belligerents import Belligerents
from provenance.figures.compute import compute_figure
from provenance.figures.filters import Filters, by_key
from provenance.figures.types import (
    CASE,
    Assessed,
    CampaignAcknowledgement,
    ClaimFigure,
    Dataset,
    Figure,
    FigureIncident,
)
from provenance.store import ORIGINS

if TYPE_CHECKING:
    from provenance.store import Store, StoredItem

BELLIGERENT_KINDS = ("military", "government")
"""Organisations whose name and aliases are belligerent names (alias groups)."""
MONITOR_KINDS = ("monitor", "ngo", "media")
"""Issuers whose period totals are a monitor's figure, not a belligerent's admission."""


def figure_from_store(
    store: Store, filters: Filters | None = None, by: str | None = None
) -> Figure:
    """The casualty figure of ``store`` under ``filters``, broken down ``by`` belligerent,
    country or month (a :class:`~provenance.errors.UsageError` for any other key, and for
    a filter value that matches nothing), each cluster of incidents judged ``same``
    counted once; belligerents matched through the aliases of the store's military and
    government organisations (:func:`belligerent_names`)."""
    key = by_key(by)
    incidents, campaign = load_figure_input(store)
    return compute_figure(
        incidents,
        campaign,
        cluster(store.judgements()),
        filters,
        by=key,
        names=belligerent_names(store),
    )


def belligerent_names(store: Store) -> Belligerents:
    """The built-in belligerent aliases joined with each military or government
    organisation's name and ``aliases`` (how a monitor extends the vocabulary)."""
    extra = [
        (str(o.data["name"]), *(str(a) for a in o.data.get("aliases") or ()))
        for o in store.iter_items("Organisation")
        if o.data.get("kind") in BELLIGERENT_KINDS and o.data.get("aliases")
    ]
    return Belligerents.build(extra)


def datasets_of(data: dict[str, Any]) -> tuple[Dataset, ...]:
    """The imports an item's fields came from (its origins); a case file's item has the
    dataset :data:`~provenance.figures.types.CASE`."""
    found = [
        Dataset(str(o["source"]), o.get("file"))
        for o in data.get(ORIGINS) or ()
        if o.get("by") == "import" and o.get("source")
    ]
    return tuple(dict.fromkeys(found)) or (CASE,)


def load_figure_input(store: Store) -> tuple[list[FigureIncident], list[CampaignAcknowledgement]]:
    """Incidents with their claims, assessments and datasets, and campaign figures
    (admissions, and monitors' own period figures), from a store."""
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
            datasets=datasets_of(i.data),
        )
        for i in store.iter_items("Incident")
    ]
    orgs = {o.id: o.data for o in store.iter_items("Organisation")}
    campaign = [
        a for s in store.iter_items("Statement") if (a := _campaign_of(s, orgs)) is not None
    ]
    return incidents, campaign


def _rng(value: Any) -> tuple[int, int] | None:
    return (int(value["min"]), int(value["max"])) if isinstance(value, dict) else None


def _campaign_of(
    statement: StoredItem, orgs: dict[str, dict[str, Any]]
) -> CampaignAcknowledgement | None:
    """The period total (``acknowledges``) of a statement, if it gives one: a monitor's
    figure when its issuer (one of ``orgs``) is of a :data:`MONITOR_KINDS` kind, else a
    belligerent's admission."""
    a = statement.data.get("acknowledges")
    if not a:
        return None
    issuer = orgs.get(str(statement.data.get("issuer")), {})
    return CampaignAcknowledgement(
        statement=statement.id,
        civilians_killed=int(a["civilians_killed"]),
        date_from=dt.date.fromisoformat(a["date_from"]) if a.get("date_from") else None,
        date_to=dt.date.fromisoformat(a["date_to"]) if a.get("date_to") else None,
        scope=a.get("scope"),
        text=statement.data.get("text"),
        monitor=issuer.get("kind") in MONITOR_KINDS,
        issuer=str(issuer.get("name") or statement.data.get("issuer") or "") or None,
    )
