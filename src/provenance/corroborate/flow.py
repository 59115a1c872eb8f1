"""Vertex-disjoint paths and a minimum vertex cut on a small contracted graph (Menger).

The corroboration of one claim is a max-flow problem on a graph of a few dozen vertices:
a virtual source ``S`` (the claim), one vertex per independence unit, and a virtual sink
``T`` behind every unit that contains an origin. Every unit has capacity 1, every edge
unbounded capacity, so the maximum flow is the largest number of unit-disjoint paths from
``S`` to ``T`` and equals the smallest number of units whose removal separates them.

This module is a specialised augmenting-path search, fast on such small graphs: a greedy
phase first takes paths through unused units by depth-first search (a unit that once
failed to reach the sink never will, so the phase is linear), then
Ford–Fulkerson with breadth-first search on the residual graph of the split vertices
``u_in -> u_out`` undoes greedy choices until no augmenting path is left (usually the
greedy paths are already maximum and one search proves it; that search also yields the
cut; none is needed when every first unit starts a greedy path). Neighbours are visited in
the order given, so equal inputs give equal paths (callers pass sorted lists).

:func:`python_disjoint_paths` is the definition, in Python; :func:`disjoint_paths` runs
the same search compiled (:mod:`provenance.corroborate.native`, about ten times faster),
which returns equal paths and cuts (``tests/corroborate/test_native.py`` compares the two on
random graphs), and falls back to the definition where the kernel was not built.

Examples
--------
Two outlets ``a`` and ``b`` that both repeat one post ``m`` (the only origin): one path,
and ``m`` is the cut.

>>> r = disjoint_paths(["a", "b"], {"a": ["m"], "b": ["m"]}, {"m"})
>>> r.paths, r.cut
([['a', 'm']], ['m'])

The greedy phase first sends ``a`` to the origin ``x``, leaving ``b`` stuck; the
augmenting search reroutes ``a`` through ``y``:

>>> r = disjoint_paths(["a", "b"], {"a": ["x", "y"], "b": ["x"]}, {"x", "y"})
>>> r.paths, r.cut
([['a', 'y'], ['b', 'x']], ['a', 'b'])
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from provenance.corroborate.kernel import native

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
    first: Sequence[str], adj: dict[str, list[str]], sinks: set[str] | frozenset[str]
) -> DisjointPaths:
    """:func:`python_disjoint_paths`, by the compiled kernel where it is built.

    >>> disjoint_paths(["a", "b"], {"a": ["x", "y"], "b": ["x"]}, {"x", "y"}).cut
    ['a', 'b']
    """
    if native is None:
        return python_disjoint_paths(first, adj, sinks)
    paths, cut = native.disjoint_paths(first, adj, sinks)
    return DisjointPaths(paths=paths, cut=cut)


def python_disjoint_paths(
    first: Sequence[str], adj: Mapping[str, Sequence[str]], sinks: set[str] | frozenset[str]
) -> DisjointPaths:
    """Maximum unit-disjoint paths from a virtual source to a virtual sink.

    ``first``: the units the source has an edge to. ``adj``: unit → successor units
    (no self-loops needed; they are ignored). ``sinks``: units with an edge to the sink.

    >>> python_disjoint_paths(["a"], {"a": ["b"]}, set())
    DisjointPaths(paths=[], cut=[])
    """
    prv: dict[str, str] = {}  # unit -> predecessor on its path (a unit or _S)
    nxt: dict[str, str] = {}  # unit -> successor on its path (a unit or _T)
    _greedy(first, adj, sinks, prv, nxt)
    starts = sorted([u for u, p in prv.items() if p == _S])
    if len(starts) == len(first):
        # every first unit carries a path: the flow is maximum, and the residual graph
        # reaches the inner vertex of no unit (each first unit's inner edge is used and
        # the source is behind it), so the cut closest to the source is ``first``
        cut = starts
    else:
        while True:
            found, par_in, par_out = _search(first, adj, sinks, prv, nxt)
            if found is None:
                break
            _augment(found, par_in, par_out, prv, nxt)
        cut = sorted([u for u in par_in if u not in par_out])
        starts = sorted([u for u, p in prv.items() if p == _S])
    paths = []
    for u in starts:
        path = [u]
        v = nxt[u]
        while v != _T:
            path.append(v)
            v = nxt[v]
        paths.append(path)
    return DisjointPaths(paths=paths, cut=cut)


def _greedy(
    first: Sequence[str],
    adj: Mapping[str, Sequence[str]],
    sinks: set[str] | frozenset[str],
    prv: dict[str, str],
    nxt: dict[str, str],
) -> None:
    """Take disjoint paths through unused units, depth first, never undoing a choice."""
    seen: set[str] = set()  # units ever on a path: now used by one, or dead, or on it
    adj_get = adj.get
    for start in first:
        if start in seen:
            continue
        path = [start]
        seen.add(start)
        stack = [iter(adj_get(start, ()))]
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
                if v not in seen:
                    path.append(v)
                    seen.add(v)
                    stack.append(iter(adj_get(v, ())))
                    break
            else:
                path.pop()  # dead: a unit that once failed to reach the sink never will
                stack.pop()


def _search(
    first: Sequence[str],
    adj: Mapping[str, Sequence[str]],
    sinks: set[str] | frozenset[str],
    prv: dict[str, str],
    nxt: dict[str, str],
) -> tuple[str | None, dict[str, str], dict[str, str]]:
    """One breadth-first search for an augmenting path in the residual graph.

    Vertices are ``u_in`` and ``u_out`` per unit; ``par_in[u]`` is the unit whose out-vertex
    reached ``u_in`` (``_S`` for the source), ``par_out[u]`` the unit whose in-vertex
    reached ``u_out``. Returns the unit whose out-vertex reaches the sink (``None`` when
    no augmenting path is left) and both parent maps (their keys are the vertices reached).
    """
    par_in: dict[str, str] = {}
    par_out: dict[str, str] = {}
    queue: list[tuple[str, bool]] = []
    for u in first:
        if u not in par_in:
            par_in[u] = _S
            queue.append((u, False))
    adj_get = adj.get
    for u, is_out in queue:  # breadth first: the list grows while it is walked
        if not is_out:
            p = prv.get(u)
            if p is None:
                if u not in par_out:  # through the unused unit
                    par_out[u] = u
                    queue.append((u, True))
            elif p != _S and p not in par_out:  # back along the flow edge p -> u
                par_out[p] = u
                queue.append((p, True))
        else:
            if u in sinks and nxt.get(u) != _T:
                return u, par_in, par_out
            if u in prv and u not in par_in:  # back through the unit's used inner edge
                par_in[u] = u
                queue.append((u, False))
            for v in adj_get(u, ()):
                if v != u and v not in par_in:
                    par_in[v] = u
                    queue.append((v, False))
    return None, par_in, par_out


def _augment(
    end: str,
    par_in: dict[str, str],
    par_out: dict[str, str],
    prv: dict[str, str],
    nxt: dict[str, str],
) -> None:
    """Push one unit of flow along the path whose last out-vertex is ``end``'s."""
    states: list[tuple[str, bool]] = [(_T, False)]
    u, is_out = end, True
    while u != _S:
        states.append((u, is_out))
        u = par_out[u] if is_out else par_in[u]
        is_out = not is_out
    states.reverse()  # from the first unit's in-vertex to the sink
    a, a_out = _S, True
    for b, b_out in states:
        if a_out and not b_out and a != b:  # forward edge a_out -> b_in (or -> sink)
            if b == _T:
                nxt[a] = _T
            else:
                prv[b] = a
                if a != _S:
                    nxt[a] = b
        elif a == b and a_out and not b_out:  # back through the unit: no longer used
            prv.pop(a, None)
            nxt.pop(a, None)
        # a_in -> a_out: prv was set when entering; a_in -> b_out (cancelling b -> a):
        # the next forward step overwrites nxt[b]
        a, a_out = b, b_out
