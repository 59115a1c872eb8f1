"""Shared helpers of the audit tests: small stores with many events, and an attacker."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from provenance.model import Organisation, Source
from provenance.store.rows import Batch
from provenance.store.sqlite import SQLiteStore

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "june-2017.yaml"


def source_batch(i: int, prefix: str = "s") -> Batch:
    """One organisation and one source, ids ``{prefix}-org-{i}`` / ``{prefix}-{i}``."""
    batch = Batch()
    batch.add(Organisation(id=f"{prefix}-org-{i}", name=f"Outlet {i}"), "test")
    batch.add(
        Source(id=f"{prefix}-{i}", kind="news", title=f"Report {i}", publisher=f"{prefix}-org-{i}"),
        "test",
    )
    return batch


def store_with_events(path: Path, n: int) -> SQLiteStore:
    """A store whose log has ``n`` events (one ingest each)."""
    store = SQLiteStore(path, create=True)
    for i in range(n):
        store.ingest(source_batch(i), actor="analyst", reason=f"batch {i}")
    return store


def attacker(path: Path) -> sqlite3.Connection:
    """A raw connection with the append-only triggers dropped, as an attacker would."""
    db = sqlite3.connect(path, isolation_level=None)
    for name in ("events_no_update", "events_no_delete", "items_no_update", "items_no_delete"):
        db.execute(f"DROP TRIGGER IF EXISTS audit_{name}")
    return db
