"""The embedded store's table of outlet judgements (:mod:`provenance.store.outlets`).

``outlet_judgements(a, b, props)``: the current judgement of each pair ``a < b``, ``props``
its JSON. The table is created by the first outlet judgement written to a store (stores
made before it existed read as having none), inside that judgement's transaction.
"""

from __future__ import annotations

import json
import sqlite3

from provenance.judgements import OutletJudgement
from provenance.store.rows import json_text

TABLE = (
    "CREATE TABLE IF NOT EXISTS outlet_judgements ("
    " a TEXT NOT NULL, b TEXT NOT NULL, props TEXT NOT NULL, PRIMARY KEY (a, b)"
    ") WITHOUT ROWID"
)


def has_table(db: sqlite3.Connection) -> bool:
    """Whether the store has the table yet."""
    row = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='outlet_judgements'"
    ).fetchone()
    return bool(row[0])


def write_judgement(db: sqlite3.Connection, judgement: OutletJudgement) -> None:
    """Replace the stored judgement of the pair (inside the caller's transaction)."""
    db.execute(TABLE)
    db.execute(
        "INSERT OR REPLACE INTO outlet_judgements VALUES (?,?,?)",
        (judgement.a, judgement.b, json_text(judgement.props())),
    )


def read_judgements(db: sqlite3.Connection) -> list[OutletJudgement]:
    """Every stored judgement, oldest first."""
    if not has_table(db):
        return []
    rows = db.execute("SELECT a, b, props FROM outlet_judgements")
    out = [OutletJudgement.from_props(a, b, json.loads(p)) for a, b, p in rows]
    return sorted(out, key=lambda j: j.seq)
