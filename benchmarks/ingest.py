"""Ingest throughput of the embedded store at 10k / 100k / 1M sources.

    python benchmarks/ingest.py                 # 10k and 100k sources
    python benchmarks/ingest.py --full          # and 1M (issue 19's target: 25 s)
    python benchmarks/ingest.py --sizes 20000   # any sizes
    python benchmarks/ingest.py --sizes 1000000 --baseline REV   # and revision REV's code

Each size runs in a fresh child process (so peak memory is per size): the synthetic batch
comes from ``benchmarks/generate.py`` (generation, including content hashing, is timed
separately), then ``SQLiteStore.ingest`` writes it into a new store in one transaction
with its audit event (``synchronous=FULL``; a store's first write goes through the
rollback journal, later ones through WAL: ``provenance.store.sqlitefile``). Reported per size: rows (nodes + edges),
wall and CPU seconds of the ingest, rows per second, peak RSS (``resource.getrusage``,
which includes the generated batch held in memory), the store's file size, and the time
of re-ingesting the same batch (a no-op: every hash unchanged, no audit event).

Baseline, measured in the same run: the naive way — one row per transaction (``BEGIN
IMMEDIATE; INSERT …; COMMIT`` with the same schema and pragmas, in WAL) — on a sample of the
first ``--naive-rows`` rows (nodes and edges in the batch's proportion) of the smallest
size; its per-row rate is extrapolated to every size (printed as such).

``--baseline REV`` also ingests each size with git revision ``REV``'s store code (its
``src`` extracted by ``git archive``; the batch is generated the same way, from the same
seed), in its own child process right after this code's, and prints both with the ratio:
on a shared machine two runs of the same code can differ by 10%, so a change is judged
against its baseline measured in the same run.

Targets (issue 19): 1M sources with their edges in at most 25 s on a 2-core machine, at
most 2 GB for the ingest itself; a no-change re-ingest in at most 5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import revision  # type: ignore[import-not-found]  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _status_mb(key: str) -> float:
    """``VmRSS`` / ``VmHWM`` of this process in MB (Linux ``/proc``; 0 elsewhere)."""
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return 0.0
    return next((int(x.split()[1]) / 1024 for x in lines if x.startswith(key + ":")), 0.0)


def _reset_peak() -> bool:
    """Reset this process's peak RSS (Linux ``clear_refs``), so the ingest's own peak can be
    measured after the generation; False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure(n_sources: int, seed: int, workdir: Path, naive_rows: int) -> dict[str, Any]:
    """Generate, ingest, re-ingest (and optionally run the naive baseline) for one size."""
    from generate import generate_batch

    from provenance.store.sqlite import SQLiteStore

    t0 = time.perf_counter()
    batch = generate_batch(n_sources, seed)
    gen_s = time.perf_counter() - t0
    rss_gen = _rss_mb()
    rss_input = _status_mb("VmRSS")  # the generated batch held in memory
    reset = _reset_peak()
    n_nodes, n_edges = len(batch.nodes), len(batch.edges)
    path = workdir / f"bulk-{n_sources}.db"
    store = SQLiteStore(path, create=True)
    w0, c0 = time.perf_counter(), time.process_time()
    report = store.ingest(batch, actor="benchmark", reason="ingest benchmark")
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    ingest_peak = _status_mb("VmHWM") if reset else float("nan")
    assert report.created == n_nodes, report
    r0 = time.perf_counter()
    again = store.ingest(batch, actor="benchmark")
    reingest_s = time.perf_counter() - r0
    assert again.event_seq is None and again.unchanged == n_nodes
    counts = store.counts()
    assert sum(counts.edges.values()) <= n_edges and counts.audit_events == 1
    store.close()
    size = sum(p.stat().st_size for p in workdir.glob(f"bulk-{n_sources}.db*"))
    out: dict[str, Any] = {
        "sources": n_sources,
        "nodes": n_nodes,
        "edges": n_edges,
        "rows": n_nodes + n_edges,
        "generate_s": gen_s,
        "ingest_wall_s": wall,
        "ingest_cpu_s": cpu,
        "rows_per_s": (n_nodes + n_edges) / wall,
        "rss_after_generate_mb": rss_gen,
        "peak_rss_mb": _rss_mb(),
        "input_rss_mb": rss_input,
        "ingest_peak_rss_mb": ingest_peak,
        "ingest_own_mb": ingest_peak - rss_input,
        "file_mb": size / 1e6,
        "reingest_s": reingest_s,
    }
    if naive_rows:
        out["naive"] = naive(batch, workdir / f"naive-{n_sources}.db", naive_rows)
    return out


def naive(batch: Any, path: Path, sample: int) -> dict[str, Any]:
    """One row per transaction on the first ``sample`` rows; returns the per-row rate."""
    from provenance.store.sqlite import SQLiteStore

    total = len(batch.nodes) + len(batch.edges)
    k_nodes = max(1, round(sample * len(batch.nodes) / total))
    k_edges = sample - k_nodes
    SQLiteStore(path, create=True).close()  # made, then opened as any store is: WAL
    store = SQLiteStore(path)
    db = store._db
    t0 = time.perf_counter()
    for r in batch.nodes[:k_nodes]:
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT INTO nodes VALUES (?,?,?,?)", (r.id, r.label, json.dumps(r.data), r.hash)
        )
        db.execute("COMMIT")
    for e in batch.edges[:k_edges]:
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT OR REPLACE INTO edges VALUES (?,?,?,?,?)",
            (e.src, e.rel, e.dst, e.owner, json.dumps(e.props)),
        )
        db.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    store.close()
    return {"rows": sample, "seconds": elapsed, "rows_per_s": sample / elapsed}


BASELINE_ENV = "PROVENANCE_BASELINE_SRC"
"""The ``src`` folder of the baseline revision, for a child that measures it."""


def baseline_src(rev: str) -> Path:
    """Revision ``rev``'s ``src`` folder, extracted into a temporary directory (the store
    is pure Python: nothing to build)."""
    return revision.extract(rev, "src", prefix="provenance-ingest-baseline-") / "src"


def _child(args: argparse.Namespace) -> int:
    if os.environ.get(BASELINE_ENV):
        sys.path.insert(0, os.environ[BASELINE_ENV])  # before anything imports provenance
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        result = measure(args.one, args.seed, Path(tmp), args.naive_rows)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


def print_rows(rows: list[list[str]]) -> None:
    """``rows`` (the first the header) as right-aligned columns, a rule under the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
        if i == 0:
            print("  ".join("-" * w for w in widths))


def print_table(results: list[dict[str, Any]], naive_rate: float, sample: int) -> None:
    """The results table, with the naive baseline extrapolated to each size."""
    head = [
        "sources", "nodes", "edges", "gen s", "ingest s", "cpu s", "rows/s",
        "peak RSS MB", "file MB", "re-ingest s", "naive s*", "speed-up",
    ]  # fmt: skip
    rows = [head]
    for r in results:
        naive_s = r["rows"] / naive_rate
        rows.append(
            [
                f"{r['sources']:,}",
                f"{r['nodes']:,}",
                f"{r['edges']:,}",
                f"{r['generate_s']:.1f}",
                f"{r['ingest_wall_s']:.2f}",
                f"{r['ingest_cpu_s']:.2f}",
                f"{r['rows_per_s']:,.0f}",
                f"{r['peak_rss_mb']:,.0f}",
                f"{r['file_mb']:,.0f}",
                f"{r['reingest_s']:.2f}",
                f"{naive_s:,.0f}",
                f"{r['rows_per_s'] / naive_rate:,.0f}x",
            ]
        )
    print_rows(rows)
    print(
        f"\n* naive baseline: one row per transaction (WAL, synchronous=FULL), measured on the"
        f" first {sample:,} rows in this run: {naive_rate:,.0f} rows/s; 'naive s' extrapolates"
        " that per-row rate to every row of the size."
    )
    print(
        "  rows = nodes + edges (audit rows not counted). peak RSS includes the generated"
        " batch held in memory; 'gen s' (synthetic generation with content hashing) is not"
        " part of 'ingest s'. 're-ingest s' re-ingests the same batch (no-op)."
    )


def _run_child(cmd: list[str], baseline: Path | None) -> dict[str, Any] | None:
    """Run one size in a child (with the baseline's ``src`` first on its path, if given);
    its results, or ``None`` after printing what it said when it failed."""
    env = dict(os.environ)
    env.pop(BASELINE_ENV, None)
    if baseline is not None:
        env[BASELINE_ENV] = str(baseline)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, file=sys.stderr)
        return None
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    return result


def print_baseline(
    results: list[dict[str, Any]], baselines: list[dict[str, Any]], rev: str
) -> None:
    """This code against the baseline revision's, size by size (same batch, same run)."""
    print(f"\nagainst revision {rev}, measured in this run on the same generated batches:")
    head = [
        "sources",
        "ingest s",
        "before s",
        "speed-up",
        "own MB",
        "before MB",
        "file MB",
        "before",
    ]
    rows = [head]
    for r, b in zip(results, baselines, strict=True):
        rows.append(
            [
                f"{r['sources']:,}",
                f"{r['ingest_wall_s']:.2f}",
                f"{b['ingest_wall_s']:.2f}",
                f"{b['ingest_wall_s'] / r['ingest_wall_s']:.2f}x",
                f"{r['ingest_own_mb']:,.0f}",
                f"{b['ingest_own_mb']:,.0f}",
                f"{r['file_mb']:,.0f}",
                f"{b['file_mb']:,.0f}",
            ]
        )
    print_rows(rows)


def main(argv: list[str] | None = None) -> int:
    """Run each size in a child process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", help="comma-separated source counts (default 10000,100000)")
    parser.add_argument("--full", action="store_true", help="also run 1,000,000 sources")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--naive-rows", type=int, default=5_000)
    parser.add_argument("--dir", help="directory for the temporary stores (default: TMPDIR)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--baseline", metavar="REV", help="also run git revision REV's store code (e.g. main)"
    )
    args = parser.parse_args(argv)
    if args.one is not None:
        return _child(args)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [10_000, 100_000]
    if args.full and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    sizes.sort()
    print(f"cpus: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}")
    before = baseline_src(args.baseline) if args.baseline else None
    if before is not None:
        print(f"baseline: revision {args.baseline} ({revision.describe(args.baseline)})")
    try:
        return _run_sizes(args, sizes, before)
    finally:
        if before is not None:
            shutil.rmtree(before.parent, ignore_errors=True)


def _run_sizes(args: argparse.Namespace, sizes: list[int], before: Path | None) -> int:
    """Measure each size (and the baseline's, with ``before``), print the tables."""
    results, baselines = [], []
    for i, n in enumerate(sizes):
        cmd = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)]
        if args.dir:
            cmd += ["--dir", args.dir]
        r = _run_child([*cmd, "--naive-rows", str(args.naive_rows if i == 0 else 0)], None)
        if r is None:
            return 1
        results.append(r)
        print(f"  {n:,} sources: {r['rows']:,} rows in {r['ingest_wall_s']:.2f} s", file=sys.stderr)
        if before is not None:
            b = _run_child([*cmd, "--naive-rows", "0"], before)
            if b is None:
                return 1
            baselines.append(b)
            print(f"  {n:,} sources, baseline: {b['ingest_wall_s']:.2f} s", file=sys.stderr)
    naive_result = results[0]["naive"]
    print(f"load average at end: {os.getloadavg()[0]:.2f}\n")
    print_table(results, naive_result["rows_per_s"], naive_result["rows"])
    if baselines:
        print_baseline(results, baselines, args.baseline)
    from scaling import report

    rows = [
        {
            "sources": r["sources"],
            "ingest s": r["ingest_wall_s"],
            "ingest cpu s": r["ingest_cpu_s"],
            "re-ingest s": r["reingest_s"],
            "input RSS MB": r["input_rss_mb"],
            "ingest own MB": r["ingest_own_mb"],
        }
        for r in results
    ]
    report("ingest", "sources", rows, ["ingest s", "ingest cpu s", "re-ingest s", "ingest own MB"])
    print(
        "  input RSS = the generated batch in memory (after generation); ingest own MB = the"
        " peak RSS during ingest and re-ingest minus it (peak reset after generation)."
        " Targets at 1M sources: ingest <= 25 s, own <= 2 GB; re-ingest <= 5 s."
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
