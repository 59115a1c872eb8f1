"""A compact, read-only index of the evidence graph, the input of :mod:`provenance.corroborate`.

Corroboration needs little of each item: what it cites or quotes, its independence unit
and, for sources, its reliability; and of each claim what supports or contradicts it and
the context of its incident. :class:`EvidenceIndex` holds exactly that, in plain dicts of
strings, so one claim is analysed without touching networkx and a million sources fit in
a few hundred megabytes.

Two builders: :func:`index_from_graph` reads the networkx upstream graph that
:meth:`Store.upstream_graph` returns (the normative input), :func:`index_from_store`
streams a whole store through the contract's :meth:`Store.iter_fields` (for ``corroborate
--all``: the edges a node owns are its own fields, ``cites``, ``quotes``, ``supported_by``
…, see ``store/rows.py``, so reading those fields of the nodes is enough).

Internal unit keys: an item that is its own unit (and every witness) is keyed by its id;
a publisher family by ``"family <root organisation>"`` and an author by ``"author
<name>"`` (ids contain no whitespace, so the keys never collide).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from provenance.store import Store, Upstream

from provenance.vocab import RELIABILITY

CHAIN_RELS = frozenset({"CITES", "QUOTES"})


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

    def unit_of(self, item: str) -> str:
        """The internal unit key of ``item``."""
        return self.unit.get(item, item)


def reliability_rank(value: object) -> int:
    """0 for A … 5 for F; anything else (``None``, unknown) counts as F."""
    if isinstance(value, str) and len(value) == 1 and value in RELIABILITY:
        return RELIABILITY.index(value)
    return 5


def unit_key(label: str | None, family: object, author: object, item: str) -> str:
    """The internal unit key of an item (see the module docstring)."""
    if label in ("Source", "Statement"):
        if isinstance(family, str) and family:
            return "family " + family
        if label == "Source" and isinstance(author, str) and author:
            return "author " + author
    return item


def public_unit(key: str, label: str | None) -> str:
    """The unit as :func:`provenance.corroborate.independence_unit` names it."""
    if key.startswith("family "):
        return "family:" + key[7:]
    if key.startswith("author "):
        return "author:" + key[7:]
    return ("witness:" if label == "Witness" else "item:") + key


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
        d = nodes[cid]
        ix.claims[cid] = ClaimContext(
            incident=d.get("incident"),
            grade=d.get("incident_grade"),
            belligerents=tuple(sorted(set(d.get("incident_belligerents") or ()))),
            verdicts=tuple(sorted(set(d.get("incident_verdicts") or ()))),
        )
        frontier.extend(sup)
        frontier.extend(con)
    seen: set[str] = set()
    while frontier:
        item = frontier.pop()
        if item in seen:
            continue
        seen.add(item)
        d = nodes[item]
        label = d.get("label", "Source")
        key = unit_key(label, d.get("family"), d.get("author"), item)
        if key != item:
            ix.unit[item] = key
        if label == "Source":
            ix.rank[item] = reliability_rank(d.get("reliability"))
        out = sorted(
            v for _, v, rel in graph.out_edges(item, data="rel") if rel in CHAIN_RELS or rel is None
        )
        if out:
            ix.succ[item] = tuple(out)
            frontier.extend(out)
    return ix


# --- streamed from a store ------------------------------------------------------------------


def index_from_store(store: Store) -> EvidenceIndex:
    """Index every claim, source and statement of ``store`` by streaming its nodes.

    Reads organisations (for ``PART_OF`` families), incidents (grades), claims, sources and
    statements (issuers, assessments) once each, in id order, through
    :meth:`Store.iter_fields` (only the fields needed, without decoding whole items).
    The cyclic garbage collector is paused meanwhile: the index is millions of small
    tuples and strings that hold no cycles.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _index_from_store(store)
    finally:
        if enabled:
            gc.enable()


def _index_from_store(store: Store) -> EvidenceIndex:
    from provenance.store import family_roots

    parents: dict[str, str | None] = {}
    for oid, (part_of,) in store.iter_fields("Organisation", ["part_of"]):
        parents[oid] = part_of if isinstance(part_of, str) else None
    roots = family_roots(parents)
    family_units = {org: "family " + root for org, root in roots.items()}
    grades: dict[str, str | None] = dict(
        (iid, grade) for iid, (grade,) in store.iter_fields("Incident", ["grade"])
    )

    ix = EvidenceIndex()
    succ, unit, rank = ix.succ, ix.unit, ix.rank
    authors: dict[str, str] = {}
    ranks = {r: i for i, r in enumerate(RELIABILITY)}
    fields = ["publisher", "author", "reliability", "cites", "quotes"]
    for sid, (pub, author, rel, cites, quotes) in store.iter_fields("Source", fields):
        if pub and pub in family_units:
            unit[sid] = family_units[pub]
        elif author:
            key = authors.get(author)
            if key is None:
                key = authors[author] = "author " + author
            unit[sid] = key
        rank[sid] = ranks[rel] if rel else 5
        if quotes:
            succ[sid] = tuple(sorted({*(cites or ()), *quotes}))
        elif cites:
            succ[sid] = (cites[0],) if len(cites) == 1 else tuple(sorted(set(cites)))

    verdicts: dict[str, set[str]] = {}
    for stid, (issuer, assessments) in store.iter_fields("Statement", ["issuer", "assessments"]):
        if issuer and issuer in family_units:
            unit[stid] = family_units[issuer]
        for a in assessments or ():
            verdicts.setdefault(a["incident"], set()).add(a["verdict"])

    belligerents: dict[str, set[str]] = {}
    claim_incident: dict[str, str] = {}
    fields = ["incident", "belligerent", "supported_by", "contradicted_by"]
    for cid, (incident, b, sup, con) in store.iter_fields("Claim", fields):
        claim_incident[cid] = incident
        if b:
            belligerents.setdefault(incident, set()).add(b)
        ix.supported_by[cid] = tuple(sorted(set(sup or ())))
        ix.contradicted_by[cid] = tuple(sorted(set(con or ())))
    contexts: dict[str, ClaimContext] = {}
    for cid, incident in claim_incident.items():
        ctx = contexts.get(incident)
        if ctx is None:
            ctx = contexts[incident] = ClaimContext(
                incident=incident,
                grade=grades.get(incident),
                belligerents=tuple(sorted(belligerents.get(incident, ()))),
                verdicts=tuple(sorted(verdicts.get(incident, ()))),
            )
        ix.claims[cid] = ctx
    return ix


def index_from_upstream(up: Upstream) -> EvidenceIndex:
    """Index the upstream evidence of a few claims read by the store's one traversal
    (:meth:`Store.upstream`), without networkx: for the single-claim command, whose
    start-up time matters."""
    ix = EvidenceIndex()
    lists: dict[str, dict[str, set[str]]] = {"SUPPORTED_BY": {}, "CONTRADICTED_BY": {}}
    out: dict[str, set[str]] = {}
    for e in up.edges:
        (lists[e.rel] if e.rel in lists else out).setdefault(e.src, set()).add(e.dst)
    for src, dsts in out.items():
        ix.succ[src] = tuple(sorted(dsts))
    for iid, item in up.items.items():
        if item.label in ("Source", "Statement"):
            key = unit_key(item.label, up.family(iid), item.data.get("author"), iid)
            if key != iid:
                ix.unit[iid] = key
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
    return ix
