"""The analysis of one side (supporting or contradicting) of one claim on an evidence index.

The semantics are documented in :mod:`provenance.corroborate`; this module is the fast
path shared by every entry point (one claim, ``--all`` over a million sources). Everything
visits items in sorted order, so the result does not depend on the order of ingest.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field

from provenance.evidence import EvidenceIndex
from provenance.paths import disjoint_paths

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
    kept = [r for r in roots if rank.get(r, 0) <= max_rank] if max_rank < 5 else list(roots)
    if not kept:
        return Side(kept, len(roots), [])
    order, has_cycle = reach(ix, kept, max_rank)
    unit_get = ix.unit.get
    succ = ix.succ
    adj: dict[str, set[str]] = {}
    sinks: set[str] = set()
    for x in order:
        ux = unit_get(x, x)
        out = succ.get(x)
        if not out:
            sinks.add(ux)
            continue
        for y in out:
            if max_rank == 5 or rank.get(y, 0) <= max_rank:
                uy = unit_get(y, y)
                if uy != ux:
                    if ux in adj:
                        adj[ux].add(uy)
                    else:
                        adj[ux] = {uy}
    first = sorted({unit_get(r, r) for r in kept})
    flow = disjoint_paths(first, {u: sorted(vs) for u, vs in adj.items()}, sinks)
    chains = sorted(_chain(ix, claim, kept, order, p, max_rank) for p in flow.paths)
    side = Side(kept, len(roots) - len(kept), chains)
    if full:
        cut_units = set(flow.cut)
        side.cut = sorted(x for x in order if unit_get(x, x) in cut_units)
        if has_cycle:
            side.cycles = _cycles(ix, order)
        side.echo = _echo_groups(ix, kept, order, has_cycle, max_rank)
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


def _chain(
    ix: EvidenceIndex,
    claim: str,
    roots: list[str],
    order: list[str],
    path: list[str],
    max_rank: int,
) -> list[str]:
    """An item chain from ``claim`` to an origin through the units of ``path`` only.

    Prefers real citations (breadth-first, shortest); when the path needs to enter a unit
    at one item and leave it from another with no citation between them, follows the flow
    path unit by unit and lists both items (see :mod:`provenance.corroborate`).
    """
    succ, rank, unit_get = ix.succ, ix.rank, ix.unit.get
    units = set(path)
    parent: dict[str, str] = {}
    queue: deque[str] = deque()
    for r in roots:
        if unit_get(r, r) in units and r not in parent:
            parent[r] = claim
            queue.append(r)
    while queue:
        x = queue.popleft()
        out = succ.get(x)
        if not out:
            chain = [x]
            while chain[-1] != claim:
                chain.append(parent[chain[-1]])
            chain.reverse()
            return chain
        for y in out:
            if (
                y not in parent
                and unit_get(y, y) in units
                and (max_rank == 5 or rank.get(y, 0) <= max_rank)
            ):
                parent[y] = x
                queue.append(y)
    return _chain_along(ix, claim, roots, order, path, max_rank)


def _chain_along(
    ix: EvidenceIndex,
    claim: str,
    roots: list[str],
    order: list[str],
    path: list[str],
    max_rank: int,
) -> list[str]:
    """Follow the unit path, stepping between two items of one unit where it must."""
    succ, rank, unit_get = ix.succ, ix.rank, ix.unit.get
    members: dict[str, list[str]] = {}
    for x in sorted(order):
        members.setdefault(unit_get(x, x), []).append(x)

    def kept(y: str) -> bool:
        return max_rank == 5 or rank.get(y, 0) <= max_rank

    def inside(start: str, unit: str) -> dict[str, str]:
        """Breadth-first parents of the items reachable from ``start`` within ``unit``."""
        parents = {start: start}
        queue = deque([start])
        while queue:
            x = queue.popleft()
            for y in succ.get(x, ()):
                if y not in parents and unit_get(y, y) == unit and kept(y):
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

    cur = next(r for r in roots if unit_get(r, r) == path[0])
    chain = [claim, cur]
    for here, there in itertools.pairwise(path):
        parents = inside(cur, here)
        candidates = list(parents) + [x for x in members[here] if x not in parents]
        x, y = next(
            (x, y)
            for x in candidates
            for y in succ.get(x, ())
            if unit_get(y, y) == there and kept(y)
        )
        chain += [*walk(parents, cur, x), y]
        cur = y
    parents = inside(cur, path[-1])
    origins = [x for x in parents if not succ.get(x)] or [
        x for x in members[path[-1]] if not succ.get(x)
    ]
    chain += walk(parents, cur, origins[0])
    return chain


def _cycles(ix: EvidenceIndex, items: list[str]) -> list[list[str]]:
    """Elementary citation cycles among ``items`` (at most :data:`MAX_CYCLES`)."""
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


def _echo_groups(
    ix: EvidenceIndex, roots: list[str], order: list[str], has_cycle: bool, max_rank: int
) -> list[tuple[list[str], list[str]]]:
    """Direct supporting items grouped by the set of origin units they trace back to."""
    succ, unit_get = ix.succ, ix.unit.get
    origins = sorted(x for x in order if not succ.get(x))
    bit = {o: 1 << i for i, o in enumerate(origins)}
    reached: dict[str, int] = {}  # item -> bit mask of the origins it reaches
    if not has_cycle:
        for x in order:  # post-order: successors first
            out = succ.get(x)
            if not out:
                reached[x] = bit[x]
            else:
                m = 0
                for y in out:
                    m |= reached.get(y, 0)
                reached[x] = m
    else:
        for r in roots:
            m = 0
            for x in reach(ix, [r], max_rank)[0]:
                m |= bit.get(x, 0)
            reached[r] = m
    unit_bits: dict[str, int] = {}
    for o in origins:
        u = unit_get(o, o)
        unit_bits[u] = unit_bits.get(u, 0) | bit[o]
    groups: dict[int, tuple[int, list[str]]] = {}
    for r in roots:
        m = reached[r]
        key = 0  # the mask of every origin in the units reached
        for ub in unit_bits.values():
            if m & ub:
                key |= ub
        seen, members = groups.get(key, (0, []))
        members.append(r)
        groups[key] = (seen | m, members)
    result = [
        ([o for o in origins if m & bit[o]], sorted(members)) for m, members in groups.values()
    ]
    result.sort(key=lambda g: (-len(g[1]), g[0], g[1]))
    return result
