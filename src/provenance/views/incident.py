"""The incident view: an incident, all its claims side by side with their evidence, the
official assessments of it (a column on the left) and the strikes linked to it (right)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.views import View, _Builder, _now, palette_of
from provenance.views.layout import Slot, bfs_depths, limit_nodes, longest_path_layers
from provenance.views.style import CONTRA, kind_legend
from provenance.views.template import LegendItem, clean_text

if TYPE_CHECKING:
    from collections.abc import Mapping

    import networkx as nx


@dataclass
class IncidentInput:
    """Plain inputs of :func:`incident_view`: the incident, the upstream graph of its
    claims, the statements assessing it (id, data, edge properties) and linked strikes."""

    incident_id: str
    incident: Mapping[str, Any]
    graph: nx.DiGraph
    claims: list[str]
    assessments: list[tuple[str, Mapping[str, Any], Mapping[str, Any]]] = field(
        default_factory=list
    )
    strikes: list[tuple[str, Mapping[str, Any]]] = field(default_factory=list)
    hashes: Mapping[str, str] = field(default_factory=dict)


def incident_view(
    data: IncidentInput,
    *,
    depth: int | None = None,
    max_nodes: int | None = None,
    generated_at: str | None = None,
) -> View:
    """An incident with all its claims side by side — local reporting first, then claims
    resting on belligerents' statements — each above its evidence; the official
    assessments in a column on the left, linked strikes on the right."""
    graph, inc = data.graph, data.incident_id

    def rests_on_statements(c: str) -> bool:
        kids = list(graph.successors(c)) if c in graph else []
        return bool(kids) and all(graph.nodes[k].get("label") == "Statement" for k in kids)

    claims = sorted(
        data.claims,
        key=lambda c: (rests_on_statements(c), str(graph.nodes[c].get("belligerent") or ""), c),
    )
    colours = palette_of(str(graph.nodes[c].get("belligerent") or "unattributed") for c in claims)
    adj = {n: sorted(graph.successors(n)) for n in graph.nodes}
    depth_of = bfs_depths(adj, claims, start=1)
    layer_of = longest_path_layers(adj, claims, start=1)
    side = [s for s, _, _ in data.assessments] + [s for s, _ in data.strikes]
    order = [inc, *claims, *side]
    order += sorted((n for n in depth_of if n not in claims), key=lambda n: (depth_of[n], n))
    depth_of.update({inc: 0, **{s: 1 for s in side}})
    kept, hidden = limit_nodes(
        order, depth_of, depth=depth, max_nodes=max_nodes, what=f"incident {inc}"
    )
    keep = set(kept)
    owner: dict[str, set[str]] = {}
    for c in claims:
        for n in bfs_depths(adj, [c]):
            owner.setdefault(n, set()).add(c)

    b = _Builder()
    b.node(inc, "Incident", data.incident, Slot(0), hash=data.hashes.get(inc))
    for sid, sdata, props in data.assessments:
        if sid in keep:
            verdict = str(props.get("verdict") or "")
            roles = [f"assesses {inc}: {verdict}"]
            if props.get("civilians_killed_acknowledged") is not None:
                roles.append(
                    f"civilian deaths acknowledged: {props['civilians_killed_acknowledged']}"
                )
            b.node(
                sid,
                "Statement",
                sdata,
                Slot(1, band=-1),
                hash=data.hashes.get(sid),
                role_lines=roles,
            )
    for sid, sdata in data.strikes:
        if sid in keep:
            b.node(sid, "Strike", sdata, Slot(1, band=1), hash=data.hashes.get(sid))
    for n in kept:
        if n in b.nodes or n not in graph:
            continue
        d = graph.nodes[n]
        kind = str(d.get("label", "Source"))
        extra: dict[str, Any] = {}
        lines: list[str] = []
        if n in colours or kind == "Claim":
            colour = colours[str(d.get("belligerent") or "unattributed")]
            extra["color"] = {"background": "#FFF8E1", "border": colour}
            extra["borderWidth"] = 3
            slot = Slot(1, key=(claims.index(n),))
        else:
            mine = owner.get(n, set())
            if len(mine) == 1:
                colour = colours[
                    str(graph.nodes[next(iter(mine))].get("belligerent") or "unattributed")
                ]
                extra["color"] = {"background": colour, "border": colour}
            lines.append("supports " + ", ".join(sorted(mine)[:6]))
            slot = Slot(layer_of.get(n, 2) + 1)
        b.node(n, kind, d, slot, hash=data.hashes.get(n), role_lines=lines, **extra)
    for c in claims:
        b.edge(inc, "HAS_CLAIM", c)
    for sid, _, props in data.assessments:
        label = str(props.get("verdict") or "")
        if props.get("civilians_killed_acknowledged") is not None:
            label += f" ({props['civilians_killed_acknowledged']} acknowledged)"
        b.edge(sid, "ASSESSES", inc, label=clean_text(label, 60))
    for sid, _ in data.strikes:
        b.edge(sid, "LINKED_TO", inc)
    for a, dst, attrs in graph.edges(data=True):
        b.edge(a, str(attrs.get("rel", "CITES")), dst)
    nodes, edges = b.finish()
    legend = [LegendItem(f"claim attributed to {who}", col, "box") for who, col in colours.items()]
    legend += [
        LegendItem("official assessment (left column; label: verdict)", "#6A1B9A", "dash"),
        LegendItem("linked strike (right column)", "#5D4037", "dash"),
        LegendItem("contradicts a claim", CONTRA, "dash"),
        *kind_legend(),
    ]
    title = str(data.incident.get("title") or inc)
    notes = (
        [f"{hidden} of {len(order)} items are not drawn (--depth / --max-nodes)."] if hidden else []
    )
    verdicts = sorted({str(p.get("verdict")) for _, _, p in data.assessments})
    return View(
        kind="incident",
        subject=inc,
        title=f"Incident {inc}: {title}",
        subtitle=f"{len(claims)} claim(s) side by side · {len(data.assessments)} official assessment(s)"
        + (f" ({', '.join(verdicts)})" if verdicts else "")
        + f" · {len(data.strikes)} linked strike(s) · analyst grade: {data.incident.get('grade') or 'none'}",
        nodes=nodes,
        edges=edges,
        legend=legend,
        notes=notes,
        hidden=hidden,
        generated_at=generated_at or _now(),
    )
