"""Per claim: our corroboration (full analysis, and the flow alone) against networkx's
``node_disjoint_paths`` and python-igraph's ``vertex_connectivity`` on the same contracted
graphs, in one process (a part of ``benchmarks/corroborate.py``).

The full analysis is the whole result as plain data (``analyse_dict``: chains, links,
cut, echo groups, cycles, names, suggested grade and explanation), the object that
``corroborate --all --json`` and ``corroborate ID --json`` encode; the same with its JSON
bytes, and built as pydantic models instead (what the text output reads), are printed
beside it. Each contender first warms up over 50 claims (lazy imports and first-use caches
are not per-claim work), then passes over all the claims ROUNDS times in a row, and is
timed twice: by its best pass (as ``timeit`` advises: on a shared machine a pass is only
ever slowed by others), with what it reads in the processor's caches, as in a loop over
claims that share their sources; and by its first pass, which starts where the contender
before it filled the caches with its own data, as for claims that share nothing (the
sample's claims are drawn at random from the whole store, so each pass reads as much as a
few hundred claims' worth of memory before it meets one claim's items again)."""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

ROUNDS = 3
"""Passes over the claims per contender (see the module docstring)."""


def bench_per_claim(store: str, claims: list[str]) -> dict[str, float]:
    """Per claim: ours (full analysis, and the flow alone) vs networkx and igraph."""
    import igraph as ig
    import networkx as nx

    from provenance.corroborate.analysis import reach
    from provenance.corroborate.index import index_from_graph
    from provenance.corroborate.kernel import native
    from provenance.store import open_store

    kernel = "compiled (provenance.corroborate.native)" if native else "NOT BUILT: pure Python"

    with open_store(store) as s:
        graph = s.upstream_graph(claims)
    ix = index_from_graph(graph, claims)
    contracted = []
    for cid in claims:
        roots = list(ix.supported_by[cid])
        order, _ = reach(ix, roots, 5)
        adj: dict[str, set[str]] = {}
        sinks = set()
        for x in order:
            ux = ix.unit_of(x)
            if not ix.succ.get(x):
                sinks.add(ux)
            for y in ix.succ.get(x, ()):
                if ix.unit_of(y) != ux:
                    adj.setdefault(ux, set()).add(ix.unit_of(y))
        first = sorted({ix.unit_of(r) for r in roots})
        contracted.append((first, {u: sorted(v) for u, v in adj.items()}, sinks))

    def nx_graph(first: list[str], adj: dict[str, list[str]], sinks: set[str]) -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_edges_from(("\x00S", u) for u in first)
        g.add_edges_from((u, v) for u, vs in adj.items() for v in vs)
        g.add_edges_from((u, "\x00T") for u in sinks)
        g.add_nodes_from(["\x00S", "\x00T"])
        return g

    nx_graphs = [nx_graph(*c) for c in contracted]
    ig_graphs = [ig.Graph.from_networkx(g) for g in nx_graphs]

    # the index and the graphs are built once: frozen out of the cyclic collector, as
    # `corroborate --all` freezes the index before its workers analyse the claims (left in,
    # every collection the timed loops' allocations trigger walks them: the same loops
    # measured 1.5-12x slower, and networkx's baseline 370-680 us, from one process to the
    # next, with what was collected when)
    gc.collect()
    gc.freeze()
    try:
        return _compare(claims, ix, contracted, nx_graphs, ig_graphs, kernel)
    finally:
        gc.unfreeze()


def _compare(
    claims: list[str],
    ix: Any,
    contracted: list[Any],
    nx_graphs: list[Any],
    ig_graphs: list[Any],
    kernel: str,
) -> dict[str, float]:
    """The timed loops of :func:`bench_per_claim` over its prepared graphs."""
    import networkx as nx

    from provenance.corroborate import analyse
    from provenance.corroborate.analysis import analyse_dict, analyse_json_bytes, reach
    from provenance.corroborate.flow import disjoint_paths

    def timed(**contenders: Callable[[int], int]) -> dict[str, tuple[float, float, list[int]]]:
        """Per contender: its best and its first pass's time per claim (us), and its
        answers."""
        got: dict[str, tuple[float, float, list[int]]] = {}
        for name, fn in contenders.items():
            for i in range(min(50, len(claims))):
                fn(i)
            passes, answers = [], []
            for _ in range(ROUNDS):
                t = time.perf_counter()
                answers.append([fn(i) for i in range(len(claims))])
                passes.append((time.perf_counter() - t) / len(claims) * 1e6)
            assert all(a == answers[0] for a in answers), f"{name} changed its answers"
            got[name] = (min(passes), passes[0], answers[0])
        return got

    def nx_count(i: int) -> int:
        try:
            return len(list(nx.node_disjoint_paths(nx_graphs[i], "\x00S", "\x00T")))
        except nx.NetworkXNoPath:
            return 0

    def ig_count(i: int) -> int:
        g = ig_graphs[i]
        names = g.vs["_nx_name"]
        s, t = names.index("\x00S"), names.index("\x00T")
        return int(g.vertex_connectivity(source=s, target=t, neighbors="negative"))

    got = timed(
        nx=nx_count,
        igraph=ig_count,
        flow=lambda i: len(disjoint_paths(*contracted[i]).paths),
        full=lambda i: analyse_dict(ix, claims[i], 5)["independent_paths"],
        json=lambda i: len(analyse_json_bytes(ix, claims[i], 5)),
        models=lambda i: analyse(ix, claims[i], 5).independent_paths,
    )
    counts = [got[name][2] for name in ("nx", "igraph", "flow", "full", "models")]
    assert all(c == counts[0] for c in counts), "implementations disagree"  # (json: lengths)
    best = {name: b for name, (b, _, _) in got.items()}
    first = {name: f for name, (_, f, _) in got.items()}
    mean_upstream = statistics.mean(len(reach(ix, list(ix.supported_by[c]), 5)[0]) for c in claims)
    print(
        f"per claim ({len(claims)} claims, mean upstream {mean_upstream:.1f} items; us per claim,"
        f" the best of {ROUNDS} passes in a row, then the first pass; see corroborate_per_claim.py):"
    )
    print(f"  the kernel: {kernel}")
    rows = [
        ("networkx node_disjoint_paths (baseline, contracted graph given)", "nx", ""),
        ("ours, flow only (provenance.corroborate.flow)", "flow", "target: <= igraph's"),
        ("ours, full analysis (chains, cut, echo, cycles, grade, names)", "full", "target >= 20x"),
        ("  + JSON bytes (what --all --json and ID --json print)", "json", ""),
        ("  as pydantic models instead (what the text output reads)", "models", ""),
        ("igraph vertex_connectivity (reference)", "igraph", ""),
    ]
    for label, name, target in rows:
        line = f"  {label:<64} {best[name]:7,.1f} {first[name]:7,.1f}"
        if name != "nx":
            line += f"  ({best['nx'] / best[name]:5.1f}x {first['nx'] / first[name]:5.1f}x)"
        if target:
            line += f"  {target}" + (
                f" {best['igraph']:,.1f} {first['igraph']:,.1f}" if name == "flow" else ""
            )
        print(line)
    print(f"  identical counts: yes; load average {os.getloadavg()[0]:.2f}")
    return {**best, "full first": first["full"], "nx first": first["nx"]}
