"""Built-in import profiles on small fixtures shaped like the real exports."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest
from paths import IMPORT_FIXTURES

from provenance.errors import InputError
from provenance.ingest.profiles import get_profile, list_profiles
from provenance.ingest.profiles.run import build_import, run_import

FIX = IMPORT_FIXTURES
AIRWARS = [FIX / "airwars" / "incidents_flat.csv", FIX / "airwars" / "incident_sources_flat.csv"]
TIMEMAP = sorted((FIX / "timemap").glob("*.json"))
YDP = [FIX / "ydp" / "raw_yemen_data.csv"]
STATEMENTS = [FIX / "statements" / "data.csv"]


def _import(store: Any, profile: str, paths: list[Path], **kw: Any) -> dict[str, Any]:
    return run_import(store, get_profile(profile), paths, actor="tester", **kw)


def _data(store: Any, item_id: str) -> dict[str, Any]:
    item = store.get(item_id)
    assert item is not None, item_id
    return dict(item.data)


def test_list_profiles_names_and_describes_each() -> None:
    found = {name: desc for name, desc, _ in list_profiles()}
    assert set(found) == {"airwars", "timemap", "ydp", "statements", "auto-archiver"}
    assert all(desc and "\n" not in desc for desc in found.values())
    with pytest.raises(InputError, match="unknown profile 'nope'"):
        get_profile("nope")


def test_airwars_incidents_claims_and_sources(sqlite_store: Any) -> None:
    report = _import(sqlite_store, "airwars", AIRWARS)
    assert report["rows_read"] == {"incidents_flat.csv": 6, "incident_sources_flat.csv": 10}
    assert report["items_by_label"] == {"Source": 6, "Incident": 6, "Claim": 8}
    inc = _data(sqlite_store, "airwars:XS0001")
    assert inc["grade"] == "contested" and inc["country"] == "SY"
    assert inc["belligerents"] == ["YPG", "Russian Military", "Turkish Military"]
    assert inc["location"]["lat"] == 36.5 and inc["strike_status"] == "Contested strike"
    claim = _data(sqlite_store, "airwars:XS0001:c:russian-military")
    assert claim["civilians_killed"] == {"min": 6, "max": 6}
    assert claim["civilians_injured"] == {"min": 6, "max": 8}
    # a range given as one number; Arabic place name kept; no coordinates
    c2 = _data(sqlite_store, "airwars:XS0002:c:russian-military")
    assert c2["civilians_killed"] == {"min": 0, "max": 1}  # a blank minimum is 0
    assert c2["civilians_injured"] == {"min": 2, "max": 2}
    inc2 = _data(sqlite_store, "airwars:XS0002")
    assert inc2["location"] == {**inc2["location"], "name": "كفر تعال", "lat": None}
    # blank grade → none; the incident has no casualty figures
    assert _data(sqlite_store, "airwars:XS0003")["grade"] is None
    # one tweet (twitter.com, x.com?s=20, repeated row) is one source supporting two incidents
    tweet = [s for s in c2["supported_by"] if s in claim["supported_by"]]
    assert len(tweet) == 1
    source = _data(sqlite_store, tweet[0])
    assert source["author"] == "@examplemedia" and source["kind"] == "social_media"
    assert source["language"] == "ar" and source["archive_url"] == "https://archive.ph/aaaa1"
    assert len(claim["supported_by"]) == 2  # the repeated row counts once
    web = _data(sqlite_store, next(s for s in claim["supported_by"] if s != tweet[0]))
    assert web["kind"] == "other" and web["published_at"].startswith("2024-10-22")


def test_airwars_numbered_posts_of_one_author_are_one_unit(
    sqlite_store: Any, tmp_path: Path
) -> None:
    """The export numbers an author's further posts in one incident ("Syria Civil Defense
    (2)", "(3)"): read as one author, their posts are one independence unit. Before: each
    number was an outlet of its own, and the real RS4659's 14 posts by Syria Civil Defense
    counted as 14 of its 102 independent paths."""
    from provenance.corroborate import corroborate_claims

    head = "internal_id,incident_code,incident_date,order,author,platform,url,archive_url\n"
    rows = [
        "Example Civil Defence,Facebook Arabic,https://www.facebook.com/ecd/posts/1",
        "Example Civil Defence (2),Facebook Arabic,https://www.facebook.com/ecd/posts/2",
        "'Example Civil Defence (3),Arabic,https://example-cd.org/ar/3",
        "Channel (1),Arabic,https://channel-one.example/a",
        "'@watcher,Twitter,https://twitter.com/watcher/status/2001",
    ]
    sources = tmp_path / "incident_sources_flat.csv"
    sources.write_text(
        head + "".join(f"airwars-900005,XS0005,2023-10-05,{i},{r},\n" for i, r in enumerate(rows)),
        "utf-8",
    )
    report = _import(sqlite_store, "airwars", [AIRWARS[0], sources])
    assert any("2 rows name a further post by an author" in n for n in report["notes"])
    claim = "airwars:XS0005:c:russian-military"
    supported = _data(sqlite_store, claim)["supported_by"]
    authors = sorted(_data(sqlite_store, s)["author"] for s in supported)
    assert authors == ["@watcher", "Channel (1)", *["Example Civil Defence"] * 3]
    [result] = corroborate_claims(sqlite_store, [claim])
    assert (result.supporting_sources, result.independent_paths) == (5, 3)


def test_airwars_a_range_left_empty_is_not_noted_as_a_blank_minimum(
    sqlite_store: Any, tmp_path: Path
) -> None:
    """A maximum of "five" is not a number: the range is left empty and the problem noted.
    Before: the report also said the range had "minimum 0 (not the maximum)", which the
    store did not hold."""
    incidents = tmp_path / "incidents_flat.csv"
    with AIRWARS[0].open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["civilian_deaths_min"], rows[0]["civilian_deaths_max"] = "", "five"
    with incidents.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = _import(sqlite_store, "airwars", [incidents, AIRWARS[1]])
    code = rows[0]["incident_code"]
    assert not any(code in n and "blank minimum" in n for n in report["notes"]), report["notes"]
    claims = [
        c for c in sqlite_store.iter_items("Claim") if c.data.get("incident") == f"airwars:{code}"
    ]
    assert claims and all(c.data.get("civilians_killed") is None for c in claims)


def test_airwars_code_on_two_records_and_rejections(sqlite_store: Any) -> None:
    report = _import(sqlite_store, "airwars", AIRWARS)
    assert (
        _data(sqlite_store, "airwars:XS0004")["grade"] is None
    )  # lowest Airwars id keeps the code
    assert _data(sqlite_store, "airwars:XS0004:900010")["grade"] == "fair"
    rejected = {(r["file"], r["row"], r["column"]) for r in report["rejections"]}
    assert rejected == {("incident_sources_flat.csv", 11, "internal_id")}
    # longitude 4239: kept without coordinates, the problem on the item (issue 14)
    assert _data(sqlite_store, "airwars:XS0005")["location"]["lon"] is None
    # a URL that is not http(s): the source is kept, its URL left empty (issue 14)
    assert "url: … is not an http(s) URL" not in report["rejected_by_reason"]


def test_reimport_is_a_no_op_and_newer_export_updates_in_place(
    sqlite_store: Any, tmp_path: Path
) -> None:
    first = _import(sqlite_store, "airwars", AIRWARS)
    again = _import(sqlite_store, "airwars", list(reversed(AIRWARS)))
    assert (again["created"], again["updated"], again["audit_event"]) == (0, 0, None)
    assert again["unchanged"] == first["created"]
    newer = tmp_path / "incidents_flat.csv"
    text = (
        AIRWARS[0]
        .read_text("utf-8")
        .replace(
            ",,Russian Military,Artillery,Fair,,1,", ",,Russian Military,Artillery,Confirmed,,3,"
        )
    )
    newer.write_text(text, "utf-8")
    shutil.copy(AIRWARS[1], tmp_path / "incident_sources_flat.csv")
    update = _import(sqlite_store, "airwars", [newer, tmp_path / "incident_sources_flat.csv"])
    assert (update["created"], update["updated"]) == (0, 2)
    assert _data(sqlite_store, "airwars:XS0002")["grade"] == "confirmed"
    changed = {(i.item_id, i.change) for i in sqlite_store.audit_items(seq=update["audit_event"])}
    assert changed == {
        ("airwars:XS0002", "updated"),
        ("airwars:XS0002:c:russian-military", "updated"),
    }
    event = next(iter(sqlite_store.audit_events(update["audit_event"], update["audit_event"])))
    assert event.decoded()["action"] == "import"


def test_strict_fails_the_whole_import(sqlite_store: Any) -> None:
    with pytest.raises(
        InputError,
        match=r"(?s)1 row rejected .*incident_sources_flat.csv row 11, column 'internal_id'",
    ):
        _import(sqlite_store, "airwars", AIRWARS, strict=True)
    assert sqlite_store.counts().audit_events == 0


def test_timemap_events_and_sources_many_to_many(sqlite_store: Any) -> None:
    report = _import(sqlite_store, "timemap", TIMEMAP, id_prefix="bc")
    assert report["rows_read"]["export_events.json"] == 6
    # a source missing from the sources file or a bad date leaves that out; the event is kept
    assert report["rejections"] == [] and report["kept_with_field_dropped"] == 2
    kept = {p["id"]: p["problems"] for p in report["field_problems"]}
    assert kept["bc:CIV0005"][0]["field"] == "supported_by"
    assert kept["bc:CIV0005"][0]["value"] == "src_missing_1"
    assert kept["bc:CIV0006"][0]["field"] == "date" and "'13/45/2022'" in str(kept["bc:CIV0006"])
    assert _data(sqlite_store, "bc:CIV0006").get("date") is None
    assert _data(sqlite_store, "bc:CIV0005:c").get("supported_by") in (None, [])
    first = _data(sqlite_store, "bc:CIV0001")
    assert (
        first["strike_type"] == "Cruise missile"
        and first["notes"] == "Type of area affected / Residential"
    )
    c1, c3, c3b = (
        _data(sqlite_store, i)["supported_by"]
        for i in ("bc:CIV0001:c", "bc:CIV0003:c", "bc:CIV0003:2:c")
    )
    shared = set(c1) & set(c3) & set(c3b)  # one tweet behind three events (mobile link folded)
    assert len(shared) == 1 and _data(sqlite_store, shared.pop())["author"] == "@examplewatch"
    hidden = _data(sqlite_store, "bc:CIV0002:c")["supported_by"]
    assert (
        hidden == ["bc:CIV0002:hidden"] and "bc:CIV0003:hidden" in c3
    )  # hidden sources never shared
    assert _data(sqlite_store, "bc:CIV0002")["date"] == "2022-02-25"


def test_ydp_cp1252_admin_areas_and_single_numbers(sqlite_store: Any) -> None:
    report = _import(sqlite_store, "ydp", YDP)
    assert report["encodings"] == {"raw_yemen_data.csv": "cp1252"}
    # a bad date or fatality count leaves that field empty; the raid is kept (DESIGN)
    assert report["rejections"] == []
    assert report["kept_with_field_dropped"] == 2
    kept = {p["id"]: p["problems"] for p in report["field_problems"]}
    assert set(kept) == {"ydp:5", "ydp:6"}
    assert kept["ydp:5"][0]["field"] == "date" and "'31/02/2015'" in str(kept["ydp:5"])
    assert kept["ydp:6"][0]["field"] == "civilians_killed"
    assert _data(sqlite_store, "ydp:5").get("date") is None
    assert _data(sqlite_store, "ydp:6:c").get("civilians_killed") is None
    assert _data(sqlite_store, "ydp:6")["import_problems"][0]["value"] == "-1"
    inc = _data(sqlite_store, "ydp:4")
    assert inc["location"]["admin"] == ["Sa’ada", "Sa’ada"] and inc["location"]["lat"] is None
    assert inc["country"] == "YE" and "Civilian’s house" in inc["title"]
    assert _data(sqlite_store, "ydp:2:c")["civilians_killed"] == {"min": 21, "max": 21}
    three = _data(sqlite_store, "ydp:3")
    assert (
        three["location"]["precision"] == "district"
        and "air raids: 1 to 10 or more" in three["notes"]
    )
    assert _data(sqlite_store, "ydp:1:c")["supported_by"] == ["ydp:dataset"]


def test_statements_link_to_imported_airwars_incidents(sqlite_store: Any) -> None:
    _import(sqlite_store, "airwars", AIRWARS)
    report = _import(sqlite_store, "statements", STATEMENTS)
    assert [(r["row"], r["column"]) for r in report["rejections"]] == [(5, "Airwars ref code")]
    assert "airwars:XS7777" in report["rejections"][0]["reason"]
    # the store holds Airwars incidents, but not this one: not "import them first"
    assert "the Airwars export imported does not hold it" in report["rejections"][0]["reason"]
    stmts = [s for s in sqlite_store.iter_items("Statement")]
    assert len(stmts) == 3
    video = next(s.data for s in stmts if "1711038688170266673" in (s.data["url"] or ""))
    assert [a["incident"] for a in video["assessments"]] == ["airwars:XS0002", "airwars:XS0004"]
    assert {a["verdict"] for a in video["assessments"]} == {"acknowledged"}
    assert video["issuer"] == "account:@ExampleAirForce" and video["date"] == "2023-10-09"
    edges = sqlite_store.edges(["airwars:XS0002"], ["ASSESSES"], "in")
    assert [e.props["verdict"] for e in edges] == ["acknowledged"]


def test_statements_without_store_reject_linked_rows() -> None:
    result = build_import(get_profile("statements"), STATEMENTS)
    assert len(result.rejections) == 4 and all(
        r.column == "Airwars ref code" for r in result.rejections
    )
