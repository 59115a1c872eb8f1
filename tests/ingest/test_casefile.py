"""Reading case files: YAML and JSON, the example, multi-file batches, where-strings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paths import EXAMPLE

from provenance.errors import ConflictError, InputError
from provenance.ingest.casefile import load_batch, load_case_file, read_document
from provenance.model import CaseFile, Claim, Incident
from provenance.store.rows import batch_from_case, node_and_edges


def test_example_loads() -> None:
    case = load_case_file(EXAMPLE)
    assert isinstance(case, CaseFile)
    ids = {s.id for s in case.sources}
    assert "ill-src-mosul-wire" in ids
    batch = load_batch([EXAMPLE])
    labels = batch.labels()
    assert labels["ill-mosul-1-c1"] == "Claim"
    assert labels["ill-org-broadcaster-arabic"] == "Organisation"
    assert (
        batch.where["ill-mosul-1-c1"] == f"{EXAMPLE}: incidents[0].claims[0] (id 'ill-mosul-1-c1')"
    )
    has_claim = [e for e in batch.edges if e.rel == "HAS_CLAIM" and e.dst == "ill-mosul-1-c1"]
    assert [(e.src, e.owner, e.ref) for e in has_claim] == [
        ("ill-mosul-1", "ill-mosul-1-c1", "ill-mosul-1")
    ]


def test_json_and_yaml_give_the_same_batch(tmp_path: Path) -> None:
    case = load_case_file(EXAMPLE)
    as_json = tmp_path / "case.json"
    as_json.write_text(json.dumps(case.model_dump(mode="json")), "utf-8")
    a = batch_from_case(case, "x")
    b = batch_from_case(load_case_file(as_json), "x")
    assert [(r.id, r.hash) for r in a.nodes] == [(r.id, r.hash) for r in b.nodes]
    assert a.edges == b.edges


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfformat: provenance-case/1\nsources: [{id: s1, kind: news}]\n")
    assert load_case_file(path).sources[0].id == "s1"


def test_same_item_in_two_files_is_merged(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.json"
    a.write_text("format: provenance-case/1\nsources: [{id: s1, kind: news, title: T}]\n")
    b.write_text(
        json.dumps(
            {"format": "provenance-case/1", "sources": [{"id": "s1", "kind": "news", "title": "T"}]}
        )
    )
    batch = load_batch([a, b])
    assert [r.id for r in batch.nodes] == ["s1"]
    assert batch.where["s1"].startswith(str(a))


def test_same_id_different_content_in_two_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("format: provenance-case/1\nsources: [{id: s1, kind: news}]\n")
    b.write_text("format: provenance-case/1\nsources: [{id: s1, kind: video}]\n")
    with pytest.raises(ConflictError) as exc:
        load_batch([a, b])
    assert f"{b}: sources[0] (id 's1')" in exc.value.message
    assert f"also used by {a}: sources[0] (id 's1')" in exc.value.message


def test_duplicate_references_give_one_edge() -> None:
    row, edges = node_and_edges(Claim(id="c", supported_by=["s1", "s1", "s2"]), incident="i")
    assert [(e.rel, e.dst) for e in edges] == [
        ("HAS_CLAIM", "c"),
        ("SUPPORTED_BY", "s1"),
        ("SUPPORTED_BY", "s2"),
    ]
    assert row.data["incident"] == "i"
    assert row.data["supported_by"] == ["s1", "s1", "s2"]


def test_incident_row_excludes_claims() -> None:
    inc = Incident.model_validate(
        {"id": "i", "title": "t", "date": "2017-06-01", "claims": [{"id": "c"}]}
    )
    row, edges = node_and_edges(inc)
    assert "claims" not in row.data
    assert edges == []


def test_yaml_timestamps_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "format: provenance-case/1\n"
        "sources: [{id: s1, kind: news, published_at: 2017-06-03T07:40:00Z}]\n"
        "incidents: [{id: i1, title: t, date: 2017-06-03}]\n"
    )
    case = load_case_file(path)
    assert case.sources[0].model_dump(mode="json")["published_at"] == "2017-06-03T07:40:00Z"
    assert case.incidents[0].model_dump(mode="json")["date"] == "2017-06-03"


def test_yaml_datetime_for_a_date_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "format: provenance-case/1\nincidents: [{id: i1, title: t, date: 2017-06-03 10:00:00}]\n"
    )
    with pytest.raises(InputError, match=r"t.yaml:2: incidents\[0\] \(id 'i1'\), field 'date'"):
        load_case_file(path)


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("format: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(InputError, match="malformed YAML"):
        read_document(path)
