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

from provenance.corroborate import check_reliability, corroborate_claim, corroborate_claims
from provenance.figures import Figure, Filters, belligerent_names, figure_from_store
from provenance.find import resolve_claim, resolve_incident
from provenance.store import find_incident
from provenance.views.builder import View, timestamp
from provenance.views.claim import claim_view
from provenance.views.figure import (
    FigureInput,
    figure_label,
    figure_selection,
    figure_view,
)
from provenance.views.figure_page import FigurePage
from provenance.views.figure_table import FigureItems, counted_claims, figure_rows
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


def claim_view_from_store(
    store: Store,
    ref: str,
    *,
    min_reliability: str = "F",
    depth: int | None = None,
    max_nodes: int | None = None,
) -> View:
    """The claim view of the claim ``ref`` names (an id, a monitor's code or a URL, as
    ``show`` takes them: :func:`provenance.find.resolve_claim`: a claim, or an incident's only claim): its upstream graph,
    corroborated, with content hashes."""
    check_limits(depth, max_nodes)
    check_reliability(min_reliability)
    claim_id = resolve_claim(store, ref).id
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
    """The incident view of the incident ``ref`` names (an id, a code or a URL:
    :func:`provenance.find.resolve_incident`: an incident, or a claim's)."""
    check_limits(depth, max_nodes)
    incident_id = resolve_incident(store, ref).id
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
    claims = counted_claims(claims, belligerent, belligerent_names(store))
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


def figure_items(store: Store, fig: Figure, belligerent: str | None = None) -> FigureItems:
    """What the figure page shows around the incidents of ``fig`` (counted, not recorded
    and undated): their claims the figure counts (``belligerent`` as in
    :func:`counted_claims`), corroborated, the evidence they rest on and the official
    assessments."""
    ids = [*fig.incident_ids, *fig.not_recorded_ids, *fig.undated_ids]
    incidents = {i: item.data for i, item in store.get_many(ids).items()}
    has = store.edges(ids, ["HAS_CLAIM"], "out")
    claim_items = store.get_many([e.dst for e in has])
    claims = counted_claims(
        {e.dst: claim_items[e.dst].data | {"incident": e.src} for e in has if e.dst in claim_items},
        belligerent,
        belligerent_names(store),
    )
    results = {r.claim: r for r in corroborate_claims(store, sorted(claims))} if claims else {}
    links = store.edges(list(claims), CLAIM_RELS, "out")
    evidence = store.get_many({e.dst for e in links})
    assessments: dict[str, list[tuple[str, str, int | None]]] = {}
    for e in sorted(store.edges(ids, ["ASSESSES"], "in"), key=lambda e: e.src):
        ack = e.props.get("civilians_killed_acknowledged")
        verdict = str(e.props.get("verdict") or "")
        assessments.setdefault(e.dst, []).append(
            (e.src, verdict, None if ack is None else int(ack))
        )
    return FigureItems(
        incidents=incidents,
        claims=claims,
        results=results,
        evidence={i: (item.label, item.data) for i, item in evidence.items()},
        links=[(e.src, e.rel, e.dst) for e in links],
        assessments=assessments,
    )


def figure_page_from_store(
    store: Store,
    filters: Filters | None = None,
    *,
    depth: int | None = None,
    max_nodes: int | None = None,
    generated_at: str | None = None,
) -> FigurePage:
    """The figure page of the incidents ``filters`` select (all without), the filters of
    ``provenance figure``: a table of its deduplicated incidents, each opening to its
    claims and evidence (``depth`` / ``max_nodes`` bound the graph drawn per row)."""
    check_limits(depth, max_nodes)
    f = filters or Filters()
    fig = figure_from_store(store, f)
    return FigurePage(
        label=figure_label(f.date_from, f.date_to, f.country, f.belligerent, f.min_grade),
        figure=fig,
        rows=figure_rows(fig, figure_items(store, fig, f.belligerent)),
        generated_at=generated_at or timestamp(),
        depth=depth,
        max_nodes=max_nodes,
    )
