"""Peak memory and time of the exports and of a large mapping import, each as a whole process.

Usage: ``python benchmarks/export_memory.py [--sources 40000] [--rows 200000] [--out DIR]``

Builds a synthetic store (``benchmarks/generate.py``), then runs ``provenance export`` in each
format and a ``--mapping`` import of a generated CSV of ``--rows`` rows, each in its own
process, and reads that process's peak RSS from ``os.wait4``. The baseline, measured in the
same run, is ``provenance stats`` on the same store: what the interpreter, the imports and
an open store cost before any export work. Target (issue 13): every export and the import
under 300 MB peak RSS.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_MB = 300
MAPPING = """\
mapping: provenance-mapping/1
name: bench-monitor
id_prefix: bm
incident:
  id: {column: Ref}
  date: {column: When, format: ["%Y-%m-%d"]}
  title: {template: "Strike on {Place}"}
  country: {column: Country, type: country}
  location:
    name: {column: Place}
    lat: {column: Lat, type: float}
    lon: {column: Lon, type: float}
  belligerents: {column: Accused, split: ";"}
claim:
  civilians_killed: {min: {column: Killed min}, max: {column: Killed max}}
  belligerent: {column: Accused}
source:
  url: {column: Link}
  kind: {value: news}
  author: {column: Account}
"""


def provenance() -> str:
    return shutil.which("provenance", path=str(Path(sys.executable).parent)) or "provenance"


def measure(argv: list[str]) -> tuple[float, float, int]:
    """Run ``argv``; return (seconds, peak RSS in MB, exit code)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode != 0 and proc.stderr is not None:
        print(proc.stderr.read().decode(errors="replace")[-2000:], file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def write_csv(path: Path, rows: int) -> None:
    header = ["Ref", "When", "Place", "Country", "Lat", "Lon", "Accused", "Killed min"]
    header += ["Killed max", "Link", "Account"]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for i in range(rows):
            day = f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}"
            place = [f"Place {i % 5000}", "Syria", 35 + (i % 100) / 100, 37 + (i % 77) / 100]
            killed = [i % 4, i % 4 + 3]
            link = [f"https://news.example/{i}", f"@account{i % 3000}"]
            out.writerow([f"R{i}", day, *place, "Russian Military", *killed, *link])


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=40_000)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--out", type=Path, default=None, help="keep the files here")
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="export-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    cli = provenance()
    case, db = work / "case.json", work / "store.db"
    for stale in (db, work / "import.db"):
        stale.unlink(missing_ok=True)
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "generate.py"),
            "--sources",
            str(args.sources),
            "--out",
            str(case),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    store = ["--store", f"sqlite:///{db}"]
    subprocess.run([cli, *store, "ingest", str(case)], check=True, stdout=subprocess.DEVNULL)
    print(f"load {open('/proc/loadavg').read().split()[0]}, store of {args.sources:,} sources")
    print(f"{'run':<34}{'seconds':>9}{'peak MB':>9}  {'output':>12}  target")
    base = measure([cli, *store, "stats"])
    print(f"{'baseline: stats':<34}{base[0]:>9.1f}{base[1]:>9.0f}  {'':>12}")
    failed = 0
    for fmt in ("jsonl", "graphml", "prov-json", "capture-histories"):
        target = work / f"export.{fmt}"
        target.unlink(missing_ok=True)
        seconds, peak, code = measure(
            [cli, *store, "export", "--format", fmt, "--out", str(target)]
        )
        size = f"{target.stat().st_size / 1e6:,.1f} MB" if target.exists() else "-"
        ok = code == 0 and peak < TARGET_MB
        failed += not ok
        print(
            f"{'export ' + fmt:<34}{seconds:>9.1f}{peak:>9.0f}  {size:>12}  {'PASS' if ok else 'FAIL'}"
        )
    mapping, data = work / "mapping.yaml", work / "export.csv"
    mapping.write_text(MAPPING, encoding="utf-8")
    write_csv(data, args.rows)
    seconds, peak, code = measure(
        [
            cli,
            "--store",
            f"sqlite:///{work / 'import.db'}",
            "ingest",
            str(data),
            "--mapping",
            str(mapping),
        ]
    )
    ok = code == 0 and peak < TARGET_MB
    failed += not ok
    label = f"mapping import of {args.rows:,} rows"
    print(f"{label:<34}{seconds:>9.1f}{peak:>9.0f}  {'':>12}  {'PASS' if ok else 'FAIL'}")
    print(f"target: every run under {TARGET_MB} MB peak RSS; files in {work}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
