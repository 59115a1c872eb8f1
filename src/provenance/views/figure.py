"""The figure view: a casualty figure → its deduplicated incidents (a cluster of duplicates
drawn as one node that lists its members) → their claims → the evidence behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.views import View, _Builder, _now
from provenance.views.layout import Slot, limit_nodes
from provenance.views.style import CONTRA, kind_legend
from provenance.views.template import LegendItem, clean_text

if TYPE_CHECKING:
    from collections.abc import Mapping


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


def figure_view(
    data: FigureInput,
    *,
    depth: int | None = None,
    max_nodes: int | None = None,
    generated_at: str | None = None,
) -> View:
    """A casualty figure → its deduplicated incidents (a cluster of duplicates drawn as one
    node listing its members) → their claims → the sources and statements behind them."""
    root = "figure"
    clusters = [sorted(c) for c in data.clusters if c]
    node_of: dict[str, str] = {}
    for members in clusters:
        cid = members[0] if len(members) == 1 else "cluster:" + "+".join(members)
        for m in members:
            node_of[m] = cid
    claims_of: dict[str, list[str]] = {}
    for claim, d in sorted(data.claims.items()):
        inc = node_of.get(str(d.get("incident")))
        if inc is not None:
            claims_of.setdefault(inc, []).append(claim)
    evidence_of: dict[str, list[tuple[str, str]]] = {}
    for claim, rel, ev in data.links:
        if claim in data.claims and ev in data.evidence:
            evidence_of.setdefault(claim, []).append((rel, ev))
    order = [root]
    depth_of = {root: 0}
    tops = list(dict.fromkeys(node_of[m] for c in clusters for m in c))
    for level, items in enumerate((tops, [c for t in tops for c in claims_of.get(t, [])]), start=1):
        for item in items:
            depth_of[item] = level
            order.append(item)
    for claim in [c for t in tops for c in claims_of.get(t, [])]:
        for _, ev in evidence_of.get(claim, []):
            if ev not in depth_of:
                depth_of[ev] = 3
                order.append(ev)
    kept, hidden = limit_nodes(order, depth_of, depth=depth, max_nodes=max_nodes, what="the figure")
    keep = set(kept)
    b = _Builder()
    b.node(
        root,
        "Figure",
        {},
        Slot(0),
        label=clean_text(data.label, 60) + "\n" + clean_text(data.summary.split(",")[0], 60),
        role_lines=[data.label, data.summary],
    )
    by_id = {node_of[c[0]]: c for c in clusters}
    for i, top in enumerate(tops):
        if top not in keep:
            continue
        members = by_id[top]
        first = data.incidents.get(members[0], {})
        if len(members) == 1:
            b.node(top, "Incident", first, Slot(1, key=(i,)), hash=data.hashes.get(top))
        else:
            lines = [f"cluster of {len(members)} duplicate incidents, counted once:"] + [
                f"  {m}: {data.incidents.get(m, {}).get('title', '')} ({data.incidents.get(m, {}).get('date', '')})"
                for m in members
            ]
            b.node(
                top,
                "Cluster",
                first,
                Slot(1, key=(i,)),
                label=clean_text(
                    f"{len(members)} duplicates\n{members[0]} +{len(members) - 1}", 80
                ),
                role_lines=lines,
                borderWidth=4,
                shapeProperties={"borderDashes": [6, 3]},
                size=30,
            )
        b.edge(root, "COUNTS", top)
        for claim in claims_of.get(top, []):
            if claim in keep:
                b.node(claim, "Claim", data.claims[claim], Slot(2))
                b.edge(top, "HAS_CLAIM", claim)
    for claim in list(b.nodes):
        for rel, ev in evidence_of.get(claim, []):
            if ev in keep and ev not in b.nodes:
                label, d = data.evidence[ev]
                b.node(ev, label, d, Slot(3), hash=data.hashes.get(ev))
            b.edge(claim, rel, ev)
    nodes, edges = b.finish()
    notes = (
        [f"{hidden} of {len(order)} items are not drawn (--depth / --max-nodes)."] if hidden else []
    )
    n_dup = sum(1 for c in clusters if len(c) > 1)
    return View(
        kind="figure",
        subject=data.label,
        title=f"Casualty figure: {data.label}",
        subtitle=f"{data.summary} · {len(clusters)} deduplicated incident(s), {n_dup} cluster(s) of duplicates shown as one",
        nodes=nodes,
        edges=edges,
        legend=[
            LegendItem(
                "cluster of duplicate incidents (counted once)", "#FFE0B2", "hexagon", "#8D6E63"
            ),
            LegendItem("contradicts a claim", CONTRA, "dash"),
            *kind_legend(),
        ],
        notes=notes,
        hidden=hidden,
        generated_at=generated_at or _now(),
    )
