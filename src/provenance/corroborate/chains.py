"""Item chains behind the unit paths of the flow (pure).

:func:`provenance.corroborate.flow.disjoint_paths` gives unit-disjoint paths on the graph
contracted to independence units; the result lists each as a chain of items, from the
claim to an origin. Consecutive items are joined by a real relationship wherever a maximum
set of such chains exists: through the units of each flow path when that is enough, else
by :func:`~provenance.corroborate.realchains.real_chain_set`. Only when no set of as many
real chains exists does a chain step between two items of one unit (see
:mod:`provenance.corroborate.links`).

Examples
--------
Two outlets of one family (``bbc``) citing one witness each: the family is one unit, so one
unit path, listed through the first outlet.

>>> from provenance.corroborate.index import EvidenceIndex
>>> ix = EvidenceIndex(succ={"bbc-1": ("w1",), "bbc-2": ("w2",)})
>>> uof = {"bbc-1": "family bbc", "bbc-2": "family bbc", "w1": "w1", "w2": "w2"}
>>> item_chains(ix, uof, "c", ["bbc-1", "bbc-2"], ["w1", "bbc-1", "w2", "bbc-2"],
...             [["family bbc", "w1"]])
[['c', 'bbc-1', 'w1']]
"""

from __future__ import annotations

import itertools

from provenance.corroborate.index import EvidenceIndex
from provenance.corroborate.kernel import native
from provenance.corroborate.realchains import SEARCH_BUDGET, complete_greedily, real_chain_set


def item_chains(
    ix: EvidenceIndex,
    uof: dict[str, str],
    claim: str,
    roots: list[str],
    order: list[str],
    paths: list[list[str]],
) -> list[list[str]]:
    """As many unit-disjoint item chains from ``claim`` to origins as the flow has unit
    paths (sorted).

    ``uof``: the unit of every item reached (and only of those); ``roots``: the claim's
    direct sources kept (sorted); ``order``: every item reached. Per unit path, the
    shortest chain of real relationships through its units (breadth first); when a path
    has none, a set of as many real chains anywhere (:func:`real_chain_set`); failing
    that, the path followed unit by unit, listing two items of one unit next to each other
    where it enters the unit at one and leaves from the other (see
    :mod:`provenance.corroborate`).
    """
    found = cited_chains(ix, uof, claim, roots, paths)
    if None not in found:
        return sorted([c for c in found if c is not None])
    if native is not None:
        done = native.complete_chains(ix.succ, uof, claim, roots, paths, found, SEARCH_BUDGET)
        if done is not None:
            return done
    return python_complete_chains(ix, uof, claim, roots, order, paths, found)


def python_complete_chains(
    ix: EvidenceIndex,
    uof: dict[str, str],
    claim: str,
    roots: list[str],
    order: list[str],
    paths: list[list[str]],
    found: list[list[str] | None],
    budget: int = SEARCH_BUDGET,
) -> list[list[str]]:
    """:func:`item_chains` where some flow ``paths`` have no chain of citations (``None``
    in ``found``, the :func:`cited_chains` of the paths): the definition, which the
    compiled kernel follows (:mod:`provenance.corroborate.kernel`) on sides of at most 64
    units. ``budget``: the steps each search of :func:`real_chain_set` may take."""
    real = complete_greedily(ix, uof, claim, roots, found) or real_chain_set(
        ix, uof, claim, roots, len(paths), budget
    )
    if real is not None:
        return real
    return sorted(
        [
            chain if chain is not None else _chain_along(ix, uof, claim, roots, order, path)
            for chain, path in zip(found, paths, strict=True)
        ]
    )


def cited_chains(
    ix: EvidenceIndex, uof: dict[str, str], claim: str, roots: list[str], paths: list[list[str]]
) -> list[list[str] | None]:
    """:func:`python_cited_chains`, by the compiled kernel where it is built
    (:mod:`provenance.corroborate.kernel`)."""
    if native is None:
        return python_cited_chains(ix, uof, claim, roots, paths)
    return native.cited_chains(ix.succ, uof, claim, roots, paths)


def python_cited_chains(
    ix: EvidenceIndex, uof: dict[str, str], claim: str, roots: list[str], paths: list[list[str]]
) -> list[list[str] | None]:
    """Per unit path, the shortest chain of real citations inside its units, or ``None``.

    The paths share no unit, so one breadth-first search serves them all: an item only ever
    steps to items of its own path, and the items of one path are met in the order of a
    search for that path alone.
    """
    succ_get = ix.succ.get
    which: dict[str, int] = {}  # unit -> the index of its path
    for i, path in enumerate(paths):
        for u in path:
            which[u] = i
    found: list[list[str] | None] = [None] * len(paths)
    left = len(paths)
    parent: dict[str, str] = {}
    queue: list[str] = []
    for r in roots:
        if uof[r] in which and r not in parent:
            parent[r] = claim
            queue.append(r)
    for x in queue:  # breadth first: the list grows while it is walked
        i = which[uof[x]]
        if found[i] is not None:
            continue
        out = succ_get(x)
        if not out:
            found[i] = _back_to(parent, x, claim)
            left -= 1
            if not left:
                break
            continue
        for y in out:
            if y not in parent:
                uy = uof.get(y)
                if uy is not None and which.get(uy) == i:
                    parent[y] = x
                    queue.append(y)
    return found


def _back_to(parent: dict[str, str], end: str, start: str) -> list[str]:
    """The path from ``start`` to ``end`` along the breadth-first ``parent`` links."""
    chain = [end]
    while chain[-1] != start:
        chain.append(parent[chain[-1]])
    chain.reverse()
    return chain


def _chain_along(
    ix: EvidenceIndex,
    uof: dict[str, str],
    claim: str,
    roots: list[str],
    order: list[str],
    path: list[str],
) -> list[str]:
    """Follow the unit path, stepping between two items of one unit where it must."""
    succ_get = ix.succ.get
    units = set(path)
    members: dict[str, list[str]] = {}
    for x in sorted(order):
        u = uof[x]
        if u in units:
            members.setdefault(u, []).append(x)
    cur = next(r for r in roots if uof[r] == path[0])
    chain = [claim, cur]
    for here, there in itertools.pairwise(path):
        parents = _inside(ix, uof, cur, here)
        candidates = list(parents) + [x for x in members[here] if x not in parents]
        x, y = next((x, y) for x in candidates for y in succ_get(x, ()) if uof.get(y) == there)
        chain += [*_walk(parents, cur, x), y]
        cur = y
    parents = _inside(ix, uof, cur, path[-1])
    origins = [x for x in parents if not succ_get(x)] or [
        x for x in members[path[-1]] if not succ_get(x)
    ]
    chain += _walk(parents, cur, origins[0])
    return chain


def _inside(ix: EvidenceIndex, uof: dict[str, str], start: str, unit: str) -> dict[str, str]:
    """Breadth-first parents of the items reachable from ``start`` within ``unit``."""
    succ_get = ix.succ.get
    parents = {start: start}
    queue = [start]
    for x in queue:
        for y in succ_get(x, ()):
            if y not in parents and uof.get(y) == unit:
                parents[y] = x
                queue.append(y)
    return parents


def _walk(parents: dict[str, str], start: str, end: str) -> list[str]:
    """The items after ``start`` up to ``end`` along ``parents`` (just ``end`` when it is
    not reachable: a step inside the unit, not a citation)."""
    if end not in parents:
        return [end]
    out = [end]
    while out[-1] != start:
        out.append(parents[out[-1]])
    return out[-2::-1]
