"""Benchmark: import the real monitors' exports in ../shared/data into fresh embedded stores.

For each dataset (in its own child process, so peak memory is that import's): rows read,
rows/s, items created by kind, rows rejected by reason, wall time and peak RSS, against a
baseline measured in the same run — only parsing the same files with the csv/json modules.
Then ``corroborate`` on every imported Airwars claim, and the distribution of independent
paths per incident against Airwars' own grades (how often a Fair incident rests on one
account).

Targets: Airwars Syria pair < 10 s; Yemen table (22,485 rows) < 20 s.

    python benchmarks/import_real.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

DATASETS: dict[str, tuple[str, list[str], float | None]] = {
    "airwars": (
        "airwars",
        [
            "syrian-archive-airwars/incidents_flat.csv",
            "syrian-archive-airwars/incident_sources_flat.csv",
        ],
        10.0,
    ),
    "timemap": (
        "timemap",
        [
            "bellingcat-ukraine/export_events.json",
            "bellingcat-ukraine/export_sources.json",
            "bellingcat-ukraine/export_associations.json",
        ],
        None,
    ),
    "ydp": ("ydp", ["yemen_air_raids/raw_yemen_data.csv"], 20.0),
    "statements": ("statements", ["the-killings-they-tweeted/data.csv"], None),
}


def baseline(paths: list[Path]) -> float:
    """Seconds to only parse the files (csv / json), the floor any importer pays."""
    start = time.perf_counter()
    for p in paths:
        raw = p.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        if p.suffix == ".json":
            json.loads(text)
        else:
            list(csv.DictReader(io.StringIO(text, newline="")))
    return time.perf_counter() - start


def one(name: str, data: Path, db: Path) -> dict[str, Any]:
    """Import one dataset into ``db`` (child process); return the figures."""
    from provenance.ingest.profiles import get_profile
    from provenance.ingest.profiles.run import run_import
    from provenance.store.sqlite import SQLiteStore

    profile, files, _ = DATASETS[name]
    paths = [data / f for f in files]
    base = baseline(paths)
    start = time.perf_counter()
    with SQLiteStore(db, create=True) as store:
        report = run_import(store, get_profile(profile), paths, actor="benchmark")
    seconds = time.perf_counter() - start
    rows = sum(report["rows_read"].values())
    return {
        "dataset": name,
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "baseline_parse_s": base,
        "created": report["created"],
        "created_by_label": report["created_by_label"],
        "rejected": report["rejected"],
        "rejected_by_reason": report["rejected_by_reason"],
        "kept_with_field_dropped": report.get("kept_with_field_dropped", 0),
        "notes": report["notes"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def corroboration_table(db: Path) -> dict[str, Any]:
    """Independent paths per Airwars incident against Airwars' grade."""
    from provenance.corroborate import corroborate_store
    from provenance.store.sqlite import SQLiteStore

    start = time.perf_counter()
    with SQLiteStore(db) as store:
        results = list(corroborate_store(store))
        grades = {i.id: i.data.get("grade") for i in store.iter_items("Incident")}
    seconds = time.perf_counter() - start
    per_incident: dict[str, int] = {}
    for r in results:
        if r.incident is not None:
            per_incident[r.incident] = max(per_incident.get(r.incident, 0), r.independent_paths)
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for iid, grade in grades.items():
        paths = per_incident.get(iid, 0)
        bucket = str(paths) if paths < 5 else "5-9" if paths < 10 else "10+"
        table[grade or "(blank)"][bucket] += 1
    return {
        "claims": len(results),
        "seconds": seconds,
        "table": {g: dict(c) for g, c in table.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.data, args.db)))
        return
    if not args.data.is_dir():
        sys.exit(f"no real data at {args.data}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (_, _, target) in DATASETS.items():
            db = Path(tmp) / f"{name}.db"
            if name == "statements":  # statements link to incidents: import after Airwars
                db = Path(tmp) / "airwars.db"
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--one",
                    name,
                    "--data",
                    str(args.data),
                    "--db",
                    str(db),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout)
            verdict = (
                ""
                if target is None
                else (
                    " (target < {:.0f} s: {})".format(
                        target, "met" if r["seconds"] < target else "MISSED"
                    )
                )
            )
            print(
                f"== {name}: {r['rows']:,} rows in {r['seconds']:.2f} s = {r['rows_per_s']:,.0f} rows/s{verdict}"
            )
            print(
                f"   baseline (parse only): {r['baseline_parse_s']:.3f} s; peak RSS {r['peak_rss_mb']:.0f} MB"
            )
            print(f"   created {r['created']:,}: {r['created_by_label']}")
            print(f"   kept with a field dropped {r['kept_with_field_dropped']:,}")
            print(f"   rejected {r['rejected']:,}: {r['rejected_by_reason']}")
            for note in r["notes"]:
                print(f"   note: {note}")
        c = corroboration_table(Path(tmp) / "airwars.db")
        print(f"== corroborate --all on Airwars: {c['claims']:,} claims in {c['seconds']:.2f} s")
        buckets = ["0", "1", "2", "3", "4", "5-9", "10+"]
        print(f"   {'grade':<12}" + "".join(f"{b:>7}" for b in buckets) + f"{'total':>8}")
        for grade in ["confirmed", "fair", "weak", "contested", "discounted", "(blank)"]:
            row = c["table"].get(grade)
            if row:
                print(
                    f"   {grade:<12}"
                    + "".join(f"{row.get(b, 0):>7}" for b in buckets)
                    + f"{sum(row.values()):>8}"
                )


if __name__ == "__main__":
    main()
