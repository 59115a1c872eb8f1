"""``--mapping`` files and bad input (headers, encodings, impossible values)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from paths import IMPORT_FIXTURES

from provenance.errors import InputError
from provenance.ingest.csvio import decode
from provenance.ingest.mapping import load_mapping
from provenance.ingest.profiles import get_profile
from provenance.ingest.profiles.run import build_import, run_import
from provenance.ingest.profiles.transforms import (
    CellError,
    normalise_url,
    parse_date,
    parse_range,
    url_source_id,
)

FIX = IMPORT_FIXTURES

MAPPING = """\
mapping: provenance-mapping/1
name: example-monitor
description: A made-up monitor's spreadsheet
id_prefix: em
incident:
  id: {column: Ref}
  date: {column: When, format: ["%d.%m.%Y", "%Y-%m-%d"]}
  title: {template: "Strike on {Place}, {Province}"}
  country: {column: Country, type: country}
  location:
    name: {column: Place}
    admin: {columns: [Province]}
    lat: {column: Lat, type: float}
    lon: {column: Lon, type: float}
  belligerents: {column: Accused, split: ";"}
  grade: {column: Rating, map: {good: fair, poor: weak}}
claim:
  civilians_killed: {min: {column: Killed min}, max: {column: Killed max}}
  civilians_injured: {column: Injured}
  belligerent: {column: Accused}
source:
  url: {column: Link}
  kind: {value: news}
  author: {column: Account, strip: "'"}
"""

CSV = """\
Ref,When,Place,Province,Country,Lat,Lon,Accused,Rating,Killed min,Killed max,Injured,Link,Account
A1,03.05.2021,Marea,Aleppo,Syria,36.6,37.05,Russian Military,good,2,4,3-5,https://news.example/a1,'@reporter
A2,2021-05-04,دير حافر,Aleppo,SY,,,Turkish Military,poor,1,,7,https://news.example/a2?utm_source=x,
A3,04.05.2021,Nowhere,Aleppo,Syria,95,37,YPG,,,,,https://news.example/a3,
A4,05.05.2021,Somewhere,Aleppo,Syria,,,YPG,excellent,,,,,
A5,06.05.2021,Elsewhere,Aleppo,Syria,,,YPG,,5,2,,,
"""


@pytest.fixture
def mapping_files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "m.yaml").write_text(MAPPING, "utf-8")
    (tmp_path / "export.csv").write_text(CSV, "utf-8")
    return tmp_path / "m.yaml", tmp_path / "export.csv"


def test_mapping_imports_a_new_export(sqlite_store: Any, mapping_files: tuple[Path, Path]) -> None:
    mapping, export = mapping_files
    report = run_import(sqlite_store, load_mapping(mapping), [export], actor="tester")
    assert report["profile"] == "mapping:example-monitor"
    # a value that cannot be used costs its field, never the row (as the built-in profiles)
    assert report["rejections"] == []
    dropped = {
        (k["id"], p["field"], p["value"]) for k in report["field_problems"] for p in k["problems"]
    }
    assert dropped == {
        ("em:A3", "location", "95.0 / 37.0"),
        ("em:A4", "grade", "excellent"),
        ("em:A5", "civilians_killed", "5 / 2"),  # "minimum 5 is larger than maximum 2"
    }
    a3 = sqlite_store.get("em:A3").data
    assert a3["location"]["name"] == "Nowhere" and a3["location"]["admin"] == ["Aleppo"]
    assert a3["location"].get("lat") is None and a3["location"].get("lon") is None
    [problem] = a3["import_problems"]
    assert problem["field"] == "location" and problem["problem"].startswith("column 'Lat/Lon': ")
    assert "coordinates left empty" in problem["problem"]
    assert sqlite_store.get("em:A4").data.get("grade") is None
    assert sqlite_store.get("em:A5:c").data.get("civilians_killed") is None
    inc = sqlite_store.get("em:A1").data
    assert inc["date"] == "2021-05-03" and inc["country"] == "SY" and inc["grade"] == "fair"
    assert inc["title"] == "Strike on Marea, Aleppo" and inc["location"]["admin"] == ["Aleppo"]
    claim = sqlite_store.get("em:A1:c").data
    assert claim["civilians_killed"] == {"min": 2, "max": 4}
    assert claim["civilians_injured"] == {"min": 3, "max": 5}
    source = sqlite_store.get(claim["supported_by"][0]).data
    assert source["author"] == "@reporter" and source["kind"] == "news"
    a2 = sqlite_store.get("em:A2:c").data
    assert a2["civilians_killed"] == {"min": 1, "max": 1} and a2["supported_by"] == [
        url_source_id("https://news.example/a2")
    ]
    assert sqlite_store.get("em:A2").data["location"]["name"] == "دير حافر"


def test_mapping_errors_name_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MAPPING.replace("  title:", "  headline:"), "utf-8")
    with pytest.raises(InputError, match=r"incident.headline: not a field of Incident"):
        load_mapping(bad)
    bad.write_text(MAPPING.replace("split:", "splitt:"), "utf-8")
    with pytest.raises(InputError, match=r"unknown transform splitt"):
        load_mapping(bad)
    bad.write_text(MAPPING.replace('split: ";"', 'splitt: ";", joinn: x'), "utf-8")
    with pytest.raises(InputError, match=r"unknown transforms joinn, splitt"):
        load_mapping(bad)
    bad.write_text("mapping: other/1\n", "utf-8")
    with pytest.raises(InputError, match="expected 'provenance-mapping/1'"):
        load_mapping(bad)


def test_mapping_missing_column_names_it(mapping_files: tuple[Path, Path]) -> None:
    mapping, export = mapping_files
    export.write_text(CSV.replace("Killed max", "Killed maximum"), "utf-8")
    with pytest.raises(
        InputError, match=r"missing column 'Killed max' expected by profile 'example-monitor"
    ):
        build_import(load_mapping(mapping), [export])


def test_wrong_header_names_missing_columns_and_profile() -> None:
    with pytest.raises(InputError) as err:
        build_import(
            get_profile("airwars"), [FIX / "ydp" / "raw_yemen_data.csv"], encoding="cp1252"
        )
    assert "missing columns 'internal_id', 'incident_code'" in err.value.message
    assert (
        "expected by profile 'airwars'" in err.value.message
        and "'Governorate'" in err.value.message
    )


def test_wrong_encoding_is_named_with_the_option_to_try(tmp_path: Path) -> None:
    src = FIX / "airwars" / "incidents_flat.csv"
    text = src.read_text("utf-8").replace("كفر تعال", "Kafr Ta’al")
    latin = tmp_path / "incidents_flat.csv"
    latin.write_bytes(text.encode("cp1252"))
    with pytest.raises(InputError) as err:
        build_import(get_profile("airwars"), [latin])
    assert "not UTF-8" in err.value.message and "cp1252" in err.value.message
    assert "--encoding cp1252" in err.value.hint
    result = build_import(get_profile("airwars"), [latin], encoding="cp1252")
    assert result.encodings == {"incidents_flat.csv": "cp1252"}
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes(text.encode("utf-16"))
    with pytest.raises(InputError, match="utf-16"):
        build_import(get_profile("airwars"), [utf16])


def test_impossible_value_names_row_and_column(tmp_path: Path) -> None:
    src = (FIX / "airwars" / "incidents_flat.csv").read_text("utf-8")
    bad = tmp_path / "incidents_flat.csv"
    bad.write_text(
        src.replace("Contested,6,6,6,8", "Contested,9,6,6,8").replace("2023-09-11", "2023-13-11"),
        "utf-8",
    )
    result = build_import(get_profile("airwars"), [bad])
    assert not result.rejections  # kept, each bad field left empty (issue 14)
    texts = {(k["row"], p["problem"]) for k in result.field_problems for p in k["problems"]}
    assert (
        2,
        "column 'civilian_deaths_min/civilian_deaths_max': minimum 9 is larger than maximum 6: left empty",
    ) in texts
    assert any(r == 4 and t.startswith("column 'incident_date'") for r, t in texts)


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_range_one_number_or_two(a: int, b: int) -> None:
    assert parse_range(str(a), None) == (a, a)
    assert parse_range(None, str(a)) == (0, a)  # a blank minimum is 0, never the maximum
    if a <= b:
        assert parse_range(str(a), str(b)) == (a, b) == parse_range(f"{a}-{b}", None)


def test_dates_in_several_formats() -> None:
    assert str(parse_date("22 أكتوبر 2024", ("%d %B %Y",))) == "2024-10-22"
    assert str(parse_date("October 25,2023", ("%B %d, %Y",))) == "2023-10-25"
    assert str(parse_date("2/5/2022", ("%m/%d/%Y",))) == "2022-02-05"


def test_a_date_written_right_but_not_in_the_calendar_is_named_so() -> None:
    """Before: '2023-02-30' was "not a date in a known format (Y-m-d, …)", which it is."""
    with pytest.raises(CellError, match="'2023-02-30' is not a day of the calendar"):
        parse_date("2023-02-30", ("%Y-%m-%d", "%d/%m/%Y"))
    with pytest.raises(CellError, match="not a date in a known format"):
        parse_date("30 Febtember", ("%Y-%m-%d",))


def test_one_url_one_source_id() -> None:
    same = [
        "https://twitter.com/a/status/1",
        "https://x.com/a/status/1?s=20",
        "http://mobile.twitter.com/a/status/1/",
        "https://www.twitter.com/a/status/1#frag",
    ]
    assert len({url_source_id(u) for u in same}) == 1
    arabic = "https://www.example.org/ar/مجزرة/"
    assert normalise_url(arabic) == normalise_url(
        "https://example.org/ar/%D9%85%D8%AC%D8%B2%D8%B1%D8%A9"
    )
    assert url_source_id("https://x.com/a/status/2") != url_source_id("https://x.com/a/status/1")


def test_decode_accepts_only_listed_fallbacks() -> None:
    raw = "Sa’ada".encode("cp1252")
    assert decode(raw, Path("f.csv"), None, accept=("cp1252",)) == ("Sa’ada", "cp1252")
    with pytest.raises(InputError, match="looks like cp1252"):
        decode(raw, Path("f.csv"), None)


def test_control_characters_in_mapped_cells_cost_the_field_not_the_row(
    sqlite_store: Any, mapping_files: tuple[Path, Path]
) -> None:
    mapping, export = mapping_files
    rows = CSV.splitlines()
    rows[1] = rows[1].replace("Marea", "Marea\x1b[2J").replace("'@reporter", "'@rep\x07")
    rows[2] = rows[2].replace("Turkish Military", "Turkish\x0bMilitary")
    rows[3] = rows[3].replace("https://news.example/a3", "https://news.example/\x1b]8;;x")
    export.write_text("\n".join(rows) + "\n", "utf-8")
    report = run_import(sqlite_store, load_mapping(mapping), [export], actor="tester")
    assert report["rejections"] == []
    dropped = {
        (k["id"], p["field"], p["value"]) for k in report["field_problems"] for p in k["problems"]
    }
    assert ("em:A1", "title", "Strike on Marea\\x1b[2J, Aleppo") in dropped
    assert ("em:A1", "location.name", "Marea\\x1b[2J") in dropped
    assert ("em:A2", "belligerents", "Turkish\\x0bMilitary") in dropped
    assert ("em:A3", "source", "https://news.example/\\x1b]8;;x") in dropped
    a1 = sqlite_store.get("em:A1").data
    assert a1["title"] == "A1" and a1["location"]["admin"] == ["Aleppo"]
    source = sqlite_store.get(sqlite_store.get("em:A1:c").data["supported_by"][0]).data
    assert source.get("author") is None
    assert [p["field"] for p in source["import_problems"]] == ["author"]
    assert sqlite_store.get("em:A2:c").data.get("belligerent") is None
    assert sqlite_store.get("em:A3:c").data["supported_by"] == []


HARD_MAPPING = (
    MAPPING.replace(
        "  grade: {column: Rating, map: {good: fair, poor: weak}}\n",
        "  grade: {column: Rating, map: {good: fair, poor: weak}}\n"
        '  date_end: {column: Until, format: ["%d.%m.%Y", "%Y-%m-%d"]}\n',
    )
    .replace(
        "  civilians_injured: {column: Injured}\n",
        "  civilians_injured: {column: Injured, scale: 1e300}\n",
    )
    .replace("  kind: {value: news}\n", "  kind: {value: nonsense}\n  language: {value: english}\n")
)

HARD_CSV = (
    "Ref,When,Until,Place,Province,Country,Lat,Lon,Accused,Rating,Killed min,Killed max,Injured,Link,Account\n"
    + "\n".join(
        [
            "B1,03.05.2021,,,Aleppo,Syria,95,37,YPG,good,1,2,,https://news.example/b1,",
            f"B2,03.05.2021,,{'x' * 495},Aleppo,Syria,,,YPG,good,1,2,,,",
            f"B3,03.05.2021,,{'y' * 600},Aleppo,Syria,36.5,37.1,YPG,good,1,2,,,",
            "B4,05.05.2021,01.05.2021,Marea,Aleppo,Syria,,,YPG,good,1,2,,,",
            f"B5,03.05.2021,,Marea,Aleppo,Syria,,,YPG,good,{'9' * 5000},,{'9' * 14},,",
        ]
    )
)


def test_no_row_is_lost_to_a_value_the_model_refuses(sqlite_store: Any, tmp_path: Path) -> None:
    """Values a mapping reads but the model refuses — a required field among them — cost
    their field (a title or a source kind takes its fallback), never the row, and never a
    traceback: coordinates out of range, a place or title too long, an end before the start,
    a 5,000-digit count, a count scaled past any number, constants the model refuses."""
    (tmp_path / "m.yaml").write_text(HARD_MAPPING, "utf-8")
    (tmp_path / "e.csv").write_text(HARD_CSV + "\n", "utf-8")
    report = run_import(
        sqlite_store, load_mapping(tmp_path / "m.yaml"), [tmp_path / "e.csv"], actor="t"
    )
    assert report["rejections"] == []
    problems: dict[tuple[str, str], str] = {}
    for k in report["field_problems"]:
        for p in k["problems"]:
            problems[(k["id"], p["field"])] = problems.get((k["id"], p["field"]), "") + p["problem"]
    b1 = sqlite_store.get("em:B1").data  # no place, coordinates refused: named by its area
    assert b1["location"]["name"] == "Aleppo" and b1["location"]["admin"] == ["Aleppo"]
    assert b1["location"].get("lat") is None
    assert "coordinates left empty" in problems[("em:B1", "location")]
    source = sqlite_store.get(sqlite_store.get("em:B1:c").data["supported_by"][0]).data
    assert source["kind"] == "other" and source.get("language") is None
    assert {p["field"] for p in source["import_problems"]} == {"kind", "language"}
    assert sqlite_store.get("em:B2").data["title"] == "B2"  # the template's title too long
    b3 = sqlite_store.get("em:B3").data["location"]  # its place too long: named by its area
    assert (b3["name"], b3["lat"], b3["lon"]) == ("Aleppo", 36.5, 37.1)
    assert "'Aleppo' instead" in problems[("em:B3", "location.name")]
    b4 = sqlite_store.get("em:B4").data
    assert b4["date"] == "2021-05-05" and b4.get("date_end") is None
    assert "before date" in problems[("em:B4", "date_end")]
    b5 = sqlite_store.get("em:B5:c").data
    assert b5.get("civilians_killed") is None and b5.get("civilians_injured") is None
    assert "more than 15 digits" in problems[("em:B5", "civilians_killed")]
    assert "too large to be a count" in problems[("em:B5", "civilians_injured")]


def test_a_row_giving_a_shared_source_differently_is_kept(
    sqlite_store: Any, mapping_files: tuple[Path, Path]
) -> None:
    """Two rows cite one URL with different accounts: the source is the first row's, and
    the second row's incident and claim are kept (citing it), the difference recorded."""
    mapping, export = mapping_files
    rows = CSV.splitlines()[:3]
    rows[2] = rows[2].replace(
        "https://news.example/a2?utm_source=x,", "https://news.example/a1,'@other"
    )
    export.write_text("\n".join(rows) + "\n", "utf-8")
    report = run_import(sqlite_store, load_mapping(mapping), [export], actor="tester")
    assert report["rejections"] == []
    a2 = sqlite_store.get("em:A2").data
    [problem] = a2["import_problems"]
    assert problem["field"] == "source" and problem["value"] == "https://news.example/a1"
    assert "the earlier row's kept" in problem["problem"]
    sid = url_source_id("https://news.example/a1")
    assert sqlite_store.get("em:A2:c").data["supported_by"] == [sid]
    assert sqlite_store.get(sid).data["author"] == "@reporter"
