"""Snapshots beside an embedded store: keyed by its revision, checked, written atomically."""

from __future__ import annotations

from pathlib import Path

from paths import EXAMPLE

from provenance.ingest.casefile import load_batch
from provenance.store import Snapshot
from provenance.store.snapshot import MAGIC, cache_dir
from provenance.store.sqlite import SQLiteStore


def test_the_revision_changes_with_every_mutation(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        seen = [store.revision()]
        store.ingest(load_batch([EXAMPLE]), actor="tester")
        seen.append(store.revision())
        store.ingest(load_batch([EXAMPLE]), actor="tester")  # no change, no event
        assert store.revision() == seen[-1]
        store.record_event("export", [], actor="tester", reason=None)
        seen.append(store.revision())
        assert len(set(seen)) == len(seen)
        assert store.revision() == seen[-1]  # reading changes nothing


def test_saved_then_loaded_at_the_same_revision_only(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="tester")
        snap = Snapshot(store, "thing", "v1")
        assert snap.load() is None
        assert snap.save(b"payload \x00\xff")
        assert Snapshot(store, "thing", "v1").load() == b"payload \x00\xff"
        assert Snapshot(store, "thing", "v2").load() is None  # another version
        assert Snapshot(store, "other", "v1").load() is None
        path = cache_dir(store)
        assert path == tmp_path / "s.db.cache"
        assert (path / "thing").read_bytes().startswith(MAGIC)
        store.record_event("export", [], actor="tester", reason=None)
        assert Snapshot(store, "thing", "v1").load() is None  # the store moved on


def test_not_saved_when_the_store_changed_meanwhile(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        snap = Snapshot(store, "thing", "v1")  # revision read here, data computed after
        store.ingest(load_batch([EXAMPLE]), actor="tester")
        assert not snap.save(b"computed from a store in between two states")
        assert Snapshot(store, "thing", "v1").load() is None


def test_a_damaged_file_is_not_loaded(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        assert Snapshot(store, "thing", "v1").save(b"0123456789" * 100)
        path = tmp_path / "s.db.cache" / "thing"
        data = path.read_bytes()
        for damaged in (data[:-1], data + b"x", data[:-5] + b"X" + data[-4:], b"", data[3:]):
            path.write_bytes(damaged)
            assert Snapshot(store, "thing", "v1").load() is None
