"""``provenance ingest --profile/--mapping/--list-profiles`` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run_cli, run_json
from paths import EXAMPLE, IMPORT_FIXTURES

FIX = IMPORT_FIXTURES
AIRWARS = [
    str(FIX / "airwars" / "incidents_flat.csv"),
    str(FIX / "airwars" / "incident_sources_flat.csv"),
]


def test_list_profiles(tmp_path: Path) -> None:
    proc = run_cli("ingest", "--list-profiles", store=tmp_path / "s.db", check=True)
    names = [line.split()[0] for line in proc.stdout.splitlines()]
    assert names == ["airwars", "timemap", "ydp", "statements", "auto-archiver"]
    listed = run_json("ingest", "--list-profiles", store=tmp_path / "s.db")
    assert all(p["description"] for p in listed)


def test_profile_import_json_report_and_reimport(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    report = run_json("ingest", *AIRWARS, "--profile", "airwars", store=db)
    # XS0005 (longitude 4239) is kept without coordinates, with its source (issue 14)
    assert report["created"] == 20 and report["rejected"] == 1 and report["audit_event"] == 1
    assert report["rows_read"] == {"incidents_flat.csv": 6, "incident_sources_flat.csv": 10}
    again = run_json("ingest", *AIRWARS, "--profile", "airwars", store=db)
    assert (again["created"], again["updated"], again["unchanged"], again["audit_event"]) == (
        0,
        0,
        20,
        None,
    )
    shown = run_json("show", "airwars:XS0001", store=db)
    assert shown["data"]["grade"] == "contested"


def test_strict_exits_1_naming_rows(tmp_path: Path) -> None:
    proc = run_cli("ingest", *AIRWARS, "--profile", "airwars", "--strict", store=tmp_path / "s.db")
    assert proc.returncode == 1
    assert "incident_sources_flat.csv row 11, column 'internal_id'" in proc.stderr
    assert "nothing imported" in proc.stderr


def test_wrong_encoding_and_wrong_header_errors(tmp_path: Path) -> None:
    ydp = str(FIX / "ydp" / "raw_yemen_data.csv")
    proc = run_cli("ingest", ydp, "--profile", "statements", store=tmp_path / "s.db")
    # issue 16: the profile the file looks like, before any encoding or header error
    assert proc.returncode == 2 and "--profile ydp" in proc.stderr
    other = tmp_path / "other.csv"  # a cp1252 export no built-in profile reads
    other.write_bytes("Région,Décès\nx,1\n".encode("cp1252"))
    proc = run_cli("ingest", str(other), "--profile", "statements", store=tmp_path / "s.db")
    assert proc.returncode == 1 and "--encoding cp1252" in proc.stderr
    proc = run_cli(
        "ingest", str(other), "--profile", "statements", "--encoding", "cp1252",
        store=tmp_path / "s.db",
    )  # fmt: skip
    assert proc.returncode == 1
    assert "missing columns 'Post Date', 'Airwars ref code', 'Footage link'" in proc.stderr
    assert "profile 'statements'" in proc.stderr


def test_human_report_and_profile_usage_errors(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    proc = run_cli(
        "ingest", str(FIX / "ydp" / "raw_yemen_data.csv"), "--profile", "ydp", store=db, check=True
    )
    assert "rejected" not in proc.stdout
    assert "2 incidents kept with a field dropped" in proc.stdout
    assert "ydp:6 (raw_yemen_data.csv row 7): column 'Fatalities'" in proc.stdout
    proc = run_cli("ingest", "x.csv", "--profile", "nope", store=db)
    # an unknown profile is a bad option value: exit 2, like every usage error (issue 11)
    assert proc.returncode == 2 and "unknown profile 'nope'" in proc.stderr
    proc = run_cli("ingest", "x.csv", "--profile", "ydp", "--mapping", "m.yaml", store=db)
    assert proc.returncode == 2


def test_case_files_still_ingest_without_profile(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    report = run_json("ingest", str(EXAMPLE), store=db)
    assert report["created"] > 0 and set(report) == {
        "files",
        "items",
        "created",
        "updated",
        "unchanged",
        "audit_event",
    }
    proc = run_cli("ingest", str(EXAMPLE), "--json", store=db, check=True)
    assert json.loads(proc.stdout)["created"] == 0


def test_bad_option_values_are_usage_errors_that_create_no_store(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cases = {
        (
            "x.csv",
            "--profile",
            "ydp",
            "--mapping",
            "m.yaml",
        ): "give --profile or --mapping, not both",
        ("x.csv", "--profile", "nope"): "unknown profile 'nope'",
        (*AIRWARS, "--profile", "airwars", "--encoding", "klingon"): "unknown encoding 'klingon'",
        (str(EXAMPLE), "--strict"): "--strict, --encoding and --id-prefix apply to",
        (): "give at least one PATH",
    }
    for args, message in cases.items():
        proc = run_cli("ingest", *args, store=db)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.startswith(f"Error: {message}"), (args, proc.stderr)
        assert "\nHint: " in proc.stderr
    assert not db.exists()
