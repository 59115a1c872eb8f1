"""Capture histories list the resolved outlets (issue 15): a real export names no publisher,
so the lists are the organisations authors and domains resolve to, else the normalised
author or account (before: zero list columns)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from provenance.export.capture_histories import capture_histories, write_capture_histories
from provenance.model import CASE_FORMAT, CaseFile
from provenance.store.rows import batch_from_case
from provenance.store.sqlite import SQLiteStore


def incident(iid: str, sources: list[str]) -> dict[str, Any]:
    claim = {"id": f"{iid}-c1", "belligerent": "b", "supported_by": sources}
    return {"id": iid, "title": "t", "date": "2017-06-01", "claims": [claim]}


CASE = {
    "format": CASE_FORMAT,
    "organisations": [
        {"id": "net", "name": "Network"},
        {"id": "scd", "name": "SCD", "part_of": "net", "aliases": ["Syrian Civil Defense"]},
        {"id": "sohr", "name": "SOHR", "domains": ["syriahr.com"]},
    ],
    "sources": [
        {"id": "a", "kind": "social_media", "author": "@SyriaCivilDefe"},
        {"id": "b", "kind": "social_media", "author": "'@syriacivildefe"},
        {"id": "c", "kind": "news", "author": "Syrian Civil Defense"},
        {"id": "d", "kind": "news", "url": "https://www.syriahr.com/1"},
        {"id": "e", "kind": "social_media", "url": "https://twitter.com/Hawar/status/1"},
        {"id": "f", "kind": "news"},
    ],
    "incidents": [
        incident("i1", ["a", "d"]),
        incident("i2", ["b", "c", "f"]),
        incident("i3", ["e"]),
    ],
}


def store_with_case(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "s.db", create=True)
    store.ingest(batch_from_case(CaseFile.model_validate(CASE), "case.yaml"), actor="t")
    return store


def test_lists_are_the_resolved_outlets(tmp_path: Path) -> None:
    with store_with_case(tmp_path) as store:
        header, rows = capture_histories(store)
        out = io.StringIO()
        assert write_capture_histories(store, out) == 3
    lists = ["author:syriacivildefe", "author:twitter:hawar", "scd", "sohr"]
    assert header == ["cluster", "incidents", *lists]
    assert rows == [
        ["i1", "i1", "1", "0", "0", "1"],
        ["i2", "i2", "1", "0", "1", "0"],  # "@SyriaCivilDefe" and "'@syriacivildefe": one list
        ["i3", "i3", "0", "1", "0", "0"],
    ]
    assert out.getvalue().splitlines()[0] == ",".join(header)


def test_lists_by_family(tmp_path: Path) -> None:
    with store_with_case(tmp_path) as store:
        header, rows = capture_histories(store, by_family=True)
    assert header[2:] == ["author:syriacivildefe", "author:twitter:hawar", "net", "sohr"]
    assert rows[1] == ["i2", "i2", "1", "0", "1", "0"]
