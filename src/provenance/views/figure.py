"""The figure view: a casualty figure → its deduplicated incidents (a cluster of duplicates
drawn as one node that lists its members) → their claims → the evidence behind them.

:func:`figure_selection` turns a computed :class:`~provenance.figures.Figure` into the
clusters and summary line the view shows. Pure: no store, no files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.views.builder import Builder, View, hidden_note, timestamp
from provenance.views.layout import Slot, limit_nodes
from provenance.views.style import CONTRA, kind_legend
from provenance.views.template import LegendItem, clean_text
from provenance.wording import plural

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from provenance.figures import Figure

ROOT = "figure"
"""Id of the figure's own node, at the top of the view."""


@dataclass
class FigureInput:
    """Plain inputs of :func:`figure_view`.

    ``clusters`` are the deduplicated incidents, each a list of incident ids (a singleton
    for an incident without duplicates); ``claims`` maps claim ids to their data (with
    ``incident``); ``evidence`` maps source and statement ids to ``(label, data)``;
    ``links`` are ``(claim, rel, evidence id)`` with rel SUPPORTED_BY or CONTRADICTED_BY.
    """

    label: str
    summary: str
    clusters: list[list[str]]
    incidents: Mapping[str, Mapping[str, Any]]
    claims: Mapping[str, Mapping[str, Any]]
    evidence: Mapping[str, tuple[str, Mapping[str, Any]]]
    links: list[tuple[str, str, str]]
    hashes: Mapping[str, str] = field(default_factory=dict)


def figure_label(
    date_from: dt.date | None,
    date_to: dt.date | None,
    country: str | None = None,
    belligerent: str | None = None,
    min_grade: str | None = None,
) -> str:
    """The figure's name from its filters.

    >>> import datetime as dt
    >>> figure_label(dt.date(2017, 6, 1), None, "IQ", min_grade="fair")
    '2017-06-01 to …, IQ, grade fair or better'
    """
    parts = [f"{date_from or '…'} to {date_to or '…'}"]
    parts += [x for x in (country, belligerent, min_grade and f"grade {min_grade} or better") if x]
    return ", ".join(parts)


def figure_selection(fig: Figure) -> tuple[list[list[str]], str]:
    """The deduplicated incidents of ``fig`` (clusters of ids, singletons included, in
    order of their first id) and a one-line summary of its totals."""
    clustered = {i for c in fig.clusters for i in c}
    clusters = [list(c) for c in fig.clusters] + [
        [i] for i in fig.incident_ids if i not in clustered
    ]
    clusters.sort(key=lambda c: c[0])
    k, inj = fig.civilians_killed, fig.civilians_injured
    ack = fig.acknowledged.get("civilians_killed", 0)
    summary = (
        f"{k.min}–{k.max} civilians killed, {inj.min}–{inj.max} injured in {plural(fig.incidents, 'incident')};"
        f" {ack} acknowledged by belligerents for these incidents"
    )
    return clusters, summary


@dataclass
class _Plan:
    """The view's top level (one node per deduplicated incident), each one's claims and
    each claim's evidence, every item's level and the items nearest first."""

    clusters: list[list[str]]
    node_of: dict[str, str]
    tops: list[str]
    claims_of: dict[str, list[str]]
    evidence_of: dict[str, list[tuple[str, str]]]
    depth_of: dict[str, int] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


def _top_of(members: list[str]) -> str:
    return members[0] if len(members) == 1 else "cluster:" + "+".join(members)


def _plan(data: FigureInput) -> _Plan:
    clusters = [sorted(c) for c in data.clusters if c]
    node_of = {m: _top_of(members) for members in clusters for m in members}
    claims_of: dict[str, list[str]] = {}
    for claim, d in sorted(data.claims.items()):
        inc = node_of.get(str(d.get("incident")))
        if inc is not None:
            claims_of.setdefault(inc, []).append(claim)
    evidence_of: dict[str, list[tuple[str, str]]] = {}
    for claim, rel, ev in data.links:
        if claim in data.claims and ev in data.evidence:
            evidence_of.setdefault(claim, []).append((rel, ev))
    tops = list(dict.fromkeys(node_of[m] for c in clusters for m in c))
    plan = _Plan(clusters, node_of, tops, claims_of, evidence_of, {ROOT: 0}, [ROOT])
    claims = [c for t in tops for c in claims_of.get(t, [])]
    for level, items in enumerate((tops, claims), start=1):
        for item in items:
            plan.depth_of[item] = level
            plan.order.append(item)
    for claim in claims:
        for _, ev in evidence_of.get(claim, []):
            if ev not in plan.depth_of:
                plan.depth_of[ev] = 3
                plan.order.append(ev)
    return plan


def _add_incident(b: Builder, data: FigureInput, top: str, members: list[str], i: int) -> None:
    """An incident, or a cluster of duplicates drawn as one node listing its members."""
    first = data.incidents.get(members[0], {})
    if len(members) == 1:
        b.node(top, "Incident", first, Slot(1, key=(i,)), hash=data.hashes.get(top))
        return
    lines = [f"cluster of {len(members)} duplicate incidents, counted once:"] + [
        f"  {m}: {data.incidents.get(m, {}).get('title', '')} ({data.incidents.get(m, {}).get('date', '')})"
        for m in members
    ]
    b.node(
        top,
        "Cluster",
        first,
        Slot(1, key=(i,)),
        label=clean_text(f"{len(members)} duplicates\n{members[0]} +{len(members) - 1}", 80),
        role_lines=lines,
        borderWidth=4,
        shapeProperties={"borderDashes": [6, 3]},
        size=30,
    )


def _draw(data: FigureInput, plan: _Plan, keep: set[str]) -> Builder:
    b = Builder()
    b.node(
        ROOT,
        "Figure",
        {},
        Slot(0),
        label=clean_text(data.label, 60) + "\n" + clean_text(data.summary.split(",")[0], 60),
        role_lines=[data.label, data.summary],
    )
    by_id = {plan.node_of[c[0]]: c for c in plan.clusters}
    for i, top in enumerate(plan.tops):
        if top not in keep:
            continue
        _add_incident(b, data, top, by_id[top], i)
        b.edge(ROOT, "COUNTS", top)
        for claim in plan.claims_of.get(top, []):
            if claim in keep:
                b.node(claim, "Claim", data.claims[claim], Slot(2))
                b.edge(top, "HAS_CLAIM", claim)
    for claim in list(b.nodes):
        for rel, ev in plan.evidence_of.get(claim, []):
            if ev in keep and ev not in b.nodes:
                label, d = data.evidence[ev]
                b.node(ev, label, d, Slot(3), hash=data.hashes.get(ev))
            b.edge(claim, rel, ev)
    return b


def figure_view(
    data: FigureInput,
    *,
    depth: int | None = None,
    max_nodes: int | None = None,
    generated_at: str | None = None,
) -> View:
    """A casualty figure → its deduplicated incidents (a cluster of duplicates drawn as one
    node listing its members) → their claims → the sources and statements behind them."""
    plan = _plan(data)
    kept, hidden = limit_nodes(
        plan.order, plan.depth_of, depth=depth, max_nodes=max_nodes, what="the figure"
    )
    nodes, edges = _draw(data, plan, set(kept)).finish()
    n_dup = sum(1 for c in plan.clusters if len(c) > 1)
    return View(
        kind="figure",
        subject=data.label,
        title=f"Casualty figure: {data.label}",
        subtitle=f"{data.summary} · {plural(len(plan.clusters), 'deduplicated incident')}, {plural(n_dup, 'cluster')} of duplicates shown as one",
        nodes=nodes,
        edges=edges,
        legend=[
            LegendItem(
                "cluster of duplicate incidents (counted once)", "#FFE0B2", "hexagon", "#8D6E63"
            ),
            LegendItem("contradicts a claim", CONTRA, "dash"),
            *kind_legend(),
        ],
        notes=hidden_note(hidden, len(plan.order)),
        hidden=hidden,
        generated_at=generated_at or timestamp(),
    )
