"""The index snapshot of ``corroborate --all``: the same results as reading the store, and
never used once the store changed or the file is damaged (:func:`cached_index`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from paths import EXAMPLE, REPO

from provenance.corroborate import corroborate_all, store_run
from provenance.corroborate.index import share_ids
from provenance.corroborate.load import SNAPSHOT, cached_index, index_from_store
from provenance.corroborate.packed import pack_index, unpack_index
from provenance.ingest.casefile import load_batch
from provenance.store import Snapshot, set_fields
from provenance.store.snapshot import cache_dir
from provenance.store.sqlite import SQLiteStore


def _generate_batch(n: int, seed: int) -> object:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate_batch  # type: ignore[import-not-found]

    return generate_batch(n, seed=seed)


def _document(store: SQLiteStore, min_reliability: str = "F") -> bytes:
    """The ``--all --json`` document built from the normative path (the networkx graph)."""
    results = corroborate_all(store.upstream_graph(None), min_reliability=min_reliability)
    objects = [r.model_dump_json() for r in results]
    return ("[" + "".join(("\n" if i == 0 else ",\n") + o for i, o in enumerate(objects))).encode(
        "utf-8"
    ) + b"\n]\n"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_snapshot_gives_what_reading_the_store_gives(tmp_path: Path, seed: int) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(_generate_batch(1_500, seed), actor="tester")  # type: ignore[arg-type]
        direct = index_from_store(store)
        cold = cached_index(store)  # reads the store, saves the snapshot
        assert (cache_dir(store) / SNAPSHOT).is_file()  # type: ignore[operator]
        warm = cached_index(store)  # loads the snapshot
        assert cold == direct
        assert warm == direct
        assert unpack_index(pack_index(direct)) == direct
        for rel in ("F", "C"):
            expected = _document(store, rel)
            run = store_run(store, min_reliability=rel)
            assert b"".join(run.json_document(workers=1)) == expected
            assert b"".join(run.json_document(workers=2, chunk=50)) == expected


def test_reading_the_store_shares_every_id(tmp_path: Path) -> None:
    """Ids are interned as they are read: each id the index refers to (successors,
    evidence lists, witnesses) is the object that keys it, as share_ids would leave it."""
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(_generate_batch(800, 3), actor="tester")  # type: ignore[arg-type]
        ix = index_from_store(store)
    keys = {k: k for d in (ix.rank, ix.unit, ix.names, ix.succ) for k in d}
    lists = (ix.succ, ix.supported_by, ix.contradicted_by)
    refs = [x for d in lists for ids in d.values() for x in ids] + list(ix.witnesses)
    assert len(refs) > 1_000 and sum(x in keys for x in refs) > 500
    assert all(keys.get(x, x) is x for x in refs)
    shared = unpack_index(pack_index(ix))
    assert shared is not None
    share_ids(shared)
    assert shared == ix


def test_empty_store_document(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        assert b"".join(store_run(store).json_document()) == b"[\n]\n"


def _demo(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "s.db", create=True)
    store.ingest(load_batch([EXAMPLE]), actor="tester")
    return store


def test_a_change_after_the_snapshot_gives_fresh_results(tmp_path: Path) -> None:
    with _demo(tmp_path) as store:
        before = cached_index(store)
        assert cached_index(store) == before  # from the snapshot
        set_fields(
            store, "ill-src-mosul-wire", ["reliability=E"], actor="tester", reason="retracted"
        )
        after = cached_index(store)
        assert after != before
        assert after.rank["ill-src-mosul-wire"] == 4
        assert after == index_from_store(store)
        assert b"".join(store_run(store, min_reliability="C").json_document()) == _document(
            store, "C"
        )


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "flip":  # one byte of the payload
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 0x55]) + data[-9:])
    elif how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "header":
        path.write_bytes(b"garbage\n" + data)
    else:
        path.write_bytes(b"")


@pytest.mark.parametrize("how", ["flip", "truncate", "header", "empty"])
def test_a_damaged_snapshot_is_ignored_and_rebuilt(tmp_path: Path, how: str) -> None:
    with _demo(tmp_path) as store:
        direct = index_from_store(store)
        cached_index(store)
        path = cache_dir(store) / SNAPSHOT  # type: ignore[operator]
        good = path.read_bytes()
        _damage(path, how)
        assert cached_index(store) == direct
        assert path.read_bytes() == good  # rewritten whole
        assert [p.name for p in path.parent.iterdir()] == [SNAPSHOT]  # no temporary file left


def test_a_payload_that_is_not_an_index_is_rebuilt(tmp_path: Path) -> None:
    with _demo(tmp_path) as store:
        direct = index_from_store(store)
        from provenance.corroborate.load import index_version

        # a whole, correctly keyed file whose payload is not an index
        assert Snapshot(store, SNAPSHOT, index_version()).save(b"\x00not marshal")
        assert cached_index(store) == direct
        snap = Snapshot(store, SNAPSHOT, index_version())
        assert unpack_index(snap.load() or b"") == direct


def test_a_snapshot_of_other_code_is_not_loaded(tmp_path: Path) -> None:
    with _demo(tmp_path) as store:
        other = Snapshot(store, SNAPSHOT, "another version")
        assert other.save(pack_index(index_from_store(store)))
        assert Snapshot(store, SNAPSHOT, "a third version").load() is None


def test_without_a_usable_cache_directory_only_time_is_lost(tmp_path: Path) -> None:
    with _demo(tmp_path) as store:
        direct = index_from_store(store)
        folder = cache_dir(store)
        assert folder is not None
        folder.write_text("a file where the directory would be")
        assert cached_index(store) == direct
        folder.unlink()
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        folder.symlink_to(elsewhere)  # never written or read through a symbolic link
        assert cached_index(store) == direct
        assert list(elsewhere.iterdir()) == []
