"""`verify_state`: edits made to the graph behind the tool's back are found, by item."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from paths import EXAMPLE

from provenance.audit.state import verify_state
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with SQLiteStore(path, create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="t")
        store.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="t", reason="one strike")
        assert verify_state(store) == []
    return path


def _edit_claim(db: sqlite3.Connection) -> None:
    (data,) = db.execute("SELECT data FROM nodes WHERE id='ill-raqqa-1-c1'").fetchone()
    d = json.loads(data)
    d["civilians_killed"] = {"min": 400, "max": 600}
    db.execute("UPDATE nodes SET data=? WHERE id='ill-raqqa-1-c1'", (json.dumps(d),))


def _edit_claim_and_hash(db: sqlite3.Connection) -> None:
    from provenance.canonical import content_hash

    (data,) = db.execute("SELECT data FROM nodes WHERE id='ill-raqqa-1-c1'").fetchone()
    d = json.loads(data)
    d["civilians_killed"] = {"min": 400, "max": 600}
    db.execute(
        "UPDATE nodes SET data=?, hash=? WHERE id='ill-raqqa-1-c1'",
        (json.dumps(d), content_hash(d)),
    )


CASES: dict[str, tuple[Callable[[sqlite3.Connection], object], str]] = {
    "edited fields": (_edit_claim, "no longer match its stored hash"),
    "edited fields and hash": (_edit_claim_and_hash, "differs from what event 1 recorded"),
    "deleted node": (
        lambda db: db.execute("DELETE FROM nodes WHERE id='ill-src-raqqa-medics'"),
        "is gone from the graph",
    ),
    "deleted citation": (
        lambda db: db.execute("DELETE FROM edges WHERE src='ill-src-mosul-wire' AND rel='CITES'"),
        "ill-src-mosul-wire -CITES-> ill-src-mosul-post is missing",
    ),
    "added support": (
        lambda db: db.execute(
            "INSERT INTO edges VALUES ('ill-mosul-1-c1','SUPPORTED_BY','ill-src-raqqa-medics','ill-mosul-1-c1','{}')"
        ),
        "was not recorded by its owner",
    ),
    "deleted judgement": (
        lambda db: db.execute("DELETE FROM edges WHERE rel='JUDGED'"),
        "the graph holds none, the log recorded same",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_with_the_graph_is_found(db: Path, case: str) -> None:
    tamper, expected = CASES[case]
    con = sqlite3.connect(db)
    tamper(con)
    con.commit()
    con.close()
    with SQLiteStore(db) as store:
        messages = [p.message for p in verify_state(store)]
    assert any(expected in m for m in messages), messages
