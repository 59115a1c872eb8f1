"""Verification streams item rows (``iter_audit_items``) and groups them by event."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_helpers import attacker, store_with_events

from provenance.audit.verify import events_with_items, verify_log


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 100])
def test_grouping_matches_one_query_per_event(tmp_path: Path, chunk: int) -> None:
    store = store_with_events(tmp_path / "s.db", 6)
    store.record_event("note", [], actor="ana", reason=None)  # an event without rows
    store.record_event("note", [("s-1", "Source", "h", "copied")], actor="ana", reason=None)
    grouped = list(events_with_items(store, chunk=chunk))
    assert [ev.seq for ev, _ in grouped] == list(range(1, 9))
    for ev, rows in grouped:
        assert rows == store.audit_items(seq=ev.seq)
    assert grouped[6][1] == [] and len(grouped[0][1] or []) == 2
    assert all(rows is None for _, rows in events_with_items(store, check_items=False))
    store.close()


@pytest.mark.parametrize(
    ("statement", "bad"),
    [
        ("UPDATE audit_items SET hash='0' WHERE seq=4", 4),  # altered row
        ("DELETE FROM audit_items WHERE seq=3", 3),  # removed rows
        ("INSERT INTO audit_items VALUES (5, 'zz', 'Source', 'h', 'created')", 5),  # added row
        ("UPDATE audit_items SET seq=6 WHERE seq=5", 5),  # rows moved to another event
    ],
)
def test_item_tampering_names_the_event_across_chunks(
    tmp_path: Path, statement: str, bad: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import provenance.audit.verify as verify

    monkeypatch.setattr(verify, "EVENT_CHUNK", 2)
    path = tmp_path / "s.db"
    store_with_events(path, 8).close()
    db = attacker(path)
    db.execute(statement)
    db.close()
    from provenance.store.sqlite import SQLiteStore

    with SQLiteStore(path) as store:
        report = verify_log(store)
        assert not report.ok and report.first_bad == bad
        assert {p.kind for p in report.problems} == {"items"}
        assert verify_log(store, check_items=False).ok
