"""The HTML page of a view: our own template, fully offline, safe with untrusted text.

pyvis 0.3.2's template pulls Bootstrap from a CDN and puts the heading and node ids into
the page unescaped, so we never use it (nor ``show()`` / ``write_html()``). This module
builds the page itself:

* vis-network's JavaScript is inlined from the pyvis installation (a dependency), our
  own small script and stylesheet from ``provenance/assets``; there is no ``src`` or
  ``href`` attribute anywhere, so nothing is fetched.
* A Content-Security-Policy meta tag allows exactly the inlined scripts and styles (by
  SHA-256 hash), no network connections, no plugins, no forms, no base URL.
* Node and edge data travel as JSON in a non-executed ``<script type="application/json">``
  block with ``<``, ``>``, ``&`` and the JavaScript line separators escaped, so no string
  can close the block. Everything shown as HTML (title, heading, legend, notes) goes
  through :func:`html.escape`; tooltips and the details panel are set as text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from provenance.errors import ProvenanceError

VIS_VERSION = "9.1.2"

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HREF = re.compile("href", re.IGNORECASE)
_JSON_ESCAPE = re.compile("[\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: object, limit: int = 500) -> str:
    """Untrusted text made safe to show as plain text in a label, tooltip or heading.

    Bidirectional overrides and isolates (which can make ``exe.pdf`` read as ``fdp.exe``)
    and control characters are shown as visible ``[U+202E]`` markers instead of acting;
    the string ``href`` is broken up (pyvis switches tooltips to ``innerHTML`` when it sees
    it, and we never want a tooltip that could be taken for markup); long text is cut at
    ``limit`` characters with an ellipsis. HTML escaping is the caller's job where the
    text lands in markup (:func:`render_page` does it).
    """
    text = unicodedata.normalize("NFC", str(value))
    text = _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
    text = _CONTROL.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
    text = _HREF.sub(lambda m: m.group()[:2] + "\u00b7" + m.group()[2:], text)
    if len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: it can never close the element,
    and carries no raw line separators or bidirectional controls."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    # line separators (invalid in old JavaScript) and bidi controls (which would make the
    # page source read differently from what it is) as escapes, restored by JSON.parse
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@cache
def vis_network_js() -> str:
    """vis-network's minified JavaScript as shipped inside the installed pyvis package
    (a :class:`~provenance.errors.ProvenanceError` if that pyvis lacks it or it cannot be
    inlined safely)."""
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    fix = "reinstall provenance with the pyvis version it pins (pyvis==0.3.2)"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - a changed or broken pyvis installation
        raise ProvenanceError(f"cannot read vis-network from {path}: {exc.strerror}", fix) from exc
    if "</script" in text.lower():  # pragma: no cover - a changed pyvis would need escaping
        raise ProvenanceError(f"{path} contains '</script', which cannot be inlined", fix)
    return text


@cache
def asset(name: str) -> str:
    """One of our own page assets (``view.js``, ``view.css``) from ``provenance/assets``."""
    return resources.files("provenance").joinpath("assets", name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The CSP source expression (``'sha256-…'``) allowing exactly ``text`` inline."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scripts: list[str], styles: list[str], *, images: bool = True) -> str:
    """The one Content-Security-Policy of our pages: nothing but exactly the inlined
    ``scripts`` and ``styles`` (by hash; none allowed where none is given), images as data
    URLs (none unless ``images``); no network, frames, workers, forms or base URL.

    >>> content_security_policy([], ["p{}"]).split("; ")[:3]
    ["default-src 'none'", "script-src 'none'", "style-src 'sha256-gG2yISYereRMiG2lMXrbiUgi0Ubw9p7QCeWcroOvy9Y='"]
    """

    def allowed(texts: list[str]) -> str:
        return " ".join(map(csp_hash, texts)) or "'none'"

    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {allowed(scripts)}",
            f"style-src {allowed(styles)}",
            "img-src data:" if images else "img-src 'none'",
            "connect-src 'none'",
            "font-src 'none'",
            "object-src 'none'",
            "frame-src 'none'",
            "worker-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


@dataclass(frozen=True)
class LegendItem:
    """One legend entry: a swatch (colour, shape: box|dot|diamond|triangle|line|dash) and text."""

    text: str
    color: str
    shape: str = "dot"
    border: str | None = None


@dataclass(frozen=True)
class ChainRow:
    """One independent chain in the page's Chains list: its text (its units' names), the
    colour and dash pattern of its edges, and the node and edge ids a click highlights."""

    text: str
    color: str
    dashes: list[int] | bool
    nodes: list[str]
    edges: list[str]


@dataclass
class Page:
    """Everything :func:`render_page` needs. All strings may be untrusted."""

    title: str
    subtitle: str
    generated_at: str
    data: dict[str, Any]
    legend: list[LegendItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chains: list[ChainRow] = field(default_factory=list)


_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$|^rgba?\([0-9., ]+\)$")


def _safe_color(value: str) -> str:
    return value if _COLOR.match(value) else "#999999"


def _legend_html(items: list[LegendItem]) -> str:
    rows = []
    for item in items:
        shape = item.shape if item.shape in _SWATCH_SHAPES else "dot"
        color = _safe_color(item.color)
        border = _safe_color(item.border or item.color)
        rows.append(
            f'<li><svg class="sw" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">'
            f"{_SWATCH_SHAPES[shape].format(c=color, b=border)}</svg>"
            f"<span>{html.escape(clean_text(item.text, 200))}</span></li>"
        )
    return '<ul class="legend">' + "".join(rows) + "</ul>"


def _chains_html(rows: list[ChainRow]) -> str:
    """The Chains list: a button per chain (its swatch and units); a click highlights it."""
    if not rows:
        return ""
    items = []
    for i, row in enumerate(rows):
        dash = " ".join(str(int(d)) for d in row.dashes) if isinstance(row.dashes, list) else ""
        stroke = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            f'<li><button type="button" data-chain="{i}">'
            f'<svg class="sw" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true">'
            f'<line x1="1" y1="6" x2="27" y2="6" stroke="{_safe_color(row.color)}"'
            f' stroke-width="4"{stroke}/></svg>'
            f"<span>{html.escape(clean_text(row.text, 300))}</span></button></li>"
        )
    return (
        f'<section id="chains-section"><h2>Independent chains ({len(rows)})</h2>'
        '<p class="hint">Click a chain to highlight it.</p>'
        '<ol class="chains" id="chains">' + "".join(items) + "</ol></section>"
    )


_SWATCH_SHAPES = {
    "dot": '<circle cx="10" cy="10" r="7" fill="{c}" stroke="{b}" stroke-width="2"/>',
    "box": '<rect x="2" y="5" width="16" height="10" rx="2" fill="{c}" stroke="{b}" stroke-width="2"/>',
    "diamond": '<polygon points="10,2 18,10 10,18 2,10" fill="{c}" stroke="{b}" stroke-width="2"/>',
    "triangle": '<polygon points="10,3 18,17 2,17" fill="{c}" stroke="{b}" stroke-width="2"/>',
    "hexagon": '<polygon points="5,3 15,3 19,10 15,17 5,17 1,10" fill="{c}" stroke="{b}" stroke-width="2"/>',
    "star": '<polygon points="10,1 12.5,7.5 19,7.5 14,12 16,19 10,15 4,19 6,12 1,7.5 7.5,7.5" fill="{c}" stroke="{b}" stroke-width="1"/>',
    "ring": '<circle cx="10" cy="10" r="6" fill="{c}" stroke="{b}" stroke-width="4"/>',
    "line": '<line x1="1" y1="10" x2="19" y2="10" stroke="{c}" stroke-width="3"/>',
    "dash": '<line x1="1" y1="10" x2="19" y2="10" stroke="{c}" stroke-width="3" stroke-dasharray="4 3"/>',
    "area": '<rect x="1" y="3" width="18" height="14" rx="3" fill="{c}" stroke="{b}" stroke-width="1" stroke-dasharray="3 2"/>',
}

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="provenance views (vis-network {vis_version})">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="sub">{subtitle}</p>
<p class="gen">Generated {generated} · {counts} · works offline: nothing in this page is fetched from the network.</p>
</header>
<main>
<div id="network" role="img" aria-label="{title}"></div>
<aside>
<section class="find"><h2><label for="search">Find</label></h2>
<input id="search" type="search" placeholder="name or id, Enter selects the first match" autocomplete="off" aria-label="Find an item by name or id (Enter selects the first match)">
<select id="find" aria-label="Find an item"><option value="">— choose an item —</option></select></section>
<section class="selected"><h2>Selected</h2><pre id="details" tabindex="0">Click an item to see its details here.</pre></section>
{chains}
<section><h2>Legend</h2>{legend}</section>
{notes}
</aside>
</main>
<script type="application/json" id="view-data">{data}</script>
<script>{vis}</script>
<script>{app}</script>
</body>
</html>
"""


def render_page(page: Page) -> str:
    """The complete, self-contained HTML document of ``page``."""
    css = asset("view.css")
    vis = vis_network_js()
    app = asset("view.js")
    csp = content_security_policy([vis, app], [css])
    title = html.escape(clean_text(page.title, 300))
    notes = ""
    if page.notes:
        notes = (
            '<section><h2>Notes</h2><ul class="notes">'
            + "".join(f"<li>{html.escape(clean_text(n, 500))}</li>" for n in page.notes)
            + "</ul></section>"
        )
    n_nodes = len(page.data.get("nodes", []))
    n_edges = len(page.data.get("edges", []))
    return _TEMPLATE.format(
        csp=html.escape(csp),
        vis_version=VIS_VERSION,
        title=title,
        subtitle=html.escape(clean_text(page.subtitle, 1000)),
        generated=html.escape(clean_text(page.generated_at, 100)),
        counts=f"{n_nodes:,} items, {n_edges:,} links",
        css=css,
        legend=_legend_html(page.legend),
        chains=_chains_html(page.chains),
        notes=notes,
        data=script_json(page.data),
        vis=vis,
        app=app,
    )
