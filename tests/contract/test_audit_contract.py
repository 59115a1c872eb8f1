"""The audit additions of the store contract, on every backend: ``record_event`` (an event
without a graph change) and ``iter_audit_items`` (item rows streamed in (seq, item_id) order).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from casedata import small
from neo4j_support import make_store

from provenance.audit.verify import verify_log
from provenance.errors import ProvenanceError
from provenance.store import AuditItem, items_digest


def _items_by_event(store: Any) -> list[AuditItem]:
    """Every item row, one ``audit_items(seq=)`` query per event (the reference)."""
    return [row for e in store.audit_events() for row in store.audit_items(seq=e.seq)]


def test_record_event_appends_one_chained_event_and_changes_no_graph(store: Any) -> None:
    store.ingest(small(), actor="ana", reason="case")
    before = store.counts()
    src = store.get("s-agg")
    items = [("s-agg", "Source", src.hash, "refused")]
    seq = store.record_event(
        "capture-refused",
        items,
        actor="mallory",
        reason="other bytes offered",
        summary={"source": "s-agg", "offered": "ab" * 32},
    )
    assert seq == 2
    after = store.counts()
    assert (after.nodes, after.edges) == (before.nodes, before.edges)
    assert after.audit_events == 2
    first, second = list(store.audit_events())
    assert second.seq == 2 and second.prev_hash == first.hash
    body = second.decoded()
    assert body["action"] == "capture-refused" and body["actor"] == "mallory"
    assert body["reason"] == "other bytes offered"
    assert body["summary"] == {"source": "s-agg", "offered": "ab" * 32}
    assert body["items"] == {"count": 1, "digest": items_digest(items)}
    assert store.audit_items(seq=2) == [AuditItem(2, "s-agg", "Source", src.hash, "refused")]
    assert [r.change for r in store.audit_items(item_id="s-agg")] == ["created", "refused"]
    # the next mutation chains after it
    assert store.judge("inc-1", "inc-2", "different", actor="ana", reason="r").seq == 3
    assert verify_log(store).ok


def test_record_event_without_items_or_summary(store: Any) -> None:
    assert store.record_event("note", [], actor="ana", reason=None) == 1
    assert store.record_event("note", (), actor="ana", reason="again", summary={"n": 2}) == 2
    events = list(store.audit_events())
    assert [e.decoded()["items"]["count"] for e in events] == [0, 0]
    assert events[0].decoded()["summary"] == {} and events[0].decoded()["reason"] is None
    assert events[1].prev_hash == events[0].hash and events[0].event_id != events[1].event_id
    assert store.audit_items(seq=1) == [] and list(store.iter_audit_items()) == []
    counts = store.counts()
    assert counts.nodes == {} and counts.edges == {} and counts.audit_events == 2
    report = verify_log(store)
    assert report.ok and report.size == 2


@pytest.mark.parametrize(
    "items",
    [
        [("a", "Source", "h", "x"), ("a", "Source", "h", "y")],  # one id twice
        [("a", "Source", "h")],  # three fields
        [("a", "Source", None, "x")],  # not a string
    ],
)
def test_record_event_rejects_malformed_items_and_appends_nothing(
    store: Any, items: list[Any]
) -> None:
    with pytest.raises(ProvenanceError):
        store.record_event("note", items, actor="ana", reason=None)
    assert store.counts().audit_events == 0


def test_iter_audit_items_streams_in_seq_item_order(store: Any) -> None:
    store.ingest(small(), actor="ana")  # seq 1: 14 items
    store.record_event("note", [], actor="ana", reason=None)  # seq 2: none
    store.record_event(
        "export",
        [("w1", "Witness", "h2", "exported"), ("c1", "Claim", "h1", "exported")],
        actor="ana",
        reason=None,
    )  # seq 3: given out of order
    store.ingest(small("b-"), actor="ana")  # seq 4
    store.judge("inc-1", "b-inc-1", "same", actor="ana", reason="r")  # seq 5
    reference = _items_by_event(store)
    assert len(reference) == 14 + 2 + 14 + 2
    streamed = list(store.iter_audit_items())
    assert streamed == reference
    assert [(r.seq, r.item_id) for r in streamed] == sorted((r.seq, r.item_id) for r in streamed)
    assert [r.item_id for r in streamed if r.seq == 3] == ["c1", "w1"]
    for size in (1, 2, 7, 14, 16):  # page boundaries inside and at the end of an event
        assert list(store.iter_audit_items(batch_size=size)) == reference
    assert list(store.iter_audit_items(2, 3, batch_size=1)) == [r for r in reference if r.seq == 3]
    assert list(store.iter_audit_items(3, 4, batch_size=4)) == [
        r for r in reference if 3 <= r.seq <= 4
    ]
    assert list(store.iter_audit_items(5)) == [r for r in reference if r.seq == 5]
    assert list(store.iter_audit_items(6)) == []
    assert list(store.iter_audit_items(4, 3)) == []


def _connect(backend: str, main: Any) -> Any:
    if backend == "sqlite":
        from provenance.store.sqlite import SQLiteStore

        return SQLiteStore(main.path)
    from provenance.store.neo4j import Neo4jStore

    return Neo4jStore.from_uri(main.uri)


def test_concurrent_record_event_keeps_one_chain(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    main = make_store(backend, request, tmp_path)
    writers, each = 3, 4
    barrier = threading.Barrier(writers)
    seqs: list[int] = []
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            with _connect(backend, main) as store:
                barrier.wait()
                for n in range(each):
                    item = (f"w{k}-{n}", "Source", "h", "copied")
                    seqs.append(store.record_event("note", [item], actor=f"w{k}", reason=None))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    try:
        assert not errors, [repr(e) for e in errors]
        assert sorted(seqs) == list(range(1, writers * each + 1))
        rows = list(main.iter_audit_items())
        assert [r.seq for r in rows] == list(range(1, writers * each + 1))
        assert len({r.item_id for r in rows}) == writers * each
        assert verify_log(main).ok
    finally:
        main.close()
