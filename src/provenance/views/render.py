"""A :class:`~provenance.views.builder.View` as one offline HTML page, and that page as a file.

:func:`render_html` passes the nodes and edges through pyvis's ``Network`` (which turns
our options into vis-network's data) and fills our own template
(:mod:`provenance.views.template`); pyvis's ``show()`` / ``write_html()`` are never used.
:func:`write_view` writes the page — the only file written — atomically, never through a
symbolic link and never over an existing file unless asked (:mod:`provenance.outfile`).
:func:`check_out` says whether a path can take a page before any work is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.errors import UsageError
from provenance.outfile import check_destination, write_file
from provenance.views.builder import View, timestamp
from provenance.views.layout import PHYSICS_MAX_NODES
from provenance.views.style import GREY
from provenance.views.template import Page, render_page

PAGE_SUFFIXES = (".html", ".htm")
"""What a page's file name may end with."""


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
        generated_at=view.generated_at or timestamp(),
        data={
            "nodes": nodes,
            "edges": edges,
            "options": net.options,
            "groups": view.groups,
            "chains": [{"nodes": c.nodes, "edges": c.edges} for c in view.chains],
        },
        legend=view.legend,
        notes=view.notes,
        chains=view.chains,
    )
    return render_page(page)


def check_out(out: Path, *, force: bool = False) -> Path:
    """``out`` if a page can be written there; else a :class:`~provenance.errors.UsageError`
    (exit 2) when the name does not end in ``.html`` / ``.htm``, or an
    :class:`~provenance.errors.InputError` naming it when its directory is missing or it is
    a directory, or (unless ``force``) an existing file or symbolic link
    (:func:`provenance.outfile.check_destination`): a page is never written through a link
    nor over a file unasked."""
    if out.suffix.lower() not in PAGE_SUFFIXES:
        raise UsageError(f"--out {out}: the page must be an .html file", "e.g. --out chain.html")
    return check_destination(out, force=force)


def write_view(view: View, out: Path, *, force: bool = False) -> Path:
    """Render ``view`` and write it to ``out`` (see :func:`check_out`; ``force`` replaces a
    file or link there) whole or not at all (:func:`provenance.outfile.write_file`);
    nothing else is written and no browser is opened."""
    check_out(out, force=force)
    return write_file(out, render_html(view).encode("utf-8"), force=force)


@dataclass(frozen=True)
class WrittenView:
    """A page written: where, which view and how much of it is drawn."""

    out: Path
    view: str
    subject: str
    nodes: int
    edges: int
    hidden: int

    @classmethod
    def of(cls, view: View, out: Path) -> WrittenView:
        """The record of ``view`` written to ``out``."""
        return cls(out, view.kind, view.subject, len(view.nodes), len(view.edges), view.hidden)

    def as_json(self) -> dict[str, Any]:
        """The JSON document ``provenance view … --json`` prints."""
        return {
            "out": str(self.out),
            "view": self.view,
            "subject": self.subject,
            "nodes": self.nodes,
            "edges": self.edges,
            "hidden": self.hidden,
        }

    def message(self) -> str:
        """One line for people: the file and the counts."""
        note = f", {self.hidden:,} not drawn" if self.hidden else ""
        return f"Wrote {self.out} ({self.nodes:,} items, {self.edges:,} links{note})"
