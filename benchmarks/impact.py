"""Benchmark: ``provenance impact`` of the most-cited outlets of the real Airwars import
(issue 18: "@SyriaCivilDefe", 654 rows, in under 2 s on the embedded store, whole CLI
process).

1. The real Airwars Syria export is imported into a temporary embedded store
   (``provenance ingest … --profile airwars``), unless ``--store`` names one already made.
2. The most-cited outlets are the units with the most ``SUPPORTED_BY`` rows (the unit rule
   of :mod:`provenance.corroborate.units`), each asked for by the name it is known by.
3. For each, ``provenance impact NAME --json`` runs ``--runs`` times as a user runs it (a
   new process each time): p50 and max wall time, peak RSS of the process.
4. The baseline, measured in the same run: the naive approach, a full recompute of every
   claim before and after (``corroborate --all --json`` twice: once on the store as it is,
   once more for the store without the items — the second run is timed as the first, the
   store copy without the items not being something a researcher has at hand), and the
   same full recompute in one library process (every claim, with and without the items:
   :func:`provenance.corroborate.without.standing_without`).

    python benchmarks/impact.py [--data /work/shared/data] [--store PATH] [--runs 5] [--top 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from scaling import table

DATA = Path("/work/shared/data")
FILES = ["incidents_flat.csv", "incident_sources_flat.csv"]
SCRIPT = shutil.which("provenance", path=str(Path(sys.executable).parent)) or "provenance"
TARGET_S = 2.0
FULL_RECOMPUTE = """
import sys
from provenance.corroborate.load import index_from_store
from provenance.corroborate.without import standing, standing_without
from provenance.impact import resolve_target
from provenance.store import open_store
with open_store(sys.argv[1]) as store:
    items = resolve_target(store, sys.argv[2]).items
    ix = index_from_store(store)
    changed = sum(
        standing_without(ix, c, items).paths < standing(ix, c).paths for c in sorted(ix.claims)
    )
print(changed)
"""


def run(argv: list[str]) -> tuple[float, float, str]:
    """Run ``argv`` as a user's shell would (bytecode cached, as an installed package has
    it); its wall time (s), its own peak RSS (MB) and its stdout."""
    env = {**os.environ, "NO_COLOR": "1", "PROVENANCE_ACTOR": "bench"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{argv} failed: {err.read().decode()}")
        return wall, usage.ru_maxrss / 1024, out.read().decode()


def most_cited(db: Path, top: int) -> list[tuple[str, int]]:
    """The ``top`` units with the most ``SUPPORTED_BY`` rows: (the name to ask for, rows)."""
    from provenance.corroborate.load import index_from_store
    from provenance.store.sqlite import SQLiteStore

    with SQLiteStore(db) as store:
        ix = index_from_store(store)
        rows = Counter(ix.unit_of(e.dst) for e in store.iter_edges(["SUPPORTED_BY"]))
    named = [(u, n) for u, n in rows.most_common() if u in ix.unit_names]
    return [(ix.unit_names[u], n) for u, n in named[:top]]


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--store", type=Path, help="an embedded store already holding it")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.store or Path(tmp) / "airwars.db"
        if args.store is None:
            folder = args.data / "syrian-archive-airwars"
            if not folder.is_dir():
                raise SystemExit(f"the real Airwars export is missing: {folder} (see --data)")
            files = [str(folder / f) for f in FILES]
            wall, _, _ = run([SCRIPT, "--store", f"sqlite:///{db}", "ingest", *files,
                              "--profile", "airwars"])  # fmt: skip
            print(f"import: {wall:.1f} s", file=sys.stderr)
        report(db, args.runs, args.top)


def report(db: Path, runs: int, top: int) -> None:
    """Time ``impact`` for the most-cited outlets and the naive baseline; print both."""
    uri = f"sqlite:///{db}"
    print(f"load average at start: {load()}")
    rows: list[dict[str, Any]] = []
    outlets = most_cited(db, top)
    if outlets:
        run([SCRIPT, "--store", uri, "impact", outlets[0][0], "--json"])  # warm-up (bytecode)
    for name, cited in outlets:
        walls, rss, doc = [], 0.0, {}
        for _ in range(runs):
            wall, peak, out = run([SCRIPT, "--store", uri, "impact", name, "--json"])
            walls.append(wall)
            rss = max(rss, peak)
            doc = json.loads(out)
        rows.append(
            {
                "outlet": name,
                "rows": cited,
                "items": len(doc["target"]["items"]),
                "claims dropping": len(doc["claims"]),
                "p50 s": statistics.median(walls),
                "max s": max(walls),
                "peak RSS MB": rss,
                "under 2 s": max(walls) < TARGET_S,
            }
        )
    cols = ["rows", "items", "claims dropping", "p50 s", "max s", "peak RSS MB", "under 2 s"]
    print(table("outlet", rows, cols))
    print(f"load average after impact: {load()}")
    first = rows[0]["outlet"] if rows else "@SyriaCivilDefe"
    naive, naive_rss, _ = run([SCRIPT, "--store", uri, "corroborate", "--all", "--json"])
    full, full_rss, out = run([sys.executable, "-c", FULL_RECOMPUTE, uri, first])
    print(
        table(
            "baseline (same run)",
            [
                {
                    "baseline (same run)": "corroborate --all --json, x2",
                    "wall s": 2 * naive,
                    "peak RSS MB": naive_rss,
                },
                {
                    "baseline (same run)": f"full recompute, library ({first})",
                    "wall s": full,
                    "peak RSS MB": full_rss,
                    "claims dropping": int(out.strip()),
                },
            ],
            ["wall s", "peak RSS MB", "claims dropping"],
        )
    )
    if rows:
        gain = 2 * naive / rows[0]["p50 s"]
        print(f"gain over the naive approach for {first}: x{gain:.1f}")
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()
