"""Exports: PROV-JSON, GraphML, JSON Lines, capture histories; witnesses stay pseudonymous."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from audit_helpers import EXAMPLE
from cli_helpers import run_cli, run_json

from provenance.export.capture_histories import capture_histories
from provenance.export.common import WitnessPolicy
from provenance.export.jsonl import write_jsonl
from provenance.export.prov_json import write_prov_json
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with SQLiteStore(path, create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="ana", reason="case")
        store.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="ana", reason="same strike")
    return path


def test_prov_json_records_only_stored_relations(db: Path) -> None:
    with SQLiteStore(db) as store:
        out = io.BytesIO()
        write_prov_json(store, out, WitnessPolicy())
        doc = json.loads(out.getvalue())
        n_published = sum(1 for _ in store.iter_edges(["PUBLISHED_BY"]))
        n_supported = sum(1 for _ in store.iter_edges(["SUPPORTED_BY"]))
        n_cites = sum(1 for _ in store.iter_edges(["CITES"]))
        sources = sum(1 for _ in store.iter_items("Source"))
    assert len(doc["wasAttributedTo"]) == n_published
    assert len(doc["wasDerivedFrom"]) == n_supported + n_cites
    entities = doc["entity"]
    assert sum(1 for e in entities.values() if e["prov:type"] == "pv:Source") == sources
    agents = doc["agent"]
    witnesses = [a for a in agents.values() if a["prov:type"] == "pv:Witness"]
    # a witness's public fields only: its pseudonymous id and its role
    assert witnesses and all(set(w) == {"prov:type", "pv:id", "pv:role"} for w in witnesses)
    assert {a["prov:type"] for a in agents.values()} >= {"prov:Organization", "prov:Person"}
    acts = doc["activity"]
    assert {a["prov:type"] for a in acts.values()} == {"pv:ingest", "pv:judge"}
    assert len(doc["used"]) == 2  # the judgement used both incidents


def test_jsonl_and_graphml_redact_witnesses(db: Path, tmp_path: Path) -> None:
    with SQLiteStore(db) as store:
        buf = io.BytesIO()
        n = write_jsonl(store, buf, WitnessPolicy())
        counts = store.counts()
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert n == len(lines) == sum(counts.nodes.values()) + sum(counts.edges.values())
    for w in (x for x in lines if x.get("label") == "Witness"):
        assert set(w["data"]) == {"id", "role"} and "hash" not in w
    run_cli(
        "export", "--format", "graphml", "--out", str(tmp_path / "g.graphml"), store=db, check=True
    )
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.number_of_nodes() == sum(counts.nodes.values())
    assert g.nodes["ill-w-mosul-resident"] == {"label": "Witness", "role": "resident"}


def test_capture_histories_one_row_per_cluster(db: Path, tmp_path: Path) -> None:
    with SQLiteStore(db) as store:
        header, rows = capture_histories(store)
        incidents = sum(1 for _ in store.iter_items("Incident"))
    assert header[:2] == ["cluster", "incidents"]
    assert len(rows) == incidents - 1  # the "same" pair is one cluster
    merged = next(r for r in rows if " " in r[1])
    assert set(merged[1].split()) == {"ill-mosul-2", "ill-mawsil-2b"}
    assert all(v in ("0", "1") for r in rows for v in r[2:])
    out = run_json(
        "export", "--format", "capture-histories", "--out", str(tmp_path / "c.csv"), store=db
    )
    assert out["records"] == len(rows)
    assert next(iter(csv.reader((tmp_path / "c.csv").open()))) == header


def test_capture_histories_cluster_as_the_figures_do(db: Path) -> None:
    """A "different" judgement is a cannot-link in capture histories too: a chain of "same"
    judgements that would join a "different" pair is not merged (the one definition of a
    cluster, provenance.dedupe.clusters)."""
    from provenance.dedupe.clusters import cluster

    with SQLiteStore(db) as store:
        store.judge("ill-mosul-1", "ill-mosul-2", "different", actor="ana", reason="two strikes")
        store.judge("ill-mosul-1", "ill-mawsil-2b", "same", actor="ana", reason="same?")
        _, rows = capture_histories(store)
        expected = cluster(store.judgements()).clusters
    assert sorted(sorted(r[1].split()) for r in rows if " " in r[1]) == expected
    assert ["ill-mawsil-2b", "ill-mosul-1", "ill-mosul-2"] not in [
        sorted(r[1].split()) for r in rows
    ]


def test_identities_only_on_request_and_logged(db: Path, tmp_path: Path) -> None:
    ids = tmp_path / "identities.json"
    ids.write_text(json.dumps({"ill-w-mosul-resident": {"name": "A. Person", "phone": "+000"}}))
    bad = run_cli(
        "export",
        "--format",
        "jsonl",
        "--out",
        str(tmp_path / "x"),
        "--identities",
        str(ids),
        store=db,
    )
    assert bad.returncode == 2
    out = run_json(
        "export", "--format", "jsonl", "--out", str(tmp_path / "w.jsonl"),
        "--include-witness-identities", "--identities", str(ids), store=db,
    )  # fmt: skip
    assert out["identities_logged_in"] == "audit-log"
    assert (tmp_path / "w.jsonl").stat().st_mode & 0o777 == 0o600  # identities: owner only
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".w.jsonl")] == []
    rows = [json.loads(x) for x in (tmp_path / "w.jsonl").read_text().splitlines()]
    w = next(r for r in rows if r.get("id") == "ill-w-mosul-resident")
    assert w["data"]["name"] == "A. Person" and w["data"]["role"] == "resident"
    with SQLiteStore(db) as store:
        events = list(store.audit_events())
        witnesses = {w.id for w in store.iter_items("Witness")}
        entry = events[-1].decoded()
        exported = store.audit_items(seq=events[-1].seq)
    assert len(events) == 3  # ingest, judge, the export
    assert entry["action"] == "export-witness-identities" and entry["actor"] == "tester"
    assert entry["summary"] == {"format": "jsonl", "witnesses": len(witnesses)}
    assert {r.item_id for r in exported} == witnesses
    assert {r.change for r in exported} == {"exported"}
    assert not (tmp_path / "originals").exists()  # no side journal
    # the default export never carries them
    run_cli("export", "--format", "jsonl", "--out", str(tmp_path / "d.jsonl"), store=db, check=True)
    assert "A. Person" not in (tmp_path / "d.jsonl").read_text()
    with SQLiteStore(db) as store:
        assert store.counts().audit_events == 3  # a redacted export is not logged


def test_capture_history_cells_never_start_a_formula() -> None:
    from provenance.export.capture_histories import safe_cell

    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell("-1+2") == "'-1+2"
    assert safe_cell("org-bbc") == "org-bbc" and safe_cell("1") == "1"
