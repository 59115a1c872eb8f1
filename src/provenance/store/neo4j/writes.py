"""The writes of the Neo4j backend: schema, ingest, judgements and audit events.

Every mutation is one :meth:`Bolt.write` transaction function that first reads the head of
the audit chain, then plans (:mod:`provenance.store.plan`, reading inside the same
transaction), writes the graph change in ``UNWIND`` batches and appends its audit event.
``AuditEvent.seq`` is unique, so of two writers that read the same head one fails and is
retried from the start (re-planning against the winner's writes): the chain never forks and
nothing is counted twice.

Bulk writes: ``UNWIND`` rows are lists, not maps (half the values to encode and decode);
the edges of new items are created grouped by their endpoint with fewer distinct nodes (one
id lookup per node, not per edge: a claim's evidence, a publisher's sources).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import neo4j
from neo4j import exceptions as nx_exc

from provenance.errors import StoreError
from provenance.judgements import OutletDecision, OutletJudgement
from provenance.store.catalog import (
    SCHEMA,
    create_edges_query,
    create_query,
    merge_edges_query,
    query,
)
from provenance.store.contract import Store
from provenance.store.events import build_event, event_items
from provenance.store.neo4j.search import write_search
from provenance.store.neo4j.session import Bolt, chunks
from provenance.store.outlets import OUTLET_ACTION, plan_outlet_judgement
from provenance.store.plan import Plan, plan, plan_judgement
from provenance.store.rows import (
    JUDGEMENT_OWNER,
    Batch,
    EdgeRow,
    NodeRow,
    json_text,
    props_text,
)
from provenance.store.types import AuditRow, IngestReport, Judgement
from provenance.vocab import JudgementValue

SCHEMA_VERSION = "1"
WRITE_CHUNK = 5_000
"""Rows per ``UNWIND`` statement inside a write transaction."""


def init_schema(bolt: Bolt) -> None:
    """Create the constraints and indexes and record the schema version. Idempotent: on an
    existing database, ``IF NOT EXISTS`` keeps what is there."""
    with bolt.errors(), bolt.session() as session:
        for name in SCHEMA:
            try:
                session.run(query(name)).consume()
            except nx_exc.Neo4jError as exc:
                raise schema_error(bolt, name, exc) from None
    bolt.write(
        lambda tx: tx.run(query("set_meta"), key="schema_version", value=SCHEMA_VERSION).consume()
    )


def schema_error(bolt: Bolt, name: str, exc: nx_exc.Neo4jError) -> StoreError:
    """Why constraint or index ``name`` (a ``schema_*`` query) could not be created."""
    target = "provenance_" + name.removeprefix("schema_")
    detail = (exc.message or str(exc)).strip().splitlines()
    where = f"database {bolt.database!r} on {bolt.uri}"
    if "Forbidden" in (exc.code or "") or "permission" in " ".join(detail).lower():
        return StoreError(
            f"user {bolt.user!r} may not create {target} in {where} ({detail[-1]})",
            "run `init` once as a user with schema rights (e.g. the admin user), then use it",
        )
    return StoreError(
        f"cannot create {target} in {where}: {' '.join(detail)}",
        "the database holds nodes with provenance's labels (Item, AuditEvent, AuditItem,"
        " ProvenanceMeta) that break its rules: point NEO4J_DATABASE at an empty database"
        " or remove those nodes",
    )


def read_head(tx: neo4j.ManagedTransaction) -> tuple[int, str]:
    """``(seq, hash)`` of the last audit event, ``(0, "")`` for an empty log.

    Read first in every write: a writer that commits after this read makes this one retry.
    """
    record = tx.run(query("audit_head")).single()
    return (0, "") if record is None else (int(record["seq"]), str(record["hash"]))


def append_event(
    tx: neo4j.ManagedTransaction,
    head: tuple[int, str],
    *,
    actor: str,
    action: str,
    items: list[AuditRow],
    reason: str | None,
    summary: dict[str, Any],
) -> int:
    """Append one audit event after ``head`` with its item rows inside ``tx``; return its seq."""
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
    for chunk in chunks(rows, WRITE_CHUNK):
        tx.run(
            query("append_audit_items"), rows=chunk, seq=event.seq, key_prefix=f"{event.seq}:"
        ).consume()
    return event.seq


def ingest(
    bolt: Bolt, store: Store, batch: Batch, *, actor: str, reason: str | None, action: str
) -> IngestReport:
    """:meth:`Store.ingest` on ``store``, whose reads run through ``bolt``."""

    def work(tx: neo4j.ManagedTransaction) -> IngestReport:
        head = read_head(tx)  # first: any writer committing after this makes us retry
        p = plan(store, batch)
        if not p.changed:
            return p.report(None)
        write_plan(tx, p)
        seq = append_event(
            tx,
            head,
            actor=actor,
            action=action,
            items=p.audit_items(),
            reason=reason,
            summary=p.summary(),
        )
        return p.report(seq)

    return bolt.write(work)


def judge(
    bolt: Bolt,
    store: Store,
    a: str,
    b: str,
    judgement: JudgementValue,
    *,
    actor: str,
    reason: str,
) -> Judgement:
    """:meth:`Store.judge` on ``store``, whose reads run through ``bolt``."""

    def work(tx: neo4j.ManagedTransaction) -> Judgement:
        head = read_head(tx)
        p = plan_judgement(store, a, b, judgement, actor=actor, reason=reason)
        seq = append_event(
            tx, head, actor=actor, action="judge", items=p.items, reason=reason, summary=p.summary()
        )
        props = json_text(p.props(seq))
        tx.run(query("merge_judged"), a=p.a, b=p.b, owner=JUDGEMENT_OWNER, props=props).consume()
        return p.result(seq)

    return bolt.write(work)


def judge_outlets(
    bolt: Bolt,
    store: Store,
    decide: Callable[[Store], OutletDecision],
    *,
    actor: str,
    reason: str,
) -> OutletJudgement:
    """:meth:`Store.judge_outlets` on ``store``, whose reads run through ``bolt``."""

    def work(tx: neo4j.ManagedTransaction) -> OutletJudgement:
        head = read_head(tx)
        p = plan_outlet_judgement(store, decide, actor=actor, reason=reason)
        if p.ingest is not None and p.ingest.changed:
            write_plan(tx, p.ingest)
        seq = append_event(
            tx,
            head,
            actor=actor,
            action=OUTLET_ACTION,
            items=p.audit_items(),
            reason=reason,
            summary=p.summary(),
        )
        j = p.result(seq)
        key = json_text([j.a, j.b])
        props = json_text(j.props())
        tx.run(query("merge_outlet_judgement"), key=key, a=j.a, b=j.b, props=props).consume()
        return j

    return bolt.write(work)


def record_event(
    bolt: Bolt,
    action: str,
    items: Sequence[AuditRow],
    *,
    actor: str,
    reason: str | None,
    summary: dict[str, Any] | None,
) -> int:
    """:meth:`Store.record_event`: one event, no graph change, in its own transaction."""
    rows = event_items(items)

    def work(tx: neo4j.ManagedTransaction) -> int:
        head = read_head(tx)
        return append_event(
            tx, head, actor=actor, action=action, items=rows, reason=reason, summary=summary or {}
        )

    return bolt.write(work)


def write_plan(tx: neo4j.ManagedTransaction, p: Plan) -> None:
    """Write a planned ingest's nodes, their search entries and their edges."""
    write_nodes(tx, p.create, p.update)
    write_search(tx, p.changed)
    write_edges(tx, p.edges, {r.id for r in p.create})


def write_nodes(tx: neo4j.ManagedTransaction, create: list[NodeRow], update: list[NodeRow]) -> None:
    """Create the new nodes label by label, update the changed ones and delete the edges
    the updated ones own (their new edges are written next)."""
    by_label: dict[str, list[list[str]]] = {}
    for r in create:
        by_label.setdefault(r.label, []).append([r.id, json_text(r.data), r.hash])
    for label, rows in by_label.items():
        for chunk in chunks(rows, WRITE_CHUNK):
            tx.run(create_query(label), rows=chunk, label=label).consume()
    updates = [[r.id, json_text(r.data), r.hash] for r in update]
    for chunk in chunks(updates, WRITE_CHUNK):
        tx.run(query("update_items"), rows=chunk).consume()
    for ids in chunks([r.id for r in update], WRITE_CHUNK):
        tx.run(query("delete_owned_edges"), ids=list(ids)).consume()


def write_edges(tx: neo4j.ManagedTransaction, edges: list[EdgeRow], created: set[str]) -> None:
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
            merged.setdefault(e.rel, []).append([e.src, e.dst, e.owner, props_text(e.props)])
    fresh: dict[str, list[EdgeRow]] = {}
    for e in new.values():
        fresh.setdefault(e.rel, []).append(e)
    for rel, group in fresh.items():
        into, rows = anchored(group)
        for chunk in grouped_chunks(rows, WRITE_CHUNK):
            tx.run(create_edges_query(rel, into=into), rows=chunk).consume()
    for rel, flat in merged.items():
        for chunk in chunks(flat, WRITE_CHUNK):
            tx.run(merge_edges_query(rel), rows=chunk).consume()


def anchored(group: list[EdgeRow]) -> tuple[bool, list[list[Any]]]:
    """Edges of one type as ``[anchor, [[other, owner, props], ...]]`` rows, anchored on
    the side with fewer distinct nodes; ``True`` when that is the target side."""
    into = len({e.dst for e in group}) < len({e.src for e in group})
    by_anchor: dict[str, list[list[str]]] = {}
    for e in group:
        anchor, other = (e.dst, e.src) if into else (e.src, e.dst)
        by_anchor.setdefault(anchor, []).append([other, e.owner, props_text(e.props)])
    return into, [[anchor, others] for anchor, others in by_anchor.items()]


def grouped_chunks(rows: Sequence[list[Any]], size: int) -> Iterator[Sequence[list[Any]]]:
    """Chunks of ``[anchor, [edge, ...]]`` rows holding about ``size`` edges each."""
    start, count = 0, 0
    for i, row in enumerate(rows):
        count += len(row[1])
        if count >= size:
            yield rows[start : i + 1]
            start, count = i + 1, 0
    if start < len(rows):
        yield rows[start:]
