"""Shared helpers of the audit tests: small stores with many events, an attacker, a store
that counts its reads and one without an originals directory."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from provenance.model import Organisation, Source
from provenance.store import AuditEvent, AuditItem, Counts, Edge, Judgement, StoredItem
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


class CountingStore(SQLiteStore):
    """A real embedded store that counts the calls of each of its read methods (no mock):
    ``calls["audit_items"]`` is how often ``audit_items`` was called since the last
    ``calls.clear()``."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        super().__init__(path, create=create)
        self.calls: Counter[str] = Counter()

    def get(self, item_id: str) -> StoredItem | None:
        self.calls["get"] += 1
        return super().get(item_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        self.calls["get_many"] += 1
        return super().get_many(ids)

    def edges(
        self, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"] = "out"
    ) -> list[Edge]:
        self.calls["edges"] += 1
        return super().edges(ids, rels, direction)

    def iter_items(self, label: str, batch_size: int = 5_000) -> Iterator[StoredItem]:
        self.calls["iter_items"] += 1
        return super().iter_items(label, batch_size)

    def iter_edges(self, rels: Sequence[str], batch_size: int = 50_000) -> Iterator[Edge]:
        self.calls["iter_edges"] += 1
        return super().iter_edges(rels, batch_size)

    def judgements(self) -> list[Judgement]:
        self.calls["judgements"] += 1
        return super().judgements()

    def counts(self) -> Counts:
        self.calls["counts"] += 1
        return super().counts()

    def audit_events(self, start: int = 1, end: int | None = None) -> Iterator[AuditEvent]:
        self.calls["audit_events"] += 1
        return super().audit_events(start, end)

    def audit_items(self, seq: int | None = None, item_id: str | None = None) -> list[AuditItem]:
        self.calls["audit_items"] += 1
        return super().audit_items(seq, item_id)

    def iter_audit_items(
        self, start: int = 1, end: int | None = None, batch_size: int = 50_000
    ) -> Iterator[AuditItem]:
        self.calls["iter_audit_items"] += 1
        return super().iter_audit_items(start, end, batch_size)


class FilelessStore(SQLiteStore):
    """An embedded store that, like a server store, keeps no file beside it: it has no
    originals directory unless ``PROVENANCE_ORIGINALS`` is set."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        super().__init__(path, create=create)
        self.path = None  # type: ignore[assignment]
