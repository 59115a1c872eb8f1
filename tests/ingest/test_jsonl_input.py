"""Reading JSON Lines exports back (:mod:`provenance.ingest.jsonl`): what is checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paths import EXAMPLE

from provenance.errors import InputError, UsageError
from provenance.export.common import WitnessPolicy
from provenance.export.jsonl import write_jsonl
from provenance.ingest.casefile import load_batch
from provenance.ingest.jsonl import ingest_jsonl, is_jsonl, load_jsonl
from provenance.store import open_store


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example case exported as JSON Lines."""
    root = tmp_path_factory.mktemp("jsonl")
    with open_store(str(root / "a.db"), create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="t")
        with (root / "a.jsonl").open("wb") as out:
            write_jsonl(store, out, WitnessPolicy())
    return root / "a.jsonl"


def test_every_node_and_edge_is_read_back(exported: Path) -> None:
    lines = [json.loads(x) for x in exported.read_text("utf-8").splitlines()]
    found = load_jsonl([exported])
    assert len(found.batch.nodes) == sum(x["kind"] == "node" for x in lines)
    by_id = {r.id: r for r in found.batch.nodes}
    for x in lines:
        if x["kind"] == "node" and "hash" in x:
            assert by_id[x["id"]].hash == x["hash"]
            assert by_id[x["id"]].data == x["data"]


def test_an_edge_the_nodes_do_not_give_is_refused(exported: Path, tmp_path: Path) -> None:
    extra = {"kind": "edge", "src": "airwars", "rel": "PART_OF", "dst": "amnesty", "props": {}}
    bad = tmp_path / "bad.jsonl"
    bad.write_text(exported.read_text("utf-8") + json.dumps(extra) + "\n", "utf-8")
    with pytest.raises(InputError, match=r"\(airwars\)-\[PART_OF\]->\(amnesty\) is in the file"):
        load_jsonl([bad])


def test_a_dropped_edge_is_refused(exported: Path, tmp_path: Path) -> None:
    lines = exported.read_text("utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    edge = next(i for i, x in enumerate(lines) if '"kind": "edge"' in x)
    bad.write_text("\n".join(lines[:edge] + lines[edge + 1 :]) + "\n", "utf-8")
    with pytest.raises(InputError, match="missing"):
        load_jsonl([bad])


def test_witness_identities_never_enter_the_graph(tmp_path: Path) -> None:
    row = {"kind": "node", "id": "w-1", "label": "Witness", "data": {"id": "w-1", "name": "X"}}
    f = tmp_path / "w.jsonl"
    f.write_text(json.dumps(row) + "\n", "utf-8")
    with pytest.raises(InputError, match="identities never enter the graph"):
        load_jsonl([f])


def test_case_files_and_exports_are_ingested_apart(exported: Path) -> None:
    assert is_jsonl(exported) and not is_jsonl(EXAMPLE)
    with pytest.raises(UsageError, match="separate commands"):
        load_jsonl([exported, EXAMPLE])


def test_every_stored_hash_is_the_same_after_the_round_trip(exported: Path, tmp_path: Path) -> None:
    found = load_jsonl([exported])
    ids = [r.id for r in found.batch.nodes]
    with open_store(str(exported.parent / "a.db")) as a:
        before = {i: (s.data, s.hash) for i, s in a.get_many(ids).items()}
    with open_store(str(tmp_path / "b.db"), create=True) as b:
        report, judged = ingest_jsonl(b, found, replace_items=False, actor="t", reason=None)
        after = {i: (s.data, s.hash) for i, s in b.get_many(ids).items()}
    assert report.created == len(ids) and judged == 0
    assert after == before
    assert any(r.label == "Witness" for r in found.batch.nodes)
