"""Independence units and reliability ranks: the one home of the unit rule (pure).

DESIGN.md "Corroboration": the **independence unit** of a source or statement is its
publisher's family (a statement's issuer's; organisations joined by ``PART_OF`` are one
family); without a publisher, a source's author (one account, one unit); without either,
the item itself. Every witness is its own unit; so is anything else (a claim is never on a
path, so its unit does not matter).

Units have two spellings:

* the internal *unit key* of :func:`unit_key`, used by the index and the analysis: an
  item that is its own unit is keyed by its id, a family by ``"family <root
  organisation>"`` and an author by ``"author <name>"``. Ids contain no whitespace, so the
  keys never collide;
* the public name of :func:`public_unit` and :func:`independence_unit`:
  ``family:ORG``, ``author:NAME``, ``item:ID`` or ``witness:ID``.

Reliability is the Admiralty grade A (completely reliable) … F (cannot be judged); its
*rank* is 0 for A … 5 for F, and a source without a reliability counts as F.

Examples
--------
>>> unit_key("Source", "bbc", "@reporter", "bbc-1")
'family bbc'
>>> unit_key("Source", None, "@reporter", "post-1")
'author @reporter'
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

from typing import TYPE_CHECKING

from provenance.errors import UsageError
from provenance.vocab import RELIABILITY

if TYPE_CHECKING:
    import networkx as nx

UNIT_LABELS = frozenset({"Source", "Statement"})
"""The labels whose unit follows their publisher (a statement's issuer)."""


def unit_key(label: str | None, family: object, author: object, item: str) -> str:
    """The internal unit key of ``item`` (see the module docstring).

    ``family``: the root organisation of the publisher's (issuer's) family, or ``None``;
    ``author``: a source's author, or ``None``. Statements have no author unit.
    """
    if label in UNIT_LABELS:
        if isinstance(family, str) and family:
            return "family " + family
        if label == "Source" and isinstance(author, str) and author:
            return "author " + author
    return item


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


def independence_unit(graph: nx.DiGraph, node: str) -> str:
    """The independence unit of ``node`` of an upstream graph (:meth:`Store.upstream_graph`):
    ``family:ORG``, ``author:NAME``, ``item:ID`` or ``witness:ID``.

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("bbc-ar-1", label="Source", family="bbc", author="@a")
    >>> g.add_node("w1", label="Witness")
    >>> independence_unit(g, "bbc-ar-1"), independence_unit(g, "w1")
    ('family:bbc', 'witness:w1')
    """
    d = graph.nodes[node]
    label = d.get("label", "Source")
    return public_unit(unit_key(label, d.get("family"), d.get("author"), node), label)


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
