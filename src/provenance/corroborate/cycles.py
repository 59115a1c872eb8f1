"""Elementary citation cycles among the items upstream of a claim (pure).

A cycle is reported starting at its smallest id; at most :data:`MAX_CYCLES` are listed,
shortest first. A plain search of simple paths finds them while they are few; past
:data:`MAX_CYCLES` cycles, or past :data:`CYCLE_BUDGET` edges followed, networkx's
``simple_cycles`` picks them instead (its choice of which 50 is the normative one).

Examples
--------
>>> from provenance.corroborate.index import EvidenceIndex
>>> ix = EvidenceIndex(succ={"a": ("b",), "b": ("a", "w"), "c": ("c",)})
>>> items = ["a", "b", "c", "w"]
>>> find_cycles(ix, {x: x for x in items}, items)
[['c'], ['a', 'b']]
"""

from __future__ import annotations

from itertools import islice

from provenance.corroborate.index import EvidenceIndex

MAX_CYCLES = 50
"""The most cycles listed per claim."""

CYCLE_BUDGET = 20_000
"""Edges the plain search may follow before it leaves the work to networkx."""


def find_cycles(ix: EvidenceIndex, uof: dict[str, str], items: list[str]) -> list[list[str]]:
    """Elementary citation cycles among ``items`` (at most :data:`MAX_CYCLES`).

    ``uof``: the unit of each item, holding exactly ``items``. Each cycle is found once, from its smallest item, by a
    search of the simple paths through larger items; when there are more than
    :data:`MAX_CYCLES` cycles, or the search grows large, networkx picks them instead (its
    choice of which 50 is the normative one).
    """
    succ_get = ix.succ.get
    found: list[list[str]] = []
    budget = CYCLE_BUDGET
    for s in sorted(items):
        path = [s]
        on_path = {s}
        stack = [iter(succ_get(s, ()))]
        while stack:
            for y in stack[-1]:
                budget -= 1
                if y == s:
                    found.append(path[:])
                    if len(found) > MAX_CYCLES:
                        return nx_cycles(ix, items)
                elif y > s and y not in on_path and y in uof:
                    path.append(y)
                    on_path.add(y)
                    stack.append(iter(succ_get(y, ())))
                    break
            else:
                on_path.discard(path.pop())
                stack.pop()
            if budget < 0:
                return nx_cycles(ix, items)
    return sorted(found, key=lambda c: (len(c), c))


def nx_cycles(ix: EvidenceIndex, items: list[str]) -> list[list[str]]:
    """:func:`find_cycles` by networkx ``simple_cycles`` (the first :data:`MAX_CYCLES`)."""
    import networkx as nx  # only for many or large cycles: one claim stays networkx-free

    inside = set(items)
    g = nx.DiGraph()
    for x in sorted(items):
        for y in ix.succ.get(x, ()):
            if y in inside:
                g.add_edge(x, y)
    found = []
    for cycle in islice(nx.simple_cycles(g), MAX_CYCLES):
        i = cycle.index(min(cycle))
        found.append(cycle[i:] + cycle[:i])
    return sorted(found, key=lambda c: (len(c), c))
