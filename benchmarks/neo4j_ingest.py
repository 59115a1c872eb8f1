"""Neo4j backend benchmark against the Bolt server it starts (the pinned ArcadeDB server).

1. Ingest of the synthetic graph (default 100k sources, :func:`generate.generate_batch`)
   through :meth:`Neo4jStore.ingest`: one transaction, ``UNWIND`` batches, audit event.
2. Baseline in the same run: one transaction per row (each node, then each edge, its own
   ``execute_write``) over a sample, compared with the batched path on the same sample
   and with the full ingest (rows per second; target: batched at least 20x faster).
3. Latency of one claim's upstream evidence graph over 1,000 random claims (p50 / p99;
   target p99 under 50 ms on the 100k-source graph) through the one traversal,
   :func:`provenance.store.upstream.walk` (one pair of reads per depth).

Usage: ``python benchmarks/neo4j_ingest.py [--sources 100000] [--sample 2000]
[--claims 1000] [--venv .venv-bolt]``. Set ``NEO4J_URI`` (and credentials) to run against
another server instead; it must be a disposable database (it is wiped first).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, LiteralString

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate_batch  # noqa: E402

from provenance.store.catalog import create_query, merge_edges_query  # noqa: E402
from provenance.store.neo4j import Neo4jStore  # noqa: E402
from provenance.store.rows import Batch, EdgeRow, NodeRow, json_text  # noqa: E402


def _bolt_server() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bolt_server", REPO / "scripts" / "bolt_server.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bolt_server"] = module
    spec.loader.exec_module(module)
    return module


def prefixed(batch: Batch, prefix: str) -> Batch:
    """``batch`` with every id prefixed (a disjoint copy in the same database)."""
    out = Batch()
    out.nodes = [replace(n, id=prefix + n.id) for n in batch.nodes]
    out.edges = [
        EdgeRow(prefix + e.src, e.rel, prefix + e.dst, prefix + e.owner, e.props)
        for e in batch.edges
    ]
    out.where = {prefix + k: v for k, v in batch.where.items()}
    return out


def _one(session: Any, cypher: LiteralString, row: list[str], **params: str) -> None:
    def work(tx: Any) -> None:
        tx.run(cypher, rows=[row], **params).consume()

    session.execute_write(work)


def per_row(store: Neo4jStore, nodes: list[NodeRow], edges: list[EdgeRow]) -> float:
    """The baseline: one write transaction per node and per edge. Returns seconds."""
    start = time.perf_counter()
    with store.bolt.session() as session:
        for n in nodes:
            row = [n.id, json_text(n.data), n.hash]
            _one(session, create_query(n.label), row, label=n.label)
        for e in edges:
            _one(session, merge_edges_query(e.rel), [e.src, e.dst, e.owner, json_text(e.props)])
    return time.perf_counter() - start


def percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p = statistics.quantiles(ordered, n=100, method="inclusive")
    return p[49] * 1000, p[98] * 1000, ordered[-1] * 1000


def server_peak_rss(pid: int | None) -> str:
    if pid is None:
        return "n/a"
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return f"{int(line.split()[1]) / 1024:.0f} MiB"
    except OSError:
        pass
    return "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000, help="sources in the baseline sample")
    parser.add_argument("--claims", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path(os.environ.get("PROVENANCE_BOLT_VENV", REPO / ".venv-bolt")),
    )
    parser.add_argument("--heap", default="6g")
    args = parser.parse_args(argv)

    server = None
    if not os.environ.get("NEO4J_URI"):
        t0 = time.perf_counter()
        server = _bolt_server().BoltServer.start(args.venv, heap=args.heap)
        os.environ.update({k: v for k, v in server.env().items() if k != "NEO4J_URI"})
        uri = server.uri
        print(
            f"Bolt server (ArcadeDB, pid {server.pid}) ready in {time.perf_counter() - t0:.1f} s at {uri}"
        )
    else:
        uri = os.environ["NEO4J_URI"]
    try:
        store = Neo4jStore.from_uri(uri)
        with store.bolt.session() as session:
            session.run("MATCH (n) DETACH DELETE n").consume()
        store.init()

        t0 = time.perf_counter()
        batch = generate_batch(args.sources, args.seed)
        rows = len(batch.nodes) + len(batch.edges)
        print(
            f"generated {len(batch.nodes):,} nodes, {len(batch.edges):,} edges in {time.perf_counter() - t0:.1f} s"
        )

        t0 = time.perf_counter()
        report = store.ingest(batch, actor="bench", reason="benchmark")
        full = time.perf_counter() - t0
        assert report.created == len(batch.nodes)
        full_rate = rows / full
        print(
            f"batched ingest (one transaction): {full:.1f} s, {full_rate:,.0f} rows/s ({rows:,} rows + audit)"
        )
        t0 = time.perf_counter()
        again = store.ingest(batch, actor="bench")
        print(
            f"re-ingest (all unchanged, no writes): {time.perf_counter() - t0:.1f} s; event {again.event_seq}"
        )

        sample = generate_batch(args.sample, args.seed + 1)
        s_rows = len(sample.nodes) + len(sample.edges)
        base = prefixed(sample, "baseline-")
        base_s = per_row(store, base.nodes, base.edges)
        base_rate = s_rows / base_s
        print(
            f"baseline, one transaction per row ({args.sample:,}-source sample, {s_rows:,} rows): {base_s:.1f} s, {base_rate:,.0f} rows/s"
        )
        t0 = time.perf_counter()
        store.ingest(prefixed(sample, "batched-"), actor="bench")
        small_s = time.perf_counter() - t0
        print(f"batched, same sample: {small_s:.2f} s, {s_rows / small_s:,.0f} rows/s")
        print(
            f"speed-up: {s_rows / small_s / base_rate:.1f}x on the sample, {full_rate / base_rate:.1f}x full ingest vs baseline (target >= 20x)"
        )

        claims = [n.id for n in batch.nodes if n.label == "Claim"]
        rng = random.Random(args.seed)
        picked = [rng.choice(claims) for _ in range(args.claims)]
        for cid in picked[:20]:  # warm-up
            store.upstream_graph([cid])
        times, sizes = [], []
        for cid in picked:
            t0 = time.perf_counter()
            g = store.upstream_graph([cid])
            times.append(time.perf_counter() - t0)
            sizes.append(g.number_of_nodes())
        p50, p99, worst = percentiles(times)
        print(
            f"upstream graph of one claim, {len(picked):,} random claims (mean {statistics.mean(sizes):.1f} nodes): p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms (target p99 < 50 ms)"
        )
        counts = store.counts()
        print(
            f"store: {sum(counts.nodes.values()):,} nodes, {sum(counts.edges.values()):,} edges, {counts.audit_events} audit events"
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"peak memory: client {peak:.0f} MiB (ru_maxrss), server {server_peak_rss(server.pid if server else None)} (VmHWM)"
        )
        store.close()
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
