"""Interactive evidence-chain pages (pyvis / vis-network), safe to open and fully offline.

Three views, each a pure function of plain inputs returning a :class:`View`:

* :func:`claim_view` — a claim at the top, its supporting sources, what they cite, down
  to origins and witnesses, in layers; each independent chain in its own colour, critical
  sources marked, echoed sources grouped under their origin, contradicting sources apart
  (a column to the right), citation cycles marked. Takes the upstream graph and the
  :class:`~provenance.corroborate.Corroboration` of the claim (or any object or dict with
  the same fields), so tests can pass hand-made ones.
* :func:`~provenance.views.incident.incident_view` — an incident, all its claims side by side with their evidence,
  the official assessments (left) and linked strikes (right).
* :func:`~provenance.views.figure.figure_view` — a casualty figure, its deduplicated incidents (a cluster of
  duplicates is one node), their claims and the sources supporting them.

:func:`render_html` turns a view into one self-contained page (nodes and edges go through
pyvis's ``Network``; the page is our template, :mod:`provenance.views.template`), and
:func:`write_view` writes it — the only file written. Loading from a store is in
:mod:`provenance.views.data`. Every string from the data is untrusted and is cleaned by
:func:`~provenance.views.template.clean_text` before it reaches a label or tooltip.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.views.layout import (
    PHYSICS_MAX_NODES,
    Slot,
    bfs_depths,
    layered_positions,
    limit_nodes,
    longest_path_layers,
)
from provenance.views.style import (
    CONTRA,
    CRITICAL,
    CYCLE,
    GREY,
    chain_color,
    edge_style,
    kind_legend,
    node_label,
    node_style,
    tooltip,
)
from provenance.views.template import LegendItem, Page, clean_text, render_page

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class View:
    """A view ready to render: pyvis node/edge options (with positions), shaded groups,
    legend and texts. ``hidden`` counts items left out by ``--depth`` / ``--max-nodes``."""

    kind: str
    subject: str
    title: str
    subtitle: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    groups: list[dict[str, Any]] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    hidden: int = 0
    generated_at: str = ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


# --- building blocks ----------------------------------------------------------------------


class _Builder:
    """Collects styled nodes and edges with their layout slots, then lays them out."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.slots: dict[str, Slot] = {}
        self.edges: list[dict[str, Any]] = []

    def node(
        self, node_id: str, kind: str, data: Mapping[str, Any], slot: Slot, **extra: Any
    ) -> None:
        style = node_style(kind)
        lines: list[str] = extra.pop("role_lines", [])
        style.update(
            label=extra.pop("label", None) or node_label(kind, node_id, data),
            title=tooltip(kind, node_id, data, extra.pop("hash", None), lines),
            menu=clean_text(f"{node_id} ({kind})", 120),
        )
        style.update(extra)
        self.nodes[node_id] = style
        self.slots[node_id] = slot

    def edge(self, src: str, rel: str, dst: str, **extra: Any) -> None:
        if src in self.nodes and dst in self.nodes:
            style = edge_style(rel)
            style["title"] = clean_text(f"{src} {rel} {dst}", 500)
            style.update(extra)
            self.edges.append({"from": src, "to": dst, **style})

    def finish(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        pos = layered_positions(self.slots, ((e["from"], e["to"]) for e in self.edges))
        nodes = []
        for node_id, style in self.nodes.items():
            x, y = pos[node_id]
            item = {"id": node_id, **style, "x": x, "y": y}
            nodes.append(item)
        return nodes, self.edges


def _claim_summary(graph: nx.DiGraph, claim: str) -> str:
    data = graph.nodes[claim]
    parts = [f"claim {claim}"]
    if data.get("incident"):
        parts.append(f"incident {data['incident']}")
    killed = data.get("civilians_killed")
    if isinstance(killed, Mapping):
        parts.append(f"{killed.get('min')}–{killed.get('max')} civilians killed")
    if data.get("belligerent"):
        parts.append(f"attributed to {data['belligerent']}")
    return ", ".join(parts)


# --- the claim view ---------------------------------------------------------------------


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
    claim = str(_get(corroboration, "claim"))
    if claim not in graph:
        from provenance.errors import NotFoundError

        raise NotFoundError(f"claim {claim!r} is not in the evidence graph", "check the claim id")
    contra = _get(corroboration, "contradicting") or {}
    chains: list[list[str]] = [list(c) for c in _get(corroboration, "chains") or []]
    contra_chains: list[list[str]] = [list(c) for c in _get(contra, "chains") or []]
    critical = set(_get(corroboration, "critical_sources") or [])
    cycles: list[list[str]] = [list(c) for c in _get(corroboration, "cycles") or []]
    echo = [
        (list(_get(g, "origins") or []), list(_get(g, "sources") or []))
        for g in _get(corroboration, "echo_groups") or []
    ]

    succ = {n: sorted(graph.successors(n)) for n in graph.nodes}
    direct = sorted(graph.successors(claim))
    supporting = [n for n in direct if graph.edges[claim, n].get("rel") != "CONTRADICTED_BY"]
    contradicting = [n for n in direct if n not in supporting]
    adj_no_claim = {n: [m for m in s if m != claim] for n, s in succ.items()}
    depth_sup = bfs_depths(adj_no_claim, supporting, start=1)
    depth_con = {
        n: d
        for n, d in bfs_depths(adj_no_claim, contradicting, start=1).items()
        if n not in depth_sup
    }
    depth_of = {claim: 0, **depth_sup, **depth_con}
    layer_sup = longest_path_layers(adj_no_claim, supporting, start=1)
    layer_con = longest_path_layers(
        adj_no_claim, [n for n in contradicting if n in depth_con], start=1
    )
    order = [claim, *sorted(depth_sup, key=lambda n: (depth_sup[n], n))]
    order += sorted(depth_con, key=lambda n: (depth_con[n], n))
    kept, hidden = limit_nodes(
        order, depth_of, depth=depth, max_nodes=max_nodes, what=f"claim {claim}"
    )
    keep = set(kept)

    chain_of: dict[str, int] = {}
    chain_edges: dict[tuple[str, str], int] = {}
    for i, chain in enumerate(chains):
        for n in chain[1:]:
            chain_of.setdefault(n, i)
        for a, b in itertools.pairwise(chain):
            chain_edges.setdefault((a, b), i)
    contra_nodes = {n for c in contra_chains for n in c[1:]} | set(depth_con)
    contra_edges = {(a, b) for c in contra_chains for a, b in itertools.pairwise(c)}
    in_cycle = {n for c in cycles for n in c}
    cycle_edges = {(c[i], c[(i + 1) % len(c)]) for c in cycles for i in range(len(c))}
    echo_of: dict[str, int] = {}
    for i, (_, sources) in enumerate(echo):
        for s in sources:
            echo_of.setdefault(s, i)

    bld = _Builder()
    for n in kept:
        data = graph.nodes[n]
        kind = str(data.get("label", "Source"))
        lines: list[str] = []
        extra: dict[str, Any] = {}
        if n == claim:
            slot = Slot(0)
        elif n in depth_con:
            slot = Slot(layer_con.get(n, depth_con[n]), band=1)
        else:
            slot = Slot(layer_sup[n], key=(echo_of.get(n, len(echo)),) if n in echo_of else ())
        if n in chain_of:
            color = chain_color(chain_of[n])
            extra["color"] = {"background": color, "border": color}
            lines.append(f"on independent chain {chain_of[n] + 1}")
        elif n in contra_nodes:
            extra["color"] = {"background": "#f6c7c3", "border": CONTRA}
            lines.append("contradicts the claim")
        elif n != claim:
            extra["color"] = {"background": "#e6e6e6", "border": GREY}
        if n in critical:
            extra["borderWidth"] = 5
            extra["color"] = {**extra.get("color", {}), "border": CRITICAL}
            lines.append("CRITICAL: losing this source's unit leaves the claim unsupported")
        if n in in_cycle:
            extra["shapeProperties"] = {"borderDashes": [6, 4]}
            if n not in critical:
                extra["borderWidth"] = 3
                extra["color"] = {**extra.get("color", {}), "border": CYCLE}
            lines.append("in a citation cycle (circular reporting)")
        if n in echo_of and len(echo[echo_of[n]][1]) > 1:
            origins, sources = echo[echo_of[n]]
            lines.append(
                f"echo: one of {len(sources)} sources tracing back to {', '.join(origins[:5])}"
            )
        if kind != "Claim" and not succ.get(n):
            lines.append(
                "origin (witness)" if kind == "Witness" else "origin: cites nothing, quotes no one"
            )
        if n in keep and any(m not in keep for m in succ.get(n, [])):
            lines.append(
                f"{sum(m not in keep for m in succ[n])} items further up not drawn (--depth / --max-nodes)"
            )
        bld.node(n, kind, data, slot, hash=(hashes or {}).get(n), role_lines=lines, **extra)

    for a, dst, attrs in graph.edges(data=True):
        if a not in keep or dst not in keep:
            continue
        rel = str(attrs.get("rel", "CITES"))
        extra = {}
        if (a, dst) in cycle_edges:
            extra = {"color": CYCLE, "width": 2.5, "dashes": [8, 5], "label": "cycle"}
        elif (a, dst) in chain_edges:
            extra = {"color": chain_color(chain_edges[(a, dst)]), "width": 3.5}
        elif (a, dst) in contra_edges or rel == "CONTRADICTED_BY":
            extra = {"color": CONTRA, "width": 2.5 if (a, dst) in contra_edges else 1.5}
        bld.edge(a, rel, dst, **extra)

    groups = []
    for i, (origins, sources) in enumerate(echo):
        members = [s for s in sources if s in keep]
        if len(members) > 1:
            shown = ", ".join(origins[:2]) + (f" +{len(origins) - 2}" if len(origins) > 2 else "")
            groups.append(
                {
                    "nodes": members,
                    "label": clean_text(
                        f"echo group {i + 1}: {len(sources)} sources → origin {shown}", 120
                    ),
                    "fill": "rgba(255, 193, 7, 0.10)",
                    "stroke": "#b38600",
                }
            )
    nodes, edges = bld.finish()

    legend = [
        LegendItem(
            f"independent chain {i + 1}: {' → '.join(c[1:3])}{' → …' if len(c) > 3 else ''}",
            chain_color(i),
            "line",
        )
        for i, c in enumerate(chains[:12])
    ]
    legend += [
        LegendItem("critical source (single point of failure)", "#ffffff", "ring", CRITICAL),
        LegendItem("citation cycle (circular reporting)", CYCLE, "dash"),
        LegendItem("contradicts the claim (right-hand column)", CONTRA, "line"),
        LegendItem(
            "echoed sources grouped under their origin", "rgba(255,193,7,0.35)", "area", "#b38600"
        ),
        LegendItem("not on a chosen independent chain", "#e6e6e6", "dot", GREY),
        *kind_legend(),
    ]
    n_paths = _get(corroboration, "independent_paths")
    subtitle = _claim_summary(graph, claim)
    if n_paths is not None:
        subtitle += f" · {_get(corroboration, 'supporting_sources', len(supporting))} supporting, {n_paths} independent path(s)"
    grade = _get(corroboration, "suggested_grade")
    if grade:
        subtitle += f" · suggested grade: {grade}"
        analyst = _get(corroboration, "analyst_grade")
        if analyst:
            subtitle += f" (analyst: {analyst})"
    notes = [
        str(x)
        for x in (_get(corroboration, "explanation"), _get(corroboration, "grade_disagreement"))
        if x
    ]
    if hidden:
        notes.append(f"{hidden} of {len(order)} items are not drawn (--depth / --max-nodes).")
    return View(
        kind="claim",
        subject=claim,
        title=f"Evidence chain of claim {claim}",
        subtitle=subtitle,
        nodes=nodes,
        edges=edges,
        groups=groups,
        legend=legend,
        notes=notes,
        hidden=hidden,
        generated_at=generated_at or _now(),
    )


# --- rendering --------------------------------------------------------------------------


def vis_options(n_nodes: int) -> dict[str, Any]:
    """vis-network options: positions are ours; physics (anti-overlap only) for small views."""
    small = n_nodes <= PHYSICS_MAX_NODES
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        # Small views: physics only keeps dragged nodes from overlapping. Its range
        # (2 x nodeDistance) is below the layout's spacing and springs are off, so the
        # computed layout is already at rest and is drawn exactly as placed.
        "physics": {
            "enabled": small,
            "solver": "repulsion",
            "repulsion": {
                "nodeDistance": 50,
                "centralGravity": 0.0,
                "springLength": 150,
                "springConstant": 0.0,
                "damping": 0.5,
            },
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": not small,
            "hideEdgesOnZoom": not small,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {"font": {"size": 14, "face": "DejaVu Sans, Arial, sans-serif"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": False,
            "font": {"size": 11, "align": "middle", "background": "#ffffff"},
        },
    }


class _Ids(list[Any]):
    """pyvis keeps node ids in a list and checks membership per added node and edge
    (quadratic); this list answers ``in`` from a set, so 5,000 nodes stay fast."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def render_html(view: View) -> str:
    """The complete offline page of ``view`` (nodes and edges through pyvis's Network)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", heading=view.title)
    net.node_ids = _Ids()
    for node in view.nodes:
        options = {k: v for k, v in node.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(
            node["id"],
            label=node["label"],
            shape=node.get("shape", "dot"),
            color=node.get("color", GREY),
            **options,
        )
    for edge in view.edges:
        net.add_edge(
            edge["from"], edge["to"], **{k: v for k, v in edge.items() if k not in ("from", "to")}
        )
    net.options = vis_options(len(view.nodes))
    nodes, edges, _heading, _h, _w, _options = net.get_network_data()
    page = Page(
        title=view.title,
        subtitle=view.subtitle,
        generated_at=view.generated_at or _now(),
        data={"nodes": nodes, "edges": edges, "options": net.options, "groups": view.groups},
        legend=view.legend,
        notes=view.notes,
    )
    return render_page(page)


def write_view(view: View, out: Path) -> Path:
    """Render ``view`` and write it to ``out`` (nothing else is written, no browser opened)."""
    text = render_html(view)
    out.write_text(text, encoding="utf-8")
    return out


def palette_of(items: Iterable[str]) -> dict[str, str]:
    """A stable colour per distinct value (belligerents, clusters), in first-seen order."""
    out: dict[str, str] = {}
    for item in items:
        if item not in out:
            out[item] = chain_color(len(out))
    return out
