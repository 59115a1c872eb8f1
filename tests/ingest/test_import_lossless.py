"""Issue 14 part 1: imports keep every record (DESIGN "Who set each field").

A bad field is left empty and recorded on the item, a blank casualty minimum is 0, merged
codes give a typable id, and incidents missing from a newer export are marked withdrawn.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from paths import IMPORT_FIXTURES

from provenance.ingest.profiles import get_profile
from provenance.ingest.profiles.run import build_import, run_import
from provenance.ingest.profiles.transforms import parse_range

AIRWARS = IMPORT_FIXTURES / "airwars"
INCIDENTS = AIRWARS / "incidents_flat.csv"
SOURCES = AIRWARS / "incident_sources_flat.csv"


def _import(store: Any, paths: list[Path]) -> dict[str, Any]:
    return run_import(store, get_profile("airwars"), paths, actor="tester")


def _export(tmp_path: Path, edit: Any) -> Path:
    """A copy of the fixture's incident table with ``edit`` applied to its text."""
    out = tmp_path / "incidents_flat.csv"
    out.write_text(edit(INCIDENTS.read_text("utf-8")), "utf-8")
    return out


def _with_cells(
    source: Path,
    tmp_path: Path,
    cells: dict[str, str],
    code: str | None = None,
    *,
    encoding: str = "utf-8",
) -> tuple[Path, list[str]]:
    """A copy of the CSV ``source`` (same name, in ``tmp_path``, UTF-8) whose row holding
    ``code`` (else its first row) has ``cells`` (column -> text) instead; and that row."""
    rows = list(csv.reader(io.StringIO(source.read_text(encoding))))
    row = next(r for r in rows[1:] if code is None or code in r)
    for column, text in cells.items():
        row[rows[0].index(column)] = text
    out = tmp_path / source.name
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return out, row


def test_a_bad_longitude_keeps_the_incident_and_its_sources(sqlite_store: Any) -> None:
    report = _import(sqlite_store, [INCIDENTS, SOURCES])
    item = sqlite_store.get("airwars:XS0005")
    assert item is not None and item.data["location"]["lon"] is None
    assert item.data["location"]["name"] == "Sarmin"
    assert item.data["import_problems"] == [
        {
            "field": "location",
            "value": "4239.00416",
            "problem": "column 'longitude': longitude 4239.00416 is outside -180..180: left empty",
        }
    ]
    claim = sqlite_store.get("airwars:XS0005:c:russian-military")
    assert claim is not None and claim.data["supported_by"]  # its source row is kept
    assert report["kept_with_field_dropped"] == 2
    assert report["kept_with_field_dropped_by_label"] == {"Incident": 1, "Source": 1}
    assert [k["id"] for k in report["field_problems"] if k["label"] == "Incident"] == [
        "airwars:XS0005"
    ]
    # an item without problems stores no import_problems key (hashes unchanged)
    first = sqlite_store.get("airwars:XS0001")
    assert "import_problems" not in first.data and "withdrawn" not in first.data


def test_a_cell_holding_an_escape_sequence_costs_its_field_not_the_record(
    sqlite_store: Any, tmp_path: Path
) -> None:
    """Before: the problem recorded the cell as it was, the item failed the rule that no
    stored text holds a control character, and the whole row was rejected."""
    cells = {"civilian_deaths_min": "5\x1b[2J\x1b]0;pwned\x07"}
    edited, _ = _with_cells(INCIDENTS, tmp_path, cells, "XS0001")
    report = _import(sqlite_store, [edited, SOURCES])
    assert [r for r in report["rejections"] if r["file"] == "incidents_flat.csv"] == []
    item = sqlite_store.get("airwars:XS0001")
    [problem] = item.data["import_problems"]
    assert problem["value"] == "5\\x1b[2J\\x1b]0;pwned\\x07"
    assert "\x1b" not in problem["problem"] and "\\x1b" in problem["problem"]


def test_text_cells_holding_control_characters_cost_their_fields_not_the_record(
    sqlite_store: Any, tmp_path: Path
) -> None:
    """Before: a place name with an escape sequence, or doubly encoded Arabic (C1
    characters), failed the stored-text rule and the whole row was rejected."""
    cells = {"location": "Manbij\x1b]0;pwned\x07", "strike_type": "Ø³Ù\x84Ù\x8a"}
    edited, _ = _with_cells(INCIDENTS, tmp_path, cells, "XS0001")
    report = _import(sqlite_store, [edited, SOURCES])
    assert [r for r in report["rejections"] if r["file"] == "incidents_flat.csv"] == []
    item = sqlite_store.get("airwars:XS0001")
    assert item.data["strike_type"] is None and item.data["title"] == "XS0001"
    assert item.data["location"]["name"] == "36.5, 37.9"  # named by its coordinates
    problems = {p["field"]: p for p in item.data["import_problems"]}
    assert problems["location"]["value"] == "Manbij\\x1b]0;pwned\\x07"
    assert problems["strike_type"]["value"] == "Ø³Ù\\x84Ù\\x8a"
    assert "control characters" in problems["location"]["problem"]
    assert sqlite_store.get("airwars:XS0001:c:russian-military") is not None


def test_a_yemen_row_with_control_characters_is_kept(sqlite_store: Any, tmp_path: Path) -> None:
    """The YDP import reads its place and target columns the same way."""
    source = IMPORT_FIXTURES / "ydp" / "raw_yemen_data.csv"
    cells = {"Target": "Airbase\x0bnorth", "Area": "Al-Rahabah\x1b[2J"}
    edited, row = _with_cells(source, tmp_path, cells, encoding="cp1252")
    report = run_import(sqlite_store, get_profile("ydp"), [edited], actor="tester")
    assert report["rejected"] == 0
    item = sqlite_store.get(f"ydp:{row[0]}")
    assert item.data["title"] == "Air raid on unknown target, Bani Al-Harith, Capital"
    values = {p["value"] for p in item.data["import_problems"]}
    assert {"Airbase\\x0bnorth", "Al-Rahabah\\x1b[2J"} <= values


def test_a_timemap_event_with_control_characters_is_kept(sqlite_store: Any, tmp_path: Path) -> None:
    """The TimeMap import reads an event's place and description the same way."""
    folder = IMPORT_FIXTURES / "timemap"
    events = json.loads((folder / "export_events.json").read_text("utf-8"))
    events[0]["location"] = "Chuhuiv\x1b]0;x\x07"
    events[0]["description"] = "Apartment block hit.\x9b2J"
    for f in folder.glob("*.json"):
        (tmp_path / f.name).write_text(f.read_text("utf-8"), "utf-8")
    (tmp_path / "export_events.json").write_text(json.dumps(events), "utf-8")
    paths = sorted(tmp_path.glob("*.json"))
    report = run_import(sqlite_store, get_profile("timemap"), paths, actor="t", id_prefix="bc")
    assert report["rejections"] == []
    item = sqlite_store.get("bc:CIV0001")
    values = {p["field"]: p["value"] for p in item.data["import_problems"]}
    assert values == {"location": "Chuhuiv\\x1b]0;x\\x07", "text": "Apartment block hit.\\x9b2J"}
    assert sqlite_store.get("bc:CIV0001:c").data.get("text") is None


def test_a_post_whose_title_holds_control_characters_is_kept(
    sqlite_store: Any, tmp_path: Path
) -> None:
    """The statements import leaves such a text out of the statement, says so in its
    report, and keeps the post."""
    _import(sqlite_store, [INCIDENTS, SOURCES])
    source = IMPORT_FIXTURES / "statements" / "data.csv"
    edited, _ = _with_cells(source, tmp_path, {"Title": "Strike on a family home\x1b]0;x\x07"})
    report = run_import(sqlite_store, get_profile("statements"), [edited], actor="t")
    assert [r["row"] for r in report["rejections"]] == [5]  # the fixture's unknown incident
    [kept] = report["field_problems"]
    assert kept["label"] == "Statement" and kept["row"] == 2
    assert kept["problems"][0]["value"] == "Strike on a family home\\x1b]0;x\\x07"
    post = next(
        s.data
        for s in sqlite_store.iter_items("Statement")
        if "1710905079568445844" in s.data["url"]
    )
    assert post["text"] == "XS0001 — clip 0:00"


def test_a_source_whose_url_cannot_be_read_is_kept_with_the_problem(sqlite_store: Any) -> None:
    """Before: the source row with URL 'hEuphratesttps://…' was rejected, and XS0003's claim
    lost its only source."""
    report = _import(sqlite_store, [INCIDENTS, SOURCES])
    assert not [r for r in report["rejections"] if r["column"] == "url"]
    claim = sqlite_store.get("airwars:XS0003:c:u-s-led-coalition")
    assert claim is not None and len(claim.data["supported_by"]) == 1
    source = sqlite_store.get(claim.data["supported_by"][0])
    assert source is not None and source.data.get("url") is None
    assert source.data["author"] == "Example Observatory"
    assert source.data["import_problems"][0]["field"] == "url"
    assert source.data["import_problems"][0]["value"] == "hEuphratesttps://example.org/en/?p=1"


def test_no_date_is_kept_undated(tmp_path: Path) -> None:
    undated = _export(tmp_path, lambda t: t.replace("XS0003,2023-09-11,", "XS0003,,"))
    result = build_import(get_profile("airwars"), [undated])
    inc = next(n for n in result.batch.nodes if n.id == "airwars:XS0003")
    assert inc.data["date"] is None
    assert inc.data["import_problems"][0]["field"] == "date"
    assert not [r for r in result.rejections if r.file == "incidents_flat.csv"]


def test_a_blank_minimum_is_zero_never_the_maximum(sqlite_store: Any) -> None:
    assert parse_range(None, "5") == (0, 5)
    assert parse_range("5", None) == (5, 5)
    report = _import(sqlite_store, [INCIDENTS, SOURCES])
    claim = sqlite_store.get("airwars:XS0002:c:russian-military")
    assert claim.data["civilians_killed"] == {"min": 0, "max": 1}  # min "" / max 1
    assert any("XS0002 (killed)" in n and "minimum 0" in n for n in report["notes"])


def test_without_the_sources_file_the_import_warns(tmp_path: Path) -> None:
    result = build_import(get_profile("airwars"), [INCIDENTS])
    assert len(result.warnings) == 1 and "every claim will be unsupported" in result.warnings[0]
    both = build_import(get_profile("airwars"), [INCIDENTS, SOURCES])
    assert both.warnings == []


def test_merged_codes_get_the_first_code_as_id(tmp_path: Path) -> None:
    merged = _export(tmp_path, lambda t: t.replace(",XS0003,", ",TS700 YS179,"))
    result = build_import(get_profile("airwars"), [merged])
    inc = next(n for n in result.batch.nodes if n.label == "Incident" and "TS700" in n.id)
    assert inc.id == "airwars:TS700"
    assert inc.data["title"].startswith("TS700 YS179")
    assert any("several codes" in n for n in result.notes)


def test_missing_from_a_newer_export_is_withdrawn_never_deleted(
    sqlite_store: Any, tmp_path: Path
) -> None:
    _import(sqlite_store, [INCIDENTS, SOURCES])
    lines = INCIDENTS.read_text("utf-8").splitlines(keepends=True)
    newer = tmp_path / "incidents_flat.csv"
    newer.write_text("".join(line for line in lines if ",XS0003," not in line), "utf-8")
    report = _import(sqlite_store, [newer, SOURCES])
    assert report["withdrawn"] == ["airwars:XS0003"]
    item = sqlite_store.get("airwars:XS0003")
    assert item is not None and item.data["withdrawn"] is True
    assert item.data["title"].startswith("XS0003")
    again = _import(sqlite_store, [newer, SOURCES])
    assert again["withdrawn"] == []  # already marked: listed once
    back = _import(sqlite_store, [INCIDENTS, SOURCES])
    assert back["withdrawn"] == []
    assert not sqlite_store.get("airwars:XS0003").data.get("withdrawn")
