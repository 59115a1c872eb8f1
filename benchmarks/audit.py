"""Audit benchmark: append rate, verification time and proof sizes at 10k, 100k and 1M events.

Targets: verify 1M events in under 30 s; an inclusion proof under 2 KB at 1M events;
logging adds under 20% to ingest time.

* Logging overhead: real ``SQLiteStore.ingest`` calls (a bulk ingest of the shared synthetic
  generator's data, and many one-source ingests), timing the audit append inside each
  transaction (``SQLiteStore._append``: event construction, RFC 8785 encoding, the event and
  item rows) against the whole ingest — the baseline measured in the same run.
* Large logs: events built with the store's own ``build_event`` (one item each) and
  appended in large transactions straight into an embedded store's tables (going through
  ``ingest`` one event at a time would measure fsync, not the log); then
  ``verify_log`` against a signed checkpoint, with and without re-hashing item rows.

``python benchmarks/audit.py [--sizes 10000,100000,1000000]``
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from provenance.audit.checkpoint import generate_key
from provenance.audit.log import log_tree, make_checkpoint
from provenance.audit.merkle import leaf_hash, verify_inclusion
from provenance.audit.verify import verify_log
from provenance.store import build_event
from provenance.store import sqlite as backend
from provenance.store.sqlite import SQLiteStore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_batch


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Timed:
    """Wraps ``SQLiteStore._append`` to sum the time spent in the audit append."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.original = backend.SQLiteStore._append

    def __enter__(self) -> _Timed:
        original = self.original
        timed = self

        def wrapper(store: SQLiteStore, **kwargs: Any) -> int:
            t = time.perf_counter()
            try:
                return original(store, **kwargs)
            finally:
                timed.seconds += time.perf_counter() - t

        backend.SQLiteStore._append = wrapper  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        backend.SQLiteStore._append = self.original  # type: ignore[method-assign]


def logging_overhead(tmp: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    batch = generate_batch(20_000, seed=1)
    with SQLiteStore(tmp / "bulk.db", create=True) as store, _Timed() as timer:
        t = time.perf_counter()
        store.ingest(batch, actor="bench")
        total = time.perf_counter() - t
    out["bulk_ingest"] = {
        "items": len(batch.nodes),
        "ingest_s": round(total, 3),
        "audit_append_s": round(timer.seconds, 3),
        "logging_share_pct": round(100 * timer.seconds / total, 2),
    }
    small = generate_batch(2_000, seed=2)
    owned: dict[str, list[Any]] = {}
    for e in small.edges:
        owned.setdefault(e.owner, []).append(e)
    from provenance.store.rows import Batch

    # one ingest per 20 nodes: many small transactions, each with its own audit event
    chunks = [small.nodes[i : i + 20] for i in range(0, len(small.nodes), 20)]
    with SQLiteStore(tmp / "small.db", create=True) as store, _Timed() as timer:
        t = time.perf_counter()
        for rows in chunks:
            b = Batch()
            for r in rows:
                b.add_row(r, owned.get(r.id, []), small.where[r.id])
            b_edges = [e for e in b.edges if e.ref in b._index or store.get(e.ref)]
            b.edges = b_edges
            store.ingest(b, actor="bench")
        total = time.perf_counter() - t
        events = store.counts().audit_events
    out["small_ingests"] = {
        "events": events,
        "events_per_s": round(events / total, 1),
        "ingest_s": round(total, 3),
        "audit_append_s": round(timer.seconds, 3),
        "logging_share_pct": round(100 * timer.seconds / total, 2),
    }
    return out


def large_log(tmp: Path, n: int) -> dict[str, Any]:
    path = tmp / f"log-{n}.db"
    SQLiteStore(path, create=True).close()
    db = sqlite3.connect(path, isolation_level=None)
    t = time.perf_counter()
    prev = ""
    chunk: list[tuple[Any, ...]] = []
    items: list[tuple[Any, ...]] = []
    for seq in range(1, n + 1):
        item = (f"src-{seq}", "Source", f"{seq:064x}", "created")
        ev = build_event(seq=seq, prev_hash=prev, actor="bench", action="ingest",
                         items=[item], reason=f"batch {seq}", summary={"created": {"Source": 1}})  # fmt: skip
        chunk.append((ev.seq, ev.event_id, ev.prev_hash, ev.hash, ev.body))
        items.append((seq, *item))
        prev = ev.hash
        if len(chunk) == 50_000 or seq == n:
            db.execute("BEGIN")
            db.executemany("INSERT INTO audit_events VALUES (?,?,?,?,?)", chunk)
            db.executemany("INSERT INTO audit_items VALUES (?,?,?,?,?)", items)
            db.execute("COMMIT")
            chunk, items = [], []
    build = time.perf_counter() - t
    db.close()
    key = generate_key("bench")
    with SQLiteStore(path) as store:
        cp = make_checkpoint(store, key)
        t = time.perf_counter()
        fast = verify_log(store, [("cp", cp)], key.public, check_items=False)
        t_fast = time.perf_counter() - t
        t = time.perf_counter()
        full = verify_log(store, [("cp", cp)], key.public, check_items=True)
        t_full = time.perf_counter() - t
        t = time.perf_counter()
        deep = verify_log(store, [("cp", cp)], key.public, check_items=True, deep=True)
        t_deep = time.perf_counter() - t
        assert fast.ok and full.ok and deep.ok
        t = time.perf_counter()
        tree = log_tree(store)
        t_tree = time.perf_counter() - t
        index = n // 2
        t = time.perf_counter()
        proof = tree.inclusion_proof(index)
        t_proof = time.perf_counter() - t
        body = next(iter(store.audit_events(index + 1, index + 1))).body
        verify_inclusion(index, n, leaf_hash(body), proof, cp.root)
        consistency = tree.consistency_proof(n // 3)
    proof_json = json.dumps([p.hex() for p in proof])
    return {
        "events": n,
        "append_events_per_s": round(n / build, 1),
        "verify_chain_root_checkpoint_s": round(t_fast, 2),
        "verify_with_items_s": round(t_full, 2),
        "verify_deep_rfc8785_s": round(t_deep, 2),
        "tree_build_s": round(t_tree, 2),
        "inclusion_proof_ms": round(1000 * t_proof, 3),
        "inclusion_proof_hashes": len(proof),
        "inclusion_proof_bytes_raw": 32 * len(proof),
        "inclusion_proof_bytes_json_hex": len(proof_json),
        "consistency_proof_hashes": len(consistency),
        "db_mb": round(path.stat().st_size / 2**20, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        overhead = logging_overhead(tmp)
        print(json.dumps({"logging_overhead": overhead}, indent=1), flush=True)
        for n in sizes:
            print(json.dumps(large_log(tmp, n)), flush=True)
    print("targets: verify 1M < 30 s; inclusion proof < 2 KB at 1M; logging < 20% of ingest")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
