"""The SQLite file under the embedded store (issue 13, item 9): a writer blocked by another
gives a clear error after the documented wait, and a store left empty by a kill during its
first write is reported as such and completed by running init or ingest again."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from audit_helpers import source_batch

from provenance.errors import StoreError, UsageError
from provenance.store.sqlite import SQLiteStore
from provenance.store.sqlitefile import CACHE_KIB, DEFAULT_WAIT, SCAN_CACHE_KIB, wait_seconds


def test_a_writer_blocked_longer_than_the_wait_gets_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path, create=True).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with SQLiteStore(path, wait=0.3) as store:
            started = time.monotonic()
            with pytest.raises(StoreError, match="locked by another writer") as exc:
                store.ingest(source_batch(1), actor="a")
            assert time.monotonic() - started < 10
            assert "PROVENANCE_WAIT" in exc.value.hint
            with pytest.raises(StoreError, match=r"waiting 0\.3 s"):
                store.record_event("note", [], actor="a", reason="r")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with SQLiteStore(path) as store:  # nothing was written, and the store works again
        assert store.counts().audit_events == 0
        store.ingest(source_batch(1), actor="a")
        assert store.counts().audit_events == 1


def test_the_wait_comes_from_provenance_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROVENANCE_WAIT", raising=False)
    assert wait_seconds() == DEFAULT_WAIT == 60
    monkeypatch.setenv("PROVENANCE_WAIT", "2.5")
    assert wait_seconds() == 2.5
    for bad in ("soon", "-1", "1e9", "nan"):
        monkeypatch.setenv("PROVENANCE_WAIT", bad)
        with pytest.raises(UsageError, match="PROVENANCE_WAIT"):
            wait_seconds()


def _one_page_file(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")  # what a first write does before its transaction
    db.close()


@pytest.mark.parametrize("size", [0, 4096])
def test_a_store_interrupted_in_its_first_write_is_reported_and_completed(
    tmp_path: Path, size: int
) -> None:
    path = tmp_path / "s.db"
    if size:
        _one_page_file(path)
    else:
        path.touch()
    assert path.stat().st_size == size
    with pytest.raises(StoreError, match="interrupted") as exc:
        SQLiteStore(path)
    assert "again on the same path" in exc.value.hint
    assert "new path" not in exc.value.hint
    with SQLiteStore(path, create=True) as store:  # what init and ingest do
        store.ingest(source_batch(1), actor="a")
    with SQLiteStore(path) as store:
        assert store.counts().nodes == {"Organisation": 1, "Source": 1}


def test_a_file_that_is_not_sqlite_is_still_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a database at all, " * 400)
    with pytest.raises(StoreError, match="not a database") as exc:
        SQLiteStore(path)
    assert "interrupted" not in str(exc.value)


def test_audit_events_refuse_control_characters_in_actor_and_reason(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        with pytest.raises(UsageError, match="actor holds the control character U\\+001B"):
            store.ingest(source_batch(1), actor="\x1b]0;PWNED\x07")
        with pytest.raises(UsageError, match="reason holds the control character U\\+009B"):
            store.record_event("note", [], actor="a", reason="x\x9b2J")
        assert store.counts().audit_events == 0
        store.record_event("note", [], actor="a", reason="two\nlines\tand a tab")
        assert store.counts().audit_events == 1


def _mode(db: sqlite3.Connection) -> str:
    return str(db.execute("PRAGMA journal_mode").fetchone()[0])


def test_a_new_store_writes_its_first_ingest_without_wal_then_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = SQLiteStore(path, create=True)
    # the store this object created: 8 KiB pages, rollback journal until its first write
    assert _mode(store._db) == "delete"
    assert store._db.execute("PRAGMA page_size").fetchone()[0] == 8192
    store.ingest(source_batch(1), actor="a")
    assert not Path(f"{path}-journal").exists()  # committed, the journal gone
    assert _mode(store._db) == "wal"
    store.ingest(source_batch(2), actor="a")
    assert _mode(store._db) == "wal"
    store.close()
    with SQLiteStore(path) as again:  # an existing store opens in WAL, with all it was given
        assert _mode(again._db) == "wal"
        assert again.counts().audit_events == 2
        assert again.get("s-2") is not None


def test_a_new_store_switches_to_wal_later_when_a_reader_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = SQLiteStore(path, create=True, wait=30)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM nodes").fetchone()  # holds a read lock
    started = time.monotonic()
    store.close()  # no first write: the switch is tried on close, and must not wait
    assert time.monotonic() - started < 5
    reader.execute("ROLLBACK")
    reader.close()
    with SQLiteStore(path) as again:  # the next open makes it
        assert _mode(again._db) == "wal"
        again.ingest(source_batch(1), actor="a")
        assert again.counts().audit_events == 1


def test_a_store_made_by_init_then_ingested_is_in_wal(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path, create=True).close()
    with SQLiteStore(path) as store:
        assert _mode(store._db) == "wal"
        store.ingest(source_batch(1), actor="a")
    reader = sqlite3.connect(path)
    assert _mode(reader) == "wal"
    reader.close()


def test_another_process_opens_a_new_store_during_its_first_write(tmp_path: Path) -> None:
    """The new store is in the rollback journal while its first write runs: another
    connection opens it as it is (no error, no wait), reads it, and a second writer waits
    for the lock as in WAL; the next open after the write is in WAL."""
    path = tmp_path / "s.db"
    first = SQLiteStore(path, create=True)
    with first._tx():
        first._db.execute("INSERT INTO meta VALUES ('note', 'the first write')")
        started = time.monotonic()
        other = SQLiteStore(path, wait=0.5)
        assert time.monotonic() - started < 5
        assert _mode(other._db) == "delete"
        assert other.counts().audit_events == 0  # reads what is committed: nothing yet
        with pytest.raises(StoreError, match=r"locked by another writer.*0\.5 s"):
            other.ingest(source_batch(1), actor="b")
        other.close()
    first.close()
    with SQLiteStore(path) as again:
        assert _mode(again._db) == "wal"
        assert again._db.execute("SELECT value FROM meta WHERE key='note'").fetchone()
        again.ingest(source_batch(1), actor="b")


def test_init_and_ingest_refuse_a_store_of_another_version_before_writing(tmp_path: Path) -> None:
    """Opening to create (``init``, an ingest that creates the store) checks the schema
    version too, before writing anything: a store of a later version, or another SQLite
    database, is refused and left as it was."""
    path = tmp_path / "s.db"
    SQLiteStore(path, create=True).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="unknown schema version"):
        SQLiteStore(path, create=True)
    assert path.read_bytes() == before
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a provenance store"):
        SQLiteStore(other, create=True)
    names = {r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")}
    assert names == {"notes"}


def test_a_pass_over_a_label_uses_a_small_cache_and_gives_the_size_back(tmp_path: Path) -> None:
    """iter_fields reads a label once, in order: a small page cache meanwhile (a large one
    would only hold pages read once), the store's own cache size after, also when the
    reader stops early."""
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(source_batch(30), actor="a")
        db = store._db  # the connection's setting is what is under test
        (before,) = db.execute("PRAGMA cache_size").fetchone()
        assert before == -CACHE_KIB
        during = []
        for _ in store.iter_fields("Source", ["url"]):
            during.append(db.execute("PRAGMA cache_size").fetchone()[0])
        assert during and set(during) == {-SCAN_CACHE_KIB}
        assert db.execute("PRAGMA cache_size").fetchone()[0] == before
        rows = store.iter_fields("Source", ["url"])
        next(rows)
        rows.close()  # stopped early
        assert db.execute("PRAGMA cache_size").fetchone()[0] == before
