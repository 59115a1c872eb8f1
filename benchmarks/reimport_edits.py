"""Benchmark: re-import the real Airwars Syria export with 100 analysts' edits in place.

Imports the export into a fresh embedded store, times a plain re-import (nothing changed),
then makes 100 analysts' edits with ``provenance set``'s library function (50 sources'
reliability, 50 incidents' grade, each different from what the export says where it says
anything) and times the re-import again in the same run. Checks that every edit survives
(value and analyst origin) and counts the disagreements the re-import reports.

Target: every edit survives; the re-import with edits in place within 1.5x the plain one.

    python benchmarks/reimport_edits.py [--data ../shared/data] [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from provenance.ingest.profiles import get_profile
from provenance.ingest.profiles.run import run_import
from provenance.store import analyst_fields, set_fields
from provenance.store.sqlite import SQLiteStore

FILES = [
    "syrian-archive-airwars/incidents_flat.csv",
    "syrian-archive-airwars/incident_sources_flat.csv",
]
GRADES = ["confirmed", "fair", "weak", "contested", "discounted"]
RELIABILITY = "ABCDEF"
TARGET_RATIO = 1.5


def timed_import(store: SQLiteStore, paths: list[Path]) -> tuple[float, dict[str, Any]]:
    """Seconds and report of one import of ``paths`` with the Airwars profile."""
    start = time.perf_counter()
    report = run_import(store, get_profile("airwars"), paths, actor="bench")
    return time.perf_counter() - start, report


def make_edits(store: SQLiteStore, n: int) -> tuple[float, dict[str, tuple[str, str]]]:
    """``n`` analysts' edits (half sources' reliability, half incidents' grade); the
    seconds they took and ``id -> (field, value)``."""
    sources = [s for _, s in zip(range(n // 2), store.iter_items("Source"), strict=False)]
    incidents = [i for _, i in zip(range(n - n // 2), store.iter_items("Incident"), strict=False)]
    wanted: dict[str, tuple[str, str]] = {}
    for k, s in enumerate(sources):
        old = s.data.get("reliability")
        wanted[s.id] = ("reliability", next(r for r in RELIABILITY[k % 6 :] + "AB" if r != old))
    for k, i in enumerate(incidents):
        old = i.data.get("grade")
        wanted[i.id] = ("grade", next(g for g in GRADES[k % 5 :] + GRADES if g != old))
    start = time.perf_counter()
    for item_id, (name, value) in wanted.items():
        set_fields(store, item_id, [f"{name}={value}"], actor="bench", reason="benchmark edit")
    return time.perf_counter() - start, wanted


def survived(store: SQLiteStore, wanted: dict[str, tuple[str, str]]) -> int:
    """How many edits are still stored, with the analyst as their origin."""
    found = store.get_many(wanted)
    return sum(
        1
        for i, (name, value) in wanted.items()
        if found[i].data.get(name) == value and name in analyst_fields(found[i].data)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    paths = [args.data / f for f in FILES]
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db", create=True)
        first, report = timed_import(store, paths)
        plain, plain_report = timed_import(store, paths)
        setting, wanted = make_edits(store, args.edits)
        edited, edited_report = timed_import(store, paths)
        kept = survived(store, wanted)
        store.close()
    result = {
        "items": report["items"],
        "first_import_s": round(first, 2),
        "plain_reimport_s": round(plain, 2),
        "edits": len(wanted),
        "edits_s": round(setting, 2),
        "reimport_with_edits_s": round(edited, 2),
        "ratio": round(edited / plain, 2),
        "edits_survived": kept,
        "disagreements_reported": len(edited_report["disagreements"]),
        "plain_reimport_changed": plain_report["created"] + plain_report["updated"],
        "reimport_with_edits_changed": edited_report["created"] + edited_report["updated"],
    }
    ok = kept == len(wanted) and result["ratio"] <= TARGET_RATIO
    if args.json:
        print(json.dumps({**result, "ok": ok}, indent=2))
        return
    print(f"Airwars Syria: {result['items']:,} items, first import {first:.2f} s")
    print(
        f"  plain re-import:              {plain:.2f} s ({result['plain_reimport_changed']} changed)"
    )
    print(f"  {len(wanted)} analysts' edits (set):    {setting:.2f} s")
    print(
        f"  re-import with edits in place: {edited:.2f} s ({result['ratio']}x plain;"
        f" target <= {TARGET_RATIO}x), {result['reimport_with_edits_changed']} changed"
    )
    print(
        f"  edits surviving: {kept}/{len(wanted)};"
        f" disagreements reported: {result['disagreements_reported']}"
    )
    print("OK" if ok else "TARGET MISSED")


if __name__ == "__main__":
    main()
