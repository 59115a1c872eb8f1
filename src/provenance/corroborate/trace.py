"""The evidence tree of a claim (``provenance trace``), as plain data and text lines (pure).

:func:`trace_tree` walks the claim's upstream graph (:meth:`Store.upstream_graph`) from the
claim: each item once, with what it is, who published it, its reliability, the chains of
the :class:`~provenance.corroborate.result.Corroboration` it lies on, and whether it is
critical or an origin. The tree is the ``--json`` document of ``trace``;
:func:`tree_heading` and :func:`describe` are the text of its root and of each entry.

Examples
--------
>>> import networkx as nx
>>> from provenance.corroborate.graph import corroborate_claim
>>> g = nx.DiGraph()
>>> g.add_node("c", label="Claim", incident="i")
>>> g.add_node("s", label="Source", kind="news_article", reliability="B")
>>> g.add_node("w", label="Witness", role="resident")
>>> g.add_edge("c", "s", rel="SUPPORTED_BY")
>>> g.add_edge("s", "w", rel="QUOTES")
>>> tree = trace_tree(g, corroborate_claim(g, "c"))
>>> tree_heading(tree)
'Claim c (incident i): 1 independent path'
>>> describe(tree["children"][0], paths=tree["independent_paths"])
'supported by s · [news_article] · no publisher · reliability B · chain 1 · CRITICAL (single point of failure)'
>>> describe(tree["children"][0], paths=2).split(" · ")[-1]
'CRITICAL (one of 2 units to lose together)'
>>> describe(tree["children"][0]["children"][0], paths=1)
'quotes w · [resident] · chain 1 · origin'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.vocab import CHAIN_RELS
from provenance.wording import plural

if TYPE_CHECKING:
    import networkx as nx

    from provenance.corroborate.result import Corroboration

_PREFIX = {
    "SUPPORTED_BY": "supported by ",
    "CONTRADICTED_BY": "contradicted by ",
    "QUOTES": "quotes ",
    "CITES": "cites ",
}


@dataclass(frozen=True)
class Trace:
    """A claim's evidence tree (:func:`trace_tree`) with its corroboration."""

    tree: dict[str, Any]
    result: Corroboration


def trace_tree(graph: nx.DiGraph, r: Corroboration) -> dict[str, Any]:
    """The evidence tree of claim ``r.claim`` of ``graph`` as nested dicts.

    The root has ``claim``, ``incident``, ``independent_paths`` and ``children``; each
    entry ``id``, ``rel`` (the edge that leads to it), ``label``, ``kind`` (a witness's
    ``role``), ``publisher``, ``author``, ``reliability``, ``chains`` and
    ``contradicting_chains`` (1-based numbers of the chains of ``r`` through it),
    ``origin``, ``critical`` and ``children``. Each item is expanded once: a repeat has no
    children and ``repeat`` = ``"cycle"`` (it is its own ancestor) or ``"shown above"``.
    """
    chain_of: dict[str, list[int]] = {}
    for i, chain in enumerate(r.chains, 1):
        for item in chain[1:]:
            chain_of.setdefault(item, []).append(i)
    for i, chain in enumerate(r.contradicting.chains, 1):
        for item in chain[1:]:
            chain_of.setdefault(item, []).append(-i)
    walker = _Walker(graph, chain_of, set(r.critical_sources))
    edges = sorted((rel, v) for _, v, rel in graph.out_edges(r.claim, data="rel"))
    return {
        "claim": r.claim,
        "incident": r.incident,
        "independent_paths": r.independent_paths,
        "children": [walker.entry(v, rel, (r.claim,)) for rel, v in reversed(edges)],
    }


class _Walker:
    """Builds the entries of :func:`trace_tree`, expanding each item once."""

    def __init__(self, graph: nx.DiGraph, chain_of: dict[str, list[int]], critical: set[str]):
        self.graph = graph
        self.chain_of = chain_of
        self.critical = critical
        self.expanded: set[str] = set()

    def entry(self, item: str, rel: str, path: tuple[str, ...]) -> dict[str, Any]:
        """The entry of ``item`` reached by ``rel`` below the items of ``path``."""
        d = self.graph.nodes[item]
        out_edges = sorted(
            (v, rel) for _, v, rel in self.graph.out_edges(item, data="rel") if rel in CHAIN_RELS
        )
        chains = self.chain_of.get(item, [])
        entry: dict[str, Any] = {
            "id": item,
            "rel": rel,
            "label": d.get("label"),
            "kind": d.get("kind") or d.get("role"),
            "publisher": d.get("publisher_name") or d.get("publisher") or d.get("issuer"),
            "author": d.get("author"),
            "reliability": d.get("reliability"),
            "chains": [c for c in chains if c > 0],
            "contradicting_chains": [-c for c in chains if c < 0],
            "origin": not out_edges,
            "critical": item in self.critical,
            "children": [],
        }
        if item in path:
            entry["repeat"] = "cycle"
        elif item in self.expanded:
            entry["repeat"] = "shown above"
        else:
            self.expanded.add(item)
            entry["children"] = [self.entry(v, rel2, (*path, item)) for v, rel2 in out_edges]
        return entry


def tree_heading(tree: dict[str, Any]) -> str:
    """The text of the root of a :func:`trace_tree`."""
    return (
        f"Claim {tree['claim']} (incident {tree['incident']}): "
        f"{plural(tree['independent_paths'], 'independent path')}"
    )


def describe(e: dict[str, Any], *, paths: int) -> str:
    """The text of one entry of a :func:`trace_tree` whose claim has ``paths`` independent
    paths: ``cites ID · [kind] · publisher · reliability B · chain 1 · CRITICAL (…) ·
    origin``. A critical item is a single point of failure only with one path; otherwise
    its unit is one of ``paths`` units that must be lost together."""
    parts = [e["id"], f"[{e['kind'] or e['label']}]"]
    if e["label"] in ("Source", "Statement"):
        parts.append(e["publisher"] or e["author"] or "no publisher")
        parts.append(f"reliability {e['reliability'] or '—'}")
    if e["chains"]:
        parts.append("chain " + ", ".join(map(str, e["chains"])))
    if e["contradicting_chains"]:
        parts.append("contradicting chain " + ", ".join(map(str, e["contradicting_chains"])))
    if e["critical"]:
        if paths == 1:
            parts.append("CRITICAL (single point of failure)")
        else:
            parts.append(f"CRITICAL (one of {paths} units to lose together)")
    if e["origin"]:
        parts.append("origin")
    if "repeat" in e:
        parts.append(f"({e['repeat']})")
    return _PREFIX.get(e["rel"], "cites ") + " · ".join(str(p) for p in parts)
