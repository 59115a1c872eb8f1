"""What a reader sees beside a chain: the relationship of each step, and outlet names (pure).

A chain lists ids from a claim to an origin. ``links`` gives, per chain, one entry per step
(``len(chain) - 1`` of them), each ``{"rel": REL}`` or ``{"rel": "same_unit", "unit": NAME}``:

* ``rel`` is the relationship that joins the two ids: ``SUPPORTED_BY`` (or
  ``CONTRADICTED_BY`` on the contradicting side) from the claim, then ``CITES`` or
  ``QUOTES``; or :data:`SAME_UNIT` for a step between two items of one independence unit
  neither of which cites the other (the flow may enter a unit at one item and leave it
  from another: the unit is one source);
* ``unit``, only on a ``same_unit`` step, is the unit's name (:func:`unit_name`).

Names: an item is printed as ``id (outlet)`` (:func:`labelled`) where
:attr:`EvidenceIndex.names <provenance.corroborate.index.EvidenceIndex.names>` has its
outlet, as the bare id otherwise (witnesses, sources without an outlet or author).

Examples
--------
>>> from provenance.corroborate.index import EvidenceIndex
>>> ix = EvidenceIndex(succ={"a": ("b",), "b": ("c",), "c": ("w",)}, rank={"a": 5, "b": 5, "c": 5},
...                    unit={"a": "family p", "c": "family p"}, unit_names={"family p": "BBC"},
...                    witnesses={"w"})
>>> uof = {x: ix.unit_of(x) for x in "abcw"}
>>> [x["rel"] for x in chain_links(ix, uof, ["k", "a", "b", "c", "w"], "SUPPORTED_BY")]
['SUPPORTED_BY', 'CITES', 'CITES', 'QUOTES']
>>> chain_links(ix, uof, ["k", "a", "c", "w"], "SUPPORTED_BY")[1]
{'rel': 'same_unit', 'unit': 'BBC'}
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from provenance.corroborate.index import EvidenceIndex
from provenance.corroborate.kernel import native
from provenance.corroborate.units import public_unit

SAME_UNIT = "same_unit"
"""The ``rel`` of a step between two items of one unit, not a relationship."""

_LINK_CACHE: dict[str, dict[str, Any]] = {}


def link_of(rel: str) -> dict[str, Any]:
    """``{"rel": rel}`` (one shared dict per relationship: never mutated by anyone)."""
    link = _LINK_CACHE.get(rel)
    if link is None:
        link = _LINK_CACHE[rel] = {"rel": rel}
    return link


def unit_name(ix: EvidenceIndex, unit: str, item: str) -> str:
    """The name for a reader of internal unit key ``unit``, the unit of ``item``:
    :attr:`EvidenceIndex.unit_names`, else the outlet of ``item``
    (:attr:`EvidenceIndex.names`), else the item's id when it is its own unit, else the
    unit's public spelling (``family:ORG``, ``author:NAME``)."""
    if unit == item:  # its own unit: a witness, or a source without outlet or author
        return ix.names.get(item) or item
    return ix.unit_names.get(unit) or ix.names.get(item) or public_unit(unit, None)


def outlets_of(ix: EvidenceIndex, uof: dict[str, str], origins: list[str]) -> list[str]:
    """:func:`python_outlets_of`, by the compiled kernel where it is built
    (:mod:`provenance.corroborate.kernel`)."""
    if native is None:
        return python_outlets_of(ix, uof, origins)
    return native.outlets_of(ix.names, ix.unit_names, uof, origins)


def python_outlets_of(ix: EvidenceIndex, uof: Mapping[str, str], origins: list[str]) -> list[str]:
    """The name of each unit among ``origins`` (:func:`unit_name`), once each, in order."""
    if len(origins) == 1:
        o = origins[0]
        return [unit_name(ix, uof[o], o)]
    out: dict[str, str] = {}
    for o in origins:
        u = uof[o]
        if u not in out:
            out[u] = unit_name(ix, u, o)
    return list(out.values())


def chain_links(
    ix: EvidenceIndex, uof: dict[str, str], chain: list[str], first: str
) -> list[dict[str, Any]]:
    """:func:`python_chain_links`, by the compiled kernel where it is built
    (:mod:`provenance.corroborate.kernel`)."""
    if native is None:
        return python_chain_links(ix, uof, chain, first)
    return native.chain_links(
        ix.succ,
        ix.witnesses,
        ix.names,
        ix.unit_names,
        uof,
        chain,
        link_of(first),
        link_of("CITES"),
        link_of("QUOTES"),
    )


def python_chain_links(
    ix: EvidenceIndex, uof: Mapping[str, str], chain: list[str], first: str
) -> list[dict[str, Any]]:
    """The ``links`` entries of ``chain`` (``first``: the relationship from the claim)."""
    out = [link_of(first)]
    succ_get = ix.succ.get
    cites, quotes = link_of("CITES"), link_of("QUOTES")
    for x, y in itertools.pairwise(chain[1:]):
        if y in succ_get(x, ()):
            out.append(quotes if y in ix.witnesses else cites)
        else:
            out.append({"rel": SAME_UNIT, "unit": unit_name(ix, uof[x], x)})
    return out


def claim_names(
    ix: EvidenceIndex,
    chains: list[list[str]],
    cut: list[str],
    echo: list[tuple[list[str], list[str]]],
    cycles: list[list[str]],
    con_chains: list[list[str]],
) -> dict[str, str]:
    """:func:`python_claim_names`, by the compiled kernel where it is built
    (:mod:`provenance.corroborate.kernel`)."""
    if native is None:
        return python_claim_names(ix, chains, cut, echo, cycles, con_chains)
    return native.claim_names(ix.names, chains, cut, echo, cycles, con_chains)


def python_claim_names(
    ix: EvidenceIndex,
    chains: list[list[str]],
    cut: list[str],
    echo: list[tuple[list[str], list[str]]],
    cycles: list[list[str]],
    con_chains: list[list[str]],
) -> dict[str, str]:
    """``{id: outlet}`` for the ids a claim's result names that have an outlet, sorted by
    id: its chains' (the claim itself left out), critical sources, echo groups' origins and
    sources, cycles and contradicting chains."""
    names = ix.names
    groups = [
        *(c[1:] for c in chains),
        cut,
        *(o + s for o, s in echo),
        *cycles,
        *(c[1:] for c in con_chains),
    ]
    found = {x: names[x] for ids in groups for x in ids if x in names}
    return dict(sorted(found.items()))


def labelled(item: str, names: Mapping[str, str]) -> str:
    """``id (outlet)``, or ``id`` when it has no name or its name is its id.

    >>> labelled("src-1", {"src-1": "SOHR"}), labelled("w1", {}), labelled("bbc", {"bbc": "BBC"})
    ('src-1 (SOHR)', 'w1', 'bbc')
    """
    name = names.get(item)
    return f"{item} ({name})" if name and name.casefold() != item.casefold() else item
