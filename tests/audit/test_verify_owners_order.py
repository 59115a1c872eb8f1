"""Issue 13, items 6 and 16: an edge's owner is checked, the events a mismatch is about
are named, and `audit verify` says what its newest checkpoint leaves unprotected."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from audit_helpers import attacker, source_batch, store_with_events
from paths import EXAMPLE

from provenance.audit.checkpoint import generate_key
from provenance.audit.log import make_checkpoint
from provenance.audit.state import verify_state
from provenance.audit.verify import verify_all, verify_log
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with SQLiteStore(path, create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="t")
        store.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="t", reason="one strike")
        store.judge("ill-mosul-1", "ill-raqqa-1", "different", actor="t", reason="two")
        assert verify_state(store) == []
    return path


def _sql(path: Path, *statements: str) -> None:
    con = attacker(path)
    for sql in statements:
        con.execute(sql)
    con.close()


def _state(path: Path) -> list[str]:
    with SQLiteStore(path) as store:
        return [p.message for p in verify_state(store)]


def test_a_changed_edge_owner_is_tampering_with_that_edge(db: Path) -> None:
    _sql(
        db,
        "UPDATE edges SET owner='ill-src-raqqa-medics'"
        " WHERE src='ill-src-mosul-wire' AND rel='CITES'",
    )
    messages = _state(db)
    assert any(
        m.startswith("relationship ill-src-mosul-wire -CITES-> ill-src-mosul-post:")
        and "owner was changed to 'ill-src-raqqa-medics'" in m
        and "'ill-src-mosul-wire' owns it" in m
        for m in messages
    ), messages
    assert len(messages) == 1, messages  # the one edge, not "missing" and "added" as well


def test_a_changed_claim_edge_owner_is_found(db: Path) -> None:
    _sql(db, "UPDATE edges SET owner='x' WHERE rel='HAS_CLAIM' AND dst='ill-raqqa-1-c1'")
    assert any("-HAS_CLAIM-> ill-raqqa-1-c1: its owner was changed" in m for m in _state(db))


def test_a_judgement_given_an_item_as_owner_is_found(db: Path) -> None:
    # owned by an item, the judgement would vanish with that item's next update
    _sql(db, "UPDATE edges SET owner='ill-mosul-2' WHERE rel='JUDGED'")
    messages = _state(db)
    assert any("judgement" in m and "owner was changed to 'ill-mosul-2'" in m for m in messages), (
        messages
    )


def test_an_edge_with_a_changed_owner_fails_audit_verify(db: Path) -> None:
    _sql(db, "UPDATE edges SET owner='nobody' WHERE rel='PUBLISHED_BY'")
    with SQLiteStore(db) as store:
        report = verify_all(store)
    assert report.log.ok and not report.ok
    assert any("owner was changed to 'nobody'" in line for line in report.lines())


def _swap(path: Path, a: int, b: int) -> None:
    """Swap two events' places in the log (the attack of item 16)."""
    con = attacker(path)
    rows = {
        s: r
        for s, *r in con.execute(
            "SELECT seq, event_id, prev_hash, hash, body FROM audit_events WHERE seq IN (?, ?)",
            (a, b),
        )
    }
    con.execute("DELETE FROM audit_events WHERE seq IN (?, ?)", (a, b))
    con.execute("INSERT INTO audit_events VALUES (?,?,?,?,?)", (a, *rows[b]))
    con.execute("INSERT INTO audit_events VALUES (?,?,?,?,?)", (b, *rows[a]))
    con.close()


def _events(path: Path) -> dict[int, dict[str, object]]:
    con = sqlite3.connect(path)
    bodies = {s: json.loads(b) for s, b in con.execute("SELECT seq, body FROM audit_events")}
    con.close()
    return bodies


def test_reordered_judgements_name_both_events_and_what_each_says(db: Path) -> None:
    before = _events(db)
    _swap(db, 2, 3)
    with SQLiteStore(db) as store:
        problems = [p for p in verify_state(store) if p.message.startswith("judgement ill-mawsil")]
    [problem] = problems
    message = problem.message
    # the old message said only "the graph holds same, the log recorded same"
    assert "the graph holds same, the log recorded same" in message
    cited, latest = before[3], before[2]  # position 2 now holds event 3's body, and back
    assert (
        f"cites the event at position 2, which says it is event 3 (id {str(cited['event_id'])[:12]}"
        in message
    )
    assert "ill-mosul-1 ~ ill-raqqa-1: different" in message
    assert str(cited["at"]) in message and str(latest["at"]) in message
    assert (
        f"latest judgement of the pair is the event at position 3, which says it is event 2 (id {str(latest['event_id'])[:12]}"
        in message
    )
    assert [(e["seq"], e["event_id"], e["action"]) for e in problem.events] == [
        (2, cited["event_id"], "judge"),
        (3, latest["event_id"], "judge"),
    ]
    assert problem.events[1]["says"] == "ill-mawsil-2b ~ ill-mosul-2: same"


def test_events_out_of_order_in_the_log_name_both_events(db: Path) -> None:
    before = _events(db)
    _swap(db, 2, 3)
    with SQLiteStore(db) as store:
        report = verify_log(store)
    order = [p for p in report.problems if p.kind == "seq"]
    assert [p.seq for p in order] == [2, 3]
    first = order[0]
    assert [e["event_id"] for e in first.events] == [before[1]["event_id"], before[3]["event_id"]]
    assert [e["action"] for e in first.events] == ["ingest", "judge"]
    assert "which says it is event 3" in first.message
    assert (
        f"follows event 1 (id {str(before[1]['event_id'])[:12]}…, ingest at {before[1]['at']}"
        in first.message
    )
    assert json.dumps(report.as_dict())  # the events are plain JSON


def test_verify_names_the_checkpoint_size_age_and_unprotected_events(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    key = generate_key("monitor")
    with store_with_events(path, 10) as store:
        cp = make_checkpoint(store, key)
        for i in range(10, 12):
            store.ingest(source_batch(i), actor="analyst")
        tenth = json.loads(next(iter(store.audit_events(10, 10))).body)
        report = verify_log(store, [("cp.txt", cp)], key.public)
        assert report.ok
        assert report.unprotected == 2
        assert "Events 11–12 (2 events) lie after the newest checkpoint" in report.summary()
        assert f"size 10, last event {tenth['at']}, just now" in report.summary()
        assert "cannot be detected without a newer checkpoint" in report.summary()
        data = report.as_dict()
        assert data["unprotected_events"] == 2
        assert data["newest_checkpoint"]["size"] == 10
        assert data["newest_checkpoint"]["last_event_at"] == tenth["at"]
        assert 0 <= data["newest_checkpoint"]["age_seconds"] < 600
        full = verify_log(store, [("cp", make_checkpoint(store, key))], key.public)
        assert full.unprotected == 0 and "covers every event" in full.summary()
        bare = verify_log(store)  # no checkpoint: nothing is protected
        assert bare.unprotected == 12 and "All 12 events are unprotected." in bare.summary()


def test_an_item_that_differs_from_the_log_names_the_event(db: Path) -> None:
    from provenance.canonical import content_hash

    con = attacker(db)
    (data,) = con.execute("SELECT data FROM nodes WHERE id='ill-raqqa-1-c1'").fetchone()
    changed = {**json.loads(data), "civilians_killed": {"min": 400, "max": 600}}
    con.execute(
        "UPDATE nodes SET data=?, hash=? WHERE id='ill-raqqa-1-c1'",
        (json.dumps(changed), content_hash(changed)),
    )
    con.close()
    first = _events(db)[1]
    with SQLiteStore(db) as store:
        [problem] = verify_state(store)
    assert problem.message == (
        "Claim 'ill-raqqa-1-c1' differs from what event 1 recorded for it — event 1 (id"
        f" {str(first['event_id'])[:12]}…, ingest at {first['at']}: 55 items)"
    )
    assert problem.events[0]["event_id"] == first["event_id"]
