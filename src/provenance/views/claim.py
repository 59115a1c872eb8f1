"""The claim view: a claim at the top, its supporting sources, what they cite, down to
origins and witnesses, in layers.

Sources are labelled by their outlet or author (the id in the tooltip) and the items of
one independence unit sit together in a named box (:mod:`~provenance.views.placing`).
Each independent chain is drawn in its own colour (beyond the palette, with another dash
pattern) and listed by its units in the page's Chains list, a click highlighting it;
critical sources are marked (a single point of failure only with one independent path,
otherwise one of the units to lose together), echoed sources boxed together, steps inside
one unit drawn as dashed "same unit" links (no relationship), contradicting sources stand
apart (a column to the right) and citation cycles are marked. :func:`claim_view` takes the upstream graph and
the :class:`~provenance.corroborate.Corroboration` of the claim (or any object or dict with
the same fields), so tests can pass hand-made ones. Pure: no store, no files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.errors import NotFoundError
from provenance.views.builder import Builder, View, hidden_note, timestamp
from provenance.views.chains import ChainMarks, chain_marks, chain_rows, field_of
from provenance.views.layout import Slot, bfs_depths, limit_nodes, longest_path_layers
from provenance.views.naming import Names, item_names
from provenance.views.placing import ECHO_STROKE, UNIT_STROKE, place_claim
from provenance.views.style import (
    CONTRA,
    CRITICAL,
    CYCLE,
    GREY,
    chain_color,
    chain_dashes,
    compact_style,
    kind_legend,
    named_label,
)
from provenance.views.template import LegendItem, clean_text
from provenance.wording import plural

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class ClaimLayers:
    """Where the items upstream of a claim sit: the supporting side (below the claim) and
    the contradicting side (the column to its right), by distance and by layer."""

    claim: str
    succ: dict[str, list[str]]
    supporting: list[str]
    depth_sup: dict[str, int]
    depth_con: dict[str, int]
    layer_sup: dict[str, int]
    layer_con: dict[str, int]

    @property
    def depth_of(self) -> dict[str, int]:
        """Distance of every item from the claim (0 for the claim)."""
        return {self.claim: 0, **self.depth_sup, **self.depth_con}

    @property
    def order(self) -> list[str]:
        """Every item, nearest first: the claim, the supporting side, then the other."""
        sup = sorted(self.depth_sup, key=lambda n: (self.depth_sup[n], n))
        con = sorted(self.depth_con, key=lambda n: (self.depth_con[n], n))
        return [self.claim, *sup, *con]


def claim_layers(graph: nx.DiGraph, claim: str) -> ClaimLayers:
    """The layers of everything upstream of ``claim``; an item reachable from both sides
    counts as supporting."""
    succ = {n: sorted(graph.successors(n)) for n in graph.nodes}
    direct = sorted(graph.successors(claim))
    supporting = [n for n in direct if graph.edges[claim, n].get("rel") != "CONTRADICTED_BY"]
    contradicting = [n for n in direct if n not in supporting]
    adj = {n: [m for m in s if m != claim] for n, s in succ.items()}
    depth_sup = bfs_depths(adj, supporting, start=1)
    depth_con = {
        n: d for n, d in bfs_depths(adj, contradicting, start=1).items() if n not in depth_sup
    }
    return ClaimLayers(
        claim=claim,
        succ=succ,
        supporting=supporting,
        depth_sup=depth_sup,
        depth_con=depth_con,
        layer_sup=longest_path_layers(adj, supporting, start=1),
        layer_con=longest_path_layers(adj, [n for n in contradicting if n in depth_con], start=1),
    )


NOTE_FIELDS = ("explanation", "grade_disagreement")
"""The fields of a corroboration shown as the page's notes."""
DENSE = 12
"""Above this many drawn items, sources are drawn small with a compact label."""


def _node_marks(n: str, lay: ClaimLayers, marks: ChainMarks) -> tuple[dict[str, Any], list[str]]:
    """The colours and borders of item ``n``, and the tooltip lines saying why."""
    extra: dict[str, Any] = {}
    lines: list[str] = []
    if n in marks.chain_of:
        color = chain_color(marks.chain_of[n])
        extra["color"] = {"background": color, "border": color}
        lines.append(f"on independent chain {marks.chain_of[n] + 1}")
    elif n in marks.contra_nodes or n in lay.depth_con:
        extra["color"] = {"background": "#f6c7c3", "border": CONTRA}
        lines.append("contradicts the claim")
    elif n != lay.claim:
        extra["color"] = {"background": "#e6e6e6", "border": GREY}
    if n in marks.critical:
        extra["borderWidth"] = 5 if marks.single_point else 3
        extra["color"] = {**extra.get("color", {}), "border": CRITICAL}
        lines.append(
            "CRITICAL: a single point of failure — losing this source's unit leaves the"
            " claim unsupported"
            if marks.single_point
            else f"critical: one of {marks.paths} units to lose together (losing all of"
            " them leaves the claim unsupported)"
        )
    if n in marks.in_cycle:
        extra["shapeProperties"] = {"borderDashes": [6, 4]}
        if n not in marks.critical:
            extra["borderWidth"] = 3
            extra["color"] = {**extra.get("color", {}), "border": CYCLE}
        lines.append("in a citation cycle (circular reporting)")
    return extra, lines


def _context_lines(
    n: str, kind: str, lay: ClaimLayers, marks: ChainMarks, keep: set[str], names: Names
) -> list[str]:
    """Tooltip lines on the item's place: its outlet and unit, its echo group, whether it
    is an origin, and how many items above it were left out."""
    lines: list[str] = []
    if n in names.outlet:
        lines.append(f"known as: {names.outlet[n]}")
    if names.unit_of(n) != n:
        lines.append(f"independence unit: {names.name_of_unit(n)}")
    if n in marks.echo_of and len(marks.echo[marks.echo_of[n]][1]) > 1:
        origins, sources, _ = marks.echo[marks.echo_of[n]]
        shown = ", ".join(names.label(o) for o in origins[:5])
        lines.append(f"echo: one of {len(sources)} sources tracing back to {shown}")
    above = lay.succ.get(n, [])
    if kind != "Claim" and not above:
        lines.append(
            "origin (witness)" if kind == "Witness" else "origin: cites nothing, quotes no one"
        )
    if any(m not in keep for m in above):
        lines.append(
            f"{sum(m not in keep for m in above)} items further up not drawn (--depth / --max-nodes)"
        )
    return lines


def _edge_marks(edge: tuple[str, str], rel: str, marks: ChainMarks) -> dict[str, Any]:
    if edge in marks.cycle_edges:
        return {"color": CYCLE, "width": 2.5, "dashes": [8, 5], "label": "cycle"}
    if edge in marks.chain_edges:
        i = marks.chain_edges[edge]
        if len(marks.chains) <= DENSE:
            return {"color": chain_color(i), "width": 3.5, "dashes": chain_dashes(i)}
        # many chains: thinner, half transparent, so the labels they cross stay legible
        colour = {"color": chain_color(i), "highlight": chain_color(i), "opacity": 0.55}
        return {"color": colour, "width": 1.8, "dashes": chain_dashes(i)}
    if edge in marks.contra_edges or rel == "CONTRADICTED_BY":
        return {"color": CONTRA, "width": 2.5 if edge in marks.contra_edges else 1.5}
    return {}


def _legend(marks: ChainMarks) -> list[LegendItem]:
    chains = (
        [LegendItem("independent chain (one colour each: see the chains above)", PALETTE0, "line")]
        if marks.chains
        else []
    )
    return [
        *chains,
        LegendItem(marks.critical_text(), "#ffffff", "ring", CRITICAL),
        LegendItem("same unit: two items of one unit, not a citation", GREY, "dash"),
        LegendItem("citation cycle (circular reporting)", CYCLE, "dash"),
        LegendItem("contradicts the claim (right-hand column)", CONTRA, "line"),
        LegendItem(
            "echo: sources tracing back to one origin, boxed",
            "rgba(255,193,7,0.35)",
            "area",
            ECHO_STROKE,
        ),
        LegendItem("one independence unit, boxed with its name", "#eceff1", "area", UNIT_STROKE),
        LegendItem("not on a chosen independent chain", "#e6e6e6", "dot", GREY),
        *kind_legend(),
    ]


PALETTE0 = chain_color(0)


def _subtitle(graph: nx.DiGraph, claim: str, corroboration: Any, n_supporting: int) -> str:
    """The claim in one line (incident, deaths, belligerent), its counts and grades."""
    data = graph.nodes[claim]
    parts = [f"claim {claim}"]
    if data.get("incident"):
        parts.append(f"incident {data['incident']}")
    killed = data.get("civilians_killed")
    if isinstance(killed, Mapping):
        parts.append(f"{killed.get('min')}–{killed.get('max')} civilians killed")
    if data.get("belligerent"):
        parts.append(f"attributed to {data['belligerent']}")
    subtitle = ", ".join(parts)
    n_paths = field_of(corroboration, "independent_paths")
    if n_paths is not None:
        supporting = field_of(corroboration, "supporting_sources", n_supporting)
        subtitle += f" · {supporting} supporting, {plural(n_paths, 'independent path')}"
    grade = field_of(corroboration, "suggested_grade")
    if grade:
        subtitle += f" · suggested grade: {grade}"
        analyst = field_of(corroboration, "analyst_grade")
        if analyst:
            subtitle += f" (analyst: {analyst})"
    return subtitle


def _draw(
    graph: nx.DiGraph,
    kept: list[str],
    lay: ClaimLayers,
    marks: ChainMarks,
    hashes: Mapping[str, str],
    names: Names,
) -> Builder:
    """The kept items and the edges between them, styled with their marks; a chain's step
    inside one unit as a dashed edge named by the unit."""
    keep = set(kept)
    bld = Builder()
    dense = len(kept) > DENSE
    for n in kept:
        data = graph.nodes[n]
        kind = str(data.get("label", "Source"))
        extra, lines = _node_marks(n, lay, marks)
        lines += _context_lines(n, kind, lay, marks, keep, names)
        if n in names.outlet and kind in ("Source", "Statement"):
            extra["label"] = named_label(names.outlet[n], data)
        if dense:
            extra = {**compact_style(kind), **extra}
        layer = 0 if n == lay.claim else lay.layer_sup.get(n, lay.layer_con.get(n, 1))
        bld.node(n, kind, data, Slot(layer), hash=hashes.get(n), role_lines=lines, **extra)
    for a, dst, attrs in graph.edges(data=True):
        if a in keep and dst in keep:
            rel = str(attrs.get("rel", "CITES"))
            bld.edge(a, rel, dst, **_edge_marks((a, dst), rel, marks))
    for a, b, i, unit in marks.same_unit:
        if a in keep and b in keep and (a, b) not in bld.edge_ids:
            bld.edge(
                a,
                "same_unit",
                b,
                color=chain_color(i),
                width=2.0,
                dashes=[4, 4],
                label=clean_text(f"same unit: {unit}", 40),
                title=clean_text(f"{a} and {b}: one independence unit ({unit}), not a citation"),
            )
    return bld


def claim_view(
    graph: nx.DiGraph,
    corroboration: Any,
    *,
    hashes: Mapping[str, str] | None = None,
    depth: int | None = None,
    max_nodes: int | None = None,
    generated_at: str | None = None,
) -> View:
    """The evidence chain of one claim (see the module docstring).

    ``graph`` is the upstream graph (:meth:`Store.upstream_graph`), ``corroboration`` the
    claim's :class:`~provenance.corroborate.Corroboration` or an object or dict with its
    fields (``claim``, ``chains``, ``links``, ``critical_sources``, ``echo_groups``,
    ``cycles``, ``contradicting.chains``; the counts and grades are shown when present).
    ``hashes`` maps item ids to their stored content hash. ``depth`` keeps the first N
    levels below the claim; ``max_nodes`` the N nearest items; without it a view above
    :data:`~provenance.views.layout.HARD_MAX_NODES` raises
    :class:`~provenance.views.layout.ViewTooLarge`.
    """
    claim = str(field_of(corroboration, "claim"))
    if claim not in graph:
        raise NotFoundError(f"claim {claim!r} is not in the evidence graph", "check the claim id")
    lay = claim_layers(graph, claim)
    marks = chain_marks(corroboration)
    order = lay.order
    kept, hidden = limit_nodes(
        order, lay.depth_of, depth=depth, max_nodes=max_nodes, what=f"claim {claim}"
    )
    names = item_names(graph, [claim])
    bld = _draw(graph, kept, lay, marks, hashes or {}, names)
    keep = set(kept)
    placed = place_claim(
        claim,
        {n: lay.layer_sup[n] for n in kept if n in lay.depth_sup},
        {n: lay.layer_con.get(n, lay.depth_con[n]) for n in kept if n in lay.depth_con},
        marks,
        names,
    )
    nodes, edges = bld.finish(placed.positions)
    notes = [str(x) for x in (field_of(corroboration, k) for k in NOTE_FIELDS) if x] + hidden_note(
        hidden, len(order)
    )
    return View(
        kind="claim",
        subject=claim,
        title=f"Evidence chain of claim {claim}",
        subtitle=_subtitle(graph, claim, corroboration, len(lay.supporting)),
        nodes=nodes,
        edges=edges,
        groups=[b for b in placed.boxes if set(b["nodes"]) <= keep],
        legend=_legend(marks),
        notes=notes,
        hidden=hidden,
        generated_at=generated_at or timestamp(),
        chains=chain_rows(graph, marks, names, bld.edge_ids),
    )
