"""Vertex-disjoint paths and a minimum vertex cut on a small contracted graph (Menger).

The corroboration of one claim is a max-flow problem on a graph of a few dozen vertices:
a virtual source ``S`` (the claim), one vertex per independence unit, and a virtual sink
``T`` behind every unit that contains an origin. Every unit has capacity 1, every edge
unbounded capacity, so the maximum flow is the largest number of unit-disjoint paths from
``S`` to ``T`` and equals the smallest number of units whose removal separates them.

This module is a specialised augmenting-path search, pure Python and fast on such small
graphs: a greedy phase first takes paths through unused units by depth-first search (a
unit that once failed to reach the sink never will, so the phase is linear), then
Ford–Fulkerson with breadth-first search on the residual graph of the split vertices
``u_in -> u_out`` undoes greedy choices until no augmenting path is left (usually the
greedy paths are already maximum and one search proves it; that search also yields the
cut). Neighbours are visited in the order given, so equal inputs give equal paths
(callers pass sorted lists).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_S = "\x00S"  # the virtual source; units are never empty strings starting with NUL
_T = "\x00T"  # the virtual sink


@dataclass(frozen=True, slots=True)
class DisjointPaths:
    """A maximum set of vertex-disjoint paths and a minimum vertex cut.

    ``paths`` are unit sequences from a first unit (a successor of the source) to a unit
    that reaches the sink; ``cut`` is the minimum vertex cut closest to the source (the
    units whose inner edge leaves the residual-reachable set), sorted. By Menger's theorem
    ``len(cut) == len(paths)``.
    """

    paths: list[list[str]]
    cut: list[str]


def disjoint_paths(
    first: Sequence[str], adj: Mapping[str, Sequence[str]], sinks: set[str] | frozenset[str]
) -> DisjointPaths:
    """Maximum unit-disjoint paths from a virtual source to a virtual sink.

    ``first``: the units the source has an edge to. ``adj``: unit → successor units
    (no self-loops needed; they are ignored). ``sinks``: units with an edge to the sink.
    """
    prv: dict[str, str] = {}  # unit -> predecessor on its path (a unit or _S)
    nxt: dict[str, str] = {}  # unit -> successor on its path (a unit or _T)
    _greedy(first, adj, sinks, prv, nxt)
    while True:
        found, parent, reached_in, reached_out = _search(first, adj, sinks, prv, nxt)
        if found is None:
            cut = sorted(u for u in reached_in if u not in reached_out)
            starts = sorted(u for u, p in prv.items() if p == _S)
            paths = []
            for u in starts:
                path = [u]
                while nxt[path[-1]] != _T:
                    path.append(nxt[path[-1]])
                paths.append(path)
            return DisjointPaths(paths=paths, cut=cut)
        _augment(found, parent, prv, nxt)


def _greedy(
    first: Sequence[str],
    adj: Mapping[str, Sequence[str]],
    sinks: set[str] | frozenset[str],
    prv: dict[str, str],
    nxt: dict[str, str],
) -> None:
    """Take disjoint paths through unused units, depth first, never undoing a choice."""
    dead: set[str] = set()
    for start in first:
        if start in prv or start in dead:
            continue
        path = [start]
        on_path = {start}
        stack = [iter(adj.get(start, ()))]
        while path:
            u = path[-1]
            if u in sinks:
                prv[path[0]] = _S
                for a, b in itertools.pairwise(path):
                    nxt[a] = b
                    prv[b] = a
                nxt[u] = _T
                break
            for v in stack[-1]:
                if v not in prv and v not in dead and v not in on_path:
                    path.append(v)
                    on_path.add(v)
                    stack.append(iter(adj.get(v, ())))
                    break
            else:
                dead.add(path.pop())
                stack.pop()


_State = tuple[str, bool]  # (unit, is_out); (_S, True) is the source, (_T, False) the sink


def _search(
    first: Sequence[str],
    adj: Mapping[str, Sequence[str]],
    sinks: set[str] | frozenset[str],
    prv: dict[str, str],
    nxt: dict[str, str],
) -> tuple[_State | None, dict[_State, _State], set[str], set[str]]:
    """One breadth-first search for an augmenting path in the residual graph."""
    source: _State = (_S, True)
    parent: dict[_State, _State] = {source: source}
    reached_in: set[str] = set()
    reached_out: set[str] = set()
    queue: deque[_State] = deque()
    for u in first:
        state = (u, False)
        if state not in parent:
            parent[state] = source
            reached_in.add(u)
            queue.append(state)
    while queue:
        state = queue.popleft()
        u, is_out = state
        moves: list[_State] = []
        if not is_out:
            if u not in prv:
                moves.append((u, True))  # through the unused unit
            else:
                p = prv[u]  # back along the flow edge p -> u
                if p != _S:
                    moves.append((p, True))
        else:
            if u in sinks and nxt.get(u) != _T:
                parent[(_T, False)] = state
                return (_T, False), parent, reached_in, reached_out
            if u in prv:
                moves.append((u, False))  # back through the unit's used inner edge
            moves.extend((v, False) for v in adj.get(u, ()) if v != u)
        for move in moves:
            if move not in parent:
                parent[move] = state
                (reached_out if move[1] else reached_in).add(move[0])
                queue.append(move)
    return None, parent, reached_in, reached_out


def _augment(
    end: _State, parent: dict[_State, _State], prv: dict[str, str], nxt: dict[str, str]
) -> None:
    """Push one unit of flow along the path ending at ``end``."""
    steps: list[tuple[_State, _State]] = []
    state = end
    while parent[state] != state:
        steps.append((parent[state], state))
        state = parent[state]
    steps.reverse()
    for (a, a_out), (b, b_out) in steps:
        if a_out and not b_out and a != b:  # forward edge a_out -> b_in (or -> sink)
            if b == _T:
                nxt[a] = _T
            else:
                prv[b] = a
                if a != _S:
                    nxt[a] = b
        elif a == b and not a_out and b_out:  # through the unit: now used
            pass  # prv was set when entering
        elif a == b and a_out and not b_out:  # back through the unit: no longer used
            prv.pop(a, None)
            nxt.pop(a, None)
        # a_in -> b_out (cancelling b -> a): the next forward step overwrites nxt[b]
