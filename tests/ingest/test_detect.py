"""Issue 16: which profile an export looks like (:mod:`provenance.ingest.detect`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.errors import UsageError
from provenance.ingest.detect import check_case_files, check_profile, looks_like

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.mark.parametrize(
    ("path", "profile"),
    [
        ("airwars/incidents_flat.csv", "airwars"),
        ("airwars/incident_sources_flat.csv", "airwars"),
        ("ydp/raw_yemen_data.csv", "ydp"),
        ("statements/data.csv", "statements"),
        ("timemap/export_events.json", "timemap"),
        ("timemap/export_sources.json", "timemap"),
        ("timemap/export_associations.json", "timemap"),
    ],
)
def test_each_fixture_looks_like_its_profile(path: str, profile: str) -> None:
    assert looks_like(FIX / path) == profile
    check_profile([FIX / path], profile)  # the right profile passes


def test_a_case_file_and_an_unknown_csv_look_like_no_profile(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("format: provenance-case/1\nsources: []\n")
    other = tmp_path / "other.csv"
    other.write_text("place,killed\nMosul,3\n")
    assert looks_like(case) is None and looks_like(other) is None
    check_case_files([case])
    with pytest.raises(UsageError, match="CSV export that no built-in profile reads"):
        check_case_files([other])


def test_the_wrong_profile_names_the_right_one() -> None:
    with pytest.raises(UsageError, match="looks like an export for --profile ydp, not airwars"):
        check_profile([FIX / "ydp" / "raw_yemen_data.csv"], "airwars")
    with pytest.raises(UsageError, match="--profile timemap"):
        check_case_files([FIX / "timemap" / "export_events.json"])
