"""What every page kind builds: a :class:`View`, assembled node by node with a :class:`Builder`.

The page kinds (:mod:`~provenance.views.claim`, :mod:`~provenance.views.incident`,
:mod:`~provenance.views.figure`) decide which items to draw, in which layout slot and with
which marks; the builder styles each item (:mod:`~provenance.views.style`), keeps only the
edges between drawn items and finally places everything with the layered layout
(:func:`~provenance.views.layout.layered_positions`). Pure: no store, no files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from provenance.views.layout import Slot, layered_positions
from provenance.views.style import edge_style, node_label, node_style, tooltip
from provenance.views.template import ChainRow, LegendItem, clean_text


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
    chains: list[ChainRow] = field(default_factory=list)


def timestamp() -> str:
    """The current time as the pages show it, e.g. ``2017-06-30 12:00 UTC``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def hidden_note(hidden: int, total: int) -> list[str]:
    """The page note saying how many of ``total`` items ``--depth`` / ``--max-nodes`` left
    out (no note when none were).

    >>> hidden_note(3, 10)
    ['3 of 10 items are not drawn (--depth / --max-nodes).']
    >>> hidden_note(0, 10)
    []
    """
    if not hidden:
        return []
    return [f"{hidden} of {total} items are not drawn (--depth / --max-nodes)."]


class Builder:
    """Collects styled nodes and edges with their layout slots, then lays them out.

    :meth:`node` styles an item of a kind (``Claim``, ``Source``, ``Incident`` …) from its
    data: label, plain-text tooltip (with the content hash and ``role_lines`` saying what
    the item is in this view) and the text of the "Find" menu; any other keyword is a vis
    option overriding the kind's style (``color``, ``borderWidth`` …). :meth:`edge` draws a
    relationship between two items already added (an edge to an item left out is dropped).
    :meth:`finish` computes the positions.

    >>> b = Builder()
    >>> b.node("c1", "Claim", {"civilians_killed": {"min": 2, "max": 5}}, Slot(0))
    >>> b.node("s1", "Source", {"reliability": "B"}, Slot(1), role_lines=["critical"])
    >>> b.edge("c1", "SUPPORTED_BY", "s1")
    >>> b.edge("s1", "CITES", "left-out")
    >>> nodes, edges = b.finish()
    >>> [(n["id"], n["label"], n["y"]) for n in nodes]
    [('c1', 'c1\\n2–5 killed', 0.0), ('s1', 's1\\nB', 190.0)]
    >>> nodes[1]["title"]
    'Source s1\\nreliability: B\\ncritical'
    >>> [(e["id"], e["from"], e["to"], e["title"]) for e in edges]
    [('e0', 'c1', 's1', 'c1 SUPPORTED_BY s1')]
    """

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.slots: dict[str, Slot] = {}
        self.edges: list[dict[str, Any]] = []
        self.edge_ids: dict[tuple[str, str], str] = {}
        """The id of the first edge drawn from one item to another."""

    def node(
        self, node_id: str, kind: str, data: Mapping[str, Any], slot: Slot, **extra: Any
    ) -> None:
        """Add item ``node_id`` of ``kind`` at ``slot``. Keywords ``label`` (replaces the
        default label), ``hash`` (content hash for the tooltip) and ``role_lines`` (lines
        appended to the tooltip) are read here; the rest are vis options."""
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
        """Draw ``src -rel-> dst`` if both ends were added (with id ``e<N>``, in the order
        drawn); keywords are vis options (``title`` replaces the default tooltip)."""
        if src in self.nodes and dst in self.nodes:
            style = edge_style(rel)
            style["title"] = clean_text(f"{src} {rel} {dst}", 500)
            style.update(extra)
            edge_id = f"e{len(self.edges)}"
            self.edge_ids.setdefault((src, dst), edge_id)
            self.edges.append({"id": edge_id, "from": src, "to": dst, **style})

    def finish(
        self, positions: Mapping[str, tuple[float, float]] | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The nodes (with ``id``, ``x``, ``y``) in the order added, and the edges; placed
        at ``positions`` when given (every node), else by the layered layout of their slots."""
        pos = positions or layered_positions(self.slots, ((e["from"], e["to"]) for e in self.edges))
        nodes = []
        for node_id, style in self.nodes.items():
            x, y = pos[node_id]
            nodes.append({"id": node_id, **style, "x": x, "y": y})
        return nodes, self.edges
