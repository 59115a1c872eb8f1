"""The embedded store's search index is written with the nodes (no triggers): an update
replaces an item's entries, and a store whose index was kept by triggers loses them on
open and keeps its entries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from audit_helpers import source_batch

from provenance.model import Source
from provenance.store.rows import Batch
from provenance.store.sqlite import SQLiteStore


def _source(title: str, url: str) -> Batch:
    batch = Batch()
    batch.add(Source(id="s-1", kind="news", title=title, url=url), "test")
    return batch


def _entries(db: sqlite3.Connection) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - constant names
        for t in ("search_docs", "search_fts", "search_keys")
    )


def test_an_update_replaces_the_items_entries(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(_source("Strike on Tabqa bakery", "https://www.example.org/a"), actor="t")
        assert [h.id for h in store.search("tabqa")] == ["s-1"]
        assert store.lookup("example.org/a") == ["s-1"]
        before = _entries(store._db)
        store.ingest(_source("Shelling of Raqqa market", "https://example.org/b"), actor="t")
        assert store.search("tabqa") == [] and store.lookup("example.org/a") == []
        assert [h.id for h in store.search("raqqa mark")] == ["s-1"]
        assert store.lookup("http://example.org/b/") == ["s-1"]
        assert _entries(store._db) == before  # one document, its keys: id and URL


def test_a_store_indexed_by_triggers_loses_them_on_open(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SQLiteStore(path, create=True) as store:
        store.ingest(source_batch(1), actor="t")
    db = sqlite3.connect(path, isolation_level=None)
    # what a store made by an earlier version has: triggers on nodes writing the index
    for name, event in (("search_insert", "INSERT"), ("search_update", "UPDATE")):
        db.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON nodes BEGIN"  # noqa: S608 - constants
            " INSERT INTO search_keys(key, id) VALUES ('left by a trigger', new.id); END"
        )
    db.close()
    with SQLiteStore(path) as store:
        found = store._db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'"
        ).fetchone()[0]
        assert found == 0
        assert [h.id for h in store.search("report 1")] == ["s-1"]  # entries kept
        store.ingest(source_batch(2), actor="t")
        assert store.lookup("left by a trigger") == []
        assert [h.id for h in store.search("report 2")] == ["s-2"]
        assert _entries(store._db)[:2] == (4, 4)  # two organisations, two sources


def test_a_store_with_triggers_opened_read_only_is_searched_as_it_is(tmp_path: Path) -> None:
    """A store made before, on a connection that may not write (a read-only copy), keeps
    its triggers — nothing can be written through it to run them — and its index works."""
    from provenance.store.sqlite_search import ensure_search_index, lookup

    path = tmp_path / "s.db"
    with SQLiteStore(path, create=True) as store:
        store.ingest(source_batch(1), actor="t")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "CREATE TRIGGER search_insert AFTER INSERT ON nodes BEGIN"
        " INSERT INTO search_keys(key, id) VALUES ('left by a trigger', new.id); END"
    )
    db.close()
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    query_only = sqlite3.connect(path, isolation_level=None)
    query_only.execute("PRAGMA query_only=1")
    for db in (ro, query_only):
        ensure_search_index(db)  # no error, nothing written
        assert lookup(db, "s-1") == ["s-1"]
        triggers = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'search_insert'"
        ).fetchone()[0]
        assert triggers == 1
        db.close()
