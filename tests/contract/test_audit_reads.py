"""The batched audit reads of the store contract, on every backend: ``audit_events_by_seq``,
``audit_items_by_seq`` and ``audit_items_by_item`` give in one call what one read per event
or per item gives, in ``(seq, item_id)`` order."""

from __future__ import annotations

from typing import Any

from casedata import batch, small


def _history(store: Any) -> None:
    """Four events: an ingest, an update, a judgement and an event without items."""
    store.ingest(small(), actor="a")
    store.ingest(batch(sources=[{"id": "s-agg", "kind": "news", "title": "edited"}]), actor="b")
    store.judge("inc-2", "inc-1", "different", actor="c", reason="two strikes")
    store.record_event("note", [], actor="d", reason=None)


def test_events_by_seq_are_the_events_of_those_seqs(store: Any) -> None:
    _history(store)
    every = list(store.audit_events())
    assert [e.seq for e in every] == [1, 2, 3, 4]
    assert store.audit_events_by_seq([3, 1, 3, 99]) == [every[0], every[2]]
    assert store.audit_events_by_seq(iter(range(1, 5))) == every
    assert store.audit_events_by_seq([]) == []


def test_items_by_seq_are_the_rows_of_each_event_in_log_order(store: Any) -> None:
    _history(store)
    per_event = {s: store.audit_items(seq=s) for s in (1, 2, 3, 4)}
    assert [r.item_id for r in per_event[1]] == sorted(r.item_id for r in per_event[1])
    assert per_event[4] == []
    assert store.audit_items_by_seq([3, 1, 2, 4, 1]) == per_event[1] + per_event[2] + per_event[3]
    assert store.audit_items_by_seq([99]) == []


def test_items_by_item_are_the_histories_interleaved_in_log_order(store: Any) -> None:
    _history(store)
    ids = ["s-agg", "inc-1", "inc-2", "nope"]
    per_item = {i: store.audit_items(item_id=i) for i in ids}
    assert [(r.seq, r.change) for r in per_item["s-agg"]] == [(1, "created"), (2, "updated")]
    assert [(r.seq, r.change) for r in per_item["inc-1"]] == [(1, "created"), (3, "judged")]
    assert per_item["nope"] == []
    rows = store.audit_items_by_item(reversed(ids))
    assert sorted(rows, key=lambda r: (r.seq, r.item_id)) == rows
    assert sorted(rows, key=lambda r: (r.item_id, r.seq)) == sorted(
        (r for i in ids for r in per_item[i]), key=lambda r: (r.item_id, r.seq)
    )
    assert store.audit_items() == []
