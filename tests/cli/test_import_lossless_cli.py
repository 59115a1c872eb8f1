"""Issue 14 part 1 through the CLI: kept records in the report, `show`, warnings, `figure`."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_cli, run_json
from paths import IMPORT_FIXTURES

AIRWARS = IMPORT_FIXTURES / "airwars"
INCIDENTS = AIRWARS / "incidents_flat.csv"
SOURCES = AIRWARS / "incident_sources_flat.csv"


def test_report_and_show_name_the_dropped_field(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    proc = run_cli("ingest", str(INCIDENTS), str(SOURCES), "--profile", "airwars", store=db)
    assert proc.returncode == 0, proc.stderr
    assert "1 incident kept with a field dropped:" in proc.stdout
    assert "airwars:XS0005 (incidents_flat.csv row 7): column 'longitude'" in proc.stdout
    assert "minimum 0 (not the maximum): XS0002 (killed)" in proc.stdout
    shown = run_json("show", "airwars:XS0005", store=db)
    assert shown["data"]["import_problems"][0]["value"] == "4239.00416"
    text = run_cli("show", "airwars:XS0005", store=db, check=True).stdout
    assert "import_problems" in text and "4239.00416" in text


def test_incidents_alone_warn_that_claims_are_unsupported(tmp_path: Path) -> None:
    proc = run_cli("ingest", str(INCIDENTS), "--profile", "airwars", store=tmp_path / "s.db")
    assert proc.returncode == 0, proc.stderr
    assert "warning: no incident→source table given" in proc.stderr
    assert "every claim will be unsupported" in proc.stderr


def test_an_undated_incident_is_counted_apart_by_figure(tmp_path: Path) -> None:
    undated = tmp_path / "incidents_flat.csv"
    undated.write_text(
        INCIDENTS.read_text("utf-8").replace("XS0003,2023-09-11,", "XS0003,,"), "utf-8"
    )
    db = tmp_path / "s.db"
    report = run_json("ingest", str(undated), str(SOURCES), "--profile", "airwars", store=db)
    assert report["kept_with_field_dropped"] == 3  # XS0003 undated, XS0005, one source
    fig = run_json("figure", store=db)
    assert fig["undated"] == 1 and "airwars:XS0003" not in fig["incident_ids"]
    assert "undated: 1 incident not counted" in run_cli("figure", store=db, check=True).stdout
    assert run_cli("duplicates", store=db).returncode == 0
