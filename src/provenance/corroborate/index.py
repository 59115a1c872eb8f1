"""A compact, read-only index of the evidence graph, the input of the analysis (pure).

Corroboration needs little of each item: what it cites or quotes, its independence unit
(the internal key of :mod:`provenance.corroborate.units`) and, for sources, its
reliability rank; and of each claim what supports or contradicts it and the context of its
incident. :class:`EvidenceIndex` holds exactly that, in plain dicts of strings, so one
claim is analysed without touching networkx and a million sources fit in a few hundred
megabytes.

Builders here work on data already read: :func:`index_from_graph` on the networkx upstream
graph of :meth:`Store.upstream_graph` (the normative input), :func:`index_from_upstream` on
the :class:`~provenance.store.Upstream` of :meth:`Store.upstream` (no networkx). The third,
``index_from_store``, streams a whole store and lives in :mod:`provenance.corroborate.load`.
All three put every item in the unit of :func:`~provenance.corroborate.units.unit_of` (with
the organisations' aliases and domains) and name it through one :class:`UnitNamer`, so
they agree item by item.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.corroborate.units import (
    UNIT_LABELS,
    Unit,
    graph_registry,
    graph_unit,
    registry_of,
    reliability_rank,
    unit_of,
)
from provenance.vocab import CHAIN_RELS

if TYPE_CHECKING:
    import networkx as nx

    from provenance.store import Upstream


@dataclass(frozen=True, slots=True)
class ClaimContext:
    """What the suggested grade needs to know about a claim's incident."""

    incident: str | None = None
    grade: str | None = None
    belligerents: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()


@dataclass
class EvidenceIndex:
    """Adjacency and attributes of the evidence graph, keyed by item id.

    ``succ``: items a source CITES or QUOTES (sorted; absent = cites and quotes nothing);
    ``supported_by`` / ``contradicted_by``: per claim (sorted); ``unit``: internal unit key
    where it is not the item itself; ``rank``: per source, 0 (A) … 5 (F or none);
    ``claims``: per claim, its incident context.
    """

    succ: dict[str, tuple[str, ...]] = field(default_factory=dict)
    supported_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    contradicted_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)
    claims: dict[str, ClaimContext] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Per source or statement, what a reader knows it by: its outlet (the publisher's or
    issuer's name, else the organisation its author or domain resolves to) or its author as
    written; absent when it has none (print the id alone)."""
    unit_names: dict[str, str] = field(default_factory=dict)
    """Per internal unit key (not for items that are their own unit), the unit's name for
    a reader: the root organisation's name of a family, the author as first written."""
    witnesses: set[str] = field(default_factory=set)
    """The items reached by ``QUOTES``: a chain's step into one is ``QUOTES``, else ``CITES``."""

    def unit_of(self, item: str) -> str:
        """The internal unit key of ``item``."""
        return self.unit.get(item, item)


def share_ids(ix: EvidenceIndex) -> None:
    """Make every id ``ix`` refers to one string object: the successors and evidence lists
    are rewritten to hold the objects that key ``unit``, ``rank``, ``names`` and ``succ``
    (the first of equal strings met, for ids that key none of them).

    Equal values, so nothing changes but speed and size: a dict lookup of an id then
    finds its key by identity instead of comparing the characters of another copy (a cache
    miss apiece in dicts of a million ids), and the index's snapshot
    (:mod:`~provenance.corroborate.packed`) writes each id once.

    >>> a, b = "".join(["s", "1"]), "".join(["s", "1"])
    >>> ix = EvidenceIndex(succ={"p": (a,)}, rank={b: 5, "p": 5})
    >>> share_ids(ix)
    >>> ix.succ["p"][0] is next(iter(ix.rank))
    True
    """
    canon: dict[str, str] = {}
    for keys in (ix.rank, ix.unit, ix.names, ix.succ):
        for k in keys:
            canon.setdefault(k, k)
    get = canon.setdefault
    for lists in (ix.succ, ix.supported_by, ix.contradicted_by):
        for k, ids in lists.items():
            lists[k] = tuple([get(x, x) for x in ids])
    ix.witnesses = {get(w, w) for w in ix.witnesses}


class UnitNamer:
    """Records items' units and names in an :class:`EvidenceIndex`, the same way for every
    builder: a unit's name is the one of its item with the smallest id ("as first
    written"), whatever order the items come in. Equal strings are kept once."""

    def __init__(self, ix: EvidenceIndex) -> None:
        self.ix = ix
        self.first: dict[str, str] = {}
        """Unit key → the item whose name the unit has."""
        self.strings: dict[str, str] = {}

    def add(self, item: str, unit: Unit) -> None:
        """Put ``item`` in ``unit`` (a :class:`~provenance.corroborate.units.Unit`)."""
        ix = self.ix
        if unit.name is not None:
            ix.names[item] = self.strings.setdefault(unit.name, unit.name)
        if unit.key == item:
            return
        key = self.strings.setdefault(unit.key, unit.key)
        ix.unit[item] = key
        if unit.unit_name is not None:
            held = self.first.get(key)
            if held is None or item < held:
                self.first[key] = item
                ix.unit_names[key] = self.strings.setdefault(unit.unit_name, unit.unit_name)


# --- from the networkx upstream graph -------------------------------------------------------


def index_from_graph(graph: nx.DiGraph, claim_ids: Iterable[str] | None = None) -> EvidenceIndex:
    """Index the part of ``graph`` upstream of ``claim_ids`` (every ``Claim`` node if ``None``).

    Edges out of a claim count by their ``rel`` (``SUPPORTED_BY`` when missing,
    ``CONTRADICTED_BY``); edges out of any other node are ``CITES`` / ``QUOTES``.
    """
    nodes = graph.nodes
    if claim_ids is None:
        claims = sorted(n for n, d in nodes(data=True) if d.get("label") == "Claim")
    else:
        claims = list(dict.fromkeys(claim_ids))
    ix = EvidenceIndex()
    frontier: list[str] = []
    for cid in claims:
        sup: list[str] = []
        con: list[str] = []
        for _, dst, rel in graph.out_edges(cid, data="rel"):
            (con if rel == "CONTRADICTED_BY" else sup).append(dst)
        ix.supported_by[cid] = tuple(sorted(sup))
        ix.contradicted_by[cid] = tuple(sorted(con))
        ix.claims[cid] = _claim_context(nodes[cid])
        frontier.extend(sup)
        frontier.extend(con)
    _index_upstream_nodes(graph, frontier, ix)
    share_ids(ix)
    return ix


def _claim_context(d: dict[str, Any]) -> ClaimContext:
    """The incident context of a claim node of the upstream graph."""
    return ClaimContext(
        incident=d.get("incident"),
        grade=d.get("incident_grade"),
        belligerents=tuple(sorted(set(d.get("incident_belligerents") or ()))),
        verdicts=tuple(sorted(set(d.get("incident_verdicts") or ()))),
    )


def _index_upstream_nodes(graph: nx.DiGraph, frontier: list[str], ix: EvidenceIndex) -> None:
    """Add the unit, rank and successors of every node reachable from ``frontier``."""
    nodes = graph.nodes
    registry = graph_registry(graph)
    namer = UnitNamer(ix)
    seen: set[str] = set()
    while frontier:
        item = frontier.pop()
        if item in seen:
            continue
        seen.add(item)
        d = nodes[item]
        label = d.get("label", "Source")
        namer.add(item, graph_unit(graph, item, registry))
        if label == "Source":
            ix.rank[item] = reliability_rank(d.get("reliability"))
        out = []
        for _, v, rel in graph.out_edges(item, data="rel"):
            if rel in CHAIN_RELS or rel is None:
                out.append(v)
                if rel == "QUOTES":
                    ix.witnesses.add(v)
        out.sort()
        if out:
            ix.succ[item] = tuple(out)
            frontier.extend(out)


def index_from_upstream(up: Upstream) -> EvidenceIndex:
    """Index the upstream evidence of a few claims read by the store's one traversal
    (:meth:`Store.upstream`), without networkx: for the single-claim command, whose
    start-up time matters."""
    ix = EvidenceIndex()
    lists: dict[str, dict[str, set[str]]] = {"SUPPORTED_BY": {}, "CONTRADICTED_BY": {}}
    out: dict[str, set[str]] = {}
    for e in up.edges:
        (lists[e.rel] if e.rel in lists else out).setdefault(e.src, set()).add(e.dst)
        if e.rel == "QUOTES":
            ix.witnesses.add(e.dst)
    for src, dsts in out.items():
        ix.succ[src] = tuple(sorted(dsts))
    registry = registry_of(up.organisation_names())
    namer = UnitNamer(ix)
    for iid, item in up.items.items():
        if item.label in UNIT_LABELS:
            pub = up.publisher(iid)
            org = up.organisations.get(pub) if pub else None
            unit = unit_of(
                item.label,
                iid,
                family=up.family(iid),
                publisher_name=org.data.get("name") if org else None,
                author=item.data.get("author"),
                url=item.data.get("url"),
                registry=registry,
            )
            namer.add(iid, unit)
        if item.label == "Source":
            ix.rank[iid] = reliability_rank(item.data.get("reliability"))
    for cid in up.claims:
        inc = up.items[cid].data["incident"]
        ctx = up.incidents[inc]
        ix.supported_by[cid] = tuple(sorted(lists["SUPPORTED_BY"].get(cid, ())))
        ix.contradicted_by[cid] = tuple(sorted(lists["CONTRADICTED_BY"].get(cid, ())))
        ix.claims[cid] = ClaimContext(
            incident=inc, grade=ctx.grade, belligerents=ctx.belligerents, verdicts=ctx.verdicts
        )
    share_ids(ix)
    return ix
