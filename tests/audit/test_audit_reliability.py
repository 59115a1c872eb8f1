"""Crash safety and concurrency of the audit log on the embedded store.

* A crash loop kills an ingesting process with SIGKILL at random moments, 20 times; after
  each kill the database passes SQLite's integrity check, the log verifies, every
  acknowledged ingest is present and no ingest is partially present.
* A failure injected between the graph write and the audit append leaves neither.
* Concurrent writer processes keep the log gap-free.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from audit_helpers import source_batch

from provenance.audit.verify import verify_log
from provenance.store.sqlite import SQLiteStore

WRITER = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from audit_helpers import source_batch
from provenance.store.sqlite import SQLiteStore
store = SQLiteStore(Path(sys.argv[1]), create=True)
start, count = int(sys.argv[2]), int(sys.argv[4])
print("READY", flush=True)
for i in range(start, start + count):
    store.ingest(source_batch(i, prefix="k"), actor="writer", reason=f"batch {i}")
    print(f"ACK {i}", flush=True)
"""
TESTS = str(Path(__file__).resolve().parents[1])  # where audit_helpers.py is


def _writer(db: Path, start: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(start), TESTS, str(count)],
        stdout=subprocess.PIPE,
        text=True,
    )


def _present(store: SQLiteStore) -> set[str]:
    return {i.id for label in ("Source", "Organisation") for i in store.iter_items(label)}


def test_crash_loop_keeps_acknowledged_ingests_and_no_partial_ones(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    SQLiteStore(db, create=True).close()
    rng = random.Random(8)
    acked: set[int] = set()
    attempted: set[int] = set()
    deadline = time.monotonic() + 60
    for run in range(20):
        start = run * 1000
        proc = _writer(db, start, 1000)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.0, 0.25))  # the random moment of the kill, not a sync
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        acked |= {int(line.split()[1]) for line in proc.stdout.read().splitlines()}
        attempted |= set(range(start, start + 1000))
        raw = sqlite3.connect(db)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        raw.close()
        with SQLiteStore(db) as store:
            report = verify_log(store)
            assert report.ok, report.as_dict()
            present = _present(store)
            events = store.counts().audit_events
        for i in acked:
            assert {f"k-{i}", f"k-org-{i}"} <= present, f"acknowledged ingest {i} lost"
        done = {i for i in attempted if f"k-{i}" in present}
        for i in attempted:
            # all or nothing: a source never without its organisation, or vice versa
            assert (f"k-{i}" in present) == (f"k-org-{i}" in present), f"partial ingest {i}"
        assert events == len(done)  # one event per complete ingest, none for lost ones
        assert time.monotonic() < deadline
    assert len(acked) > 0


def test_failure_between_graph_write_and_audit_append_leaves_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import provenance.store.sqlite as backend

    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(source_batch(0), actor="a")
        before = store.counts()

        def fail(**kwargs: object) -> object:
            raise RuntimeError("injected failure after the graph write")

        monkeypatch.setattr(backend, "build_event", fail)
        with pytest.raises(RuntimeError, match="injected"):
            store.ingest(source_batch(1), actor="a")
        monkeypatch.undo()
        assert store.counts() == before
        assert store.get("s-1") is None and store.get("s-org-1") is None
        assert store.audit_items(item_id="s-1") == []
        assert verify_log(store).ok
        # the store still works afterwards
        assert store.ingest(source_batch(1), actor="a").event_seq == 2


def test_concurrent_writers_keep_the_log_gap_free(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    SQLiteStore(db, create=True).close()
    per, writers = 15, 4
    procs = [_writer(db, w * 100, per) for w in range(writers)]
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        assert out.count("ACK") == per
    with SQLiteStore(db) as store:
        seqs = [e.seq for e in store.audit_events()]
        assert seqs == list(range(1, per * writers + 1))
        assert verify_log(store).ok
        assert len(_present(store)) == 2 * per * writers


FIRST_WRITER = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
sys.path.insert(0, sys.argv[3])
from generate import generate_batch
from provenance.store.sqlite import SQLiteStore
batch = generate_batch(20_000, 1)
store = SQLiteStore(Path(sys.argv[1]), create=True)  # a new store: rollback journal
print("READY", flush=True)
store.ingest(batch, actor="writer", reason="first import")
print("ACK", flush=True)
"""


def test_a_kill_during_a_new_stores_first_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    """The first write of a new store goes through the rollback journal, not WAL: killed
    at random moments of it, the store opens with the whole import or none of it, its
    log verifies, and the next import completes it (in WAL)."""
    benchmarks = str(Path(__file__).resolve().parents[2] / "benchmarks")
    sys.path.insert(0, benchmarks)
    from generate import generate_batch  # type: ignore[import-not-found]

    total = len(generate_batch(20_000, 1).nodes)
    rng = random.Random(19)
    killed_before_ack = hot_journals = 0
    for run in range(4):
        db = tmp_path / f"first-{run}.db"
        proc = subprocess.Popen(
            [sys.executable, "-c", FIRST_WRITER, str(db), TESTS, benchmarks],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.0, 0.3))  # the import takes about a second here
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        acked = "ACK" in proc.stdout.read()
        killed_before_ack += not acked
        hot_journals += Path(f"{db}-journal").exists()  # left by a kill inside the write
        raw = sqlite3.connect(db)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        raw.close()
        with SQLiteStore(db) as store:
            assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert verify_log(store).ok
            counts = store.counts()
            nodes = sum(counts.nodes.values())
            assert (nodes, counts.audit_events) in ((0, 0), (total, 1))
            assert counts.audit_events == 1 or not acked
            store.ingest(source_batch(run), actor="a")  # the store works on
            assert store.counts().audit_events == counts.audit_events + 1
    assert killed_before_ack > 0 and hot_journals > 0  # kills landed inside the import
