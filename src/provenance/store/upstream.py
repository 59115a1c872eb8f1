"""THE upstream evidence traversal: every reader of a claim's evidence goes through here.

DESIGN.md "Corroboration": the *upstream graph* of a claim is every source or statement
reachable from it by ``SUPPORTED_BY`` (or ``CONTRADICTED_BY``) and then ``CITES``, plus the
witnesses those ``QUOTE``. :func:`walk` collects it through the store contract's primitives
(:meth:`~provenance.store.contract.Store.edges` and
:meth:`~provenance.store.contract.Store.get_many`, one pair of reads per depth — never one
read per claim or per item — and one read of the organisations), together
with what the analysis of a claim needs besides: the publisher families of its sources and
statements, and the context of each claim's incident. The result is plain data
(:class:`Upstream`); :func:`to_graph` turns it into the ``networkx.DiGraph`` of
:meth:`Store.upstream_graph`.

Node attributes of that graph: ``label`` ("Claim", "Source", "Statement" or "Witness") plus
the item's stored fields, and

* Source / Statement: ``family`` — the root organisation of the publisher's (a statement's
  issuer's) ``PART_OF`` tree, or ``None`` without a publisher; ``publisher_name``.
* Claim: ``incident`` (its incident id), ``incident_grade`` (the analyst's grade or
  ``None``), ``incident_belligerents`` (sorted distinct belligerents named by all claims of
  that incident), ``incident_verdicts`` (sorted verdicts of statements assessing it).

Edge attribute ``rel``: "SUPPORTED_BY", "CONTRADICTED_BY", "CITES" or "QUOTES".

Graph attribute ``organisations`` (``graph.graph["organisations"]``): what the unit rule
reads of the organisations (:meth:`Upstream.organisation_names`) — the publishers and
issuers, every organisation with ``aliases`` or ``domains`` (a source without a publisher
may be theirs), and their ``PART_OF`` ancestors — as id → ``{name, family, aliases,
domains}``. The store does not resolve authors, accounts or domains to organisations:
that is the unit rule's (``provenance.corroborate.units``), on this plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.errors import NotFoundError
from provenance.rules import public_fields
from provenance.store.types import Edge, GraphReader, StoredItem
from provenance.vocab import CHAIN_RELS, CLAIM_RELS

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class IncidentContext:
    """What the suggested grade of a claim needs to know about its incident."""

    grade: str | None
    belligerents: tuple[str, ...]
    """Sorted distinct belligerents named by all claims of the incident."""
    verdicts: tuple[str, ...]
    """Sorted distinct verdicts of the statements assessing it."""


@dataclass(frozen=True)
class Upstream:
    """The upstream evidence of some claims, as read from a store by :func:`walk`."""

    claims: tuple[str, ...]
    """The claims asked for, in the order asked, each once."""
    items: dict[str, StoredItem]
    """Every claim asked for and every item upstream of one, by id."""
    edges: list[Edge]
    """Claim edges (``SUPPORTED_BY``, ``CONTRADICTED_BY``) first, then ``CITES`` and
    ``QUOTES`` depth by depth, each depth sorted by ``(src, rel, dst)``."""
    organisations: dict[str, StoredItem]
    """The publishers and issuers of the items, with all their ``PART_OF`` ancestors."""
    families: dict[str, str]
    """Each organisation of :attr:`organisations` to the root of its ``PART_OF`` tree."""
    incidents: dict[str, IncidentContext]
    """The context of each claim's incident, by incident id."""
    outlets: dict[str, StoredItem] = field(default_factory=dict)
    """Every organisation of the store with ``aliases`` or ``domains``, with all its
    ``PART_OF`` ancestors: the unit rule resolves authors, accounts and domains to them."""

    def publisher(self, item_id: str) -> str | None:
        """The publisher (a statement's issuer) of ``item_id``, or ``None``."""
        return publisher_of(self.items[item_id])

    def family(self, item_id: str) -> str | None:
        """The publisher family of a source or statement, or ``None`` without a publisher."""
        pub = self.publisher(item_id)
        return self.families.get(pub) if pub else None

    def organisation_names(self) -> dict[str, dict[str, Any]]:
        """Every organisation of :attr:`organisations` and :attr:`outlets`, by id, as
        ``{name, family, aliases, domains}`` (``family``: the root of its tree)."""
        return {
            oid: {
                "name": org.data.get("name"),
                "family": self.families.get(oid, oid),
                "aliases": list(org.data.get("aliases") or ()),
                "domains": list(org.data.get("domains") or ()),
            }
            for oid, org in sorted({**self.outlets, **self.organisations}.items())
        }


def family_roots(parents: dict[str, str | None]) -> dict[str, str]:
    """Map each organisation to the root of its ``PART_OF`` tree.

    ``parents`` maps an organisation to its parent (or ``None``); it must contain every
    ancestor of every key. A cycle's members map to the smallest id on the cycle.

    >>> family_roots({"bbc-ar": "bbc", "bbc": None, "a": "b", "b": "a"})
    {'bbc-ar': 'bbc', 'bbc': 'bbc', 'a': 'a', 'b': 'a'}
    """
    roots: dict[str, str] = {}
    for start in parents:
        path: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node not in roots and node not in seen:
            seen.add(node)
            path.append(node)
            node = parents.get(node)
        if node is None:
            root = path[-1]
        elif node in roots:
            root = roots[node]
        else:  # cycle: node is on the path
            root = min(path[path.index(node) :])
        for member in path:
            roots[member] = root
    return roots


def find_claims(store: GraphReader, claim_ids: Iterable[str] | None) -> dict[str, StoredItem]:
    """The claims asked for (every claim of the store when ``None``), by id.

    Raises :class:`NotFoundError` for an id that is not a claim.
    """
    if claim_ids is None:
        return {item.id: item for item in store.iter_items("Claim")}
    wanted = list(dict.fromkeys(claim_ids))
    claims = store.get_many(wanted)
    for cid in wanted:
        if cid not in claims or claims[cid].label != "Claim":
            raise NotFoundError(
                f"no claim with id {cid!r}", "list claims with `provenance show INCIDENT_ID`"
            )
    return {cid: claims[cid] for cid in wanted}


def find_incident(store: GraphReader, incident_id: str) -> tuple[StoredItem, list[str]]:
    """The incident ``incident_id`` and the ids of its claims, sorted.

    Raises :class:`NotFoundError` when ``incident_id`` is not an incident.
    """
    item = store.get_many([incident_id]).get(incident_id)
    if item is None or item.label != "Incident":
        raise NotFoundError(
            f"no incident with id {incident_id!r}", "check the id with `provenance show ID`"
        )
    claims = sorted(e.dst for e in store.edges([incident_id], ["HAS_CLAIM"], "out"))
    return item, claims


def walk(store: GraphReader, claim_ids: Iterable[str] | None = None) -> Upstream:
    """The upstream evidence of ``claim_ids`` (every claim when ``None``), see the module
    docstring. Unknown claim ids raise :class:`NotFoundError`."""
    claims = find_claims(store, claim_ids)
    items: dict[str, StoredItem] = dict(claims)
    edges: list[Edge] = []
    frontier: set[str] = set(claims)
    rels: tuple[str, ...] = CLAIM_RELS
    while frontier:
        found, targets = store.step(frontier, rels)
        edges.extend(found)
        new = targets.keys() - items.keys()
        items.update(targets)
        frontier = {i for i in new if items[i].label == "Source"}
        rels = CHAIN_RELS
    publishers = {p for i in items if (p := publisher_of(items[i])) is not None}
    everyone = {org.id: org for org in store.iter_items("Organisation")}
    organisations = ancestry(everyone, publishers)
    if missing := publishers - everyone.keys():  # an id of another label: read as before
        organisations.update(organisation_ancestry(store, missing))
    outlets = ancestry(
        everyone,
        {o for o, org in everyone.items() if org.data.get("aliases") or org.data.get("domains")},
    )
    families = family_roots(
        {
            o: p if isinstance(p := org.data.get("part_of"), str) else None
            for o, org in {**outlets, **organisations}.items()
        }
    )
    incidents = incident_context(store, {str(c.data["incident"]) for c in claims.values()})
    return Upstream(tuple(claims), items, edges, organisations, families, incidents, outlets)


def ancestry(everyone: dict[str, StoredItem], ids: set[str]) -> dict[str, StoredItem]:
    """The organisations ``ids`` of ``everyone`` (every organisation, by id) and all their
    ``PART_OF`` ancestors, by id in id order (:func:`organisation_ancestry` without a read)."""
    found: dict[str, StoredItem] = {}
    todo = sorted(ids)
    while todo:
        oid = todo.pop()
        if oid in found or oid not in everyone:
            continue
        found[oid] = everyone[oid]
        if isinstance(parent := found[oid].data.get("part_of"), str):
            todo.append(parent)
    return dict(sorted(found.items()))


def publisher_of(item: StoredItem) -> str | None:
    """The publisher of a source (the issuer of a statement), or ``None``: other items
    have none."""
    if item.label not in ("Source", "Statement"):
        return None
    pub = item.data.get("publisher") or item.data.get("issuer")
    return pub if isinstance(pub, str) else None


def organisation_ancestry(store: GraphReader, ids: set[str]) -> dict[str, StoredItem]:
    """The organisations ``ids`` and all their ``PART_OF`` ancestors, by id."""
    found: dict[str, StoredItem] = {}
    todo = set(ids)
    while todo:
        batch = store.get_many(todo)
        found.update(batch)
        todo = {
            p
            for item in batch.values()
            if isinstance(p := item.data.get("part_of"), str) and p not in found
        }
    return found


def incident_context(store: GraphReader, incident_ids: set[str]) -> dict[str, IncidentContext]:
    """Grade, belligerents and verdicts of each incident, in three reads whatever the count."""
    incidents = store.get_many(incident_ids)
    has, siblings = store.step(incident_ids, ["HAS_CLAIM"])
    belligerents: dict[str, set[str]] = {}
    for e in has:
        if (c := siblings.get(e.dst)) is not None and (b := c.data.get("belligerent")):
            belligerents.setdefault(e.src, set()).add(b)
    verdicts: dict[str, set[str]] = {}
    for e in store.edges(incident_ids, ["ASSESSES"], "in"):
        verdicts.setdefault(e.dst, set()).add(e.props["verdict"])
    return {
        iid: IncidentContext(
            grade=inc.data.get("grade") if (inc := incidents.get(iid)) else None,
            belligerents=tuple(sorted(belligerents.get(iid, ()))),
            verdicts=tuple(sorted(verdicts.get(iid, ()))),
        )
        for iid in incident_ids
    }


def to_graph(up: Upstream) -> nx.DiGraph:
    """The ``networkx.DiGraph`` of ``up`` with the attributes of the module docstring."""
    import networkx as nx

    graph: nx.DiGraph = nx.DiGraph(organisations=up.organisation_names())
    for e in up.edges:
        graph.add_edge(e.src, e.dst, rel=e.rel)
    for item_id, item in up.items.items():
        attrs: dict[str, Any] = public_fields(item.label, item.data)  # the witness policy
        attrs["label"] = item.label
        if item.label in ("Source", "Statement"):
            pub = publisher_of(item)
            attrs["family"] = up.families.get(pub) if pub else None
            org = up.organisations.get(pub) if pub else None
            attrs["publisher_name"] = org.data.get("name") if org else None
        elif item.label == "Claim":
            ctx = up.incidents[item.data["incident"]]
            attrs["incident_grade"] = ctx.grade
            attrs["incident_belligerents"] = list(ctx.belligerents)
            attrs["incident_verdicts"] = list(ctx.verdicts)
        graph.add_node(item_id, **attrs)
    return graph
