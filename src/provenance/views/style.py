"""Look of the evidence views: colours, shapes, labels and plain-text tooltips.

Colours are the Okabe–Ito / Tol palettes (distinguishable with common colour-vision
deficiencies), one per independent chain; red is kept for contradiction, magenta for
citation cycles, black borders for critical sources. Every label and tooltip is built
from untrusted text through :func:`~provenance.views.template.clean_text` and is plain
text with ``\\n`` line breaks (vis-network shows string tooltips with ``innerText``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from provenance.views.layout import GRID
from provenance.views.template import LegendItem, clean_text

PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#56B4E9",
    "#CC79A7",
    "#D55E00",
    "#332288",
    "#117733",
    "#88CCEE",
    "#DDCC77",
    "#AA4499",
    "#44AA99",
)
CONTRA = "#C62828"
CYCLE = "#D81B60"
CRITICAL = "#000000"
GREY = "#9E9E9E"

SHAPES: dict[str, tuple[str, str]] = {
    # kind: (vis shape, legend swatch)
    "Figure": ("box", "box"),
    "Cluster": ("hexagon", "hexagon"),
    "Incident": ("hexagon", "hexagon"),
    "Claim": ("box", "box"),
    "Source": ("dot", "dot"),
    "Statement": ("diamond", "diamond"),
    "Witness": ("triangle", "triangle"),
    "Strike": ("star", "star"),
}

EDGE_STYLE: dict[str, dict[str, Any]] = {
    "SUPPORTED_BY": {"color": "#757575", "width": 1.5},
    "CONTRADICTED_BY": {"color": CONTRA, "width": 1.5, "dashes": [10, 6]},
    "CITES": {"color": "#9E9E9E", "width": 1.2},
    "QUOTES": {"color": "#9E9E9E", "width": 1.2, "dashes": [2, 5]},
    "HAS_CLAIM": {"color": "#616161", "width": 1.5},
    "ASSESSES": {"color": "#6A1B9A", "width": 2.0, "dashes": [4, 4]},
    "LINKED_TO": {"color": "#5D4037", "width": 2.0, "dashes": [1, 4]},
    "COUNTS": {"color": "#424242", "width": 2.0},
    "DUPLICATE": {"color": "#8D6E63", "width": 1.0, "dashes": [3, 3]},
}


def chain_color(i: int) -> str:
    """Colour ``i`` of the palette (cycling past its end)."""
    return PALETTE[i % len(PALETTE)]


CHAIN_DASHES: tuple[list[int] | bool, ...] = (False, [10, 5], [3, 4], [12, 4, 3, 4])
"""Edge patterns per round of the palette: chains 1–12 solid, 13–24 dashed, and so on."""


def chain_dashes(i: int) -> list[int] | bool:
    """The edge pattern of chain ``i``: beyond the palette, colours repeat with another
    pattern, so chains 1 and 13 still differ.

    >>> chain_dashes(0), chain_dashes(12)
    (False, [10, 5])
    """
    return CHAIN_DASHES[(i // len(PALETTE)) % len(CHAIN_DASHES)]


def palette_of(items: Iterable[str]) -> dict[str, str]:
    """A stable colour per distinct value (belligerents, clusters), in first-seen order.

    >>> palette_of(["b", "a", "b"])
    {'b': '#0072B2', 'a': '#E69F00'}
    """
    out: dict[str, str] = {}
    for item in items:
        if item not in out:
            out[item] = chain_color(len(out))
    return out


LABEL_WIDTH = GRID.x_gap - 14
"""The widest a label in a cell of the grid may be (:class:`~.layout.Grid`)."""


def node_style(kind: str) -> dict[str, Any]:
    """Base vis options of a node of ``kind``."""
    shape = SHAPES.get(kind, ("dot", "dot"))[0]
    style: dict[str, Any] = {"shape": shape, "borderWidth": 1.5}
    if shape == "box":
        style["color"] = {"background": "#FFF8E1", "border": "#5D4037"}
        style["margin"] = 8
        style["font"] = {"size": 16}
    elif kind in ("Incident", "Cluster"):
        style["color"] = {"background": "#FFE0B2", "border": "#8D6E63"}
        style["size"] = 24
    else:
        # evidence sits in the cells of a grid (layout.Grid): a node small enough, and its
        # label wrapped to its cell in a size that two lines of it fit its row, so that it
        # runs into no neighbour's, beside it or below
        style["color"] = {"background": "#E6E6E6", "border": GREY}
        style["size"] = 10
        style["font"] = {"size": 13}
        style["widthConstraint"] = {"maximum": LABEL_WIDTH}
    return style


def compact_style(kind: str) -> dict[str, Any]:
    """vis options of an item in a dense view: a smaller node and a label wrapped to its
    cell (any kind, the incident's too), on a white ground so that edges never hide it; a
    claim's box is wrapped at 360."""
    if kind == "Claim":
        return {"widthConstraint": {"maximum": 360}}
    return {
        "size": 8,
        "font": {"size": 13, "background": "rgba(255,255,255,0.85)"},
        "widthConstraint": {"maximum": LABEL_WIDTH},
    }


def edge_style(rel: str) -> dict[str, Any]:
    """Base vis options of an edge of relationship ``rel``."""
    return dict(EDGE_STYLE.get(rel, {"color": GREY, "width": 1.0}))


def kind_legend() -> list[LegendItem]:
    """Legend entries for the node shapes and edge kinds of the views."""
    return [
        LegendItem("claim / figure", "#FFF8E1", "box", "#5D4037"),
        LegendItem("source (news, post, report, video …)", "#E6E6E6", "dot", GREY),
        LegendItem("official statement", "#E6E6E6", "diamond", GREY),
        LegendItem("witness (pseudonymous)", "#E6E6E6", "triangle", GREY),
        LegendItem("incident (or cluster of duplicates)", "#FFE0B2", "hexagon", "#8D6E63"),
        LegendItem("strike", "#E6E6E6", "star", GREY),
        LegendItem("supports / cites (arrow points to the evidence)", "#757575", "line"),
        LegendItem("quotes a witness", "#9E9E9E", "dash"),
    ]


def _range(value: Any) -> str | None:
    if isinstance(value, Mapping) and "min" in value:
        lo, hi = value.get("min"), value.get("max")
        return f"{lo}" if lo == hi else f"{lo}–{hi}"
    return None


def _short(value: Any, limit: int) -> str:
    return clean_text(value, limit)


def named_label(name: str, data: Mapping[str, Any]) -> str:
    """The label of a source or statement known by ``name`` (its outlet or author; the id
    goes in the tooltip), with its reliability when it has one.

    >>> named_label("@SyriaCivilDefe", {"reliability": "B"})
    '@SyriaCivilDefe · B'
    """
    rel = data.get("reliability")
    return _short(name, 26) + (f" · {_short(rel, 3)}" if rel else "")


ID_LINE = 18
"""Characters of an id that one line of a label holds (:data:`LABEL_WIDTH` at 13 units)."""


def id_lines(text: str, width: int = ID_LINE) -> str:
    """``text`` with each word longer than ``width`` broken into lines after its hyphens,
    underscores, dots, slashes or colons (where it can), so that the canvas does not cut
    it mid-word.

    >>> id_lines("ill-stmt-cjtf-assessment"), id_lines("CS1985"), id_lines("a_b " * 2 + "x" * 30)
    ('ill-stmt-cjtf-\\nassessment', 'CS1985', 'a_b a_b xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')
    """
    words = []
    for word in text.split(" "):
        lines = [""]
        for piece in re.split(r"(?<=[-_./:])", word) if len(word) > width else [word]:
            if lines[-1] and len(lines[-1]) + len(piece) > width:
                lines.append("")
            lines[-1] += piece
        words.append("\n".join(lines))
    return " ".join(words)


def node_label(kind: str, node_id: str, data: Mapping[str, Any]) -> str:
    """A short label drawn on the canvas: the id, and one line of context."""
    second: str | None = None
    if kind == "Claim":
        killed = _range(data.get("civilians_killed"))
        second = f"{killed} killed" if killed else None
    elif kind in ("Source", "Statement"):
        who = data.get("publisher_name") or data.get("author") or data.get("issuer")
        rel = data.get("reliability")
        second = " · ".join(str(x) for x in (who and _short(who, 28), rel) if x) or None
    elif kind == "Witness":
        second = f"witness, {data.get('role') or 'other'}"
    elif kind == "Incident":
        second = str(data.get("date") or "") or None
    elif kind == "Strike":
        second = str(data.get("date") or "") or None
    label = id_lines(_short(node_id, 36))
    return label + ("\n" + _short(second, 40) if second else "")


_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "Source": (
        ("title", "title"),
        ("kind", "kind"),
        ("publisher_name", "publisher"),
        ("publisher", "publisher id"),
        ("family", "independence family"),
        ("author", "author"),
        ("published_at", "published"),
        ("captured_at", "captured"),
        ("language", "language"),
        ("reliability", "reliability"),
        ("url", "URL"),
        ("archive_url", "archive"),
        ("sha256", "sha256 of capture"),
    ),
    "Statement": (
        ("publisher_name", "issuer"),
        ("issuer", "issuer id"),
        ("date", "date"),
        ("text", "text"),
        ("url", "URL"),
    ),
    "Witness": (("role", "role"),),
    "Claim": (
        ("incident", "incident"),
        ("belligerent", "attributed to"),
        ("text", "text"),
        ("incident_grade", "analyst grade of incident"),
    ),
    "Incident": (
        ("title", "title"),
        ("date", "date"),
        ("date_end", "until"),
        ("country", "country"),
        ("strike_type", "strike type"),
        ("grade", "analyst grade"),
    ),
    "Strike": (("belligerent", "belligerent"), ("date", "date"), ("target", "target")),
}


def tooltip(
    kind: str,
    node_id: str,
    data: Mapping[str, Any],
    content_hash: str | None = None,
    extra: list[str] | None = None,
) -> str:
    """Plain-text tooltip: kind and id, the item's fields, the content hash, its role."""
    lines = [f"{kind} {_short(node_id, 200)}"]
    if kind == "Witness":
        lines.append("(pseudonymous: identities never enter the graph)")
    for key, name in _FIELDS.get(kind, ()):
        value = data.get(key)
        if value not in (None, "", []):
            lines.append(f"{name}: {_short(value, 300)}")
    for key, name in (("civilians_killed", "killed"), ("civilians_injured", "injured")):
        if rng := _range(data.get(key)):
            lines.append(f"{name}: {rng}")
    if kind == "Incident":
        loc = data.get("location")
        if isinstance(loc, Mapping) and loc.get("name"):
            lines.append(f"place: {_short(loc['name'], 120)}")
        if data.get("belligerents"):
            lines.append("belligerents: " + _short(", ".join(map(str, data["belligerents"])), 200))
    if content_hash:
        lines.append(f"content hash: {_short(content_hash, 80)}")
    lines += [_short(line, 300) for line in extra or []]
    return "\n".join(lines)
