"""``list``, ``search`` and ``show`` by code, URL and near miss, run as real processes.

Before: ``show RS4720`` and ``show <a source URL>`` said "no item" with a hint to ``stats``;
there was no ``list`` or ``search``.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from cli_helpers import run_cli, run_json

CASE = """format: provenance-case/1
organisations:
  - {id: org-a, name: Aleppo Media Centre}
sources:
  - id: url:0123abcd
    kind: social_media
    author: Moaaz
    url: https://www.facebook.com/watch/?v=27733878282922884
  - {id: s-b, kind: news, publisher: org-a, title: Raqqa strike report}
incidents:
  - id: airwars:RS4720
    title: "RS4720: Hafsarja"
    date: 2022-09-08
    country: SY
    location: {name: Hafsarja, name_variants: [Ḥafṣarjah, حفصرجة]}
    claims:
      - {id: "airwars:RS4720:c:x", supported_by: [url:0123abcd, s-b], civilians_killed: {min: 6, max: 8}}
  - {id: "airwars:RS4721", title: "RS4721: Raqqa city", date: 2022-09-09, country: IQ}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("find")
    (folder / "case.yaml").write_text(CASE, encoding="utf-8")
    db = folder / "s.db"
    run_cli("ingest", str(folder / "case.yaml"), store=db, check=True)
    return db


def test_show_by_code_id_in_any_case_and_url(store: Path) -> None:
    for ref in ("RS4720", "rs4720", "airwars:rs4720", "airwars:RS4720"):
        assert run_json("show", ref, store=store)["id"] == "airwars:RS4720", ref
    for ref in (
        "https://www.facebook.com/watch/?v=27733878282922884",
        "facebook.com/watch/?v=27733878282922884/",
    ):
        assert run_json("show", ref, store=store)["id"] == "url:0123abcd", ref
    out = run_cli("show", "RS4720", store=store, check=True).stdout
    assert "Incident airwars:RS4720" in out and "HAS_CLAIM" in out


def test_show_unknown_says_did_you_mean(store: Path) -> None:
    proc = run_cli("show", "airwars:RS4270", store=store)
    assert proc.returncode == 1
    assert "no item with id 'airwars:RS4270' (nor with that code or URL)" in proc.stderr
    assert "did you mean airwars:RS472" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run_cli("show", "RS4702", store=store)
    assert "did you mean" in proc.stderr and "airwars:RS4720" in proc.stderr
    proc = run_cli("show", "zzzz", store=store)
    assert proc.returncode == 1 and "provenance search" in proc.stderr


def test_search_words_variants_codes_and_urls(store: Path) -> None:
    hits = run_json("search", "hafsarjah", store=store)
    assert [h["id"] for h in hits] == ["airwars:RS4720"]
    assert [h["id"] for h in run_json("search", "حفصرجة", store=store)] == ["airwars:RS4720"]
    hits = run_json("search", "https://www.facebook.com/watch/?v=27733878282922884", store=store)
    assert hits[0] == {
        "id": "url:0123abcd",
        "kind": "source",
        "match": "key",
        "title": "Moaaz",
        "author": "Moaaz",
    }
    hits = run_json("search", "raqqa", "--kind", "source", store=store)
    assert [(h["id"], h["author"]) for h in hits] == [("s-b", "org-a")]
    assert run_json("search", "RS4720", store=store)[0]["match"] == "key"
    lines = run_cli("search", "rs47", "--format", "jsonl", "--limit", "2", store=store).stdout
    assert len([json.loads(x) for x in lines.splitlines()]) == 2
    table = run_cli("search", "raqqa", store=store, check=True).stdout
    assert "airwars:RS4721" in table and "s-b" in table


def test_list_with_where_and_formats(store: Path) -> None:
    rows = run_json("list", "incidents", "--where", "country=sy", store=store)
    assert [r["id"] for r in rows] == ["airwars:RS4720"]
    assert set(rows[0]) == {"id", "date", "country", "grade", "title"}
    rows = run_json("list", "source", "--where", "author=moaaz", store=store)
    assert [r["id"] for r in rows] == ["url:0123abcd"]
    text = run_cli("list", "incident", "--format", "csv", store=store, check=True).stdout
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in parsed] == ["airwars:RS4720", "airwars:RS4721"]
    tsv = run_cli("list", "Incident", "--format", "tsv", "--limit", "1", store=store).stdout
    assert tsv.splitlines()[1].split("\t")[0] == "airwars:RS4720"
    table = run_cli("list", "incident", store=store, check=True).stdout
    assert "2 incidents" in table and "RS4721: Raqqa city" in table
    claims = run_cli("list", "claim", store=store, check=True).stdout
    assert "6–8" in claims and "6-8" not in claims  # a range in words, as everywhere


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "things"], "unknown kind 'things'"),
        (["list", "incident", "--where", "colour=red"], "Incident has no field 'colour'"),
        (["list", "incident", "--where", "country"], "is not FIELD=VALUE"),
        # a value the field never takes (before: "0 incidents", exit 0)
        (["list", "incident", "--where", "grade=excellent"], "use one of confirmed, fair"),
        (["search", "x", "--kind", "things"], "unknown kind 'things'"),
        (["search", "  "], "nothing to search for"),
        (["search", "x", "--limit", "0"], "--limit 0"),
        (["list", "incident", "--format", "xml"], "xml"),
    ],
)
def test_usage_errors_exit_2(store: Path, args: list[str], message: str) -> None:
    proc = run_cli(*args, store=store)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr


def test_a_store_made_before_the_index_gets_it_on_open(tmp_path: Path, store: Path) -> None:
    old = tmp_path / "old.db"
    src = sqlite3.connect(store)
    src.backup(dst := sqlite3.connect(old))
    src.close()
    for table in ("search_fts", "search_docs", "search_keys"):
        dst.execute(f"DROP TABLE {table}")
    dst.commit()
    dst.close()
    assert run_json("show", "RS4720", store=old)["id"] == "airwars:RS4720"
    assert [h["id"] for h in run_json("search", "hafsarja", store=old)] == ["airwars:RS4720"]
