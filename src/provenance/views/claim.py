"""The claim view: a claim at the top, its supporting sources, what they cite, down to
origins and witnesses, in layers.

Each independent chain is drawn in its own colour, critical sources are marked, echoed
sources are grouped under their origin, contradicting sources stand apart (a column to
the right) and citation cycles are marked. :func:`claim_view` takes the upstream graph and
the :class:`~provenance.corroborate.Corroboration` of the claim (or any object or dict with
the same fields), so tests can pass hand-made ones. Pure: no store, no files.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.errors import NotFoundError
from provenance.views.builder import Builder, View, hidden_note, timestamp
from provenance.views.layout import Slot, bfs_depths, limit_nodes, longest_path_layers
from provenance.views.style import CONTRA, CRITICAL, CYCLE, GREY, chain_color, kind_legend
from provenance.views.template import LegendItem, clean_text

if TYPE_CHECKING:
    import networkx as nx


def _field(obj: Any, name: str, default: Any = None) -> Any:
    """A field of a corroboration result, given as an object or as a dict."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


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


@dataclass
class ChainMarks:
    """What the corroboration says of each item and edge: its independent chain, whether
    it contradicts, is critical, sits in a citation cycle or echoes an origin."""

    chains: list[list[str]]
    critical: set[str]
    echo: list[tuple[list[str], list[str]]]
    chain_of: dict[str, int] = field(default_factory=dict)
    chain_edges: dict[tuple[str, str], int] = field(default_factory=dict)
    contra_nodes: set[str] = field(default_factory=set)
    contra_edges: set[tuple[str, str]] = field(default_factory=set)
    in_cycle: set[str] = field(default_factory=set)
    cycle_edges: set[tuple[str, str]] = field(default_factory=set)
    echo_of: dict[str, int] = field(default_factory=dict)


def chain_marks(corroboration: Any) -> ChainMarks:
    """The marks of a corroboration result (object or dict, see :func:`claim_view`)."""
    contra = _field(corroboration, "contradicting") or {}
    contra_chains = [list(c) for c in _field(contra, "chains") or []]
    cycles = [list(c) for c in _field(corroboration, "cycles") or []]
    marks = ChainMarks(
        chains=[list(c) for c in _field(corroboration, "chains") or []],
        critical=set(_field(corroboration, "critical_sources") or []),
        echo=[
            (list(_field(g, "origins") or []), list(_field(g, "sources") or []))
            for g in _field(corroboration, "echo_groups") or []
        ],
        contra_nodes={n for c in contra_chains for n in c[1:]},
        contra_edges={(a, b) for c in contra_chains for a, b in itertools.pairwise(c)},
        in_cycle={n for c in cycles for n in c},
        cycle_edges={(c[i], c[(i + 1) % len(c)]) for c in cycles for i in range(len(c))},
    )
    for i, chain in enumerate(marks.chains):
        for n in chain[1:]:
            marks.chain_of.setdefault(n, i)
        for a, b in itertools.pairwise(chain):
            marks.chain_edges.setdefault((a, b), i)
    for i, (_, sources) in enumerate(marks.echo):
        for s in sources:
            marks.echo_of.setdefault(s, i)
    return marks


def _slot(n: str, lay: ClaimLayers, marks: ChainMarks) -> Slot:
    if n == lay.claim:
        return Slot(0)
    if n in lay.depth_con:
        return Slot(lay.layer_con.get(n, lay.depth_con[n]), band=1)
    return Slot(lay.layer_sup[n], key=(marks.echo_of[n],) if n in marks.echo_of else ())


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
        extra["borderWidth"] = 5
        extra["color"] = {**extra.get("color", {}), "border": CRITICAL}
        lines.append("CRITICAL: losing this source's unit leaves the claim unsupported")
    if n in marks.in_cycle:
        extra["shapeProperties"] = {"borderDashes": [6, 4]}
        if n not in marks.critical:
            extra["borderWidth"] = 3
            extra["color"] = {**extra.get("color", {}), "border": CYCLE}
        lines.append("in a citation cycle (circular reporting)")
    return extra, lines


def _context_lines(
    n: str, kind: str, lay: ClaimLayers, marks: ChainMarks, keep: set[str]
) -> list[str]:
    """Tooltip lines on the item's place: its echo group, whether it is an origin, and how
    many items above it were left out."""
    lines: list[str] = []
    if n in marks.echo_of and len(marks.echo[marks.echo_of[n]][1]) > 1:
        origins, sources = marks.echo[marks.echo_of[n]]
        lines.append(
            f"echo: one of {len(sources)} sources tracing back to {', '.join(origins[:5])}"
        )
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
        return {"color": chain_color(marks.chain_edges[edge]), "width": 3.5}
    if edge in marks.contra_edges or rel == "CONTRADICTED_BY":
        return {"color": CONTRA, "width": 2.5 if edge in marks.contra_edges else 1.5}
    return {}


def _echo_groups(marks: ChainMarks, keep: set[str]) -> list[dict[str, Any]]:
    """A shaded area per echo group with more than one drawn source."""
    groups = []
    for i, (origins, sources) in enumerate(marks.echo):
        members = [s for s in sources if s in keep]
        if len(members) > 1:
            shown = ", ".join(origins[:2]) + (f" +{len(origins) - 2}" if len(origins) > 2 else "")
            text = f"echo group {i + 1}: {len(sources)} sources → origin {shown}"
            groups.append(
                {
                    "nodes": members,
                    "label": clean_text(text, 120),
                    "fill": "rgba(255, 193, 7, 0.10)",
                    "stroke": "#b38600",
                }
            )
    return groups


def _legend(chains: list[list[str]]) -> list[LegendItem]:
    legend = [
        LegendItem(
            f"independent chain {i + 1}: {' → '.join(c[1:3])}{' → …' if len(c) > 3 else ''}",
            chain_color(i),
            "line",
        )
        for i, c in enumerate(chains[:12])
    ]
    return [
        *legend,
        LegendItem("critical source (single point of failure)", "#ffffff", "ring", CRITICAL),
        LegendItem("citation cycle (circular reporting)", CYCLE, "dash"),
        LegendItem("contradicts the claim (right-hand column)", CONTRA, "line"),
        LegendItem(
            "echoed sources grouped under their origin", "rgba(255,193,7,0.35)", "area", "#b38600"
        ),
        LegendItem("not on a chosen independent chain", "#e6e6e6", "dot", GREY),
        *kind_legend(),
    ]


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
    n_paths = _field(corroboration, "independent_paths")
    if n_paths is not None:
        supporting = _field(corroboration, "supporting_sources", n_supporting)
        subtitle += f" · {supporting} supporting, {n_paths} independent path(s)"
    grade = _field(corroboration, "suggested_grade")
    if grade:
        subtitle += f" · suggested grade: {grade}"
        analyst = _field(corroboration, "analyst_grade")
        if analyst:
            subtitle += f" (analyst: {analyst})"
    return subtitle


def _draw(
    graph: nx.DiGraph,
    kept: list[str],
    lay: ClaimLayers,
    marks: ChainMarks,
    hashes: Mapping[str, str],
) -> Builder:
    """The kept items and the edges between them, styled with their marks."""
    keep = set(kept)
    bld = Builder()
    for n in kept:
        data = graph.nodes[n]
        kind = str(data.get("label", "Source"))
        extra, lines = _node_marks(n, lay, marks)
        lines += _context_lines(n, kind, lay, marks, keep)
        bld.node(n, kind, data, _slot(n, lay, marks), hash=hashes.get(n), role_lines=lines, **extra)
    for a, dst, attrs in graph.edges(data=True):
        if a in keep and dst in keep:
            rel = str(attrs.get("rel", "CITES"))
            bld.edge(a, rel, dst, **_edge_marks((a, dst), rel, marks))
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
    fields (``claim``, ``chains``, ``critical_sources``, ``echo_groups``, ``cycles``,
    ``contradicting.chains``; the counts and grades are shown when present). ``hashes``
    maps item ids to their stored content hash. ``depth`` keeps the first N levels below
    the claim; ``max_nodes`` the N nearest items; without it a view above
    :data:`~provenance.views.layout.HARD_MAX_NODES` raises
    :class:`~provenance.views.layout.ViewTooLarge`.
    """
    claim = str(_field(corroboration, "claim"))
    if claim not in graph:
        raise NotFoundError(f"claim {claim!r} is not in the evidence graph", "check the claim id")
    lay = claim_layers(graph, claim)
    marks = chain_marks(corroboration)
    order = lay.order
    kept, hidden = limit_nodes(
        order, lay.depth_of, depth=depth, max_nodes=max_nodes, what=f"claim {claim}"
    )
    nodes, edges = _draw(graph, kept, lay, marks, hashes or {}).finish()
    notes = [
        str(x)
        for x in (_field(corroboration, "explanation"), _field(corroboration, "grade_disagreement"))
        if x
    ]
    return View(
        kind="claim",
        subject=claim,
        title=f"Evidence chain of claim {claim}",
        subtitle=_subtitle(graph, claim, corroboration, len(lay.supporting)),
        nodes=nodes,
        edges=edges,
        groups=_echo_groups(marks, set(kept)),
        legend=_legend(marks.chains),
        notes=notes + hidden_note(hidden, len(order)),
        hidden=hidden,
        generated_at=generated_at or timestamp(),
    )
