"""Benchmark of the pages a researcher opens on the real Airwars Syria import (issue 17).

The import (../shared/data, ``PROVENANCE_REAL_DATA`` elsewhere) goes into a fresh embedded
store; then, each timed from the store to the written file:

* the claim view of RS4720 (77 sources) and of JS002 (26 sources);
* the incident view of RS4802 (three claims);
* the figure page of October 2023 (a table of its incidents) and of the whole export;
* the printable reports of the RS4720 claim and the RS4802 incident, as HTML and as PDF
  (Debian's headless Chromium), unanchored (no checkpoint in a fresh import).

Each page is opened in headless Chromium at 1280×800 (every non-file request aborted):
the time until drawn, and a screenshot written to ``--out`` (``benchmarks/out``,
gitignored), for a person to look at. Baseline, in the same run: reading the claim's
upstream graph alone (what any page of it must do first).

    python benchmarks/views_real.py [--out benchmarks/out]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "views"))

from views_browser import CHROMIUM_ARGS, require_chromium  # noqa: E402

from provenance.figures import Filters  # noqa: E402
from provenance.report import claim_report, incident_report, write_report  # noqa: E402
from provenance.store.sqlite import SQLiteStore  # noqa: E402
from provenance.views import claim_view_from_store, incident_view_from_store  # noqa: E402
from provenance.views.data import figure_page_from_store  # noqa: E402
from provenance.views.figure_page import write_figure_page  # noqa: E402
from provenance.views.render import write_view  # noqa: E402

DATA = Path(os.environ.get("PROVENANCE_REAL_DATA", ROOT.parent / "shared" / "data"))
AIRWARS = DATA / "syrian-archive-airwars"


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """``fn()`` and its wall time in seconds."""
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def import_airwars(db: Path) -> float:
    """Import the real Airwars pair into ``db`` through the CLI; its wall time."""
    script = Path(sys.executable).parent / "provenance"
    files = [str(AIRWARS / n) for n in ("incidents_flat.csv", "incident_sources_flat.csv")]
    _, seconds = timed(
        lambda: subprocess.run(
            [str(script), "--store", f"sqlite:///{db}", "ingest", "--profile", "airwars", *files],
            check=True,
            capture_output=True,
        )
    )
    return seconds


def make_pages(store: SQLiteStore, out: Path) -> list[dict[str, Any]]:
    """Write each page; its name, file, generation time and size."""
    rows: list[dict[str, Any]] = []

    def claim(name: str, ref: str) -> None:
        path = out / f"real-{name}.html"
        _, s = timed(lambda: write_view(claim_view_from_store(store, ref), path, force=True))
        rows.append({"page": name, "path": path, "gen": s})

    claim("RS4720-claim", "airwars:RS4720:c:russian-military")
    claim("JS002-claim", "airwars:JS002:c:jordanian-military")
    path = out / "real-RS4802-incident.html"
    _, s = timed(lambda: write_view(incident_view_from_store(store, "RS4802"), path, force=True))
    rows.append({"page": "RS4802-incident", "path": path, "gen": s})
    october = Filters.from_options(date_from="2023-10-01", date_to="2023-10-31")
    for name, filters in (("October-2023-figure", october), ("whole-export-figure", None)):
        path = out / f"real-{name}.html"
        _, s = timed(
            lambda f=filters, p=path: write_figure_page(
                figure_page_from_store(store, f), p, force=True
            )
        )
        rows.append({"page": name, "path": path, "gen": s})
    for row in rows:
        row["size"] = row["path"].stat().st_size
    return rows


def make_reports(store: SQLiteStore, out: Path) -> list[dict[str, Any]]:
    """The printable reports of RS4720's claim and RS4802's incident as HTML and PDF: time
    (building the report from the store, rendering, printing, writing), size."""
    rows: list[dict[str, Any]] = []
    for name, build in (
        ("RS4720-claim", lambda: claim_report(store, "RS4720")),
        ("RS4802-incident", lambda: incident_report(store, "RS4802")),
    ):
        for fmt in ("html", "pdf"):
            path = out / f"report-{name}.{fmt}"
            written, s = timed(lambda b=build, p=path: write_report(b(), p, force=True))
            rows.append({"report": f"{name}.{fmt}", "seconds": s, "bytes": written.bytes})
    return rows


def draw(rows: list[dict[str, Any]], out: Path) -> None:
    """Open each page at 1280×800 in Chromium; time until drawn and a screenshot."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="views-real-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=require_chromium(),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        for row in rows:
            page = context.new_page()
            blocked: list[str] = []

            def route(r: Any, blocked: list[str] = blocked) -> None:
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            t = time.perf_counter()
            page.goto(row["path"].resolve().as_uri(), wait_until="load", timeout=120_000)
            page.wait_for_selector("body[data-drawn='true']", state="attached", timeout=120_000)
            row["drawn"] = time.perf_counter() - t
            row["blocked"] = len(blocked)
            shot = out / f"{row['path'].stem}.png"
            page.screenshot(path=str(shot))
            row["shot"] = shot
            page.close()
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args(argv)
    if not AIRWARS.is_dir():
        print(f"real data not present at {AIRWARS}: nothing to measure")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    db = Path(tempfile.mkdtemp(prefix="views-real-db-")) / "airwars.db"
    print(
        f"Airwars import: {import_airwars(db):.1f} s  ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)"
    )
    with SQLiteStore(db) as store:
        _, base = timed(lambda: store.upstream_graph(["airwars:RS4720:c:russian-military"]))
        print(f"baseline: reading RS4720's upstream graph alone {base:.3f} s")
        rows = make_pages(store, args.out)
        reports = make_reports(store, args.out)
    draw(rows, args.out)
    print(
        f"\n{'page':<22}{'generate s':>11}{'file KiB':>10}{'drawn s':>9}{'blocked':>9}  screenshot"
    )
    for r in rows:
        print(
            f"{r['page']:<22}{r['gen']:>11.2f}{r['size'] / 1024:>10,.0f}{r['drawn']:>9.2f}"
            f"{r['blocked']:>9}  {r['shot']}"
        )
    print("generate s: read the store, corroborate, build, render and write the page.")
    print(f"\n{'report':<24}{'seconds':>9}{'KiB':>10}")
    for r in reports:
        print(f"{r['report']:<24}{r['seconds']:>9.2f}{r['bytes'] / 1024:>10,.0f}")
    print("report seconds: read the store, build the report, render, print (PDF), write.")
    return 0 if all(r["blocked"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
