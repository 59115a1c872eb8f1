"""Hand-built upstream graphs in the schema of ``Store.upstream_graph``, and an oracle.

The oracle recomputes ``independent_paths`` from the definition with networkx alone:
contract each independence unit to a vertex, add a sink behind every origin unit, and ask
``nx.node_connectivity`` between the claim and the sink.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from provenance.corroborate import independence_unit

RANKS = "ABCDEF"


class Builder:
    """A small fluent builder of upstream graphs."""

    def __init__(self) -> None:
        self.g: nx.DiGraph = nx.DiGraph()

    def claim(
        self,
        cid: str = "c",
        supported_by: Iterable[str] = (),
        contradicted_by: Iterable[str] = (),
        *,
        incident: str = "inc",
        grade: str | None = None,
        belligerents: Iterable[str] = ("B1",),
        verdicts: Iterable[str] = (),
    ) -> Builder:
        self.g.add_node(
            cid,
            label="Claim",
            id=cid,
            incident=incident,
            incident_grade=grade,
            incident_belligerents=sorted(set(belligerents)),
            incident_verdicts=sorted(set(verdicts)),
        )
        for s in supported_by:
            self.g.add_edge(cid, s, rel="SUPPORTED_BY")
        for s in contradicted_by:
            self.g.add_edge(cid, s, rel="CONTRADICTED_BY")
        return self

    def source(
        self,
        sid: str,
        *,
        family: str | None = None,
        author: str | None = None,
        reliability: str | None = None,
        cites: Iterable[str] = (),
        quotes: Iterable[str] = (),
        kind: str = "news",
    ) -> Builder:
        self.g.add_node(
            sid,
            label="Source",
            id=sid,
            kind=kind,
            family=family,
            publisher=family,
            publisher_name=family,
            author=author,
            reliability=reliability,
        )
        for t in cites:
            self.g.add_edge(sid, t, rel="CITES")
        for w in quotes:
            self.g.add_edge(sid, w, rel="QUOTES")
            self.g.nodes[w].setdefault("label", "Witness")
        return self

    def statement(self, sid: str, *, family: str | None = None) -> Builder:
        self.g.add_node(sid, label="Statement", id=sid, family=family, issuer=family)
        return self

    def witness(self, wid: str) -> Builder:
        self.g.add_node(wid, label="Witness", id=wid, role="other")
        return self


def keep(g: nx.DiGraph, node: str, min_reliability: str) -> bool:
    d = g.nodes[node]
    if d.get("label") != "Source":
        return True
    rel = d.get("reliability") or "F"
    return RANKS.index(rel) <= RANKS.index(min_reliability)


def upstream(
    g: nx.DiGraph, claim: str, min_reliability: str = "F", rel: str = "SUPPORTED_BY"
) -> set[str]:
    """Kept items reachable from ``claim`` (first hop ``rel``, then CITES / QUOTES)."""
    first = [
        v for _, v, r in g.out_edges(claim, data="rel") if r == rel and keep(g, v, min_reliability)
    ]
    seen = set(first)
    todo = list(first)
    while todo:
        x = todo.pop()
        for _, y, r in g.out_edges(x, data="rel"):
            if r in ("CITES", "QUOTES") and y not in seen and keep(g, y, min_reliability):
                seen.add(y)
                todo.append(y)
    return seen


def is_origin(g: nx.DiGraph, node: str) -> bool:
    return not any(r in ("CITES", "QUOTES") for _, _, r in g.out_edges(node, data="rel"))


def contracted(g: nx.DiGraph, claim: str, min_reliability: str = "F") -> nx.DiGraph:
    """The contracted graph: ``"CLAIM"`` → units → ``"SINK"``."""
    items = upstream(g, claim, min_reliability)
    h = nx.DiGraph()
    h.add_nodes_from(["CLAIM", "SINK"])
    for _, v, r in g.out_edges(claim, data="rel"):
        if r == "SUPPORTED_BY" and v in items:
            h.add_edge("CLAIM", independence_unit(g, v))
    for x in items:
        ux = independence_unit(g, x)
        if is_origin(g, x):
            h.add_edge(ux, "SINK")
        for _, y, r in g.out_edges(x, data="rel"):
            if r in ("CITES", "QUOTES") and y in items and independence_unit(g, y) != ux:
                h.add_edge(ux, independence_unit(g, y))
    return h


def oracle_paths(g: nx.DiGraph, claim: str, min_reliability: str = "F") -> int:
    h = contracted(g, claim, min_reliability)
    return int(nx.node_connectivity(h, "CLAIM", "SINK"))


def attrs(g: nx.DiGraph, node: str) -> dict[str, Any]:
    d: dict[str, Any] = g.nodes[node]
    return d
