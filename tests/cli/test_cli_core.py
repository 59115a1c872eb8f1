"""The core commands, run as real processes: init, ingest, show, stats, demo, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cli_helpers import run_cli, run_json
from paths import EXAMPLE

MALFORMED = """format: provenance-case/1
sources:
  - {id: s1, kind: news}
incidents:
  - id: i1
    title: x
    date: 2017-06-01
    claims:
      - {id: c1, civilians_killed: {min: 9, max: 3}, supported_by: [s1]}
"""


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['provenance', '--help']\n"
        "from provenance_cli.main import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('neo4j', 'pyvis', 'networkx', 'igraph', 'rapidfuzz') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout, out.stdout


def test_init_ingest_show_stats(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    run_cli("init", store=store, check=True)
    first = run_json("ingest", str(EXAMPLE), store=store)
    assert first["created"] == first["items"] > 40
    assert first["audit_event"] == 1
    again = run_json("ingest", str(EXAMPLE), store=store)
    assert again == {**first, "created": 0, "unchanged": first["items"], "audit_event": None}
    shown = run_json("show", "ill-mosul-1-c1", store=store)
    assert shown["label"] == "Claim"
    assert shown["data"]["civilians_killed"] == {"min": 12, "max": 18}
    rels = {(r["src"], r["rel"], r["dst"]) for r in shown["relationships"]}
    assert ("ill-mosul-1", "HAS_CLAIM", "ill-mosul-1-c1") in rels
    assert ("ill-mosul-1-c1", "SUPPORTED_BY", "ill-src-mosul-wire") in rels
    stats = run_json("stats", store=store)
    assert stats["nodes"]["Incident"] == 5
    assert stats["audit_events"] == 1


def test_failed_ingest_changes_nothing_and_names_the_problem(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    run_cli("ingest", str(EXAMPLE), store=store, check=True)
    before = run_json("stats", store=store)
    bad = tmp_path / "bad.yaml"
    bad.write_text(MALFORMED)
    proc = run_cli("ingest", str(EXAMPLE), str(bad), store=store)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: ")
    assert "bad.yaml:9" in proc.stderr and "incidents[0].claims[0] (id 'c1')" in proc.stderr
    assert "civilians_killed" in proc.stderr and "must not exceed" in proc.stderr
    assert "Hint:" in proc.stderr
    assert run_json("stats", store=store) == before


def test_errors_and_usage(tmp_path: Path) -> None:
    missing = run_cli("stats", store=tmp_path / "none.db")
    assert missing.returncode == 1
    assert "no store at" in missing.stderr and "provenance init" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    store = tmp_path / "s.db"
    run_cli("init", store=store, check=True)
    unknown = run_cli("show", "nope", store=store)
    assert unknown.returncode == 1 and "no item with id 'nope'" in unknown.stderr
    usage = run_cli("stats", "--no-such-option", store=store)
    assert usage.returncode == 2
    bad_uri = run_cli("--store", "mysql://x", "stats")
    assert bad_uri.returncode == 1 and "unsupported store URI" in bad_uri.stderr
    neo = subprocess.run(
        [
            sys.executable,
            "-c",
            "from provenance_cli.main import run; run()",
            "--store",
            "bolt://127.0.0.1:1",
            "stats",
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert neo.returncode == 1 and "NEO4J_USER" in neo.stderr


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    proc = run_cli("demo", "--out", str(out), cwd=tmp_path, check=True)
    assert "June 2017" in proc.stdout
    for incident in ("ill-mosul-1", "ill-mosul-2", "ill-raqqa-1", "ill-raqqa-2"):
        assert incident in proc.stdout
    assert (out / "demo.db").exists()
    # issue 18: the impact of the Mosul post, and a checkpoint with attested time
    assert "What if the Mosul post is discredited?" in proc.stdout
    assert "ill-mosul-1-c1  1 → 0 paths  weak → unsupported" in proc.stdout
    assert "Checkpoint timestamped by a local demo authority" in proc.stdout
    assert (out / "audit" / "checkpoint.txt.tsr").is_file()
    # a second run starts from a fresh store
    run_cli("demo", "--out", str(out), cwd=tmp_path, check=True)
    assert run_json("stats", store=out / "demo.db")["audit_events"] >= 1


def test_demo_never_deletes_a_store_it_did_not_make(tmp_path: Path) -> None:
    store = tmp_path / "demo.db"
    run_cli("ingest", str(EXAMPLE), store=store, check=True)
    before = run_json("stats", store=store)
    proc = run_cli("demo", "--out", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 1 and "was not made by `provenance demo`" in proc.stderr
    assert run_json("stats", store=store) == before
