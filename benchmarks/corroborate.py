"""Benchmark: corroboration on the synthetic generator's store (not a timed test).

Targets (issue 19, 2-core machine, each against a baseline measured in the same run):
``provenance corroborate --all --json`` over the 1M-source store (~150k claims), end to end
as one command including reading the store (one process reads the store, or loads its
index snapshot, then forks one worker per CPU for the analysis): at most 6 s wall and
1 GB peak PSS (reported: the largest process's RSS and the process tree's PSS), output
byte-identical to the baseline's; ``provenance corroborate ID --json`` as a whole process:
p50 at most 120 ms; per claim, the full analysis at least 20x faster than networkx
``node_disjoint_paths`` on the contracted graph, and the count alone at least as fast as
python-igraph ``vertex_connectivity``. Also reports how often the naive "count distinct
origins" differs from the true count of independent paths.

    python benchmarks/corroborate.py [--sources 1000000 | --sizes 100000,1000000,3000000]
        [--seed 0] [--store PATH|URI] [--baseline REV] [--compare FILE]

``--all`` runs twice: cold (no index snapshot beside the store: read every node, then save
the snapshot) and warm (the snapshot of this store revision loaded). ``--baseline REV``
(a git revision of this repository, e.g. ``main``) runs the same commands with that
revision's ``src`` and ``cli`` (extracted with ``git archive`` into a temporary directory)
in the same run: its figures are the "before" column, and its ``--all --json`` output is
compared byte for byte with ours. ``--compare FILE`` compares ours with a pinned earlier
output instead (one size). With ``--sizes`` every measurement runs at each size and the
scaling table and log-log plot are written (``benchmarks/scaling.py``).

The store is built once (``generate_batch`` + one ingest) and reused when it exists: by
default a SQLite file in the temporary directory (``--store PATH`` or ``sqlite:///PATH``
another). ``--store neo4j://HOST:PORT`` (or ``bolt://``, credentials from ``NEO4J_USER`` /
``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``, passed on to the CLI processes) runs the same
measurements against a server store, built there when it holds no claim (start one with
``python scripts/neo4j_server.py run``); a server store has no snapshot (cold = warm).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import revision  # type: ignore[import-not-found]  # noqa: E402
from corroborate_per_claim import bench_per_claim  # type: ignore[import-not-found]  # noqa: E402

CLI = str(Path(sys.executable).parent / "provenance")


def build_store(path: Path, n: int, seed: int) -> None:
    from generate import generate_batch  # type: ignore[import-not-found]

    from provenance.store.sqlite import SQLiteStore

    t = time.perf_counter()
    batch = generate_batch(n, seed)
    tmp = path.with_suffix(".tmp")
    with SQLiteStore(tmp, create=True) as store:
        store.ingest(batch, actor="benchmark")
    tmp.rename(path)
    print(f"built {path} ({n:,} sources) in {time.perf_counter() - t:.1f} s")


def in_child(fn: Any, *args: Any) -> None:
    """Run ``fn(*args)`` in a fresh process: the generated batch never inflates this
    process's peak RSS, which the CLI processes it starts would report as their own
    (``ru_maxrss`` survives ``exec``)."""
    import multiprocessing

    child = multiprocessing.get_context("spawn").Process(target=fn, args=args)
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"building the store failed (exit code {child.exitcode})")


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux ``/proc``)."""
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                for child in fh.read().split():
                    out += _tree(int(child))
    except OSError:
        pass
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_process(
    argv: list[str], stdout: Any, *, sample: bool = False
) -> tuple[float, float, float, float]:
    """Run a process; return (wall s, CPU s user+sys, peak RSS MB, peak PSS MB).

    CPU and peak RSS come from ``wait4`` and include the reaped worker processes (RSS: the
    largest single process). With ``sample``, the proportional set size (shared pages
    counted once) of the whole process tree is sampled every 0.25 s (Linux; else 0).
    The process may write bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped), as an
    installed package has it compiled: start-up is measured without compiling the sources.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=env)
    peak_pss = 0
    sample = sample and os.path.exists(f"/proc/{proc.pid}/smaps_rollup")
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG if sample else 0)
        if pid:
            break
        peak_pss = max(peak_pss, sum(_pss_kib(p) for p in _tree(proc.pid)))
        time.sleep(0.25)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak_pss / 1024


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def is_server(uri: str) -> bool:
    """Whether ``uri`` names a Bolt server store (``neo4j://``, ``bolt://`` …)."""
    from provenance.store import BOLT_SCHEMES

    return uri.startswith(BOLT_SCHEMES)


def build_server_store(uri: str, n: int, seed: int) -> None:
    """Ingest the synthetic graph into the server store at ``uri`` (which holds no claim)."""
    from generate import generate_batch

    from provenance.store import open_store

    t = time.perf_counter()
    batch = generate_batch(n, seed)
    with open_store(uri) as store:
        store.ingest(batch, actor="benchmark")
    print(f"built {uri} ({n:,} sources) in {time.perf_counter() - t:.1f} s")


def baseline_cli(rev: str) -> list[str]:
    """The argv prefix that runs ``provenance`` from revision ``rev`` of this repository:
    its ``src`` and ``cli`` extracted by ``git archive`` into a temporary directory (the
    ``cli`` folder is the package ``provenance_cli``), with its compiled kernel built there
    as ``pip install`` builds it (a revision without one runs its Python), this interpreter
    and its packages."""
    root = revision.extract(rev, "src", "cli")
    kernel = "none (pure Python)"
    if (root / "src/provenance/corroborate/csrc").is_dir():
        build = (
            "import glob; from setuptools import Extension, setup; setup(name='baseline',"
            " ext_modules=[Extension('provenance.corroborate.native',"
            " sorted(glob.glob('src/provenance/corroborate/csrc/*.c')))],"
            " package_dir={'': 'src'}, script_args=['-q', 'build_ext', '--inplace'])"
        )
        subprocess.run([sys.executable, "-c", build], cwd=root, check=True, capture_output=True)
        kernel = "compiled"
    (root / "pkgs").mkdir()
    (root / "pkgs" / "provenance_cli").symlink_to(root / "cli")
    os.environ["PROVENANCE_BASELINE_PATH"] = f"{root / 'src'}{os.pathsep}{root / 'pkgs'}"
    code = (
        "import os, sys; sys.path[:0] = os.environ['PROVENANCE_BASELINE_PATH'].split(os.pathsep);"
        " from provenance_cli.main import run; run()"
    )
    print(f"baseline: revision {rev} ({revision.describe(rev)}) from {root}; kernel: {kernel}")
    return [sys.executable, "-c", code]


def drop_snapshot(store: str) -> None:
    """Remove the index snapshots beside an embedded store (the next run is cold)."""
    import shutil

    if store.startswith("sqlite:///"):
        shutil.rmtree(store.removeprefix("sqlite:///") + ".cache", ignore_errors=True)


def bench_all(cli: list[str], store: str, label: str) -> tuple[Path, dict[str, float]]:
    """One ``--all --json`` run with the process tree's PSS sampled every 0.25 s."""
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    argv = [*cli, "--store", store, "--quiet", "corroborate", "--all", "--json"]
    load = os.getloadavg()[0]
    with out.open("w") as fh:
        wall, cpu, rss, pss = run_process(argv, fh, sample=True)
    size = out.stat().st_size / 1e6
    print(
        f"corroborate --all --json, {label}: wall {wall:.1f} s, CPU {cpu:.1f} s (all processes),"
        f" peak RSS {rss:,.0f} MB (largest process), peak PSS {pss:,.0f} MB (process tree),"
        f" output {size:,.0f} MB, load average {load:.2f}  [targets: <= 6 s wall, <= 1,024 MB PSS]"
    )
    return out, {"wall": wall, "cpu": cpu, "rss": rss, "pss": pss, "load": load}


def same_bytes(a: Path, b: Path) -> bool:
    """Whether two files hold the same bytes (compared in 1 MB blocks)."""
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while block := fa.read(1 << 20):
            if block != fb.read(1 << 20):
                return False
    return True


def bench_single(cli: list[str], store: str, claims: list[str], label: str) -> float:
    """``corroborate ID --json`` as a whole process per claim, after one untimed run (the
    bytecode written); returns the wall p50 in ms."""
    walls, cpus = [], []
    load = os.getloadavg()[0]
    run_process([*cli, "--store", store, "corroborate", claims[0], "--json"], subprocess.DEVNULL)
    for cid in claims:
        wall, cpu, _, _ = run_process(
            [*cli, "--store", store, "corroborate", cid, "--json"], subprocess.DEVNULL
        )
        walls.append(wall)
        cpus.append(cpu)
    print(
        f"corroborate ID --json, {label} (whole process, {len(walls)} claims): wall p50 {pct(walls, 0.5) * 1e3:.0f} ms,"
        f" p95 {pct(walls, 0.95) * 1e3:.0f} ms, max {max(walls) * 1e3:.0f} ms; CPU p50 {pct(cpus, 0.5) * 1e3:.0f} ms;"
        f" load average {load:.2f}  [target: p50 <= 120 ms]"
    )
    return pct(walls, 0.5) * 1e3


def naive_vs_true(results: Path) -> None:
    data = json.loads(results.read_text())
    differ = 0
    differ_units = 0
    hist: dict[int, int] = {}
    for r in data:
        origins = {o for g in r["echo_groups"] for o in g["origins"]}
        if len(origins) != r["independent_paths"]:
            differ += 1
        hist[r["independent_paths"]] = hist.get(r["independent_paths"], 0) + 1
        differ_units += len(origins) > r["independent_paths"]
    n = len(data)
    print(
        f"naive 'distinct origins' differs from independent_paths for {differ:,} of {n:,} claims"
        f" ({differ / n:.1%}); it overcounts in {differ_units:,} ({differ_units / n:.1%})"
    )
    print("independent paths histogram:", dict(sorted(hist.items())))


def open_or_build(arg: str | None, n: int, seed: int) -> str:
    """The store URI to measure, built first when it holds nothing."""
    from provenance.store import open_store

    if arg and is_server(arg):
        with open_store(arg) as s:
            s.init()  # idempotent; on a new database, no warnings about unknown labels
            empty = next(iter(s.iter_items("Claim", batch_size=1)), None) is None
        if empty:
            in_child(build_server_store, arg, n, seed)
        return arg
    given = arg.removeprefix("sqlite:///") if arg else None
    path = Path(given) if given else Path(tempfile.gettempdir()) / f"provenance-bench-{n}-{seed}.db"
    if not path.exists():
        in_child(build_store, path, n, seed)
    return f"sqlite:///{path}"


def bench_size(store: str, args: argparse.Namespace, baseline: list[str] | None) -> dict[str, Any]:
    """Every measurement on one store; the figures for the scaling table."""
    from provenance.store import open_store

    with open_store(store) as s:
        claim_ids = [c.id for c in s.iter_items("Claim")]
    rng = random.Random(1)
    print(
        f"\nstore {store}: {len(claim_ids):,} claims; {os.cpu_count()} CPUs;"
        f" load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    row: dict[str, Any] = {"claims": len(claim_ids)}
    before = None
    if baseline is not None:
        before, fig = bench_all(baseline, store, "baseline")
        row["before wall s"], row["before PSS MB"] = fig["wall"], fig["pss"]
    drop_snapshot(store)
    cold, fig = bench_all([CLI], store, "ours, cold (no snapshot)")
    row["cold wall s"] = fig["wall"]
    results, fig = bench_all([CLI], store, "ours, warm (snapshot loaded)")
    row["wall s"], row["CPU s"], row["PSS MB"] = fig["wall"], fig["cpu"], fig["pss"]
    pinned = before or (Path(args.compare) if args.compare else None)
    same = same_bytes(cold, results)
    if pinned is not None:
        same = same and same_bytes(pinned, results)
    print(
        f"output byte-identical ({'baseline, ' if pinned else ''}cold, warm): {'yes' if same else 'NO'}"
    )
    cold.unlink()
    sample = rng.sample(claim_ids, 20)
    if baseline is not None:
        row["before p50 ms"] = bench_single(baseline, store, sample, "baseline")
    row["p50 ms"] = bench_single([CLI], store, sample, "ours")
    per = bench_per_claim(store, sorted(rng.sample(claim_ids, min(args.sample, len(claim_ids)))))
    row["full us"], row["flow us"], row["nx us"] = per["full"], per["flow"], per["nx"]
    row["full 1st us"], row["nx 1st us"] = per["full first"], per["nx first"]
    if not args.no_naive:
        naive_vs_true(results)
    results.unlink()
    if before is not None:
        before.unlink()
    if not same:
        raise SystemExit("the output differs from the baseline's")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sources", type=int, default=1_000_000)
    parser.add_argument(
        "--sizes", help="comma-separated source counts: run at each, print the scaling table"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--store",
        help="a SQLite file (PATH or sqlite:///PATH), or a server store (neo4j://HOST:PORT,"
        " credentials from NEO4J_USER / NEO4J_PASSWORD); default a file in the temp directory",
    )
    parser.add_argument(
        "--sample", type=int, default=2_000, help="claims for the per-claim comparison"
    )
    parser.add_argument(
        "--baseline", metavar="REV", help="also run git revision REV's code (e.g. main)"
    )
    parser.add_argument(
        "--compare", metavar="FILE", help="a pinned earlier --all --json output of this store"
    )
    parser.add_argument(
        "--no-naive",
        action="store_true",
        help="skip the naive-count comparison (reads the"
        " whole output as JSON: several GB at 1M sources)",
    )
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else [args.sources]
    if len(sizes) > 1 and (args.store or args.compare):
        parser.error("--sizes builds its own stores: no --store or --compare")
    baseline = baseline_cli(args.baseline) if args.baseline else None
    rows = []
    for n in sizes:
        store = open_or_build(args.store, n, args.seed)
        rows.append({"sources": n, **bench_size(store, args, baseline)})
    if len(rows) > 1:
        sys.path.insert(0, str(HERE))
        from scaling import report  # type: ignore[import-not-found]

        ys = [k for k in rows[0] if k not in ("sources", "claims")]
        report("corroborate", "sources", rows, ys)
    print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
