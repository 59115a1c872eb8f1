"""Benchmark: duplicate-incident detection against splink (DuckDB backend) on the same data.

    .venv/bin/python benchmarks/dedupe.py [--sizes 30000,300000,1000000]
        [--baseline REV] [--baseline-sizes 30000,300000] [--no-splink]
        [--cli-size 300000 [--only-cli]]

For each size, in a fresh subprocess: generate incidents with ~10% injected duplicates
(``benchmarks/dedupe_data.py``), run ``provenance.dedupe.find_candidates`` and report pairs
compared, wall and CPU time, peak RSS (of the process, and after generating the input),
blocking recall (true pairs among candidates) and precision / recall / F1 at the default
threshold; then run splink on the same records twice — with the place, date, name,
belligerent and casualty fields, and with those plus the incidents' source lists — and
report the same figures.

Baseline in the same run: for each of ``--baseline-sizes``, the same child runs again with
``src/provenance`` of git revision ``--baseline`` (default: the last commit before issue
19's dedupe work) first on ``PYTHONPATH``; the parent then checks that both found the same
candidate pairs with the same scores (bit for bit) and prints before / after / target with
the load average. The growth over the sizes goes to ``benchmarks/scaling.py`` (table and
log-log PNG under ``benchmarks/out/``).

With ``--cli-size N``: an embedded store of the N generated incidents is built (rows made
directly, one claim per incident, a source per evidence item; build time printed apart),
then ``provenance duplicates --json`` runs on it as a whole process, baseline and current,
with its wall and CPU time and peak RSS, and whether both printed the same.

Targets: >= 95% of true pairs among the candidates; F1 at the default threshold >= 3x
splink's; 30k in < 5 s; 300k in <= 20 s and <= 1.5 GB peak RSS (issue 19; was 35.6 s,
2.0 GB) at the same F1 and candidate recall. splink and duckdb are benchmark-only
dependencies (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: The last commit before issue 19's dedupe work (35.6 s, 2.0 GB at 300k when filed).
BASELINE = "2b01be6"
TARGET_SECONDS, TARGET_RSS_MB = {300_000: 20.0}, {300_000: 1536}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _prf(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(predicted & truth)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(truth) if truth else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }


def run_ours(
    records: list[Any], truth: set[tuple[str, str]], save: Path | None = None
) -> dict[str, Any]:
    import numpy as np

    from provenance.dedupe import Config, find_candidates

    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    cands = find_candidates(records)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _rss_mb()  # before the scoring below builds its own sets of id pairs
    if save is not None:
        np.savez(save, a=cands.a, b=cands.b, score=cands.score)
    ids = [r.id for r in records]
    pairs = [
        (min(ids[a], ids[b]), max(ids[a], ids[b]))
        for a, b in zip(cands.a.tolist(), cands.b.tolist(), strict=True)
    ]
    threshold = Config().threshold
    predicted = {p for p, s in zip(pairs, cands.score.tolist(), strict=True) if s >= threshold}
    blocking_recall = len(set(pairs) & truth) / len(truth)
    return {
        "method": "provenance.dedupe",
        "pairs_compared": len(pairs),
        "seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "load": round(load, 2),
        "peak_rss_mb": round(peak),
        "peak_rss_with_evaluation_mb": round(_rss_mb()),
        "blocking_recall": round(blocking_recall, 4),
        "threshold": threshold,
        **_prf(predicted, truth),
    }


def run_splink(
    records: list[Any], truth: set[tuple[str, str]], with_sources: bool
) -> dict[str, Any]:
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator

    from provenance.dedupe.names import name_keys, normalise

    def first_key(names: tuple[str, ...]) -> str:
        keys = sorted(name_keys(names[:1]))
        return keys[0] if keys else ""

    table = pa.table(
        {
            "unique_id": [r.id for r in records],
            "name": [normalise(r.names[0]) if r.names else None for r in records],
            "name_key": [first_key(r.names) for r in records],
            "date": [r.start for r in records],
            "day": [r.start.toordinal() for r in records],
            "lat": [r.lat for r in records],
            "lon": [r.lon for r in records],
            "admin": ["/".join(normalise(x) for x in r.admin) for r in records],
            "belligerent": [",".join(sorted(r.belligerents)) or None for r in records],
            "killed_band": [
                None if r.killed is None else min(r.killed[0] // 3, 10) for r in records
            ],
            "sources": [sorted(r.evidence) for r in records],
        }
    )
    con = duckdb.connect()
    con.register("incidents_arrow", table)
    con.execute("CREATE TABLE incidents AS SELECT * FROM incidents_arrow")
    db_api = DuckDBAPI(connection=con)
    comparisons = [
        cl.JaroWinklerAtThresholds("name", [0.92, 0.8]),
        cl.AbsoluteDateDifferenceAtThresholds(
            "date", input_is_string=False, metrics=["day", "day"], thresholds=[1, 3]
        ),
        cl.DistanceInKMAtThresholds("lat", "lon", [1, 3, 10]),
        cl.ExactMatch("admin"),
        cl.ExactMatch("belligerent"),
        cl.ExactMatch("killed_band"),
    ]
    if with_sources:
        comparisons.append(cl.ArrayIntersectAtSizes("sources", [2, 1]))
    blocking = [
        "l.admin = r.admin AND abs(l.day - r.day) <= 3",
        "l.name_key = r.name_key AND abs(l.day - r.day) <= 3",
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=False,
    )
    t0 = time.perf_counter()
    sdf = db_api.register("incidents")
    linker = Linker(sdf, settings, log_level="ERROR")
    linker.training.estimate_probability_two_random_records_match(
        ["l.name = r.name AND l.date = r.date AND l.admin = r.admin"], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        "l.admin = r.admin AND l.day = r.day"
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        "l.name_key = r.name_key AND abs(l.day - r.day) <= 3"
    )
    all_pairs = linker.inference.predict(threshold_match_probability=0.0)
    elapsed = time.perf_counter() - t0
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {all_pairs.physical_name}"  # noqa: S608
    ).fetchall()
    pairs = {(min(a, b), max(a, b)): p for a, b, p in rows}
    predicted = {k for k, p in pairs.items() if p >= 0.5}
    return {
        "method": "splink (duckdb)"
        + (" + shared-source arrays" if with_sources else ", place/date fields"),
        "pairs_compared": len(pairs),
        "seconds": round(elapsed, 2),
        "peak_rss_mb": round(_rss_mb()),
        "blocking_recall": round(len(set(pairs) & truth) / len(truth), 4),
        "threshold": 0.5,
        **_prf(predicted, truth),
    }


def child(n: int, splink: bool, save: Path | None) -> None:
    """One size, in this process: print one JSON line per method."""
    sys.path.insert(0, str(HERE))
    from dedupe_data import generate

    import provenance

    t0 = time.perf_counter()
    records, truth = generate(n)
    gen = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "size": n,
                "true_pairs": len(truth),
                "generate_seconds": round(gen, 1),
                "rss_after_generate_mb": round(_rss_mb()),
                "package": str(Path(provenance.__file__).parent),
            }
        ),
        flush=True,
    )
    print(json.dumps({"size": n, **run_ours(records, truth, save)}), flush=True)
    if not splink:
        return
    try:
        import splink as _  # noqa: F401
    except ImportError:
        print(
            json.dumps(
                {
                    "size": n,
                    "method": "splink",
                    "error": "splink is not installed: pip install splink duckdb",
                }
            ),
            flush=True,
        )
        return
    for with_sources in (False, True):
        print(json.dumps({"size": n, **run_splink(records, truth, with_sources)}), flush=True)


def baseline_tree(rev: str, into: Path) -> Path:
    """``src/provenance`` of git revision ``rev`` extracted under ``into``: the directory to
    put first on ``PYTHONPATH``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src/provenance"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def run_child(
    n: int, splink: bool, save: Path, pythonpath: Path | None = None
) -> list[dict[str, Any]]:
    """Run :func:`child` in a fresh process; its JSON lines (printed as they come)."""
    cmd = [sys.executable, __file__, "--child", str(n), "--save", str(save)]
    cmd += [] if splink else ["--no-splink"]
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
    out = []
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            row["impl"] = "baseline" if pythonpath else "current"
            out.append(row)
            print(json.dumps(row), flush=True)
    return out


def same_results(before: Path, after: Path) -> dict[str, Any]:
    """Whether two runs found the same candidate pairs with the same scores."""
    import numpy as np

    x, y = np.load(before), np.load(after)
    same_pairs = len(x["a"]) == len(y["a"]) and bool(
        (x["a"] == y["a"]).all() and (x["b"] == y["b"]).all()
    )
    diff = float(np.abs(x["score"] - y["score"]).max()) if same_pairs and len(x["a"]) else None
    return {"same_pairs": same_pairs, "max_score_diff": diff}


def compare(results: list[dict[str, Any]], checks: dict[int, dict[str, Any]]) -> None:
    """Before / after / target per size with a baseline, and the identity checks."""

    def ours(n: int, impl: str) -> dict[str, Any] | None:
        return next(
            (
                r
                for r in results
                if r["size"] == n and r["impl"] == impl and r.get("method") == "provenance.dedupe"
            ),
            None,
        )

    print("\nbefore (baseline) / after (current), same run:")
    head = f"{'size':>9} {'figure':<16} {'before':>10} {'after':>10} {'target':>10}"
    print(head)
    for n, check in sorted(checks.items()):
        b, a = ours(n, "baseline"), ours(n, "current")
        if not (a and b):
            continue
        target = {"seconds": TARGET_SECONDS.get(n), "peak_rss_mb": TARGET_RSS_MB.get(n)}
        for key in ("seconds", "cpu_seconds", "peak_rss_mb", "blocking_recall", "f1", "load"):
            goal = target.get(key)
            print(
                f"{n:>9,} {key:<16} {b[key]:>10} {a[key]:>10} {'<= ' + str(goal) if goal else '':>10}"
            )
        print(
            f"{n:>9,} same candidate pairs: {check['same_pairs']}, largest score difference:"
            f" {check['max_score_diff']}"
        )


def cli_child(n: int, db: Path) -> None:
    """Build an embedded store of the ``n`` generated incidents at ``db``; print one JSON line."""
    sys.path.insert(0, str(HERE))
    from dedupe_data import generate, store_batch

    from provenance.store.sqlite import SQLiteStore

    records, _ = generate(n)
    t0 = time.perf_counter()
    batch = store_batch(records)
    rows = time.perf_counter() - t0
    with SQLiteStore(db, create=True) as store:
        t0 = time.perf_counter()
        store.ingest(batch, actor="benchmark")
        ingest = time.perf_counter() - t0
    info = {"size": n, "rows_seconds": round(rows, 1), "ingest_seconds": round(ingest, 1)}
    print(json.dumps({**info, "nodes": len(batch.nodes), "peak_rss_mb": round(_rss_mb())}))


def run_cli(db: Path, pythonpath: Path | None) -> dict[str, Any]:
    """``provenance duplicates --json`` on ``db`` as a whole process: wall time, peak RSS
    (of that process alone, from ``wait4``) and its output."""
    code = "import sys; sys.argv[0] = 'provenance'; from provenance_cli.main import run; run()"
    cmd = [sys.executable, "-c", code, "--store", f"sqlite:///{db}", "duplicates", "--json"]
    env = dict(os.environ, NO_COLOR="1")
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        out.seek(0)
        text = out.read().decode()
    return {
        "impl": "baseline" if pythonpath else "current",
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "load": round(load, 2),
        "output": text,
    }


def measure_cli(n: int, old: Path | None, tmp: Path) -> None:
    """Build a store of ``n`` incidents, then time ``duplicates --json`` on it (baseline and
    current, when a baseline is given); say whether both printed the same."""
    db = tmp / f"dedupe-{n}.db"
    cmd = [sys.executable, __file__, "--cli-child", str(n), "--save", str(db)]
    built = subprocess.run(cmd, capture_output=True, text=True, check=False)
    print(built.stdout.strip() or built.stderr[-2000:], flush=True)
    if built.returncode != 0:
        return
    runs = [run_cli(db, old)] if old is not None else []
    runs.append(run_cli(db, None))
    for r in runs:
        shown = {k: v for k, v in r.items() if k != "output"}
        print(json.dumps({"size": n, "command": "duplicates --json", **shown}), flush=True)
    if len(runs) == 2:
        print(f"{n}: duplicates --json output identical: {runs[0]['output'] == runs[1]['output']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="30000,300000,1000000")
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--baseline-sizes", default="30000,300000", help="'' for none")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument(
        "--cli-size", type=int, default=0, help="also time `duplicates --json` on a store of N"
    )
    parser.add_argument("--only-cli", action="store_true", help="only the --cli-size store")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cli-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--save", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, not args.no_splink, args.save)
        return
    if args.cli_child:
        cli_child(args.cli_child, args.save)
        return
    try:
        import splink  # noqa: F401
    except ImportError:
        if not args.no_splink:
            print(
                "splink is not installed (pip install splink duckdb): running without the baseline."
            )
            args.no_splink = True
    sizes = [int(x) for x in args.sizes.split(",")]
    with_baseline = {int(x) for x in args.baseline_sizes.split(",") if x}
    results: list[dict[str, Any]] = []
    checks: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        old = baseline_tree(args.baseline, Path(tmp)) if with_baseline or args.cli_size else None
        if args.cli_size:
            measure_cli(args.cli_size, old, Path(tmp))
        for n in [] if args.only_cli else sizes:
            after = Path(tmp) / f"current-{n}.npz"
            if old is not None and n in with_baseline:
                before = Path(tmp) / f"baseline-{n}.npz"
                results += run_child(n, False, before, old)
            results += run_child(n, not args.no_splink and n <= 300_000, after)
            if old is not None and n in with_baseline and after.exists() and before.exists():
                checks[n] = same_results(before, after)
    if results:
        summary(results)
        compare(results, checks)
        scaling(results)


def summary(results: list[dict[str, Any]]) -> None:
    """The table of every method and size, and our F1 against splink's."""
    print()
    head = f"{'size':>7} {'method':<46} {'pairs':>10} {'s':>7} {'RSS MB':>7} {'block R':>8} {'P':>6} {'R':>6} {'F1':>6}"
    print(head)
    for r in results:
        if "method" in r and "error" not in r:
            method = r["method"] + (" (baseline)" if r["impl"] == "baseline" else "")
            print(
                f"{r['size']:>7} {method:<46} {r['pairs_compared']:>10,} {r['seconds']:>7} {r['peak_rss_mb']:>7}"
                f" {r['blocking_recall']:>8} {r['precision']:>6} {r['recall']:>6} {r['f1']:>6}"
            )
    for n in sorted({r["size"] for r in results}):
        ours = next(
            (
                r
                for r in results
                if r["size"] == n
                and r.get("method") == "provenance.dedupe"
                and r["impl"] == "current"
            ),
            None,
        )
        base = [
            r
            for r in results
            if r["size"] == n and str(r.get("method", "")).startswith("splink") and "f1" in r
        ]
        if ours and base:
            ratios = ", ".join(
                f"{ours['f1'] / b['f1']:.1f}x {b['method']}" if b["f1"] else f"inf x {b['method']}"
                for b in base
            )
            print(f"{n}: F1 {ours['f1']} vs splink: {ratios}")


def scaling(results: list[dict[str, Any]]) -> None:
    """Growth of the current implementation over the sizes (and the baseline where run)."""
    from scaling import report

    rows: dict[int, dict[str, Any]] = {}
    for r in results:
        if r.get("method") != "provenance.dedupe":
            continue
        row = rows.setdefault(r["size"], {"incidents": r["size"]})
        if r["impl"] == "current":
            row |= {
                "wall s": r["seconds"],
                "CPU s": r["cpu_seconds"],
                "peak RSS MB": r["peak_rss_mb"],
                "pairs": r["pairs_compared"],
                "load": r["load"],
            }
        else:
            row |= {"baseline wall s": r["seconds"], "baseline RSS MB": r["peak_rss_mb"]}
    keys = ["wall s", "CPU s", "peak RSS MB", "baseline wall s", "baseline RSS MB"]
    report("dedupe", "incidents", [rows[n] for n in sorted(rows)], keys)


if __name__ == "__main__":
    main()
