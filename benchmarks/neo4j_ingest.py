"""Neo4j backend benchmark against a real Neo4j server, started from the pinned jars.

The server comes from ``scripts/neo4j_server.py`` (``--version``, default the 5.26 LTS;
``--heap`` / ``--pagecache``), or with ``--uri`` an existing one (credentials from
``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``; it must be disposable: it is wiped
first). Measured in one run, on the synthetic graph of ``benchmarks/generate.py``:

1. Ingest of ``--sources`` sources (default 100k) through :meth:`Neo4jStore.ingest`: one
   transaction, ``UNWIND`` batches, one audit event. Baseline in the same run: one write
   transaction per row (each node, then each edge) over a ``--sample``-source sample, its
   rate extrapolated to the full graph (printed as such). Target: batched >= 20x.
2. Upstream graph of one claim (:meth:`Store.upstream_graph`, its reads in one read
   transaction) over ``--claims`` random claims, p50 / p99, alternated claim by claim with
   the contract's default walk (a transaction per read), each with its transactions,
   queries and the time of each catalog query (``benchmarks/neo4j_measure.py``). Target:
   p99 < 50 ms.
3. ``provenance corroborate --all --json`` (the CLI, one process, credentials in its
   environment) on the Neo4j store and on a SQLite store of the same batch, ingested in the
   same run; outputs compared.
4. Peak memory: the server's heap and page cache as set, the server process's peak RSS
   (``VmHWM``); the client's: ``ru_maxrss`` of this process (it holds the generated batch)
   and each CLI process's sampled ``VmHWM``.

The load average is printed at the start and the end: other processes skew the figures.

    python benchmarks/neo4j_ingest.py [--version 5.26.30] [--sources 100000]
        [--sample 1000] [--claims 1000] [--heap 4g] [--pagecache 1g] [--uri [URI]]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, LiteralString

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from corroborate import CLI  # noqa: E402
from generate import generate_batch  # noqa: E402
from neo4j_measure import ingest_phases, run_sampled, upstream_latency, vm_hwm_mib  # noqa: E402

from provenance.store.catalog import create_query, merge_edges_query  # noqa: E402
from provenance.store.neo4j import Neo4jStore  # noqa: E402
from provenance.store.rows import Batch, EdgeRow, NodeRow, json_text  # noqa: E402
from provenance.store.sqlite import SQLiteStore  # noqa: E402


def neo4j_server_module() -> Any:
    """``scripts/neo4j_server.py`` (not a package) as a module."""
    spec = importlib.util.spec_from_file_location(
        "neo4j_server", REPO / "scripts" / "neo4j_server.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_server"] = module
    spec.loader.exec_module(module)
    return module


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


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


def corroborate_all(uri: str, out: Path) -> dict[str, Any]:
    """``provenance corroborate --all --json`` on ``uri`` as a process: wall, CPU, peak RSS."""
    argv = [CLI, "--store", uri, "--quiet", "corroborate", "--all", "--json"]
    with out.open("w") as fh:
        wall, cpu, rss = run_sampled(argv, fh)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()[:12]
    return {"wall": wall, "cpu": cpu, "rss": rss, "mb": out.stat().st_size / 1e6, "sha": digest}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    server = neo4j_server_module()
    parser.add_argument(
        "--version", choices=list(server.NEO4J_VERSIONS), default=server.LTS, help="Neo4j to start"
    )
    parser.add_argument(
        "--uri",
        nargs="?",
        const=os.environ.get("NEO4J_URI", ""),
        help="use this running server (default $NEO4J_URI) instead of starting one; it is wiped",
    )
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1_000, help="sources in the baseline sample")
    parser.add_argument("--claims", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--heap", default="4g", help="server JVM heap (default 4g)")
    parser.add_argument("--pagecache", default="1g", help="server page cache (default 1g)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"{os.cpu_count()} CPUs; load average at start {loadavg()}", flush=True)
    server = None
    if args.uri is None:
        t0 = time.perf_counter()
        server = neo4j_server_module().Neo4jServer.start(
            args.version, heap=args.heap, pagecache=args.pagecache
        )
        os.environ.update(server.env())
        uri, version = server.uri, server.version
        print(
            f"Neo4j {version} (pid {server.pid}, heap {args.heap}, page cache {args.pagecache})"
            f" ready in {time.perf_counter() - t0:.1f} s at {uri}",
            flush=True,
        )
    elif not args.uri:
        raise SystemExit("--uri: give a URI or set NEO4J_URI")
    else:
        uri, version = args.uri, "(existing server)"
        os.environ["NEO4J_URI"] = uri
    try:
        results = run(args, uri)
        results["server_hwm"] = vm_hwm_mib(server.pid if server else None)
    finally:
        if server is not None:
            server.stop()
    results["client_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report(args, version, results)
    return 0


def run(args: argparse.Namespace, uri: str) -> dict[str, Any]:
    r: dict[str, Any] = {}
    store = Neo4jStore.from_uri(uri)
    with store.bolt.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    store.init()

    t0 = time.perf_counter()
    batch = generate_batch(args.sources, args.seed)
    r["nodes"], r["edges"] = len(batch.nodes), len(batch.edges)
    rows = r["rows"] = r["nodes"] + r["edges"]
    print(
        f"generated {r['nodes']:,} nodes, {r['edges']:,} edges in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )

    with ingest_phases() as phases:
        t0 = time.perf_counter()
        rep = store.ingest(batch, actor="bench", reason="benchmark")
        r["ingest_s"] = time.perf_counter() - t0
    r["phases"] = dict(phases)
    assert rep.created == r["nodes"], rep
    print(
        f"batched ingest, one transaction: {r['ingest_s']:.1f} s ({rows / r['ingest_s']:,.0f} rows/s)",
        flush=True,
    )
    t0 = time.perf_counter()
    store.ingest(batch, actor="bench")
    r["reingest_s"] = time.perf_counter() - t0

    sample = generate_batch(args.sample, args.seed + 1)
    r["sample_rows"] = len(sample.nodes) + len(sample.edges)
    base = prefixed(sample, "baseline-")
    r["naive_s"] = per_row(store, base.nodes, base.edges)
    r["naive_rate"] = r["sample_rows"] / r["naive_s"]
    r["naive_full_s"] = rows / r["naive_rate"]
    print(
        f"one transaction per row, {r['sample_rows']:,} rows: {r['naive_s']:.1f} s ({r['naive_rate']:,.0f} rows/s)",
        flush=True,
    )
    t0 = time.perf_counter()
    store.ingest(prefixed(sample, "batched-"), actor="bench")
    r["sample_batched_s"] = time.perf_counter() - t0

    claims = [n.id for n in batch.nodes if n.label == "Claim"]
    r["claims"] = len(claims)
    r["upstream"] = upstream_latency(store, claims, args.claims, args.seed)
    print(
        f"upstream graph: p50 {r['upstream']['one']['p50']:.1f} ms,"
        f" p99 {r['upstream']['one']['p99']:.1f} ms",
        flush=True,
    )
    # the sample copies would change --all's output: compare the same data on both stores
    with store.bolt.session() as session:
        session.run(
            "MATCH (n:Item) WHERE n.id STARTS WITH 'baseline-' OR n.id STARTS WITH 'batched-'"
            " CALL (n) { DETACH DELETE n } IN TRANSACTIONS"
        ).consume()
    store.close()

    with tempfile.TemporaryDirectory(prefix="provenance-neo4j-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        with SQLiteStore(db, create=True) as lite:
            lite.ingest(batch, actor="bench", reason="benchmark")
        r["sqlite_ingest_s"] = time.perf_counter() - t0
        del batch, sample, base
        r["all_neo4j"] = corroborate_all(uri, Path(tmp) / "neo4j.json")
        print(f"corroborate --all on Neo4j: {r['all_neo4j']['wall']:.1f} s", flush=True)
        r["all_sqlite"] = corroborate_all(f"sqlite:///{db}", Path(tmp) / "sqlite.json")
        print(f"corroborate --all on SQLite: {r['all_sqlite']['wall']:.1f} s", flush=True)
    return r


def upstream_rows(up: dict[str, Any], n: int) -> list[tuple[str, str, str]]:
    """Table rows of the upstream latency: each variant, its transactions and queries."""
    rows = []
    for tag, title in (
        ("one", "one read transaction (the store's)"),
        ("per_query", "a transaction per query (contract default)"),
    ):
        v = up[tag]
        rows += [
            (
                f"upstream graph of 1 claim, {title}",
                f"p50 {v['p50']:.1f} ms",
                f"p99 {v['p99']:.1f} ms, max {v['max']:.1f} ms",
            ),
            (
                "  transactions / queries per claim",
                f"{v['transactions']:.1f} / {v['queries']:.1f}",
                "",
            ),
            *(
                (f"    {q}", f"{calls:.2f} / claim", f"{ms:.2f} ms / claim")
                for q, calls, ms in v["by_query"]
            ),
        ]
    rows.insert(
        0, (f"upstream graphs: {n:,} random claims, mean {up['mean_nodes']:.1f} nodes", "", "")
    )
    return rows


def report(args: argparse.Namespace, version: str, r: dict[str, Any]) -> None:
    rows, up = r["rows"], r["upstream"]
    n4, sq = r["all_neo4j"], r["all_sqlite"]
    speedup = r["naive_full_s"] / r["ingest_s"]
    sample_speedup = r["naive_s"] / r["sample_batched_s"]
    hwm = f"{r['server_hwm']:,.0f} MiB" if r["server_hwm"] is not None else "n/a (not started here)"
    print()
    print(
        f"Neo4j {version}: {args.sources:,} sources, {r['nodes']:,} nodes, {r['edges']:,} edges, {r['claims']:,} claims"
    )
    table = [
        (
            "batched ingest (1 transaction, UNWIND)",
            f"{r['ingest_s']:.1f} s",
            f"{rows / r['ingest_s']:,.0f} rows/s",
        ),
        *(
            (f"  {what}", f"{sec:.1f} s", f"{sec / r['ingest_s']:.0%}")
            for what, sec in [
                *r["phases"].items(),
                ("commit and the rest", r["ingest_s"] - sum(r["phases"].values())),
            ]
        ),
        ("re-ingest, nothing changed", f"{r['reingest_s']:.1f} s", ""),
        (
            f"one transaction per row ({r['sample_rows']:,}-row sample, measured)",
            f"{r['naive_s']:.1f} s",
            f"{r['naive_rate']:,.0f} rows/s",
        ),
        (
            "one transaction per row, extrapolated to the full graph",
            f"{r['naive_full_s']:,.0f} s",
            f"{speedup:.0f}x slower",
        ),
        ("batched, same sample", f"{r['sample_batched_s']:.2f} s", f"{sample_speedup:.0f}x faster"),
        (
            "SQLite ingest of the same batch",
            f"{r['sqlite_ingest_s']:.1f} s",
            f"{rows / r['sqlite_ingest_s']:,.0f} rows/s",
        ),
        *upstream_rows(up, args.claims),
        (
            "corroborate --all --json, Neo4j",
            f"{n4['wall']:.1f} s",
            f"CPU {n4['cpu']:.1f} s, peak RSS {n4['rss']:,.0f} MiB (largest process)",
        ),
        (
            "corroborate --all --json, SQLite",
            f"{sq['wall']:.1f} s",
            f"CPU {sq['cpu']:.1f} s, peak RSS {sq['rss']:,.0f} MiB (largest process)",
        ),
        ("  outputs identical", "yes" if n4["sha"] == sq["sha"] else "NO", f"{n4['mb']:.1f} MB"),
        (
            "server memory: heap / page cache (set)",
            f"{args.heap} / {args.pagecache}" if r["server_hwm"] is not None else "n/a",
            "",
        ),
        ("server peak RSS (VmHWM)", hwm, ""),
        ("client peak RSS (this process, holds the batch)", f"{r['client_rss']:,.0f} MiB", ""),
    ]
    width = max(len(t[0]) for t in table)
    for what, a, b in table:
        print(f"  {what:<{width}}  {a:>18}  {b}")
    print()
    targets = [
        (
            "batched ingest >= 20x one transaction per row (extrapolated)",
            speedup >= 20,
            f"{speedup:.0f}x",
        ),
        (
            "upstream graph of one claim p99 < 50 ms",
            up["one"]["p99"] < 50,
            f"{up['one']['p99']:.1f} ms",
        ),
        ("corroborate --all: same output on Neo4j and SQLite", n4["sha"] == sq["sha"], ""),
    ]
    for what, ok, value in targets:
        print(f"  {'PASS' if ok else 'FAIL'}  {what}  {value}")
    print(f"load average at the end {loadavg()}")


if __name__ == "__main__":
    sys.exit(main())
