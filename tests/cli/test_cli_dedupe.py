"""`duplicates`, `judge` and `figure` through the real console script."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli, run_json
from paths import EXAMPLE


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "s.db"
    run_cli("init", store=db, check=True)
    run_cli("ingest", str(EXAMPLE), store=db, check=True)
    return db


def test_duplicates_judge_figure(store: Path) -> None:
    pairs = run_json("duplicates", store=store)
    assert [(p["a"], p["b"]) for p in pairs] == [("ill-mawsil-2b", "ill-mosul-2")]
    assert set(pairs[0]) == {"a", "b", "score", "reasons", "judgement"}
    assert pairs[0]["judgement"] is None and 0.5 <= pairs[0]["score"] <= 1

    fig = run_json("figure", "--from", "2017-06-01", "--to", "2017-06-30", store=store)
    assert {
        "incidents",
        "civilians_killed",
        "civilians_injured",
        "by_grade",
        "acknowledged",
        "incident_ids",
    } <= set(fig)
    assert fig["incidents"] == 5 and fig["civilians_killed"] == {"min": 33, "max": 49}

    j = run_json(
        "judge",
        "ill-mosul-2",
        "ill-mawsil-2b",
        "same",
        "--reason",
        "same rescuer",
        "--actor",
        "ana",
        store=store,
    )
    assert (
        j["judgement"] == "same"
        and j["actor"] == "ana"
        and j["cluster"] == ["ill-mawsil-2b", "ill-mosul-2"]
    )
    assert run_json("duplicates", store=store) == []
    judged = run_json("duplicates", "--all", store=store)
    assert judged[0]["judgement"] == "same"

    fig = run_json("figure", "--from", "2017-06-01", "--to", "2017-06-30", store=store)
    assert fig["incidents"] == 4 and fig["civilians_killed"] == {"min": 25, "max": 40}
    assert fig["acknowledged"]["civilians_killed"] == 4
    assert fig["acknowledged"]["campaign"][0]["civilians_killed"] == 603
    text = run_cli(
        "figure", "--from", "2017-06-01", "--to", "2017-06-30", store=store, check=True
    ).stdout
    assert (
        "25–40 civilians killed" in text
        and "603 acknowledged" in text
        and "us-acknowledged-603" in text
    )

    by = run_json("figure", "--by", "belligerent", store=store)
    assert by["by"]["Russian military"]["civilians_killed"] == {"min": 2, "max": 3}


def test_conflict_is_reported_and_reversal(store: Path) -> None:
    run_cli(
        "judge",
        "ill-mosul-1",
        "ill-mosul-2",
        "different",
        "--reason",
        "other strike",
        store=store,
        check=True,
    )
    run_cli(
        "judge", "ill-mosul-1", "ill-mawsil-2b", "same", "--reason", "r", store=store, check=True
    )
    out = run_json("judge", "ill-mosul-2", "ill-mawsil-2b", "same", "--reason", "r", store=store)
    assert out["conflicts"] and "judged 'different'" in out["conflicts"][0]
    again = run_json(
        "judge", "ill-mosul-1", "ill-mawsil-2b", "different", "--reason", "reversed", store=store
    )
    assert again["conflicts"] == [] and again["cluster"] == ["ill-mawsil-2b", "ill-mosul-2"]


def test_errors(store: Path) -> None:
    bad = run_cli("judge", "ill-mosul-1", "nope", "same", "--reason", "x", store=store)
    assert bad.returncode == 1 and bad.stderr.startswith("Error: no incident with id 'nope'")
    # bad option values are usage errors: exit 2 (DESIGN "CLI")
    bad = run_cli("judge", "ill-mosul-1", "ill-mosul-2", "maybe", "--reason", "x", store=store)
    assert bad.returncode == 2 and "same, different, unsure" in bad.stderr
    bad = run_cli("judge", "ill-mosul-1", "ill-mosul-2", "same", "--reason", " ", store=store)
    assert bad.returncode == 2 and "--reason" in bad.stderr
    bad = run_cli("figure", "--from", "June", store=store)
    assert bad.returncode == 2 and "is not a date" in bad.stderr
    bad = run_cli("figure", "--min-grade", "great", store=store)
    assert bad.returncode == 2 and "unknown grade" in bad.stderr
    bad = run_cli("figure", "--by", "weekday", store=store)
    assert bad.returncode == 2 and "cannot break down by" in bad.stderr
    assert run_cli("judge", "a", "b", "same", store=store).returncode == 2  # --reason is required
