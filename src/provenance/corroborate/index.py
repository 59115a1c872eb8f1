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

    from provenance.store.contract import Store

RELIABILITY = "ABCDEF"
"""Admiralty reliability, best first; a source without one counts as F."""

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
    from provenance.store.contract import family_roots

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


def index_from_claims(store: Store, claim_ids: Iterable[str]) -> EvidenceIndex:
    """Index the upstream of a few claims through the store contract, without networkx.

    The same traversal as :meth:`Store.upstream_graph` (``edges`` and ``get_many``), for
    the single-claim command, whose start-up time matters. Unknown claim ids raise
    :class:`NotFoundError`.
    """
    from provenance.errors import NotFoundError
    from provenance.store.contract import family_roots

    wanted = list(dict.fromkeys(claim_ids))
    claims = store.get_many(wanted)
    for cid in wanted:
        if cid not in claims or claims[cid].label != "Claim":
            raise NotFoundError(f"no claim with id {cid!r}", "list claims with `show INCIDENT_ID`")
    ix = EvidenceIndex()
    sup: dict[str, list[str]] = {c: [] for c in wanted}
    con: dict[str, list[str]] = {c: [] for c in wanted}
    first = store.edges(wanted, ["SUPPORTED_BY", "CONTRADICTED_BY"], "out")
    for e in first:
        (con if e.rel == "CONTRADICTED_BY" else sup)[e.src].append(e.dst)
    items = store.get_many({e.dst for e in first})
    frontier = {i for i, item in items.items() if item.label == "Source"}
    while frontier:
        found = store.edges(frontier, sorted(CHAIN_RELS), "out")
        out: dict[str, list[str]] = {}
        for e in found:
            out.setdefault(e.src, []).append(e.dst)
        for src, dsts in out.items():
            ix.succ[src] = tuple(sorted(set(dsts)))
        new = store.get_many({e.dst for e in found} - items.keys())
        items.update(new)
        frontier = {i for i, item in new.items() if item.label == "Source"}
    parents: dict[str, str | None] = {}
    todo = {
        p
        for item in items.values()
        if isinstance(p := item.data.get("publisher") or item.data.get("issuer"), str)
    }
    while todo:
        orgs = store.get_many(todo)
        for oid, org in orgs.items():
            part_of = org.data.get("part_of")
            parents[oid] = part_of if isinstance(part_of, str) else None
        todo = {p for p in parents.values() if p is not None and p not in parents}
    roots = family_roots(parents)
    for iid, item in items.items():
        if item.label in ("Source", "Statement"):
            pub = item.data.get("publisher") or item.data.get("issuer")
            key = unit_key(
                item.label, roots.get(pub) if pub else None, item.data.get("author"), iid
            )
            if key != iid:
                ix.unit[iid] = key
        if item.label == "Source":
            ix.rank[iid] = reliability_rank(item.data.get("reliability"))
    incidents = {c.data["incident"] for c in claims.values()}
    grades = {i: item.data.get("grade") for i, item in store.get_many(incidents).items()}
    has = store.edges(incidents, ["HAS_CLAIM"], "out")
    siblings = store.get_many({e.dst for e in has})
    belligerents: dict[str, set[str]] = {}
    for e in has:
        if (c := siblings.get(e.dst)) is not None and (b := c.data.get("belligerent")):
            belligerents.setdefault(e.src, set()).add(b)
    verdicts: dict[str, set[str]] = {}
    for e in store.edges(incidents, ["ASSESSES"], "in"):
        verdicts.setdefault(e.dst, set()).add(e.props["verdict"])
    for cid in wanted:
        inc = claims[cid].data["incident"]
        ix.supported_by[cid] = tuple(sorted(set(sup[cid])))
        ix.contradicted_by[cid] = tuple(sorted(set(con[cid])))
        ix.claims[cid] = ClaimContext(
            incident=inc,
            grade=grades.get(inc),
            belligerents=tuple(sorted(belligerents.get(inc, ()))),
            verdicts=tuple(sorted(verdicts.get(inc, ()))),
        )
    return ix
