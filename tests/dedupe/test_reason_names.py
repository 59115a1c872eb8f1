"""``duplicates``: every shared source id in a reason is printed whole, with its outlet or
author beside it (issue 14 part 3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_helpers import run_cli, run_json
from paths import EXAMPLE

from provenance.dedupe import find_candidates, load_records

URL_ID = "url:054483190f213848"


def test_demo_reason_names_the_outlet_beside_each_shared_source(sqlite_store: Any) -> None:
    from provenance.ingest.casefile import load_batch

    sqlite_store.ingest(load_batch([EXAMPLE]), actor="t")
    [top] = find_candidates(load_records(sqlite_store)).top(min_score=0.5)
    [shared] = [r for r in top.reasons if "shared source" in r]
    assert "ill-src-mosul2-broadcaster-ar (Illustrative Broadcaster Arabic)" in shared
    assert "ill-w-mosul-rescuer" in shared and "ill-w-mosul-rescuer (" not in shared


def case(tmp_path: Path) -> Path:
    """Two incidents a day apart, supported by one URL source with only an author."""
    incident = {"title": "Strike", "location": {"name": "Old City", "lat": 36.34, "lon": 43.13}}
    data = {
        "format": "provenance-case/1",
        "sources": [{"id": URL_ID, "kind": "social_media", "author": "@SyriaCivilDefe"}],
        "incidents": [
            {
                **incident,
                "id": f"inc-{n}",
                "date": f"2017-06-0{n + 2}",
                "claims": [{"id": f"inc-{n}-c", "supported_by": [URL_ID]}],
            }
            for n in (1, 2)
        ],
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_duplicates_prints_the_whole_id_and_its_author(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run_json("ingest", str(case(tmp_path)), store=db)
    [pair] = run_json("duplicates", store=db)
    assert f"1 shared source ({URL_ID} (@SyriaCivilDefe))" in pair["reasons"]
    text = run_cli("duplicates", store=db, check=True).stdout
    assert f"{URL_ID} (@SyriaCivilDefe)" in text.replace("\n", "")
