"""The incident view: an incident, all its claims side by side with their evidence, the
official assessments of it (a column on the left) and the strikes linked to it (right).

Each claim stands above the evidence only it rests on; evidence several claims share
sits below them all in a box naming those claims (:func:`~provenance.views.placing.
place_incident`), so no claim is drawn over another. Sources are labelled by outlet, the
id in the tooltip. Pure: no store, no files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.views.builder import Builder, View, hidden_note, timestamp
from provenance.views.layout import Slot, bfs_depths, limit_nodes, longest_path_layers
from provenance.views.naming import Names, item_names
from provenance.views.placing import CLAIM_WIDTH, place_incident
from provenance.views.style import CONTRA, compact_style, kind_legend, named_label, palette_of
from provenance.views.template import LegendItem, clean_text
from provenance.wording import plural

if TYPE_CHECKING:
    import networkx as nx

DENSE = 12
"""Above this many drawn items, evidence is drawn small with a compact label."""


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


def _blamed(graph: nx.DiGraph, claim: str) -> str:
    return str(graph.nodes[claim].get("belligerent") or "unattributed")


def _sorted_claims(graph: nx.DiGraph, claims: list[str]) -> list[str]:
    """Local reporting first, then claims resting only on statements; by belligerent."""

    def rests_on_statements(c: str) -> bool:
        kids = list(graph.successors(c)) if c in graph else []
        return bool(kids) and all(graph.nodes[k].get("label") == "Statement" for k in kids)

    return sorted(
        claims,
        key=lambda c: (rests_on_statements(c), str(graph.nodes[c].get("belligerent") or ""), c),
    )


@dataclass
class _Plan:
    """What to draw where: claims in order, each item's distance and layer, which claims
    each evidence item supports, the items nearest first."""

    claims: list[str]
    colours: dict[str, str]
    layer_of: dict[str, int]
    depth_of: dict[str, int]
    owner: dict[str, set[str]]
    order: list[str]


def _plan(data: IncidentInput) -> _Plan:
    graph = data.graph
    claims = _sorted_claims(graph, data.claims)
    adj = {n: sorted(graph.successors(n)) for n in graph.nodes}
    depth_of = bfs_depths(adj, claims, start=1)
    side = [s for s, _, _ in data.assessments] + [s for s, _ in data.strikes]
    order = [data.incident_id, *claims, *side]
    order += sorted((n for n in depth_of if n not in claims), key=lambda n: (depth_of[n], n))
    depth_of.update({data.incident_id: 0, **{s: 1 for s in side}})
    owner: dict[str, set[str]] = {}
    for c in claims:
        for n in bfs_depths(adj, [c]):
            owner.setdefault(n, set()).add(c)
    return _Plan(
        claims=claims,
        colours=palette_of(_blamed(graph, c) for c in claims),
        layer_of=longest_path_layers(adj, claims, start=1),
        depth_of=depth_of,
        owner=owner,
        order=order,
    )


def _add_side(b: Builder, data: IncidentInput, keep: set[str]) -> None:
    """The incident, its official assessments (left column) and linked strikes (right)."""
    inc = data.incident_id
    b.node(inc, "Incident", data.incident, Slot(0), hash=data.hashes.get(inc))
    for sid, sdata, props in data.assessments:
        if sid in keep:
            roles = [f"assesses {inc}: {props.get('verdict') or ''}"]
            if props.get("civilians_killed_acknowledged") is not None:
                roles.append(
                    f"civilian deaths acknowledged: {props['civilians_killed_acknowledged']}"
                )
            slot = Slot(1, band=-1)
            b.node(sid, "Statement", sdata, slot, hash=data.hashes.get(sid), role_lines=roles)
    for sid, sdata in data.strikes:
        if sid in keep:
            b.node(sid, "Strike", sdata, Slot(1, band=1), hash=data.hashes.get(sid))


def _claim_label(data: Mapping[str, Any]) -> str:
    """A claim's box in the incident view: whom it blames and its death toll (its id is
    in the tooltip)."""
    label = f"claim: {clean_text(data.get('belligerent') or 'unattributed', 60)}"
    killed = data.get("civilians_killed")
    if isinstance(killed, Mapping) and "min" in killed:
        lo, hi = killed.get("min"), killed.get("max")
        label += f"\n{lo if lo == hi else f'{lo}–{hi}'} killed"
    return label


def _add_evidence(
    b: Builder, data: IncidentInput, plan: _Plan, kept: list[str], names: Names
) -> None:
    """The claims (boxes bordered in their belligerent's colour) and their evidence (in
    that colour when it supports one claim only), labelled by outlet."""
    graph = data.graph
    dense = len(kept) > DENSE
    for n in kept:
        if n in b.nodes or n not in graph:
            continue
        d = graph.nodes[n]
        kind = str(d.get("label", "Source"))
        extra: dict[str, Any] = compact_style(kind) if dense else {}
        lines: list[str] = []
        if n in plan.colours or kind == "Claim":
            colour = plan.colours[str(d.get("belligerent") or "unattributed")]
            extra["color"] = {"background": "#FFF8E1", "border": colour}
            extra["borderWidth"] = 3
            extra["label"] = _claim_label(d)
            extra["widthConstraint"] = {"maximum": CLAIM_WIDTH - 40}
            slot = Slot(1, key=(plan.claims.index(n),))
        else:
            mine = plan.owner.get(n, set())
            if len(mine) == 1:
                colour = plan.colours[_blamed(graph, next(iter(mine)))]
                extra["color"] = {"background": colour, "border": colour}
            if n in names.outlet and kind in ("Source", "Statement"):
                extra["label"] = named_label(names.outlet[n], d)
                lines.append(f"known as: {names.outlet[n]}")
            if names.unit_of(n) != n:
                lines.append(f"independence unit: {names.name_of_unit(n)}")
            lines.append("supports " + ", ".join(sorted(mine)[:6]))
            slot = Slot(plan.layer_of.get(n, 2) + 1)
        b.node(n, kind, d, slot, hash=data.hashes.get(n), role_lines=lines, **extra)


def _add_edges(b: Builder, data: IncidentInput, plan: _Plan) -> None:
    """The incident's claims, assessments, strikes, and the evidence edges; an edge into
    evidence several claims share is drawn faint (its box says whom it supports)."""
    inc = data.incident_id
    claims = plan.claims
    for c in claims:
        b.edge(inc, "HAS_CLAIM", c)
    for sid, _, props in data.assessments:
        label = str(props.get("verdict") or "")
        if props.get("civilians_killed_acknowledged") is not None:
            label += f" ({props['civilians_killed_acknowledged']} acknowledged)"
        b.edge(sid, "ASSESSES", inc, label=clean_text(label, 60))
    for sid, _ in data.strikes:
        b.edge(sid, "LINKED_TO", inc)
    for a, dst, attrs in data.graph.edges(data=True):
        rel = str(attrs.get("rel", "CITES"))
        if a in claims and len(plan.owner.get(dst, ())) > 1 and rel == "SUPPORTED_BY":
            b.edge(a, rel, dst, color={"color": "#757575", "opacity": 0.35}, width=1.0)
        else:
            b.edge(a, rel, dst)


def _legend(colours: dict[str, str]) -> list[LegendItem]:
    legend = [LegendItem(f"claim attributed to {who}", col, "box") for who, col in colours.items()]
    return [
        *legend,
        LegendItem("official assessment (left column; label: verdict)", "#6A1B9A", "dash"),
        LegendItem("linked strike (right column)", "#5D4037", "dash"),
        LegendItem("contradicts a claim", CONTRA, "dash"),
        *kind_legend(),
    ]


def _subtitle(data: IncidentInput, n_claims: int) -> str:
    verdicts = sorted({str(p.get("verdict")) for _, _, p in data.assessments})
    return (
        f"{plural(n_claims, 'claim')} side by side · {plural(len(data.assessments), 'official assessment')}"
        + (f" ({', '.join(verdicts)})" if verdicts else "")
        + f" · {plural(len(data.strikes), 'linked strike')}"
        + f" · analyst grade: {data.incident.get('grade') or 'none'}"
    )


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
    inc = data.incident_id
    plan = _plan(data)
    kept, hidden = limit_nodes(
        plan.order, plan.depth_of, depth=depth, max_nodes=max_nodes, what=f"incident {inc}"
    )
    b = Builder()
    keep = set(kept)
    names = item_names(data.graph, plan.claims)
    _add_side(b, data, keep)
    _add_evidence(b, data, plan, kept, names)
    _add_edges(b, data, plan)
    claims = [c for c in plan.claims if c in keep]
    claim_set = set(plan.claims)
    placed = place_incident(
        inc,
        claims,
        {n: plan.layer_of.get(n, 2) for n in b.nodes if n in data.graph and n not in claim_set},
        plan.owner,
        (
            [s for s, _, _ in data.assessments if s in keep],
            [s for s, _ in data.strikes if s in keep],
        ),
        names,
        {c: _blamed(data.graph, c) for c in claims},
    )
    nodes, edges = b.finish(placed.positions)
    return View(
        kind="incident",
        subject=inc,
        title=incident_title(inc, data.incident.get("title")),
        subtitle=_subtitle(data, len(plan.claims)),
        nodes=nodes,
        edges=edges,
        groups=placed.boxes,
        legend=_legend(plan.colours),
        notes=hidden_note(hidden, len(plan.order)),
        hidden=hidden,
        generated_at=generated_at or timestamp(),
    )


def incident_title(inc: str, title: str | None) -> str:
    """The page's heading: the incident's id and its title, without the monitor's code
    the title starts with when the id ends with it (Airwars titles are "CODE: place").

    >>> incident_title("airwars:RS4750", "RS4750: Al Foua, Idlib")
    'Incident airwars:RS4750: Al Foua, Idlib'
    >>> incident_title("ill-raqqa-2", "shelling of Raqqa"), incident_title("x:7", None)
    ('Incident ill-raqqa-2: shelling of Raqqa', 'Incident x:7: x:7')
    """
    code = inc.rsplit(":", 1)[-1]
    text = title or inc
    if text.startswith(f"{code}: ") and inc != code:
        text = text[len(code) + 2 :] or text
    return f"Incident {inc}: {text}"
