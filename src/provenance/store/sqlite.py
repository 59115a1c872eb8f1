"""The embedded backend: one SQLite file, the default store.

Durability: WAL journal with ``synchronous=FULL`` (a store's first write, when this
object created it: the rollback journal, :mod:`.sqlitefile`); every mutation runs in one
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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal

from provenance.errors import StoreError
from provenance.judgements import OutletDecision, OutletJudgement
from provenance.store.contract import Store
from provenance.store.events import build_event, event_items
from provenance.store.outlets import OUTLET_ACTION, plan_outlet_judgement
from provenance.store.plan import Plan, plan, plan_judgement
from provenance.store.rows import (
    JUDGEMENT_OWNER,
    Batch,
    EdgeRow,
    check_fields,
    json_text,
)
from provenance.store.sqlite_outlets import read_judgements as read_outlet_judgements
from provenance.store.sqlite_outlets import write_judgement as write_outlet_judgement
from provenance.store.sqlite_search import SQLiteSearch, ensure_search_index, index_items
from provenance.store.sqlite_write import (
    chunks,
    delete_owned_edges,
    insert_edges,
    marks,
    stored_versions,
    upsert_nodes,
)
from provenance.store.sqlitefile import (
    cache_for,
    check_schema,
    connect,
    create_schema,
    ensure_indexes,
    lock_errors,
    use_wal,
    wait_seconds,
)
from provenance.store.types import (
    AuditEvent,
    AuditItem,
    AuditRow,
    Counts,
    Edge,
    IngestReport,
    Judgement,
    StoredItem,
)
from provenance.vocab import JudgementValue

_CHUNK = 500  # ids per IN (...) query, well below SQLite's variable limit


def _in(values: Sequence[Any]) -> str:
    """`` IN (?,?,…)`` for ``values``: placeholders only, never a value."""
    return f" IN ({marks(len(values))})"


class SQLiteStore(SQLiteSearch, Store):
    """The embedded store at ``path`` (created by :meth:`init`)."""

    def __init__(self, path: Path, *, create: bool = False, wait: float | None = None) -> None:
        """Open the store at ``path`` (``create`` makes it if missing). A writer waits up
        to ``wait`` seconds for another's lock (default: ``PROVENANCE_WAIT``, else 60;
        see :mod:`.sqlitefile`)."""
        self.path = path
        self.uri = f"sqlite:///{path}"
        self.wait = wait_seconds() if wait is None else wait
        if not create and not path.exists():
            raise StoreError(
                f"no store at {path}",
                "run `provenance init` (or `provenance ingest`, which creates it), or pass --store",
            )
        fresh = create and not path.exists()
        self._db = connect(path, self.wait, fresh=fresh)
        self._wal_pending = fresh
        # before anything is written: init and ingest refuse a store of another version too
        check_schema(self._db, path, creating=create)
        if create:
            self.init()
        else:
            ensure_indexes(self._db, path, self.wait)
            ensure_search_index(self._db)

    # lifecycle ---------------------------------------------------------------------------

    def init(self) -> None:
        create_schema(self._db, self.path, self.wait)
        ensure_search_index(self._db)

    def close(self) -> None:
        self._after_first_write()
        self._db.close()

    def _after_first_write(self) -> None:
        """A store this object created goes to WAL after its first write (see
        :mod:`.sqlitefile`: the first ingest writes each page once)."""
        if self._wal_pending:
            self._wal_pending = not use_wal(self._db, self.wait)

    @contextmanager
    def _tx(self) -> Iterator[None]:
        """One ``BEGIN IMMEDIATE`` transaction; a lock held by another writer longer than
        :attr:`wait` is a :class:`~provenance.errors.StoreError` (nothing written)."""
        with lock_errors(self.path, self.wait):
            self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        with lock_errors(self.path, self.wait):
            self._db.execute("COMMIT")
        self._after_first_write()

    # writes ------------------------------------------------------------------------------

    def ingest(
        self, batch: Batch, *, actor: str, reason: str | None = None, action: str = "ingest"
    ) -> IngestReport:
        with cache_for(self._db, len(batch.nodes) + len(batch.edges)), self._tx():
            p = plan(self, batch)
            if not p.changed:
                return p.report(None)
            self._write_plan(p)
            seq = self._append(
                actor=actor,
                action=action,
                items=p.audit_items(),
                reason=reason,
                summary=p.summary(),
            )
        return p.report(seq)

    def _write_plan(self, p: Plan) -> None:
        """Write the nodes and edges of a planned ingest (inside the caller's transaction).

        Nodes go in in id order and edges in key order: the clustered (WITHOUT ROWID)
        B-trees then grow at their right edge instead of splitting pages all over a large
        store (:mod:`.sqlite_write`).
        """
        upsert_nodes(self._db, p.changed)
        index_items(self._db, p.changed, [r.id for r in p.update])
        delete_owned_edges(self._db, [r.id for r in p.update])
        insert_edges(self._db, p.edges)

    def _append(
        self,
        *,
        actor: str,
        action: str,
        items: list[AuditRow],
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
        with self._tx():
            p = plan_judgement(self, a, b, judgement, actor=actor, reason=reason)
            seq = self._append(
                actor=actor, action="judge", items=p.items, reason=reason, summary=p.summary()
            )
            self._db.execute(
                "INSERT OR REPLACE INTO edges VALUES (?,?,?,?,?)",
                (p.a, "JUDGED", p.b, JUDGEMENT_OWNER, json_text(p.props(seq))),
            )
        return p.result(seq)

    def judge_outlets(
        self, decide: Callable[[Store], OutletDecision], *, actor: str, reason: str
    ) -> OutletJudgement:
        with self._tx():
            p = plan_outlet_judgement(self, decide, actor=actor, reason=reason)
            if p.ingest is not None and p.ingest.changed:
                self._write_plan(p.ingest)
            seq = self._append(
                actor=actor,
                action=OUTLET_ACTION,
                items=p.audit_items(),
                reason=reason,
                summary=p.summary(),
            )
            judgement = p.result(seq)
            write_outlet_judgement(self._db, judgement)
        return judgement

    def record_event(
        self,
        action: str,
        items: Sequence[AuditRow],
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

    def _select_in(
        self, head: str, values: Sequence[Any], tail: str = "", params: Sequence[Any] = ()
    ) -> Iterator[Any]:
        """The rows of ``head IN (…) tail`` for ``values``, one query per chunk of
        :data:`_CHUNK` values in the order given (``tail`` takes ``params`` after each
        chunk). ``head`` and ``tail`` are constant SQL; values are always bound."""
        for chunk in chunks(values, _CHUNK):
            yield from self._db.execute(head + _in(chunk) + tail, [*chunk, *params])

    def get_many(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        rows = self._select_in("SELECT id, label, data, hash FROM nodes WHERE id", list(set(ids)))
        return {i: StoredItem(i, label, json.loads(data), h) for i, label, data, h in rows}

    def stored_versions(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        return stored_versions(self._db, list(set(ids)))

    def edges(
        self, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"] = "out"
    ) -> list[Edge]:
        key = "src" if direction == "out" else "dst"
        head = f"SELECT src, rel, dst, props FROM edges WHERE {key}"  # noqa: S608 - a column
        rows = self._select_in(head, list(set(ids)), " AND rel" + _in(rels), rels)
        return [Edge(s, r, d, json.loads(p)) for s, r, d, p in rows]

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
            "SELECT src, rel, dst, props FROM edges WHERE rel" + _in(rels),  # noqa: S608
            list(rels),
        )
        while rows := cursor.fetchmany(batch_size):
            yield from (Edge(s, r, d, json.loads(p)) for s, r, d, p in rows)

    def iter_edge_rows(self, rels: Sequence[str], batch_size: int = 50_000) -> Iterator[EdgeRow]:
        cursor = self._db.execute(
            "SELECT src, rel, dst, owner, props FROM edges WHERE rel" + _in(rels),  # noqa: S608
            list(rels),
        )
        while rows := cursor.fetchmany(batch_size):
            yield from (EdgeRow(s, r, d, o, json.loads(p)) for s, r, d, o, p in rows)

    def iter_fields(
        self, label: str, fields: Sequence[str], batch_size: int = 50_000
    ) -> Iterator[tuple[str, tuple[Any, ...]]]:
        names = check_fields(label, fields)
        # one json_extract with several paths (bound, never interpolated) parses each row
        # once and returns a JSON array; a single field is asked for twice to get one too
        paths = [f"$.{f}" for f in (names if len(names) > 1 else names * 2)]
        with cache_for(self._db, None):
            cursor = self._db.execute(
                f"SELECT id, json_extract(data, {marks(len(paths))}) FROM nodes"  # noqa: S608
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
        nodes = dict(self._db.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
        edges = dict(self._db.execute("SELECT rel, count(*) FROM edges GROUP BY rel"))
        (events,) = self._db.execute("SELECT count(*) FROM audit_events").fetchone()
        return Counts(nodes=nodes, edges=edges, audit_events=events)

    def revision(self) -> str | None:
        head = self._db.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        row = head.fetchone()
        return f"{row[0]}:{row[1]}" if row else "0"

    def outlet_judgements(self) -> list[OutletJudgement]:
        return read_outlet_judgements(self._db)

    def judgements(self) -> list[Judgement]:
        rows = self._db.execute("SELECT src, dst, props FROM edges WHERE rel='JUDGED'")
        out = [Judgement.from_edge(a, b, json.loads(props)) for a, b, props in rows]
        return sorted(out, key=attrgetter("seq"))

    def audit_events(self, start: int = 1, end: int | None = None) -> Iterator[AuditEvent]:
        stop = end if end is not None else 2**62
        cursor = self._db.execute(
            "SELECT seq, event_id, prev_hash, hash, body FROM audit_events"
            " WHERE seq BETWEEN ? AND ? ORDER BY seq",
            (start, stop),
        )
        while rows := cursor.fetchmany(10_000):
            yield from (AuditEvent(s, e, p, h, bytes(b)) for s, e, p, h, b in rows)

    def audit_events_by_seq(self, seqs: Iterable[int]) -> list[AuditEvent]:
        head = "SELECT seq, event_id, prev_hash, hash, body FROM audit_events WHERE seq"
        rows = self._select_in(head, sorted(set(seqs)), " ORDER BY seq")
        return [AuditEvent(s, e, p, h, bytes(b)) for s, e, p, h, b in rows]

    def audit_items_by_seq(self, seqs: Iterable[int]) -> list[AuditItem]:
        head = "SELECT seq, item_id, label, hash, change FROM audit_items WHERE seq"
        rows = self._select_in(head, sorted(set(seqs)), " ORDER BY seq, item_id")
        return [AuditItem(*r) for r in rows]

    def audit_items_by_item(self, item_ids: Iterable[str]) -> list[AuditItem]:
        head = "SELECT seq, item_id, label, hash, change FROM audit_items WHERE item_id"
        rows = [AuditItem(*r) for r in self._select_in(head, list(set(item_ids)))]
        return sorted(rows, key=attrgetter("seq", "item_id"))

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
