"""``--profile auto-archiver``: Bellingcat's Auto Archiver sheet as sources, on a sample
export made here (the columns its Google Sheets module writes)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Any

from paths import IMPORT_FIXTURES

from provenance.ingest.detect import looks_like
from provenance.ingest.profiles import get_profile
from provenance.ingest.profiles.run import run_import
from provenance.ingest.profiles.transforms import url_source_id

HEADER = [
    "Link",
    "Archive status",
    "Archive location",
    "Archive date",
    "Upload timestamp",
    "Upload title",
    "Text content",
    "Hash",
    "Perceptual hashes",
    "WACZ",
    "ReplayWebpage",
    "Thumbnail",
    "Screenshot",
    "Analyst notes",
]
TWEET = "https://twitter.com/examplemedia/status/1000000000000000001"  # also in the Airwars fixture
HEX = hashlib.sha256(b"archived page").hexdigest()


def sample(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


GOOD = {
    "Link": TWEET,
    "Archive status": "twitter: success",
    "Archive location": "https://s3.example.org/aa/tweet.html\nhttps://s3.example.org/aa/tweet.jpg",
    "Archive date": "2024-05-02T10:11:12.345678+00:00",
    "Upload timestamp": "2024-05-01 08:00:00+00:00",
    "Upload title": "Strike on the market",
    "Text content": "12 killed",
    "Hash": f"SHA-256:{HEX}",
    "Perceptual hashes": "f8f0e0c0,00ff00ff",
    "WACZ": "https://s3.example.org/aa/tweet.wacz",
    "Thumbnail": '=IMAGE("https://s3.example.org/aa/t.jpg")',
    "Analyst notes": "seen by HK",
}
FAILED = {"Link": "https://t.me/somechannel/42", "Archive status": "Archive failed no archiver"}
BAD = {
    "Link": "https://example.org/report",
    "Archive status": "[cached] generic: success",
    "Archive date": "yesterday",
    "Hash": "SHA3-512:" + "ab" * 64,
}
NOT_URL = {"Link": "ftp://example.org/file", "Archive status": "Archive in progress"}


def _import(store: Any, path: Path) -> dict[str, Any]:
    return run_import(store, get_profile("auto-archiver"), [path], actor="tester")


def test_a_sheet_becomes_sources_with_archive_fields(sqlite_store: Any, tmp_path: Path) -> None:
    path = sample(tmp_path / "sheet.csv", [GOOD, FAILED, BAD, NOT_URL, {"Link": ""}, GOOD])
    lower = tmp_path / "lower.csv"
    lower.write_text("link,archive status,archive location\n")
    assert looks_like(lower) == "auto-archiver"
    report = _import(sqlite_store, path)
    assert report["rows_read"] == {"sheet.csv": 5} and report["rejected"] == 0
    assert report["items_by_label"] == {"Source": 4}
    good = sqlite_store.get(url_source_id(TWEET)).data
    assert good["url"] == TWEET and good["kind"] == "social_media"
    assert good["archive_url"] == "https://s3.example.org/aa/tweet.html"
    assert good["captured_at"].startswith("2024-05-02T10:11:12")
    assert good["published_at"].startswith("2024-05-01T08:00:00")
    assert good["sha256"] == HEX and good["title"] == "Strike on the market"
    assert good["author"] == "@examplemedia"
    assert "columns not read: Analyst notes" in report["notes"]
    assert any("1 row repeats a link" in n for n in report["notes"])
    assert any(
        n.startswith("archive status: 1 cached, 1 failed, 1 not archived, 2 success")
        for n in report["notes"]
    )


def test_bad_values_are_left_empty_never_dropping_the_row(
    sqlite_store: Any, tmp_path: Path
) -> None:
    report = _import(sqlite_store, sample(tmp_path / "s.csv", [FAILED, BAD, NOT_URL]))
    assert report["rejected"] == 0 and report["kept_with_field_dropped"] == 3
    failed = sqlite_store.get(url_source_id(FAILED["Link"])).data
    assert failed["archive_url"] is None and failed["url"] == FAILED["Link"]
    [problem] = failed["import_problems"]
    assert problem["field"] == "archive_url" and problem["value"] == "Archive failed no archiver"
    bad = sqlite_store.get(url_source_id(BAD["Link"])).data
    fields = {p["field"]: p["problem"] for p in bad["import_problems"]}
    assert bad["sha256"] is None and bad["captured_at"] is None
    assert "SHA3-512 hash, not SHA-256" in fields["sha256"]
    assert "not an ISO 8601 time" in fields["captured_at"]
    by_hash = "url:" + hashlib.sha256(NOT_URL["Link"].encode()).hexdigest()[:16]
    not_url = sqlite_store.get(by_hash).data
    assert not_url["url"] is None and not_url["import_problems"][0]["field"] == "url"


def test_a_url_airwars_cites_is_the_same_source_and_keeps_airwars_fields(
    sqlite_store: Any, tmp_path: Path
) -> None:
    airwars = [
        IMPORT_FIXTURES / "airwars" / "incidents_flat.csv",
        IMPORT_FIXTURES / "airwars" / "incident_sources_flat.csv",
    ]
    run_import(sqlite_store, get_profile("airwars"), airwars, actor="tester")
    sid = url_source_id(TWEET)
    before = sqlite_store.get(sid).data
    report = _import(sqlite_store, sample(tmp_path / "s.csv", [GOOD]))
    assert report["updated"] == 1 and report["created"] == 0
    after = sqlite_store.get(sid).data
    assert after["author"] == before["author"] and after["kind"] == before["kind"]
    assert after["language"] == before["language"]
    assert after["sha256"] == HEX and after["captured_at"].startswith("2024-05-02")
    again = _import(sqlite_store, sample(tmp_path / "s.csv", [GOOD]))
    assert again["updated"] == 0 and again["audit_event"] is None  # a re-import changes nothing
    assert sqlite_store.edges([sid], ["SUPPORTED_BY"], "in")  # Airwars' claims still cite it


def test_a_source_with_a_captured_original_keeps_its_hash(
    sqlite_store: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The archiver's hash is of its own copy: a source captured here (a WACZ, say) keeps its
    hash and the sheet's is an import problem, never a failed import."""
    from provenance.audit.custody import capture

    _import(sqlite_store, sample(tmp_path / "s.csv", [FAILED]))
    page = tmp_path / "post.html"
    page.write_bytes(b"<html>our own capture</html>")
    monkeypatch.setenv("PROVENANCE_ORIGINALS", str(tmp_path / "originals"))
    sid = url_source_id(FAILED["Link"])
    ours = capture(sqlite_store, page, sid, actor="ana").sha256
    row = FAILED | {"Archive status": "telethon: success", "Hash": f"SHA-256:{HEX}"}
    report = _import(sqlite_store, sample(tmp_path / "s.csv", [row]))
    assert report["rejected"] == 0 and report["kept_with_field_dropped"] == 1
    data = sqlite_store.get(sid).data
    assert data["sha256"] == ours
    [problem] = data["import_problems"]
    assert problem["field"] == "sha256" and problem["value"] == f"SHA-256:{HEX}"
    assert f"already has sha256 {ours}" in problem["problem"]


def test_a_value_the_model_refuses_is_left_empty_not_the_row(
    sqlite_store: Any, tmp_path: Path
) -> None:
    long_link = "https://example.org/" + "a" * 2100
    rows = [{"Link": long_link, "Upload title": "Bell\x07 title", "Archive status": "x: success"}]
    report = _import(sqlite_store, sample(tmp_path / "s.csv", rows))
    assert report["rejected"] == 0 and report["kept_with_field_dropped"] == 1
    data = sqlite_store.get(url_source_id(long_link)).data
    assert data["url"] is None and data["title"] is None
    assert {p["field"] for p in data["import_problems"]} == {"url", "title"}
    title = next(p for p in data["import_problems"] if p["field"] == "title")
    assert title["value"] == "Bell\\x07 title"  # as given, the bell written as its escape
