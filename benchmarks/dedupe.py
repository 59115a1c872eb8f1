"""Benchmark: duplicate-incident detection against splink (DuckDB backend) on the same data.

    /work/venv/bin/python benchmarks/dedupe.py [--sizes 30000,300000] [--no-splink]

For each size, in a fresh subprocess: generate incidents with ~10% injected duplicates
(``benchmarks/dedupe_data.py``), run ``provenance.dedupe.find_candidates`` and report pairs
compared, time, peak RSS, blocking recall (true pairs among candidates) and precision /
recall / F1 at the default threshold; then run splink on the same records twice — with the
place, date, name, belligerent and casualty fields, and with those plus the incidents'
source lists — and report the same figures.

Targets: >= 95% of true pairs among the candidates; F1 at the default threshold >= 3x
splink's; 30k in < 5 s; 300k in < 120 s and < 4 GB. splink and duckdb are benchmark-only
dependencies (``pip install splink duckdb``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


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


def run_ours(records: list[Any], truth: set[tuple[str, str]]) -> dict[str, Any]:
    from provenance.dedupe import Config, find_candidates

    t0 = time.perf_counter()
    cands = find_candidates(records)
    elapsed = time.perf_counter() - t0
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
        "peak_rss_mb": round(_rss_mb()),
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


def child(n: int, splink: bool) -> None:
    """One size, in this process: print one JSON line per method."""
    sys.path.insert(0, str(HERE))
    from dedupe_data import generate

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
            }
        ),
        flush=True,
    )
    print(json.dumps({"size": n, **run_ours(records, truth)}), flush=True)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="30000,300000")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, not args.no_splink)
        return
    try:
        import splink  # noqa: F401
    except ImportError:
        if not args.no_splink:
            print(
                "splink is not installed (pip install splink duckdb): running without the baseline."
            )
            args.no_splink = True
    results: list[dict[str, Any]] = []
    for n in (int(x) for x in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--child", str(n)] + (
            ["--no-splink"] if args.no_splink else []
        )
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(proc.stderr[-3000:])
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                results.append(json.loads(line))
                print(line, flush=True)
    print()
    head = f"{'size':>7} {'method':<46} {'pairs':>10} {'s':>7} {'RSS MB':>7} {'block R':>8} {'P':>6} {'R':>6} {'F1':>6}"
    print(head)
    for r in results:
        if "method" in r and "error" not in r:
            print(
                f"{r['size']:>7} {r['method']:<46} {r['pairs_compared']:>10,} {r['seconds']:>7} {r['peak_rss_mb']:>7}"
                f" {r['blocking_recall']:>8} {r['precision']:>6} {r['recall']:>6} {r['f1']:>6}"
            )
    for n in sorted({r["size"] for r in results}):
        ours = next(
            (r for r in results if r["size"] == n and r.get("method") == "provenance.dedupe"), None
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


if __name__ == "__main__":
    main()
