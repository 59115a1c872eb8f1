"""Benchmark: search latency on a store with the Airwars, Yemen and TimeMap imports.

Imports the three real exports in ../shared/data (the paths and profiles of
``benchmarks/import_real.py``) into one fresh embedded store, then times 1,000 searches
(``Store.search``, 20 hits) — a third monitors' codes (``RS4720``, a YDP incident id, a
TimeMap event id), a third place names, a third source URLs, drawn with a fixed seed from
the store — and ``find.resolve`` (what ``show CODE|URL`` does) on the codes and URLs.
Prints p50/p99/max, against a baseline measured in the same run: a plain ``LIKE '%text%'``
scan of the nodes table (200 of the same queries: it is slow).

Target: search p99 < 50 ms on the embedded store.

    python benchmarks/search.py [--data ../shared/data] [--queries 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_real import DATASETS

TARGET_P99_MS = 50.0
BASELINE_QUERIES = 200


def build(db: Path, data: Path) -> dict[str, float]:
    """Import Airwars, YDP and TimeMap into ``db``; seconds per dataset."""
    from provenance.ingest.profiles import get_profile
    from provenance.ingest.profiles.run import run_import
    from provenance.store import open_store

    took = {}
    with open_store(f"sqlite:///{db}", create=True) as store:
        for name in ("airwars", "ydp", "timemap"):
            profile, files, _ = DATASETS[name]
            start = time.perf_counter()
            run_import(store, get_profile(profile), [data / f for f in files], actor="benchmark")
            took[name] = time.perf_counter() - start
    return took


def queries(db: Path, n: int, seed: int = 14) -> dict[str, list[str]]:
    """``n`` queries drawn from the store: codes, place names, source URLs (a third each)."""
    con = sqlite3.connect(db)
    ids = [r[0] for r in con.execute("SELECT id FROM nodes WHERE label='Incident'")]
    places = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT json_extract(data, '$.location.name') FROM nodes"
            " WHERE label='Incident' AND json_extract(data, '$.location.name') IS NOT NULL"
        )
    ]
    urls = [
        r[0]
        for r in con.execute(
            "SELECT json_extract(data, '$.url') FROM nodes"
            " WHERE label='Source' AND json_extract(data, '$.url') IS NOT NULL"
        )
    ]
    con.close()
    rng = random.Random(seed)
    third = n // 3
    return {
        "code": [i.split(":")[1] for i in rng.sample(ids, third)],
        "place": rng.sample(places, third),
        "url": rng.sample(urls, n - 2 * third),
    }


def timed(fn: Callable[[str], object], texts: list[str]) -> list[float]:
    """Milliseconds of ``fn`` on each text."""
    out = []
    for text in texts:
        start = time.perf_counter()
        fn(text)
        out.append((time.perf_counter() - start) * 1000)
    return out


def figures(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p99_ms": round(p99, 2),
        "max_ms": round(ms[-1], 2),
    }


def like_scan(con: sqlite3.Connection) -> Callable[[str], object]:
    """The baseline: every node whose id or JSON text contains the query."""

    def run(text: str) -> object:
        pattern = f"%{text}%"
        sql = "SELECT id FROM nodes WHERE id LIKE ? OR data LIKE ? LIMIT 20"
        return con.execute(sql, (pattern, pattern)).fetchall()

    return run


def measure(db: Path, qs: dict[str, list[str]]) -> dict[str, object]:
    from provenance.errors import NotFoundError
    from provenance.find import resolve
    from provenance.store import open_store

    every = [q for kind in ("code", "place", "url") for q in qs[kind]]
    with open_store(f"sqlite:///{db}") as store:
        store.search("warm up")

        def show(ref: str) -> object:
            try:
                return resolve(store, ref)
            except NotFoundError:  # a code two records share: listed, not shown
                return None

        result: dict[str, object] = {
            "search_all": figures(timed(store.search, every)),
            **{f"search_{k}": figures(timed(store.search, v)) for k, v in qs.items()},
            "show_code_or_url": figures(timed(show, qs["code"] + qs["url"])),
        }
    rng = random.Random(1)
    con = sqlite3.connect(db)
    result["baseline_like_scan"] = figures(
        timed(like_scan(con), rng.sample(every, BASELINE_QUERIES))
    )
    con.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--db", type=Path, help="keep the store here (imported when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "search.db"
        took = build(db, args.data) if not db.exists() else {}
        con = sqlite3.connect(db)
        nodes = con.execute("SELECT count(*) FROM nodes").fetchone()[0]
        con.close()
        result = {
            "store_nodes": nodes,
            "import_seconds": {k: round(v, 1) for k, v in took.items()},
            **measure(db, queries(db, args.queries)),
        }
    p99 = result["search_all"]["p99_ms"]  # type: ignore[index]
    result["target_p99_ms"] = TARGET_P99_MS
    result["target_met"] = p99 < TARGET_P99_MS
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
