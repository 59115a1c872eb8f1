"""Reading what the views need from a store: the only module of :mod:`provenance.views`
that touches one.

Each loader reads through the storage contract only (``upstream_graph``, ``get``,
``get_many``, ``edges``, ``iter_items``, ``judgements``), so it works the same on every
backend, and hands plain inputs to the pure page kinds (:mod:`~provenance.views.claim`,
:mod:`~provenance.views.incident`, :mod:`~provenance.views.figure`). Option values are
checked before anything is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx

from provenance.corroborate import check_reliability, corroborate_claim
from provenance.errors import NotFoundError
from provenance.figures import Filters, figure_from_store
from provenance.find import resolve
from provenance.store import find_incident
from provenance.views.builder import View
from provenance.views.claim import claim_view
from provenance.views.figure import (
    FigureInput,
    figure_label,
    figure_selection,
    figure_view,
)
from provenance.views.incident import IncidentInput, incident_view
from provenance.views.layout import check_limits
from provenance.vocab import CLAIM_RELS

if TYPE_CHECKING:
    from provenance.store import Store


def _hashes(store: Store, ids: Iterable[str]) -> dict[str, str]:
    return {i: item.hash for i, item in store.get_many(list(ids)).items()}


def claim_ids(store: Store) -> list[str]:
    """Every claim of the store, in id order."""
    return [claim.id for claim in store.iter_items("Claim")]


def claim_ref(store: Store, ref: str) -> str:
    """The id of the claim ``ref`` names (an id, a monitor's code or a URL, as ``show``
    takes them: :func:`provenance.find.resolve`); a :class:`NotFoundError` naming the
    claim ids to use when ``ref`` is an incident, and what it is otherwise."""
    item = resolve(store, ref)
    if item.label == "Claim":
        return item.id
    if item.label == "Incident":
        _, claims = find_incident(store, item.id)
        if claims:
            raise NotFoundError(
                f"{ref!r} is incident {item.id}, not a claim; its claims: {', '.join(claims)}",
                f"draw one with `provenance view claim {claims[0]}`, or all of them with"
                f" `provenance view incident {item.id}`",
            )
        raise NotFoundError(
            f"{ref!r} is incident {item.id}, which has no claims",
            f"draw the incident: `provenance view incident {item.id}`",
        )
    raise NotFoundError(
        f"{ref!r} is a {item.label} ({item.id}), not a claim",
        "find claims with `provenance list Claim`",
    )


def incident_ref(store: Store, ref: str) -> str:
    """The id of the incident ``ref`` names (as :func:`claim_ref`); given a claim, a
    :class:`NotFoundError` naming its incident."""
    item = resolve(store, ref)
    if item.label == "Incident":
        return item.id
    incident = item.data.get("incident") if item.label == "Claim" else None
    hint = (
        f"draw its incident: `provenance view incident {incident}`"
        if incident
        else "find incidents with `provenance list Incident`"
    )
    raise NotFoundError(f"{ref!r} is a {item.label} ({item.id}), not an incident", hint)


def claim_view_from_store(
    store: Store,
    ref: str,
    *,
    min_reliability: str = "F",
    depth: int | None = None,
    max_nodes: int | None = None,
) -> View:
    """The claim view of the claim ``ref`` names (:func:`claim_ref`): its upstream graph,
    corroborated, with content hashes."""
    check_limits(depth, max_nodes)
    check_reliability(min_reliability)
    claim_id = claim_ref(store, ref)
    graph = store.upstream_graph([claim_id])
    result = corroborate_claim(graph, claim_id, min_reliability=min_reliability)
    return claim_view(
        graph, result, hashes=_hashes(store, graph.nodes), depth=depth, max_nodes=max_nodes
    )


def incident_input(store: Store, incident_id: str) -> IncidentInput:
    """Everything the incident view shows of ``incident_id``."""
    item, claims = find_incident(store, incident_id)
    graph = store.upstream_graph(claims) if claims else nx.DiGraph()
    assessed = store.edges([incident_id], ["ASSESSES"], "in")
    linked = store.edges([incident_id], ["LINKED_TO"], "in")
    side = store.get_many([e.src for e in assessed] + [e.src for e in linked])
    hashes = _hashes(store, [incident_id, *graph.nodes, *side])
    return IncidentInput(
        incident_id=incident_id,
        incident=item.data,
        graph=graph,
        claims=claims,
        assessments=[
            (e.src, side[e.src].data, e.props)
            for e in sorted(assessed, key=lambda e: e.src)
            if e.src in side
        ],
        strikes=[
            (e.src, side[e.src].data) for e in sorted(linked, key=lambda e: e.src) if e.src in side
        ],
        hashes=hashes,
    )


def incident_view_from_store(
    store: Store, ref: str, *, depth: int | None = None, max_nodes: int | None = None
) -> View:
    """The incident view of the incident ``ref`` names (:func:`incident_ref`)."""
    check_limits(depth, max_nodes)
    incident_id = incident_ref(store, ref)
    return incident_view(incident_input(store, incident_id), depth=depth, max_nodes=max_nodes)


def figure_input(
    store: Store,
    clusters: list[list[str]],
    label: str,
    summary: str,
    belligerent: str | None = None,
) -> FigureInput:
    """The figure view's inputs for deduplicated ``clusters`` of incident ids (with
    ``belligerent``, only the claims naming it or no one)."""
    ids = [i for c in clusters for i in c]
    incidents = {i: item.data for i, item in store.get_many(ids).items()}
    has = store.edges(ids, ["HAS_CLAIM"], "out")
    claim_items = store.get_many([e.dst for e in has])
    claims = {
        e.dst: claim_items[e.dst].data | {"incident": e.src} for e in has if e.dst in claim_items
    }
    if belligerent:
        want = belligerent.strip().lower()
        claims = {
            i: d for i, d in claims.items() if str(d.get("belligerent") or want).lower() == want
        }
    links = store.edges(list(claims), CLAIM_RELS, "out")
    evidence_items = store.get_many({e.dst for e in links})
    return FigureInput(
        label=label,
        summary=summary,
        clusters=clusters,
        incidents=incidents,
        claims=claims,
        evidence={i: (item.label, item.data) for i, item in evidence_items.items()},
        links=[(e.src, e.rel, e.dst) for e in links],
        hashes=_hashes(store, [*ids, *claims, *evidence_items]),
    )


def figure_view_from_store(
    store: Store,
    filters: Filters | None = None,
    *,
    depth: int | None = None,
    max_nodes: int | None = None,
) -> View:
    """The evidence chain of a casualty figure over the incidents ``filters`` select (all
    without), the filters of ``provenance figure`` (:meth:`Filters.from_options` parses
    them as typed)."""
    check_limits(depth, max_nodes)
    f = filters or Filters()
    clusters, summary = figure_selection(figure_from_store(store, f))
    label = figure_label(f.date_from, f.date_to, f.country, f.belligerent, f.min_grade)
    data = figure_input(store, clusters, label, summary, f.belligerent)
    return figure_view(data, depth=depth, max_nodes=max_nodes)
