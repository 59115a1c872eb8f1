"""Inputs shared by the view tests: the demo store, hand-made graphs, the XSS corpus."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
from paths import EXAMPLE

XSS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    "see <a href='https://evil.example/'>this</a>",
    "javascript:alert(4)",
    "photo\u202egpj.exe",
    "\u2066isolated\u2069 and \u200fRLM",
]
"""Payloads an adversary can put in any text field of a source, claim or incident."""

XSS_IDS = [
    "<img/src=x/onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    '"><svg/onload=alert(3)>',
    "x-href=javascript:alert(4)",
    "id\u202egnp.exe",
]
"""Ids have no whitespace (the model forbids it) but may carry markup."""


def demo_store(tmp_path: Path) -> Any:
    """A fresh SQLite store holding the June 2017 case (caller closes it)."""
    from provenance.ingest.casefile import load_batch
    from provenance.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "demo.db", create=True)
    store.ingest(load_batch([EXAMPLE]), actor="tester")
    return store


def xss_graph() -> tuple[nx.DiGraph, dict[str, Any]]:
    """A claim whose every id and text is hostile, with a hand-made corroboration."""
    claim, wire, a, b, post, witness, contra = [*XSS_IDS, "w<b>1</b>", "c\"'<i>"]
    g = nx.DiGraph()
    g.add_node(claim, label="Claim", incident="inc<script>", belligerent=XSS[0], text=XSS[1])
    src = {"label": "Source", "kind": "news", "reliability": "B"}
    g.add_node(wire, **src, title=XSS[3], url=XSS[4], publisher_name=XSS[2], author=XSS[5])
    g.add_node(a, **src, title=XSS[0], url="https://example.org/a?href=1", family=XSS[6])
    g.add_node(b, **src, title=XSS[1], archive_url=XSS[4])
    g.add_node(post, **src, title=XSS[2], author=XSS[3])
    g.add_node(witness, label="Witness", role=XSS[0])
    g.add_node(contra, **src, title=XSS[5], publisher_name=XSS[3])
    for s in (wire, a, b):
        g.add_edge(claim, s, rel="SUPPORTED_BY")
    g.add_edge(claim, contra, rel="CONTRADICTED_BY")
    g.add_edge(a, wire, rel="CITES")
    g.add_edge(b, post, rel="CITES")
    g.add_edge(wire, post, rel="CITES")
    g.add_edge(post, witness, rel="QUOTES")
    corroboration = {
        "claim": claim,
        "supporting_sources": 3,
        "independent_paths": 1,
        "chains": [[claim, b, post, witness]],
        "critical_sources": [post],
        "echo_groups": [{"origins": [witness], "sources": [wire, a, b]}],
        "cycles": [],
        "contradicting": {"sources": 1, "independent_paths": 1, "chains": [[claim, contra]]},
        "suggested_grade": XSS[2],
        "explanation": XSS[3] + " " + XSS[0],
        "analyst_grade": XSS[1],
        "grade_disagreement": XSS[5],
    }
    return g, corroboration


class Parsed(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> element."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self._buf: list[str] = []
        self.title = ""
        self._in_title = False
        self.h1 = ""
        self._in_h1 = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script, self._buf = dict(attrs), []
        self._in_title = tag == "title"
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._buf)))
            self._in_script = None
        self._in_title = self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._buf.append(data)
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.h1 += data


def view_data(html_text: str) -> dict[str, Any]:
    """The JSON embedded in a page's ``#view-data`` block."""
    parsed = Parsed(html_text)
    for attrs, text in parsed.scripts:
        if attrs.get("id") == "view-data":
            data: dict[str, Any] = json.loads(text)
            return data
    raise AssertionError("no #view-data block")


def csp_of(html_text: str) -> str:
    for tag, attrs in Parsed(html_text).tags:
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            return attrs.get("content") or ""
    raise AssertionError("no Content-Security-Policy meta tag")


URL_ATTR = re.compile(r"^(src|href|action|formaction|data|poster|srcset|xlink:href)$")
