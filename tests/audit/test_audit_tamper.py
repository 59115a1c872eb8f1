"""Tampering with the stored log is caught by verification against an outside checkpoint."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from audit_helpers import attacker, store_with_events

from provenance.audit.checkpoint import generate_key
from provenance.audit.log import make_checkpoint
from provenance.audit.verify import INTERNAL_ONLY, verify_log
from provenance.canonical import canonical_bytes
from provenance.store.sqlite import SQLiteStore

N = 12


@pytest.fixture
def logged(tmp_path: Path) -> tuple[Path, object, object]:
    path = tmp_path / "store.db"
    key = generate_key("monitor")
    with store_with_events(path, N) as store:
        cp = make_checkpoint(store, key)
        assert verify_log(store, [("cp", cp)], key.public).ok
    return path, cp, key


def _verify(path: Path, cp: object, key: object) -> object:
    with SQLiteStore(path) as store:
        return verify_log(store, [("cp", cp)], key.public)  # type: ignore[list-item, attr-defined]


def test_triggers_reject_update_and_delete(logged: tuple[Path, object, object]) -> None:
    path, _, _ = logged
    db = sqlite3.connect(path)
    for sql in (
        "UPDATE audit_events SET reason='x' WHERE seq=1",
        "UPDATE audit_events SET body=x'00' WHERE seq=1",
        "DELETE FROM audit_events WHERE seq=1",
        "DELETE FROM audit_items WHERE seq=1",
        "UPDATE audit_items SET hash='0' WHERE seq=1",
    ):
        with pytest.raises(sqlite3.DatabaseError, match=r"append-only|no such column"):
            db.execute(sql)


def _edit(db: sqlite3.Connection) -> None:
    (body,) = db.execute("SELECT body FROM audit_events WHERE seq=5").fetchone()
    obj = json.loads(body)
    obj["reason"] = "nothing to see"
    db.execute("UPDATE audit_events SET body=? WHERE seq=5", (canonical_bytes(obj),))


def _edit_with_hash(db: sqlite3.Connection) -> None:
    (body,) = db.execute("SELECT body FROM audit_events WHERE seq=5").fetchone()
    obj = json.loads(body)
    obj["actor"] = "someone-else"
    new = canonical_bytes(obj)
    db.execute(
        "UPDATE audit_events SET body=?, hash=? WHERE seq=5", (new, hashlib.sha256(new).hexdigest())
    )


def _delete(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM audit_events WHERE seq=5")


def _reorder(db: sqlite3.Connection) -> None:
    rows = {
        s: r
        for s, *r in db.execute(
            "SELECT seq, event_id, prev_hash, hash, body FROM audit_events WHERE seq IN (5, 6)"
        )
    }
    db.execute("DELETE FROM audit_events WHERE seq IN (5, 6)")
    db.execute("INSERT INTO audit_events VALUES (5,?,?,?,?)", rows[6])
    db.execute("INSERT INTO audit_events VALUES (6,?,?,?,?)", rows[5])


def _insert(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT seq, event_id, prev_hash, hash, body FROM audit_events WHERE seq >= 5 ORDER BY seq DESC"
    ).fetchall()
    for seq, *rest in rows:
        db.execute("DELETE FROM audit_events WHERE seq=?", (seq,))
        db.execute("INSERT INTO audit_events VALUES (?,?,?,?,?)", (seq + 1, *rest))
    forged = canonical_bytes({"forged": True})
    db.execute(
        "INSERT INTO audit_events VALUES (5,'x','',?,?)",
        (hashlib.sha256(forged).hexdigest(), forged),
    )


def _truncate(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM audit_events WHERE seq > ?", (N - 3,))
    db.execute("DELETE FROM audit_items WHERE seq > ?", (N - 3,))


def _items(db: sqlite3.Connection) -> None:
    db.execute("UPDATE audit_items SET hash=? WHERE seq=7", ("0" * 64,))


def _rewrite(db: sqlite3.Connection) -> None:
    """Change event 5 and re-chain every later event consistently (valid hashes)."""
    rows = db.execute("SELECT seq, body FROM audit_events ORDER BY seq").fetchall()
    prev = ""
    for seq, body in rows:
        obj = json.loads(body)
        if seq == 5:
            obj["reason"] = "rewritten history"
        obj["prev"] = prev
        new = canonical_bytes(obj)
        h = hashlib.sha256(new).hexdigest()
        db.execute("DELETE FROM audit_events WHERE seq=?", (seq,))
        db.execute(
            "INSERT INTO audit_events VALUES (?,?,?,?,?)", (seq, obj["event_id"], prev, h, new)
        )
        prev = h


TAMPERS: dict[str, tuple[Callable[[sqlite3.Connection], None], int | None]] = {
    "edit": (_edit, 5),
    "edit with new hash": (_edit_with_hash, 6),
    "delete": (_delete, 5),
    "reorder": (_reorder, 5),
    "insert": (_insert, 5),
    "truncate": (_truncate, N - 2),
    "items": (_items, 7),
    "rewrite": (_rewrite, None),
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_tampering_is_caught(name: str, logged: tuple[Path, object, object]) -> None:
    path, cp, key = logged
    tamper, first_bad = TAMPERS[name]
    db = attacker(path)
    tamper(db)
    db.close()
    report = _verify(path, cp, key)
    assert not report.ok  # type: ignore[attr-defined]
    if first_bad is not None:
        assert report.first_bad == first_bad, report.as_dict()  # type: ignore[attr-defined]
    if name == "rewrite":
        # internally consistent: only the outside checkpoint catches it
        with SQLiteStore(path) as store:
            assert verify_log(store).ok
        assert not report.checkpoints[0].ok  # type: ignore[attr-defined]


def test_rewrite_with_a_new_key_is_caught(logged: tuple[Path, object, object]) -> None:
    """The attacker rewrites the chain and signs a fresh checkpoint with their own key."""
    path, cp, key = logged
    db = attacker(path)
    _rewrite(db)
    db.close()
    forger = generate_key("monitor")  # same name, other key
    with SQLiteStore(path) as store:
        forged = make_checkpoint(store, forger, cp.origin)  # type: ignore[attr-defined]
        # against the real public key, the forged checkpoint does not verify ...
        bad = verify_log(store, [("forged", forged)], key.public)  # type: ignore[attr-defined]
        assert not bad.ok and bad.checkpoints[0].kind == "signature"
        # ... and the genuine checkpoint kept elsewhere no longer matches
        report = verify_log(store, [("real", cp)], key.public)  # type: ignore[list-item, attr-defined]
    assert not report.ok and report.checkpoints[0].kind == "mismatch"


def test_two_checkpoints_bound_the_altered_range(tmp_path: Path) -> None:
    key = generate_key("monitor")
    path = tmp_path / "s.db"
    with store_with_events(path, 4) as store:
        early = make_checkpoint(store, key)
        from audit_helpers import source_batch

        for i in range(4, N):
            store.ingest(source_batch(i), actor="analyst")
        late = make_checkpoint(store, key)
    db = attacker(path)
    _rewrite(db)  # alters event 5 onwards
    db.close()
    with SQLiteStore(path) as store:
        report = verify_log(store, [("early", early), ("late", late)], key.public)
    assert [c.ok for c in report.checkpoints] == [True, False]
    assert report.altered_range == (5, N)


def test_without_checkpoint_says_internal_only(logged: tuple[Path, object, object]) -> None:
    path, _, _ = logged
    with SQLiteStore(path) as store:
        report = verify_log(store)
    assert report.ok and not report.anchored
    assert INTERNAL_ONLY in report.summary()
