"""TimeMap events get a country (issue 16): the export's own field, else the country the
location text names, else the Natural Earth outline holding the coordinates."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_helpers import run_cli, run_json
from paths import IMPORT_FIXTURES, REPO

from provenance.ingest.profiles.country_of import country_at
from provenance.ingest.profiles.timemap import event_country

DATA = (
    Path(os.environ.get("PROVENANCE_REAL_DATA", REPO.parent / "shared" / "data"))
    / "bellingcat-ukraine"
)


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (49.99, 36.23, "UA"),  # Kharkiv
        (50.6, 36.6, "RU"),  # Belgorod: inside Ukraine's bounding box, not its outline
        (44.95, 34.1, "UA"),  # Simferopol
        (46.48, 30.73, "UA"),  # Odesa, outside the coarse coastline
        (36.34, 43.13, "IQ"),  # Mosul
        (31.52, 34.45, "PS"),  # Gaza City, too small for 1:110m
        (53.9, 27.56, "BY"),  # Minsk
        (0.0, -30.0, None),  # the Atlantic
    ],
)
def test_country_at(lat: float, lon: float, code: str | None) -> None:
    assert country_at(lat, lon) == code


def test_the_export_field_then_the_place_text_then_coordinates() -> None:
    kharkiv = (49.99, 36.23)
    assert event_country({"country": "RU"}, "Kharkiv", kharkiv) == "RU"
    assert event_country({"country": "Ukraine"}, None, None) == "UA"
    assert event_country({}, "Klimovo, Bryansk, Russia", kharkiv) == "RU"
    assert event_country({}, "Tiraspol, Moldova", None) == "MD"
    assert event_country({}, "Chuhuiv, south of Kharkiv", kharkiv) == "UA"
    assert event_country({}, "Georgievka", None) is None


def test_timemap_import_gives_incidents_a_country_figure_can_filter(tmp_path: Path) -> None:
    """Before: every TimeMap incident had no country, ``--country UA`` counted 0."""
    db = tmp_path / "store.db"
    files = sorted(str(p) for p in (IMPORT_FIXTURES / "timemap").glob("*.json"))
    run_cli("ingest", *files, "--profile", "timemap", store=db, check=True)
    shown = run_json("show", "timemap:CIV0001", store=db)
    assert shown["data"]["country"] == "UA"
    fig = run_json("figure", "--country", "Ukraine", store=db)
    assert fig["incidents"] == 0 and fig["not_recorded"] >= 3


@pytest.mark.skipif(not DATA.is_dir(), reason="the real Bellingcat export is not here")
def test_bellingcat_events_are_placed() -> None:
    events = json.loads((DATA / "export_events.json").read_text(encoding="utf-8"))
    found = [
        event_country(e, e.get("location"), (float(e["latitude"]), float(e["longitude"])))
        for e in events
        if e.get("latitude")
    ]
    assert found.count("UA") > 1100 and found.count(None) == 0
