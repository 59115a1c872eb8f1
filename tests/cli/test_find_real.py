"""Finding things in the real Airwars Syria export (../shared/data, when present): by the
monitor's code, by id in any case, by a place and by a source URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_helpers import run_cli, run_json
from paths import REAL_DATA

DATA = REAL_DATA
AIRWARS = DATA / "syrian-archive-airwars"
pytestmark = pytest.mark.skipif(not AIRWARS.is_dir(), reason=f"real data not present at {DATA}")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("airwars") / "s.db"
    files = [AIRWARS / "incidents_flat.csv", AIRWARS / "incident_sources_flat.csv"]
    run_cli("ingest", "--profile", "airwars", *map(str, files), store=db, check=True)
    return db


def test_show_by_code_and_id_in_any_case(store: Path) -> None:
    for ref in ("RS4720", "airwars:rs4720", "airwars:RS4720"):
        shown = run_json("show", ref, store=store)
        assert shown["id"] == "airwars:RS4720", ref
        assert shown["data"]["location"]["name"] == "Hafsarja"


def test_search_a_place_and_a_source_url(store: Path) -> None:
    hits = run_json("search", "Raqqa", "--kind", "incident", "--limit", "50", store=store)
    assert len(hits) >= 10 and all("raqqa" in h["title"].lower() for h in hits)
    with sqlite3.connect(store) as db:
        sid, url = db.execute(
            "SELECT id, json_extract(data, '$.url') FROM nodes WHERE label='Source'"
            " AND json_extract(data, '$.url') IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()
    assert run_json("show", url, store=store)["id"] == sid
    assert run_json("search", url, store=store)[0]["id"] == sid


def test_did_you_mean_on_a_typo(store: Path) -> None:
    proc = run_cli("show", "airwars:RS472", store=store)
    assert proc.returncode == 1 and "did you mean airwars:RS472" in proc.stderr
