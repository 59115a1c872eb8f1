"""The analysis of one side (supporting or contradicting) of one claim on an evidence index.

The semantics are documented in :mod:`provenance.corroborate`; this module is the fast
path shared by every entry point (one claim, ``--all`` over a million sources). Everything
visits items in sorted order, so the result does not depend on the order of ingest.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from provenance.corroborate.flow import disjoint_paths
from provenance.corroborate.index import EvidenceIndex

MAX_CYCLES = 50


@dataclass(slots=True)
class Side:
    """The result for one side: kept roots, chains, and (supporting side) the rest."""

    roots: list[str]
    set_aside: int
    chains: list[list[str]]
    cut: list[str] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)
    echo: list[tuple[list[str], list[str]]] = field(default_factory=list)
    """``(origin ids, direct source ids)`` per echo group."""


def analyse_side(
    ix: EvidenceIndex, claim: str, roots: tuple[str, ...], max_rank: int, *, full: bool
) -> Side:
    """Chains (and with ``full`` the cut, cycles, echo groups) from ``claim`` via ``roots``."""
    rank = ix.rank
    all_ranks = max_rank == 5
    kept = list(roots) if all_ranks else [r for r in roots if rank.get(r, 0) <= max_rank]
    if not kept:
        return Side(kept, len(roots), [])
    succ_get, unit_get = ix.succ.get, ix.unit.get
    # One depth-first pass: the post-order, the unit of every item reached, the contracted
    # graph (unit successors, units holding an origin), whether a cycle was met, and for the
    # echo groups the origins each item reaches (a bit mask; exact when acyclic).
    uof: dict[str, str] = {}  # item reached -> its unit
    order: list[str] = []
    adj: dict[str, list[str]] = {}
    sinks: set[str] = set()
    masks: dict[str, int] = {}  # item finished -> the origins it reaches
    origins: list[str] = []  # in the order met; bit i is origins[i]
    has_cycle = False
    for r in kept:
        if r in uof:
            continue
        uof[r] = unit_get(r, r)
        out = succ_get(r)
        stack = [(r, out, iter(out or ()))]
        while stack:
            node, out, it = stack[-1]
            for y in it:
                if y in uof:
                    if y not in masks:
                        has_cycle = True
                elif all_ranks or rank.get(y, 0) <= max_rank:
                    unit = uof[y] = unit_get(y, y)
                    y_out = succ_get(y)
                    if y_out:
                        stack.append((y, y_out, iter(y_out)))
                        break
                    # an origin: finished at once (the post-order is unchanged)
                    order.append(y)
                    sinks.add(unit)
                    masks[y] = 1 << len(origins)
                    origins.append(y)
            else:
                stack.pop()
                order.append(node)
                ux = uof[node]
                if not out:
                    sinks.add(ux)
                    masks[node] = 1 << len(origins)
                    origins.append(node)
                    continue
                m = 0
                for y in out:
                    uy = uof.get(y)
                    if uy is not None:
                        m |= masks.get(y, 0)
                        if uy != ux:
                            units = adj.get(ux)
                            if units is None:
                                adj[ux] = [uy]
                            elif uy not in units:
                                units.append(uy)
                masks[node] = m
    for units in adj.values():
        units.sort()
    first = sorted({uof[r] for r in kept})
    flow = disjoint_paths(first, adj, sinks)
    chains = _chains(ix, uof, claim, kept, order, flow.paths)
    side = Side(kept, len(roots) - len(kept), chains)
    if full:
        cut_units = set(flow.cut)
        side.cut = sorted([x for x in order if uof[x] in cut_units])
        if has_cycle:
            side.cycles = _cycles(ix, uof, order)
            masks = _masks_with_cycles(ix, uof, kept, origins)
        side.echo = _echo_groups(uof, kept, origins, masks)
    return side


def reach(ix: EvidenceIndex, roots: list[str], max_rank: int) -> tuple[list[str], bool]:
    """Items reachable from ``roots`` in post-order, and whether a citation cycle was met."""
    succ, rank = ix.succ, ix.rank
    state: dict[str, bool] = {}  # False while on the stack, True when finished
    order: list[str] = []
    has_cycle = False
    for r in roots:
        if r in state:
            continue
        state[r] = False
        stack = [(r, iter(succ.get(r, ())))]
        while stack:
            node, it = stack[-1]
            for y in it:
                seen = state.get(y)
                if seen is None:
                    if max_rank == 5 or rank.get(y, 0) <= max_rank:
                        state[y] = False
                        stack.append((y, iter(succ.get(y, ()))))
                        break
                elif not seen:
                    has_cycle = True
            else:
                stack.pop()
                state[node] = True
                order.append(node)
    return order, has_cycle


def _chains(
    ix: EvidenceIndex,
    uof: dict[str, str],
    claim: str,
    roots: list[str],
    order: list[str],
    paths: list[list[str]],
) -> list[list[str]]:
    """Per unit path of the flow, an item chain from ``claim`` to an origin through the
    units of that path only (sorted).

    ``uof``: the unit of every item reached (and only of those). Prefers real citations
    (breadth-first, shortest); when the path needs to enter a unit at one item and leave it
    from another with no citation between them, follows the flow path unit by unit and
    lists both items (see :mod:`provenance.corroborate`). The paths share no unit, so one
    breadth-first search serves them all: an item only ever steps to items of its own
    path, and the items of one path are met in the order of a search for that path alone.
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
            chain = [x]
            while chain[-1] != claim:
                chain.append(parent[chain[-1]])
            chain.reverse()
            found[i] = chain
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
    return sorted(
        [
            chain if chain is not None else _chain_along(ix, uof, claim, roots, order, path)
            for chain, path in zip(found, paths, strict=True)
        ]
    )


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

    def inside(start: str, unit: str) -> dict[str, str]:
        """Breadth-first parents of the items reachable from ``start`` within ``unit``."""
        parents = {start: start}
        queue = [start]
        for x in queue:
            for y in succ_get(x, ()):
                if y not in parents and uof.get(y) == unit:
                    parents[y] = x
                    queue.append(y)
        return parents

    def walk(parents: dict[str, str], start: str, end: str) -> list[str]:
        if end not in parents:
            return [end]  # a step inside the unit, not a citation
        out = [end]
        while out[-1] != start:
            out.append(parents[out[-1]])
        return out[-2::-1]

    cur = next(r for r in roots if uof[r] == path[0])
    chain = [claim, cur]
    for here, there in itertools.pairwise(path):
        parents = inside(cur, here)
        candidates = list(parents) + [x for x in members[here] if x not in parents]
        x, y = next((x, y) for x in candidates for y in succ_get(x, ()) if uof.get(y) == there)
        chain += [*walk(parents, cur, x), y]
        cur = y
    parents = inside(cur, path[-1])
    origins = [x for x in parents if not succ_get(x)] or [
        x for x in members[path[-1]] if not succ_get(x)
    ]
    chain += walk(parents, cur, origins[0])
    return chain


def _cycles(ix: EvidenceIndex, uof: dict[str, str], items: list[str]) -> list[list[str]]:
    """Elementary citation cycles among ``items`` (at most :data:`MAX_CYCLES`).

    ``uof`` holds exactly ``items``. Each cycle is found once, from its smallest item, by a
    search of the simple paths through larger items; when there are more than
    :data:`MAX_CYCLES` cycles, or the search grows large, networkx picks them instead (its
    choice of which 50 is the normative one).
    """
    succ_get = ix.succ.get
    found: list[list[str]] = []
    budget = _CYCLE_BUDGET
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
                        return _nx_cycles(ix, items)
                elif y > s and y not in on_path and y in uof:
                    path.append(y)
                    on_path.add(y)
                    stack.append(iter(succ_get(y, ())))
                    break
            else:
                on_path.discard(path.pop())
                stack.pop()
            if budget < 0:
                return _nx_cycles(ix, items)
    return sorted(found, key=lambda c: (len(c), c))


_CYCLE_BUDGET = 20_000
"""Edges the cycle search may follow before it leaves the work to networkx."""


def _nx_cycles(ix: EvidenceIndex, items: list[str]) -> list[list[str]]:
    """:func:`_cycles` by networkx ``simple_cycles`` (the first :data:`MAX_CYCLES`)."""
    from itertools import islice

    import networkx as nx

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


def _masks_with_cycles(
    ix: EvidenceIndex, uof: dict[str, str], roots: list[str], origins: list[str]
) -> dict[str, int]:
    """The origins each root reaches (bit ``i`` is ``origins[i]``), one search per root."""
    succ_get = ix.succ.get
    bit = {o: 1 << i for i, o in enumerate(origins)}
    masks: dict[str, int] = {}
    for r in roots:
        seen = {r}
        todo = [r]
        m = 0
        while todo:
            x = todo.pop()
            m |= bit.get(x, 0)
            for y in succ_get(x, ()):
                if y not in seen and y in uof:
                    seen.add(y)
                    todo.append(y)
        masks[r] = m
    return masks


def _echo_groups(
    uof: dict[str, str], roots: list[str], origins: list[str], masks: dict[str, int]
) -> list[tuple[list[str], list[str]]]:
    """Direct supporting items grouped by the set of origin units they trace back to.

    ``masks``: per root, the origins it reaches (bit ``i`` is ``origins[i]``).
    """
    unit_bits: dict[str, int] = {}
    for i, o in enumerate(origins):
        u = uof[o]
        unit_bits[u] = unit_bits.get(u, 0) | (1 << i)
    per_item = len(unit_bits) == len(origins)  # every origin its own unit: key = mask
    bits = list(unit_bits.values())
    groups: dict[int, tuple[int, list[str]]] = {}
    for r in roots:
        m = masks[r]
        key = m
        if not per_item:
            key = 0  # the mask of every origin in the units reached
            for ub in bits:
                if m & ub:
                    key |= ub
        group = groups.get(key)
        if group is None:
            groups[key] = (m, [r])
        else:
            group[1].append(r)
            groups[key] = (group[0] | m, group[1])
    by_id = sorted([(o, 1 << i) for i, o in enumerate(origins)])
    result = [([o for o, b in by_id if m & b], sorted(members)) for m, members in groups.values()]
    result.sort(key=lambda g: (-len(g[1]), g[0], g[1]))
    return result
