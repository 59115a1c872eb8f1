"""Concurrent writers lose nothing and duplicate nothing (every backend).

Four writers, each with its own store connection, ingest overlapping case files at the same
time. Racing transactions are retried (a unique-constraint loss on the audit seq or an item
id, a transient conflict), so the final graph is exactly the union, every item was created
exactly once across all reports and the audit chain is one unbroken chain.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from casedata import batch
from neo4j_support import make_store

from provenance.store.rows import Batch

WRITERS = 4


def overlapping(k: int) -> Batch:
    """Writer ``k``'s file: shared items plus its own, citing the shared ones."""
    shared_sources = [
        {"id": f"shared-s{i}", "kind": "news", "publisher": "shared-org"} for i in range(6)
    ]
    own = [
        {"id": f"w{k}-s{i}", "kind": "news", "cites": [f"shared-s{(i + k) % 6}"]} for i in range(8)
    ]
    return batch(
        f"writer-{k}.yaml",
        organisations=[{"id": "shared-org", "name": "Shared"}],
        sources=shared_sources + own,
        incidents=[
            {"id": "shared-inc", "title": "Shared", "date": "2017-06-01"},
            {
                "id": f"w{k}-inc",
                "title": f"Writer {k}",
                "date": "2017-06-02",
                "claims": [{"id": f"w{k}-c", "supported_by": [f"w{k}-s0", "shared-s1"]}],
            },
        ],
    )


def _connect(backend: str, main: Any) -> Any:
    """Another connection to the store of ``main`` (opened in the calling thread)."""
    if backend == "sqlite":
        from provenance.store.sqlite import SQLiteStore

        return SQLiteStore(main.path)
    from provenance.store.neo4j import Neo4jStore

    return Neo4jStore.from_uri(main.uri)


def test_four_writers(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    main = make_store(backend, request, tmp_path)
    barrier = threading.Barrier(WRITERS)
    reports: list[Any] = [None] * WRITERS
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            with _connect(backend, main) as store:
                barrier.wait()
                for rnd in range(2):  # the second round re-ingests: all unchanged
                    report = store.ingest(overlapping(k), actor=f"writer-{k}")
                    if rnd == 0:
                        reports[k] = report
                    else:
                        assert report.event_seq is None
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    try:
        assert not errors, [repr(e) + str(e) for e in errors]
        store = main
        counts = store.counts()
        shared = 1 + 6 + 1  # org, sources, incident
        own = 8 + 1 + 1  # sources, incident, claim
        assert sum(counts.nodes.values()) == shared + WRITERS * own
        assert sum(r.created for r in reports) == shared + WRITERS * own
        assert counts.edges == {
            "PUBLISHED_BY": 6,
            "CITES": WRITERS * 8,
            "HAS_CLAIM": WRITERS,
            "SUPPORTED_BY": 2 * WRITERS,
        }
        events = list(store.audit_events())
        assert [e.seq for e in events] == list(range(1, WRITERS + 1))
        assert sorted(r.event_seq for r in reports) == list(range(1, WRITERS + 1))
        prev = ""
        for e in events:
            assert e.prev_hash == prev
            prev = e.hash
        created = [i.item_id for e in events for i in store.audit_items(e.seq)]
        assert len(created) == len(set(created)) == shared + WRITERS * own
    finally:
        main.close()
