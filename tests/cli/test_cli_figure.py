"""Issue 16 "Figures" through the real console script, piped (and on a pseudo-terminal for
the ids): filter values checked against the data, unknowns counted apart, a cluster one
incident in every view, incidents in several ``--by`` rows named, human wording."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import _SCRIPT, run_cli, run_json
from paths import IMPORT_FIXTURES

CASE = """
format: provenance-case/1
organisations:
  - {id: ru-mod, name: Russian military, kind: military, aliases: [VKS]}
incidents:
  - id: x-jul31
    title: strike late on 31 July
    date: 2017-07-31
    country: SY
    belligerents: [U.S.-led Coalition]
    grade: fair
    claims:
      - {id: x-jul31-c, civilians_killed: {min: 5, max: 7}, belligerent: U.S.-led Coalition}
  - id: x-aug1
    title: the same strike, reported on 1 August
    date: 2017-08-01
    country: SY
    belligerents: [US-led coalition]
    grade: weak
    claims:
      - {id: x-aug1-c, civilians_killed: {min: 3, max: 10}, belligerent: US-led coalition}
  - id: y-aug5
    title: strike blamed on two belligerents
    date: 2017-08-05
    country: IQ
    belligerents: [Russian military, U.S.-led Coalition]
    grade: fair
    claims:
      - {id: y-aug5-ru, civilians_killed: {min: 2, max: 4}, belligerent: Russian military}
      - {id: y-aug5-us, civilians_killed: {min: 1, max: 1}, belligerent: U.S.-led Coalition}
  - id: z-norec
    title: casualties never recorded
    date: 2017-08-10
    country: SY
    belligerents: [Russian military]
    claims:
      - {id: z-norec-c, belligerent: Russian military}
  - id: u-undated
    title: no usable date
    country: SY
    claims:
      - {id: u-undated-c, civilians_killed: {min: 1, max: 1}}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("figure")
    case = work / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    db = work / "store.db"
    run_cli("init", store=db, check=True)
    run_cli("ingest", str(case), store=db, check=True)
    run_cli("judge", "x-jul31", "x-aug1", "same", "--reason", "one strike", store=db, check=True)
    return db


def killed(part: dict[str, Any]) -> tuple[int, int]:
    return part["civilians_killed"]["min"], part["civilians_killed"]["max"]


def test_a_31_july_1_august_cluster_is_a_july_incident_in_every_view(store: Path) -> None:
    """Before: ``--by month`` put the cluster in July (3–10) while the August figure counted
    its 1 August member (and the July figure only the 31 July member's 5–7)."""
    july = run_json("figure", "--from", "2017-07-01", "--to", "2017-07-31", store=store)
    assert july["incidents"] == 1 and killed(july) == (3, 10)
    august = run_json("figure", "--from", "2017-08-01", "--to", "2017-08-31", store=store)
    assert august["incident_ids"] == ["y-aug5"] and killed(august) == (1, 4)
    months = run_json("figure", "--by", "month", store=store)["by"]
    assert months["2017-07"]["incident_ids"] == ["x-aug1", "x-jul31"]
    assert killed(months["2017-07"]) == (3, 10)
    assert months["2017-08"]["incidents"] == 1 and months["2017-08"]["not_recorded"] == 1


def test_by_grade_and_min_grade_give_a_cluster_the_same_values(store: Path) -> None:
    """Before: ``by_grade.fair`` merged the weak member's 3–10 into the cluster while
    ``--min-grade fair`` left that member out (5–7): 4–14 against 6–11."""
    whole = run_json("figure", store=store)
    fair = run_json("figure", "--min-grade", "fair", store=store)
    assert killed(whole["by_grade"]["fair"]) == killed(fair) == (4, 14)
    assert whole["by_grade"]["fair"]["incidents"] == fair["incidents"] == 2
    assert "weak" not in whole["by_grade"]


def test_unrecorded_casualties_and_undated_incidents_are_counted_apart(store: Path) -> None:
    """Before: z-norec counted as an incident with 0 killed; no ``not_recorded``."""
    fig = run_json("figure", store=store)
    assert fig["not_recorded"] == 1 and fig["not_recorded_ids"] == ["z-norec"]
    assert fig["undated"] == 1 and fig["undated_ids"] == ["u-undated"]
    assert fig["incidents"] == 2 and "z-norec" not in fig["incident_ids"]
    text = run_cli("figure", store=store, check=True).stdout
    assert "casualties not recorded: 1 incident (not in the totals" in text
    assert "undated: 1 incident not counted" in text
    assert "2 incidents" in text and "4–14 civilians killed" in text


def test_values_that_match_nothing_are_usage_errors_listing_the_known_ones(store: Path) -> None:
    """Before: each printed "0 incidents" and exited 0."""
    bad = run_cli("figure", "--country", "France", store=store)
    assert bad.returncode == 2 and "--country 'France' matches no incident" in bad.stderr
    assert "Syria = SY (4)" in bad.stderr and "Iraq = IQ (1)" in bad.stderr
    bad = run_cli("figure", "--belligerent", "Russian", store=store)
    assert bad.returncode == 2 and "Russian military (2)" in bad.stderr
    bad = run_cli("figure", "--dataset", "airwars", store=store)
    assert bad.returncode == 2 and "known datasets (incidents): case (5)" in bad.stderr
    bad = run_cli("figure", "--from", "2017-08-31", "--to", "2017-08-01", store=store)
    assert bad.returncode == 2 and "--from 2017-08-31 is after --to 2017-08-01" in bad.stderr
    assert bad.stdout == ""


def test_countries_by_name_and_belligerents_through_aliases(store: Path) -> None:
    syria = run_json("figure", "--country", "Syria", store=store)
    assert syria["incident_ids"] == ["x-aug1", "x-jul31"] and syria["not_recorded"] == 1
    us = run_json("figure", "--belligerent", "us-led coalition", store=store)
    assert us["incidents"] == 2 and killed(us) == (4, 11)  # cluster 3–10, y's US claim 1
    vks = run_json("figure", "--belligerent", "VKS", store=store)  # organisation alias
    assert vks["incident_ids"] == ["y-aug5"] and killed(vks) == (2, 4)
    assert vks["not_recorded_ids"] == ["z-norec"]


def test_by_belligerent_says_how_many_incidents_are_in_several_rows(store: Path) -> None:
    """Before: rows summing to 3 incidents against a total of 2, with no note."""
    fig = run_json("figure", "--by", "belligerent", store=store)
    assert fig["in_several_rows"] == 1
    assert fig["by"]["U.S.-led Coalition"]["incidents"] == 2  # both spellings, one row
    assert fig["by"]["Russian military"]["incidents"] == 1
    text = run_cli("figure", "--by", "belligerent", store=store, check=True).stdout
    assert "1 incident in more than one belligerent row" in text
    assert "by belligerent Russian military: 1 incident, 2–4 killed, 1 not recorded" in text


def test_dataset_filters_by_the_import(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    run_cli("ingest", str(case), store=db, check=True)
    files = sorted(str(p) for p in (IMPORT_FIXTURES / "timemap").glob("*.json"))
    run_cli("ingest", *files, "--profile", "timemap", store=db, check=True)
    tm = run_json("figure", "--dataset", "timemap", store=db)
    assert tm["incidents"] == 0 and tm["not_recorded"] >= 3  # TimeMap records no figures
    assert all(i.startswith("timemap:") for i in tm["not_recorded_ids"])
    by_file = run_json("figure", "--dataset", "export_events.json", store=db)
    assert by_file["not_recorded_ids"] == tm["not_recorded_ids"]
    case_only = run_json("figure", "--dataset", "case", store=db)
    assert case_only["incidents"] == 3 and case_only["not_recorded"] == 1  # not judged here
    bad = run_cli("figure", "--dataset", "nope", store=db)
    assert bad.returncode == 2 and "timemap (export_events.json)" in bad.stderr


def _many(tmp_path: Path, n: int) -> Path:
    rows = "\n".join(
        f"  - {{id: inc-{i:02}, title: t, date: 2020-01-{i + 1:02},"
        f" claims: [{{id: inc-{i:02}-c, civilians_killed: {{min: 1000, max: 1200}}}}]}}"
        for i in range(n)
    )
    case = tmp_path / "many.yaml"
    case.write_text(f"format: provenance-case/1\nincidents:\n{rows}\n", encoding="utf-8")
    db = tmp_path / "many.db"
    run_cli("ingest", str(case), store=db, check=True)
    return db


def test_piped_figure_prints_every_id_with_thousands_separators(tmp_path: Path) -> None:
    db = _many(tmp_path, 15)
    text = run_cli("figure", store=db, check=True).stdout
    lines = text.splitlines()
    heading = lines.index("Incidents counted (15 incidents):")
    assert lines[heading + 1 :] == [f"  inc-{i:02}" for i in range(15)] and "more" not in text
    assert "15,000–18,000 civilians killed" in text


def test_on_a_terminal_figure_shows_the_first_ids_and_how_many_more(tmp_path: Path) -> None:
    """Before: every id was printed (24,636 on the real Yemen import)."""
    db = _many(tmp_path, 15)
    primary, secondary = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.run(
        [_SCRIPT, "--store", f"sqlite:///{db}", "figure"],
        stdout=secondary,
        stderr=subprocess.PIPE,
        env=env,
        timeout=120,
        check=True,
    )
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(primary)
    text = out.decode()
    assert proc.returncode == 0
    assert "Incidents counted (15 incidents):" in text and "inc-09 … 5 more" in text
    assert "inc-14" not in text
    assert (
        json.loads(run_cli("figure", "--json", store=db, check=True).stdout)["incident_ids"][-1]
        == "inc-14"
    )
