"""The embedded backend: one SQLite file, the default store.

Durability: WAL journal with ``synchronous=FULL``; every mutation runs in one
``BEGIN IMMEDIATE`` transaction that writes the graph change and its audit event together,
so a crash leaves either both or neither. The audit tables reject UPDATE and DELETE with
triggers (append-only).

Schema: ``nodes(id, label, data, hash)`` with ``data`` the item's JSON; ``edges(src, rel,
dst, owner, props)`` where ``owner`` is the node whose fields define the edge;
``audit_events(seq, event_id, prev_hash, hash, body)`` and ``audit_items(seq, item_id,
label, hash, change)``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, Literal

from provenance.errors import StoreError
from provenance.store.contract import (
    AuditEvent,
    AuditItem,
    Counts,
    Edge,
    IngestReport,
    Judgement,
    Store,
    StoredItem,
    build_event,
    check_fields,
    check_judgement,
    event_items,
)
from provenance.store.rows import JUDGEMENT_OWNER, Batch
from provenance.vocab import JudgementValue

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, data TEXT NOT NULL, hash TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label, id);
CREATE TABLE IF NOT EXISTS edges (
    src TEXT NOT NULL, rel TEXT NOT NULL, dst TEXT NOT NULL, owner TEXT NOT NULL,
    props TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (src, rel, dst)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, rel);
CREATE INDEX IF NOT EXISTS edges_owner ON edges(owner);
CREATE TABLE IF NOT EXISTS audit_events (
    seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL, body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_items (
    seq INTEGER NOT NULL, item_id TEXT NOT NULL, label TEXT NOT NULL, hash TEXT NOT NULL,
    change TEXT NOT NULL, PRIMARY KEY (seq, item_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_items_item ON audit_items(item_id, seq);
CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_items_no_update BEFORE UPDATE ON audit_items
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_items_no_delete BEFORE DELETE ON audit_items
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

SCHEMA_VERSION = "1"
_CACHE_KIB = 256 * 1024  # page cache (an upper bound: pages are allocated as used)
_BIG_CACHE_KIB = 1024 * 1024  # during writes of more than _BIG_WRITE_ROWS rows
_BIG_WRITE_ROWS = 500_000
_CHUNK = 500  # ids per IN (...) query, well below SQLite's variable limit


def _chunks(values: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


_row_id = attrgetter("id")
_edge_key = itemgetter(0, 1, 2)


def _dumps(value: Any) -> str:
    return _encode(value) if value else "{}"


class SQLiteStore(Store):
    """The embedded store at ``path`` (created by :meth:`init`)."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        self.uri = f"sqlite:///{path}"
        if not create and not path.exists():
            raise StoreError(
                f"no store at {path}",
                "run `provenance init` (or `provenance ingest`, which creates it), or pass --store",
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, timeout=60.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=60000")
            # performance only (durability stays WAL + FULL): a larger page cache and
            # in-memory temporary tables
            self._db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
            self._db.execute("PRAGMA temp_store=MEMORY")
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the store at {path}: {exc}", "check the path and its permissions"
            ) from exc
        if create:
            self.init()
        else:
            self._check_schema()

    # lifecycle ---------------------------------------------------------------------------

    def init(self) -> None:
        script = f"BEGIN IMMEDIATE;{SCHEMA}INSERT OR IGNORE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');COMMIT;"  # noqa: S608 - constants only
        self._db.executescript(script)

    def _check_schema(self) -> None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} is not a provenance store ({exc})",
                "run `provenance init` on a new path",
            ) from exc
        if row is None or row[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has an unknown schema version", "use a store made by this version"
            )

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def _big_cache(self, rows: int) -> Iterator[None]:
        """Raise the page cache for a large write (the indexes then stay in memory)."""
        if rows < _BIG_WRITE_ROWS:
            yield
            return
        self._db.execute(f"PRAGMA cache_size=-{_BIG_CACHE_KIB}")
        try:
            yield
        finally:
            self._db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")

    # writes ------------------------------------------------------------------------------

    def ingest(
        self, batch: Batch, *, actor: str, reason: str | None = None, action: str = "ingest"
    ) -> IngestReport:
        with self._big_cache(len(batch.nodes) + len(batch.edges)), self._tx():
            plan = self.plan(batch)
            if not plan.changed:
                return IngestReport(0, 0, plan.unchanged, None)
            db = self._db
            # Rows go in in key order: the clustered (WITHOUT ROWID) B-trees then grow at
            # their right edge instead of splitting pages all over a large store.
            changed = sorted(plan.changed, key=_row_id)
            node_rows = [
                (r.id, r.label, r.text if r.text is not None else _dumps(r.data), r.hash)
                for r in changed
            ]
            db.executemany(
                "INSERT INTO nodes VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                " label=excluded.label, data=excluded.data, hash=excluded.hash",
                node_rows,
            )
            del node_rows
            updated = [r.id for r in plan.update]
            for chunk in _chunks(updated):
                db.execute(f"DELETE FROM edges WHERE owner IN ({_marks(len(chunk))})", chunk)  # noqa: S608
            # sorted by key only: the sort is stable, so among repeats of one edge the last
            # given still wins (INSERT OR REPLACE), as in batch order
            edge_rows = sorted(
                [
                    (e.src, e.rel, e.dst, e.owner, _encode(e.props) if e.props else "{}")
                    for e in plan.edges
                ],
                key=_edge_key,
            )
            db.executemany("INSERT OR REPLACE INTO edges VALUES (?,?,?,?,?)", edge_rows)
            del edge_rows
            updated_ids = set(updated)
            items = [  # in id order, so the sorts of the audit digest are linear
                (r.id, r.label, r.hash, "updated" if r.id in updated_ids else "created")
                for r in changed
            ]
            del changed
            created_by: dict[str, int] = {}
            updated_by: dict[str, int] = {}
            for r in plan.create:
                created_by[r.label] = created_by.get(r.label, 0) + 1
            for r in plan.update:
                updated_by[r.label] = updated_by.get(r.label, 0) + 1
            summary = {"created": created_by, "updated": updated_by}
            seq = self._append(
                actor=actor, action=action, items=items, reason=reason, summary=summary
            )
        return IngestReport(
            len(plan.create), len(plan.update), plan.unchanged, seq, created_by, updated_by
        )

    def _append(
        self,
        *,
        actor: str,
        action: str,
        items: list[tuple[str, str, str, str]],
        reason: str | None,
        summary: dict[str, Any],
    ) -> int:
        """Append one audit event (inside the caller's transaction); return its seq."""
        last = self._db.execute(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, "")
        event = build_event(
            seq=seq,
            prev_hash=prev,
            actor=actor,
            action=action,
            items=items,
            reason=reason,
            summary=summary,
        )
        self._db.execute(
            "INSERT INTO audit_events VALUES (?,?,?,?,?)",
            (event.seq, event.event_id, event.prev_hash, event.hash, event.body),
        )
        self._db.executemany(
            "INSERT INTO audit_items VALUES (?,?,?,?,?)",
            ((seq, i, label, h, change) for i, label, h, change in sorted(items)),
        )
        return seq

    def judge(
        self, a: str, b: str, judgement: JudgementValue, *, actor: str, reason: str
    ) -> Judgement:
        check_judgement(judgement)
        a, b = sorted((a, b))
        with self._tx():
            items, at = self._judgement_items(a, b)
            summary = {"a": a, "b": b, "judgement": judgement}
            seq = self._append(
                actor=actor, action="judge", items=items, reason=reason, summary=summary
            )
            props = {"judgement": judgement, "actor": actor, "at": at, "reason": reason, "seq": seq}
            self._db.execute(
                "INSERT OR REPLACE INTO edges VALUES (?,?,?,?,?)",
                (a, "JUDGED", b, JUDGEMENT_OWNER, _dumps(props)),
            )
        return Judgement(a, b, judgement, actor, at, reason, seq)

    def record_event(
        self,
        action: str,
        items: Sequence[tuple[str, str, str, str]],
        *,
        actor: str,
        reason: str | None,
        summary: dict[str, Any] | None = None,
    ) -> int:
        with self._tx():
            return self._append(
                actor=actor,
                action=action,
                items=event_items(items),
                reason=reason,
                summary=summary or {},
            )

    # reads -------------------------------------------------------------------------------

    def get(self, item_id: str) -> StoredItem | None:
        return self.get_many([item_id]).get(item_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        out: dict[str, StoredItem] = {}
        for chunk in _chunks(list(set(ids))):
            rows = self._db.execute(
                f"SELECT id, label, data, hash FROM nodes WHERE id IN ({_marks(len(chunk))})",  # noqa: S608
                chunk,
            )
            for i, label, data, h in rows:
                out[i] = StoredItem(i, label, json.loads(data), h)
        return out

    def stored_versions(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(list(set(ids))):
            rows = self._db.execute(
                f"SELECT id, label, hash FROM nodes WHERE id IN ({_marks(len(chunk))})",  # noqa: S608
                chunk,
            )
            out.update((i, (label, h)) for i, label, h in rows)
        return out

    def edges(
        self, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"] = "out"
    ) -> list[Edge]:
        key = "src" if direction == "out" else "dst"
        out: list[Edge] = []
        rel_marks = _marks(len(rels))
        for chunk in _chunks(list(set(ids))):
            rows = self._db.execute(
                f"SELECT src, rel, dst, props FROM edges WHERE {key} IN ({_marks(len(chunk))})"  # noqa: S608
                f" AND rel IN ({rel_marks})",
                [*chunk, *rels],
            )
            out.extend(Edge(s, r, d, json.loads(p)) for s, r, d, p in rows)
        return out

    def iter_items(self, label: str, batch_size: int = 5_000) -> Iterator[StoredItem]:
        last = ""
        while True:
            rows = self._db.execute(
                "SELECT id, label, data, hash FROM nodes WHERE label=? AND id>? ORDER BY id LIMIT ?",
                (label, last, batch_size),
            ).fetchall()
            for i, lab, data, h in rows:
                yield StoredItem(i, lab, json.loads(data), h)
            if len(rows) < batch_size:
                return
            last = rows[-1][0]

    def iter_edges(self, rels: Sequence[str], batch_size: int = 50_000) -> Iterator[Edge]:
        cursor = self._db.execute(
            f"SELECT src, rel, dst, props FROM edges WHERE rel IN ({_marks(len(rels))})",  # noqa: S608
            list(rels),
        )
        while rows := cursor.fetchmany(batch_size):
            yield from (Edge(s, r, d, json.loads(p)) for s, r, d, p in rows)

    def iter_fields(
        self, label: str, fields: Sequence[str], batch_size: int = 50_000
    ) -> Iterator[tuple[str, tuple[Any, ...]]]:
        names = check_fields(label, fields)
        # one json_extract with several paths (bound, never interpolated) parses each row
        # once and returns a JSON array; a single field is asked for twice to get one too
        paths = [f"$.{f}" for f in (names if len(names) > 1 else names * 2)]
        cursor = self._db.execute(
            f"SELECT id, json_extract(data, {_marks(len(paths))}) FROM nodes"  # noqa: S608
            " WHERE label=? ORDER BY id",
            [*paths, label],
        )
        width = len(names)
        while rows := cursor.fetchmany(batch_size):
            # decode a whole batch in one call
            values = json.loads("[" + ",".join([r[1] for r in rows]) + "]")
            if width == 1:
                yield from zip([r[0] for r in rows], [(v[0],) for v in values], strict=True)
            else:
                yield from zip([r[0] for r in rows], map(tuple, values), strict=True)

    def counts(self) -> Counts:
        nodes = dict(
            self._db.execute("SELECT label, count(*) FROM nodes GROUP BY label").fetchall()
        )
        edges = dict(self._db.execute("SELECT rel, count(*) FROM edges GROUP BY rel").fetchall())
        (events,) = self._db.execute("SELECT count(*) FROM audit_events").fetchone()
        return Counts(nodes=nodes, edges=edges, audit_events=events)

    def judgements(self) -> list[Judgement]:
        rows = self._db.execute("SELECT src, dst, props FROM edges WHERE rel='JUDGED'").fetchall()
        out = []
        for a, b, props in rows:
            p = json.loads(props)
            out.append(Judgement(a, b, p["judgement"], p["actor"], p["at"], p["reason"], p["seq"]))
        return sorted(out, key=lambda j: j.seq)

    def audit_events(self, start: int = 1, end: int | None = None) -> Iterator[AuditEvent]:
        stop = end if end is not None else 2**62
        cursor = self._db.execute(
            "SELECT seq, event_id, prev_hash, hash, body FROM audit_events"
            " WHERE seq BETWEEN ? AND ? ORDER BY seq",
            (start, stop),
        )
        while rows := cursor.fetchmany(10_000):
            yield from (AuditEvent(s, e, p, h, bytes(b)) for s, e, p, h, b in rows)

    def audit_items(self, seq: int | None = None, item_id: str | None = None) -> list[AuditItem]:
        if seq is not None:
            rows = self._db.execute(
                "SELECT seq, item_id, label, hash, change FROM audit_items WHERE seq=? ORDER BY item_id",
                (seq,),
            )
        else:
            rows = self._db.execute(
                "SELECT seq, item_id, label, hash, change FROM audit_items WHERE item_id=? ORDER BY seq",
                (item_id,),
            )
        return [AuditItem(*r) for r in rows]

    def iter_audit_items(
        self, start: int = 1, end: int | None = None, batch_size: int = 50_000
    ) -> Iterator[AuditItem]:
        stop = end if end is not None else 2**62
        cursor = self._db.execute(  # the primary key's order: a scan of the clustered B-tree
            "SELECT seq, item_id, label, hash, change FROM audit_items"
            " WHERE seq BETWEEN ? AND ? ORDER BY seq, item_id",
            (start, stop),
        )
        while rows := cursor.fetchmany(batch_size):
            yield from (AuditItem(*r) for r in rows)
