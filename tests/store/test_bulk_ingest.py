"""Bulk ingest into the embedded store: the same rows, hashes and audit items as one row
at a time, nodes written many rows per statement, versions read from a covering index."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from paths import REPO

from provenance.store import sqlite_write
from provenance.store.rows import Batch, json_text, props_text
from provenance.store.sqlite import SQLiteStore

sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # type: ignore[import-not-found]


def _tables(db: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {
        "nodes": db.execute("SELECT * FROM nodes ORDER BY id").fetchall(),
        "edges": db.execute("SELECT * FROM edges ORDER BY src, rel, dst").fetchall(),
        "docs": db.execute("SELECT id, label FROM search_docs ORDER BY id").fetchall(),
        "text": db.execute(
            "SELECT d.id, f.ids, f.text FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid"
            " ORDER BY d.id"
        ).fetchall(),
        "keys": db.execute("SELECT * FROM search_keys ORDER BY key, id").fetchall(),
    }


def test_bulk_ingest_equals_rows_written_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_write, "NODES_PER_STATEMENT", 7)
    monkeypatch.setattr(sqlite_write, "EDGES_PER_CALL", 11)
    batch = generate.generate_batch(400, 3)
    store = SQLiteStore(tmp_path / "bulk.db", create=True)
    report = store.ingest(batch, actor="t", reason="r")
    # the expectation, computed independently: one statement per row, edges last-wins
    ref = SQLiteStore(tmp_path / "ref.db", create=True)
    db = ref._db
    db.execute("BEGIN IMMEDIATE")
    for r in batch.nodes:
        db.execute("INSERT INTO nodes VALUES (?,?,?,?)", (r.id, r.label, json_text(r.data), r.hash))
    for e in batch.edges:
        db.execute(
            "INSERT OR REPLACE INTO edges VALUES (?,?,?,?,?)",
            (e.src, e.rel, e.dst, e.owner, props_text(e.props)),
        )
    for table in ("search_fts", "search_docs", "search_keys"):
        db.execute(f"DROP TABLE {table}")
    db.execute("COMMIT")
    ref.close()
    ref = SQLiteStore(tmp_path / "ref.db")  # indexes the stored nodes on open, from the file
    db = ref._db
    assert _tables(store._db) == _tables(db)
    items = store.audit_items(seq=report.event_seq)
    assert [(i.item_id, i.label, i.hash, i.change) for i in items] == sorted(
        (r.id, r.label, r.hash, "created") for r in batch.nodes
    )
    again = store.ingest(batch, actor="t")
    assert again.event_seq is None and again.unchanged == len(batch.nodes)


def test_nodes_go_in_many_rows_per_statement(tmp_path: Path) -> None:
    batch = generate.generate_batch(300, 1)
    store = SQLiteStore(tmp_path / "s.db", create=True)
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    store.ingest(batch, actor="t")
    node_inserts = {s for s in statements if s.startswith("INSERT INTO nodes")}  # distinct:
    # the trace repeats a statement for each trigger it runs
    per = sqlite_write.NODES_PER_STATEMENT
    assert len(node_inserts) == -(-len(batch.nodes) // per)


@pytest.mark.parametrize("scan_min", [1, 10**9])
def test_versions_come_from_the_covering_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scan_min: int
) -> None:
    monkeypatch.setattr(sqlite_write, "SCAN_MIN_IDS", scan_min)
    batch = generate.generate_batch(200, 2)
    store = SQLiteStore(tmp_path / "s.db", create=True)
    store.ingest(batch, actor="t")
    ids = [r.id for r in batch.nodes[::3]] + ["no-such-id"]
    expected = {r.id: (r.label, r.hash) for r in batch.nodes[::3]}
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    assert store.stored_versions(ids) == expected
    assert statements and all("INDEXED BY nodes_version" in q for q in statements[-1:])


def test_a_store_made_before_the_version_index_gets_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    SQLiteStore(path, create=True).close()
    db = sqlite3.connect(path)
    db.execute("DROP INDEX nodes_version")
    db.commit()
    db.close()
    store = SQLiteStore(path)
    names = [r[0] for r in store._db.execute("SELECT name FROM sqlite_master WHERE type='index'")]
    assert "nodes_version" in names


def test_a_store_with_the_retired_owner_index_loses_it_and_updates_still_move_edges(
    tmp_path: Path,
) -> None:
    from provenance.model import Claim, Incident, Source

    path = tmp_path / "old.db"
    batch = Batch()
    batch.add(Source(id="s1", kind="news"), "s1")
    for inc in ("i1", "i2"):
        batch.add(Incident(id=inc, title=inc), inc)
    batch.add(Claim(id="c1", supported_by=["s1"]), "c1", incident="i1")
    with SQLiteStore(path, create=True) as store:
        store.ingest(batch, actor="t")
    db = sqlite3.connect(path)
    db.execute("CREATE INDEX edges_owner ON edges(owner)")  # as stores made before had it
    db.commit()
    db.close()
    moved = Batch()
    moved.add(Claim(id="c1", supported_by=["s1"]), "c1", incident="i2")
    with SQLiteStore(path) as store:
        indexes = {r[0] for r in store._db.execute("SELECT name FROM sqlite_master")}
        assert "edges_owner" not in indexes and "edges_dst" in indexes
        store.ingest(moved, actor="t")
        edges = store._db.execute("SELECT src, rel, dst FROM edges ORDER BY 1, 2, 3").fetchall()
    assert edges == [("c1", "SUPPORTED_BY", "s1"), ("i2", "HAS_CLAIM", "c1")]
