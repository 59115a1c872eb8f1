"""The Neo4j backend: the store contract over Bolt with the official ``neo4j`` driver.

Graph: every item is a node ``(:Item:<Label> {id, label, data, hash})`` with ``data`` its
fields as JSON (unique constraint on ``Item.id``: ids are unique store-wide); every edge a
real relationship ``-[:<REL> {owner, props}]->`` (``props`` JSON). The audit log is
``(:AuditEvent {seq, event_id, prev_hash, hash, body})`` (``body`` the canonical JSON text)
and ``(:AuditItem {key, seq, item_id, label, hash, change})``.

Transactions: every mutation is one ``execute_write`` transaction function that first reads
the head of the audit chain, then plans, writes the graph change in ``UNWIND`` batches and
appends its audit event. ``AuditEvent.seq`` is unique, so of two writers that read the same
head one fails and is retried from the start (re-planning against the winner's writes):
the chain never forks and nothing is counted twice. A ``ConstraintError`` (two racing
creates of one id, or one seq) is retried like a transient error. Queries come from
:mod:`provenance.store.catalog` with values only as parameters.

Bulk writes: ``UNWIND`` rows are lists, not maps (half the values to encode and decode);
planning a fresh store's first ingest skips the id lookups; the edges of new items are
created grouped by their endpoint with fewer distinct nodes (one id lookup per node, not
per edge: a claim's evidence, a publisher's sources).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal, LiteralString, TypeVar

import neo4j
from neo4j import exceptions as nx_exc

from provenance.errors import StoreError
from provenance.settings import neo4j_settings
from provenance.store.catalog import (
    EDGE_RELS,
    SCHEMA,
    create_edges_query,
    create_query,
    merge_edges_query,
    query,
)
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
    check_judgement,
    event_items,
)
from provenance.store.rows import (
    JUDGEMENT_OWNER,
    NODE_LABELS,
    RELATIONSHIPS,
    Batch,
    EdgeRow,
    NodeRow,
)
from provenance.vocab import JudgementValue

T = TypeVar("T")

SCHEMA_VERSION = "1"
WRITE_CHUNK = 5_000
"""Rows per ``UNWIND`` statement inside a write transaction."""
READ_CHUNK = 10_000
"""Ids per ``UNWIND`` read."""
VERSIONS_CHUNK = 50_000
"""Ids per ``UNWIND`` read of stored versions (planning: no fields read)."""
RETRY_SECONDS = 60.0
"""How long a write transaction that keeps losing races is retried."""


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)  # as json.dumps with these options, without its set-up


def _edge_props(e: EdgeRow) -> str:
    return _dumps(e.props) if e.props else "{}"


def _grouped_chunks(rows: Sequence[list[Any]], size: int) -> Iterator[Sequence[list[Any]]]:
    """Chunks of ``[anchor, [edge, ...]]`` rows holding about ``size`` edges each."""
    start, count = 0, 0
    for i, row in enumerate(rows):
        count += len(row[1])
        if count >= size:
            yield rows[start : i + 1]
            start, count = i + 1, 0
    if start < len(rows):
        yield rows[start:]


def _chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


class Neo4jStore(Store):
    """The store in database ``database`` of the Neo4j (or other Bolt) server at ``uri``."""

    def __init__(self, driver: neo4j.Driver, uri: str, database: str, user: str = "") -> None:
        self._driver = driver
        self.uri = uri
        self.database = database
        self.user = user
        self._local = threading.local()

    @classmethod
    def from_uri(cls, uri: str, *, check: bool = True) -> Neo4jStore:
        """Connect with ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``.

        ``check`` runs ``RETURN 1`` so that an unreachable server, wrong credentials or a
        missing database fail here, with a :class:`StoreError` saying what to check.
        """
        settings = neo4j_settings()
        try:
            driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(settings.user, settings.password),
                connection_timeout=10.0,
                max_transaction_retry_time=0.0,
            )
        except (nx_exc.ConfigurationError, ValueError) as exc:
            raise StoreError(
                f"bad Neo4j URI {uri!r}: {exc}", "write neo4j://host:7687 or bolt://host:7687"
            ) from None
        store = cls(driver, uri, settings.database, settings.user)
        if check:
            try:
                store.ping()
            except BaseException:
                driver.close()
                raise
        return store

    # plumbing ----------------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Translate driver errors about the connection into :class:`StoreError`."""
        try:
            yield
        except nx_exc.AuthError:
            raise StoreError(
                f"the Neo4j server at {self.uri} rejected the credentials of user {self.user!r}",
                "check NEO4J_USER and NEO4J_PASSWORD",
            ) from None
        except nx_exc.ServiceUnavailable as exc:
            raise StoreError(
                f"cannot reach the Neo4j server at {self.uri} ({exc})",
                "check that the server is running (`docker compose up -d --wait`) and the host"
                " and port of --store",
            ) from None
        except nx_exc.ClientError as exc:
            code = exc.code or ""
            text = exc.message or ""
            lower = text.lower()
            missing = ("not found", "does not exist", "not allowed")
            if "DatabaseNotFound" in code or (
                "database" in lower and any(m in lower for m in missing)
            ):
                raise StoreError(
                    f"database {self.database!r} does not exist on {self.uri} or user"
                    f" {self.user!r} may not use it ({text})",
                    "check NEO4J_DATABASE (default neo4j), or create the database on the server",
                ) from None
            raise

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self.database)

    @property
    def _tx(self) -> neo4j.ManagedTransaction | None:
        tx: neo4j.ManagedTransaction | None = getattr(self._local, "tx", None)
        return tx

    @contextmanager
    def _bound(self, tx: neo4j.ManagedTransaction) -> Iterator[None]:
        """Run this thread's reads inside ``tx`` (the plan of a write reads its own tx)."""
        self._local.tx = tx
        try:
            yield
        finally:
            self._local.tx = None

    def _records(self, cypher: LiteralString, **params: Any) -> list[neo4j.Record]:
        """Run a read query in the current write transaction, or in its own read one."""
        tx = self._tx
        if tx is not None:
            return list(tx.run(cypher, params))

        def work(rtx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            return list(rtx.run(cypher, params))

        with self._errors(), self._session() as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``work`` as one write transaction; rerun it when it lost a race.

        Retried: transient errors (deadlocks, concurrent modification, a lost leader) and
        a ``ConstraintError`` from two racing creates of one key. The driver's own retry
        is off (its delays start at a second); ours starts at a few milliseconds.
        """
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.01
        while True:
            try:
                with self._errors(), self._session() as session:
                    return session.execute_write(self._in_tx(work))
            except (nx_exc.Neo4jError, nx_exc.DriverError) as exc:
                retryable = isinstance(exc, nx_exc.ConstraintError) or exc.is_retryable()
                if not retryable:
                    raise
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"a write to {self.uri} kept conflicting with concurrent writers"
                        f" for {RETRY_SECONDS:.0f} s ({exc})",
                        "retry the command",
                    ) from None
                time.sleep(delay * random.uniform(1.0, 2.0))
                delay = min(delay * 1.5, 1.0)

    def _in_tx(
        self, work: Callable[[neo4j.ManagedTransaction], T]
    ) -> Callable[[neo4j.ManagedTransaction], T]:
        def bound(tx: neo4j.ManagedTransaction) -> T:
            with self._bound(tx):
                return work(tx)

        return bound

    # lifecycle ---------------------------------------------------------------------------

    def ping(self) -> None:
        """``RETURN 1`` on the database (raises :class:`StoreError` when it cannot)."""
        with self._errors(), self._session() as session:
            session.run("RETURN 1 AS one").consume()

    def init(self) -> None:
        with self._errors(), self._session() as session:
            for name in SCHEMA:
                session.run(query(name)).consume()
        self._write(
            lambda tx: tx.run(
                query("set_meta"), key="schema_version", value=SCHEMA_VERSION
            ).consume()
        )
        self._declare_types()

    def _declare_types(self) -> None:
        """Write one probe of every label and relationship type, then roll it back.

        Servers that create a label's storage lazily (ArcadeDB creates one type per label
        combination) would otherwise make two writers that create the first node of a label
        at once fail with a non-retryable schema error. On Neo4j this only registers the
        label and type names.
        """
        probe = "\x00provenance-probe"
        with self._errors(), self._session() as session:
            tx = session.begin_transaction()
            try:
                for label in NODE_LABELS:
                    rows = [[f"{probe}-{label}-{i}", "{}", ""] for i in (1, 2)]
                    tx.run(create_query(label), rows=rows, label=label).consume()
                src, dst = f"{probe}-Source-1", f"{probe}-Source-2"
                for rel in EDGE_RELS:
                    tx.run(merge_edges_query(rel), rows=[[src, dst, "", "{}"]]).consume()
                tx.run(query("merge_judged"), a=src, b=dst, owner="", props="{}").consume()
            finally:
                tx.rollback()

    def close(self) -> None:
        self._driver.close()

    # writes ------------------------------------------------------------------------------

    def _head(self, tx: neo4j.ManagedTransaction) -> tuple[int, str]:
        record = tx.run(query("audit_head")).single()
        return (0, "") if record is None else (int(record["seq"]), str(record["hash"]))

    def _append(
        self,
        tx: neo4j.ManagedTransaction,
        head: tuple[int, str],
        *,
        actor: str,
        action: str,
        items: list[tuple[str, str, str, str]],
        reason: str | None,
        summary: dict[str, Any],
    ) -> int:
        """Append one audit event after ``head`` inside ``tx``; return its seq."""
        event = build_event(
            seq=head[0] + 1,
            prev_hash=head[1],
            actor=actor,
            action=action,
            items=items,
            reason=reason,
            summary=summary,
        )
        tx.run(
            query("append_audit_event"),
            event_id=event.event_id,
            seq=event.seq,
            prev_hash=event.prev_hash,
            hash=event.hash,
            body=event.body.decode("utf-8"),
        ).consume()
        rows = [list(item) for item in items]
        for chunk in _chunks(rows, WRITE_CHUNK):
            tx.run(
                query("append_audit_items"), rows=chunk, seq=event.seq, key_prefix=f"{event.seq}:"
            ).consume()
        return event.seq

    def ingest(
        self, batch: Batch, *, actor: str, reason: str | None = None, action: str = "ingest"
    ) -> IngestReport:
        def work(tx: neo4j.ManagedTransaction) -> IngestReport:
            head = self._head(tx)  # first: any writer committing after this makes us retry
            plan = self.plan(batch)
            if not plan.changed:
                return IngestReport(0, 0, plan.unchanged, None)
            self._write_nodes(tx, plan.create, plan.update)
            self._write_edges(tx, plan.edges, {r.id for r in plan.create})
            items = [(r.id, r.label, r.hash, "created") for r in plan.create] + [
                (r.id, r.label, r.hash, "updated") for r in plan.update
            ]
            created_by: dict[str, int] = {}
            updated_by: dict[str, int] = {}
            for r in plan.create:
                created_by[r.label] = created_by.get(r.label, 0) + 1
            for r in plan.update:
                updated_by[r.label] = updated_by.get(r.label, 0) + 1
            summary = {"created": created_by, "updated": updated_by}
            seq = self._append(
                tx, head, actor=actor, action=action, items=items, reason=reason, summary=summary
            )
            return IngestReport(
                len(plan.create), len(plan.update), plan.unchanged, seq, created_by, updated_by
            )

        return self._write(work)

    def _write_nodes(
        self, tx: neo4j.ManagedTransaction, create: list[NodeRow], update: list[NodeRow]
    ) -> None:
        by_label: dict[str, list[list[str]]] = {}
        for r in create:
            by_label.setdefault(r.label, []).append([r.id, _dumps(r.data), r.hash])
        for label, rows in by_label.items():
            for chunk in _chunks(rows, WRITE_CHUNK):
                tx.run(create_query(label), rows=chunk, label=label).consume()
        updates = [[r.id, _dumps(r.data), r.hash] for r in update]
        for chunk in _chunks(updates, WRITE_CHUNK):
            tx.run(query("update_items"), rows=chunk).consume()
        for ids in _chunks([r.id for r in update], WRITE_CHUNK):
            tx.run(query("delete_owned_edges"), ids=list(ids)).consume()

    def _write_edges(
        self, tx: neo4j.ManagedTransaction, edges: list[EdgeRow], created: set[str]
    ) -> None:
        """Write ``edges``: CREATE those owned by ``created`` items, MERGE the others.

        An edge's owner is fixed by its type (``HAS_CLAIM``: the claim, else the source
        node), so the edges of an item created in this transaction cannot exist yet and
        need no MERGE lookup; repeats of one edge in the batch are collapsed first (the
        last given wins, as MERGE + SET would). They are sent grouped by one endpoint,
        each type on the side with fewer distinct nodes, so each of those is looked up once.
        """
        new: dict[tuple[str, str, str], EdgeRow] = {}
        merged: dict[str, list[list[str]]] = {}
        for e in edges:
            if e.owner in created:
                new[(e.src, e.rel, e.dst)] = e
            else:
                merged.setdefault(e.rel, []).append([e.src, e.dst, e.owner, _edge_props(e)])
        fresh: dict[str, list[EdgeRow]] = {}
        for e in new.values():
            fresh.setdefault(e.rel, []).append(e)
        for rel, group in fresh.items():
            # one id lookup per anchor: group on the side with fewer distinct nodes
            into = len({e.dst for e in group}) < len({e.src for e in group})
            anchored: dict[str, list[list[str]]] = {}
            for e in group:
                anchor, other = (e.dst, e.src) if into else (e.src, e.dst)
                anchored.setdefault(anchor, []).append([other, e.owner, _edge_props(e)])
            rows = [[anchor, others] for anchor, others in anchored.items()]
            for chunk in _grouped_chunks(rows, WRITE_CHUNK):
                tx.run(create_edges_query(rel, into=into), rows=chunk).consume()
        for rel, flat in merged.items():
            for chunk in _chunks(flat, WRITE_CHUNK):
                tx.run(merge_edges_query(rel), rows=chunk).consume()

    def judge(
        self, a: str, b: str, judgement: JudgementValue, *, actor: str, reason: str
    ) -> Judgement:
        check_judgement(judgement)
        a, b = sorted((a, b))

        def work(tx: neo4j.ManagedTransaction) -> Judgement:
            head = self._head(tx)
            items, at = self._judgement_items(a, b)
            summary = {"a": a, "b": b, "judgement": judgement}
            seq = self._append(
                tx, head, actor=actor, action="judge", items=items, reason=reason, summary=summary
            )
            props = {"judgement": judgement, "actor": actor, "at": at, "reason": reason, "seq": seq}
            tx.run(
                query("merge_judged"), a=a, b=b, owner=JUDGEMENT_OWNER, props=_dumps(props)
            ).consume()
            return Judgement(a, b, judgement, actor, at, reason, seq)

        return self._write(work)

    def record_event(
        self,
        action: str,
        items: Sequence[tuple[str, str, str, str]],
        *,
        actor: str,
        reason: str | None,
        summary: dict[str, Any] | None = None,
    ) -> int:
        rows = event_items(items)

        def work(tx: neo4j.ManagedTransaction) -> int:
            head = self._head(tx)  # a writer that commits after this read makes us retry
            return self._append(
                tx,
                head,
                actor=actor,
                action=action,
                items=rows,
                reason=reason,
                summary=summary or {},
            )

        return self._write(work)

    # reads -------------------------------------------------------------------------------

    def get(self, item_id: str) -> StoredItem | None:
        return self.get_many([item_id]).get(item_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        out: dict[str, StoredItem] = {}
        for chunk in _chunks(sorted(set(ids)), READ_CHUNK):
            for r in self._records(query("get_items"), ids=list(chunk)):
                out[r["id"]] = StoredItem(r["id"], r["label"], json.loads(r["data"]), r["hash"])
        return out

    def stored_versions(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """As :meth:`Store.stored_versions`, reading only the label and hash.

        Inside an ingest this runs in the write transaction, after the audit head read: a
        writer that adds items meanwhile makes this one retry, so "no items" stays true.
        """
        out: dict[str, tuple[str, str]] = {}
        wanted = sorted(set(ids))
        if len(wanted) > 1 and not self._records(query("any_item")):
            return out  # a fresh store: one query instead of a lookup per id
        for chunk in _chunks(wanted, VERSIONS_CHUNK):
            for r in self._records(query("item_versions"), ids=list(chunk)):
                out[r["id"]] = (r["label"], r["hash"])
        return out

    def edges(
        self, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"] = "out"
    ) -> list[Edge]:
        name: LiteralString = "edges_out" if direction == "out" else "edges_in"
        out: list[Edge] = []
        for chunk in _chunks(sorted(set(ids)), READ_CHUNK):
            for r in self._records(query(name), ids=list(chunk), rels=list(rels)):
                out.append(Edge(r["src"], r["rel"], r["dst"], json.loads(r["props"] or "{}")))
        if direction == "out":
            out.sort(key=lambda e: (e.src, e.rel, e.dst))
        else:
            out.sort(key=lambda e: (e.dst, e.rel, e.src))
        return out

    def neighbours(self, item_id: str) -> list[Edge]:
        records = self._records(query("neighbours"), id=item_id)
        edges = [
            (r["direction"], Edge(r["src"], r["rel"], r["dst"], json.loads(r["props"] or "{}")))
            for r in records
            if r["rel"] in RELATIONSHIPS
        ]
        out = sorted((e for d, e in edges if d == 0), key=lambda e: (e.rel, e.dst))
        return out + sorted((e for d, e in edges if d == 1), key=lambda e: (e.rel, e.src))

    def iter_items(self, label: str, batch_size: int = 5_000) -> Iterator[StoredItem]:
        after = ""
        while True:
            records = self._records(query("iter_items"), label=label, after=after, limit=batch_size)
            for r in records:
                yield StoredItem(r["id"], r["label"], json.loads(r["data"]), r["hash"])
            if len(records) < batch_size:
                return
            after = records[-1]["id"]

    def iter_edges(self, rels: Sequence[str], batch_size: int = 50_000) -> Iterator[Edge]:
        with (
            self._errors(),
            self._driver.session(database=self.database, fetch_size=batch_size) as session,
            session.begin_transaction() as tx,
        ):
            for r in tx.run(query("iter_edges"), rels=list(rels)):
                yield Edge(r["src"], r["rel"], r["dst"], json.loads(r["props"] or "{}"))

    def counts(self) -> Counts:
        nodes = {r["label"]: int(r["count"]) for r in self._records(query("count_items"))}
        edges = {r["rel"]: int(r["count"]) for r in self._records(query("count_edges"))}
        (events,) = self._records(query("count_audit_events"))
        return Counts(
            nodes={k: v for k, v in nodes.items() if v},
            edges={k: v for k, v in edges.items() if v},
            audit_events=int(events["count"]),
        )

    def judgements(self) -> list[Judgement]:
        out = []
        for r in self._records(query("judgements")):
            p = json.loads(r["props"])
            out.append(
                Judgement(
                    r["a"], r["b"], p["judgement"], p["actor"], p["at"], p["reason"], p["seq"]
                )
            )
        return sorted(out, key=lambda j: j.seq)

    def audit_events(self, start: int = 1, end: int | None = None) -> Iterator[AuditEvent]:
        stop = end if end is not None else 2**62
        while start <= stop:
            records = self._records(query("audit_events"), start=start, end=stop, limit=READ_CHUNK)
            for r in records:
                yield AuditEvent(
                    int(r["seq"]),
                    r["event_id"],
                    r["prev_hash"],
                    r["hash"],
                    r["body"].encode("utf-8"),
                )
            if len(records) < READ_CHUNK:
                return
            start = int(records[-1]["seq"]) + 1

    def audit_items(self, seq: int | None = None, item_id: str | None = None) -> list[AuditItem]:
        if seq is not None:
            records = self._records(query("audit_items_by_seq"), seq=seq)
        else:
            records = self._records(query("audit_items_by_item"), item_id=item_id)
        return [
            AuditItem(int(r["seq"]), r["item_id"], r["label"], r["hash"], r["change"])
            for r in records
        ]

    def iter_audit_items(
        self, start: int = 1, end: int | None = None, batch_size: int = 50_000
    ) -> Iterator[AuditItem]:
        """Keyset pages on ``(seq, item_id)``, each read in its own transaction."""
        stop = end if end is not None else 2**62
        after_seq, after_id = start - 1, ""
        while True:
            records = self._records(
                query("iter_audit_items"),
                start=max(start, after_seq),
                after_seq=after_seq,
                after_id=after_id,
                end=stop,
                limit=batch_size,
            )
            for r in records:
                yield AuditItem(int(r["seq"]), r["item_id"], r["label"], r["hash"], r["change"])
            if len(records) < batch_size:
                return
            after_seq, after_id = int(records[-1]["seq"]), records[-1]["item_id"]
