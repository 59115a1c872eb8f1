"""Independence units and reliability ranks: the one home of the unit rule (pure).

DESIGN.md "Corroboration": the **independence unit** of a source or statement is, the first
that applies:

1. its publisher's family (a statement's issuer's; organisations joined by ``PART_OF`` are
   one family);
2. the family of the organisation whose ``aliases`` hold its author or account, or whose
   ``domains`` hold its URL's registered domain (:class:`~provenance.outlets.registry.
   OutletRegistry`, which says how an alias names a platform account);
3. its author or account, normalised (:func:`~provenance.outlets.registry.author_key`:
   ``"@SyriaCivilDefe"`` and ``"'@syriacivildefe"`` are one; the account of a platform URL
   is ``twitter:syriacivildefe``);
4. the item itself.

Statements have no author: for them 2 and 3 read their URL only. Every witness is its own
unit; so is anything else (a claim is never on a path, so its unit does not matter).

Units have two spellings:

* the internal *unit key* of :func:`unit_of` / :func:`unit_key`, used by the index and the
  analysis: an item that is its own unit is keyed by its id, a family by ``"family <root
  organisation>"`` and an author by ``"author <normalised author or account>"``. Ids
  contain no whitespace, so the keys never collide;
* the public name of :func:`public_unit` and :func:`independence_unit`:
  ``family:ORG``, ``author:NAME``, ``item:ID`` or ``witness:ID``.

Reliability is the Admiralty grade A (completely reliable) … F (cannot be judged); its
*rank* is 0 for A … 5 for F, and a source without a reliability counts as F.

Examples
--------
>>> unit_key("Source", "bbc", "@reporter", "bbc-1")
'family bbc'
>>> unit_key("Source", None, "'@Reporter", "post-1")
'author reporter'
>>> unit_key("Source", None, None, "p-2", url="https://x.com/Reporter/status/2")
'author twitter:reporter'
>>> unit_key("Statement", None, "@nobody", "st-1")
'st-1'
>>> public_unit(unit_key("Witness", None, None, "w1"), "Witness")
'witness:w1'
>>> reliability_rank("C"), reliability_rank(None)
(2, 5)
>>> check_reliability("b")
1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.errors import UsageError
from provenance.outlets.registry import OrgEntry, OutletRegistry, identify
from provenance.vocab import RELIABILITY

if TYPE_CHECKING:
    import networkx as nx

UNIT_LABELS = frozenset({"Source", "Statement"})
"""The labels whose unit follows their publisher (a statement's issuer)."""

NO_REGISTRY = OutletRegistry()
"""The registry of a store without aliases or domains: nothing resolves by them."""

ORGANISATIONS = "organisations"
"""The key of the upstream graph's attributes (``graph.graph``) holding its organisations:
id → ``{name, family, aliases, domains}`` (:meth:`Store.upstream_graph`)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """The unit of one item and the names a reader knows them by."""

    key: str
    """The internal unit key (the item's id when it is its own unit)."""
    name: str | None = None
    """What a reader knows the item by: its publisher's or issuer's name, else the
    organisation its author, account or domain resolves to, else its author as written;
    ``None`` without any."""
    unit_name: str | None = None
    """The unit's name: the family root's name, else the author as written on this item;
    ``None`` for an item that is its own unit."""


def unit_of(
    label: str | None,
    item: str,
    *,
    family: object = None,
    publisher_name: object = None,
    author: object = None,
    url: object = None,
    registry: OutletRegistry = NO_REGISTRY,
) -> Unit:
    """The :class:`Unit` of ``item`` (see the module docstring).

    ``family``: the root organisation of its publisher's (issuer's) family, or ``None``;
    ``publisher_name``: that publisher's name (its family root's name when ``None``);
    ``author`` and ``url``: a source's (a statement's ``author`` is ignored);
    ``registry``: the organisations' aliases and domains.
    """
    if label not in UNIT_LABELS:
        return Unit(item)
    if isinstance(family, str) and family:
        root = registry.name(family)
        name = publisher_name if isinstance(publisher_name, str) and publisher_name else root
        return Unit("family " + family, name, root)
    outlet = registry.resolve(author if label == "Source" else None, url)
    if outlet is None:
        return Unit(item)
    return Unit(f"{outlet.kind} {outlet.key}", outlet.name, outlet.unit_name)


def unit_key(
    label: str | None,
    family: object,
    author: object,
    item: str,
    *,
    url: object = None,
    registry: OutletRegistry = NO_REGISTRY,
) -> str:
    """The internal unit key of ``item``: :attr:`Unit.key` of :func:`unit_of`."""
    return unit_of(label, item, family=family, author=author, url=url, registry=registry).key


def outlet_list(
    label: str,
    publisher: object,
    author: object,
    url: object,
    registry: OutletRegistry,
    *,
    by_family: bool = False,
) -> str | None:
    """The list a source or statement counts in for multiple-systems estimation (capture
    histories): its publisher (issuer), else the organisation its author, account or
    domain resolves to — with ``by_family``, that organisation's family root —, else
    ``author:KEY`` (its normalised author or account); ``None`` without any.

    >>> reg = OutletRegistry([OrgEntry("scd", family="net", aliases=("SCD",))])
    >>> [outlet_list("Source", None, a, None, reg) for a in ("'@scd", "Hawar", None)]
    ['scd', 'author:hawar', None]
    >>> outlet_list("Source", "bbc-ar", None, None, reg), outlet_list(
    ...     "Source", None, "SCD", None, reg, by_family=True)
    ('bbc-ar', 'net')
    """
    source = identify(author if label == "Source" else None, url, domain=bool(registry.domains))
    org = publisher if isinstance(publisher, str) and publisher else None
    if org is None and registry:
        org = registry.organisation(source)
    if org is not None:
        return registry.family(org) if by_family else org
    return f"author:{source.key}" if source.key else None


def public_unit(key: str, label: str | None) -> str:
    """The public name of the unit with internal key ``key`` of an item labelled ``label``.

    >>> public_unit("family bbc", "Source"), public_unit("s1", "Source")
    ('family:bbc', 'item:s1')
    """
    if key.startswith("family "):
        return "family:" + key[7:]
    if key.startswith("author "):
        return "author:" + key[7:]
    return ("witness:" if label == "Witness" else "item:") + key


def registry_of(organisations: Mapping[str, Mapping[str, Any]]) -> OutletRegistry:
    """The registry of organisations given as id → ``{name, family, aliases, domains}``
    (the upstream graph's ``graph.graph["organisations"]``)."""
    return OutletRegistry(
        OrgEntry(
            oid,
            name=d.get("name"),
            family=d.get("family"),
            aliases=tuple(d.get("aliases") or ()),
            domains=tuple(d.get("domains") or ()),
        )
        for oid, d in organisations.items()
    )


def graph_registry(graph: nx.DiGraph) -> OutletRegistry:
    """The registry of an upstream graph's organisations (:data:`ORGANISATIONS`); a graph
    built without them resolves nothing by aliases or domains."""
    organisations = graph.graph.get(ORGANISATIONS)
    return registry_of(organisations) if organisations else NO_REGISTRY


def graph_unit(graph: nx.DiGraph, node: str, registry: OutletRegistry) -> Unit:
    """The :class:`Unit` of ``node`` of an upstream graph, with ``registry`` (of
    :func:`graph_registry`)."""
    d = graph.nodes[node]
    return unit_of(
        d.get("label", "Source"),
        node,
        family=d.get("family"),
        publisher_name=d.get("publisher_name"),
        author=d.get("author"),
        url=d.get("url"),
        registry=registry,
    )


def independence_unit(graph: nx.DiGraph, node: str) -> str:
    """The independence unit of ``node`` of an upstream graph (:meth:`Store.upstream_graph`):
    ``family:ORG``, ``author:NAME``, ``item:ID`` or ``witness:ID``. (It reads the graph's
    organisations on each call: for many nodes, use :func:`graph_unit`.)

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("bbc-ar-1", label="Source", family="bbc", author="@a")
    >>> g.add_node("post", label="Source", author="@SCD", url="https://sana.sy/1")
    >>> g.add_node("w1", label="Witness")
    >>> [independence_unit(g, n) for n in ("bbc-ar-1", "post", "w1")]
    ['family:bbc', 'author:scd', 'witness:w1']
    >>> g.graph["organisations"] = {"sana": {"name": "SANA", "domains": ["sana.sy"]}}
    >>> independence_unit(g, "post")
    'family:sana'
    """
    label = graph.nodes[node].get("label", "Source")
    return public_unit(graph_unit(graph, node, graph_registry(graph)).key, label)


def reliability_rank(value: object) -> int:
    """0 for A … 5 for F; anything else (``None``, unknown) counts as F."""
    if isinstance(value, str) and len(value) == 1 and value in RELIABILITY:
        return RELIABILITY.index(value)
    return 5


def check_reliability(value: str) -> int:
    """The rank (0 = A … 5 = F) of a ``--min-reliability`` value, in either case.

    Raises :class:`~provenance.errors.UsageError` (exit status 2) for anything but one letter A–F.

    >>> check_reliability("Z")
    Traceback (most recent call last):
    ...
    provenance.errors.UsageError: --min-reliability 'Z' is not an Admiralty grade
    Hint: use one of A, B, C, D, E, F (F = cannot be judged, keeps every source)
    """
    if len(value) != 1 or value.upper() not in RELIABILITY:
        raise UsageError(
            f"--min-reliability {value!r} is not an Admiralty grade",
            "use one of A, B, C, D, E, F (F = cannot be judged, keeps every source)",
        )
    return RELIABILITY.index(value.upper())
