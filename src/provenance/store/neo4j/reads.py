"""The reads of the Neo4j backend: nodes, edges, counts, judgements and the audit log.

Each function runs catalog queries through :meth:`Bolt.records` (values only as
parameters) and turns the records into the store's types. Reads of many ids ``UNWIND``
them in chunks of :data:`READ_CHUNK`, a few queries whatever their number; whole-label and
whole-log reads page by key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter
from typing import Any, Literal, LiteralString

import neo4j

from provenance.judgements import OutletJudgement
from provenance.store.catalog import query
from provenance.store.neo4j.session import Bolt, chunks
from provenance.store.rows import RELATIONSHIPS, EdgeRow
from provenance.store.types import AuditEvent, AuditItem, Counts, Edge, Judgement, StoredItem

READ_CHUNK = 10_000
"""Ids per ``UNWIND`` read."""
VERSIONS_CHUNK = 50_000
"""Ids per ``UNWIND`` read of stored versions (planning: no fields read)."""
NO_END = 2**62
"""The end of an open seq range."""


def to_item(r: neo4j.Record) -> StoredItem:
    """A node record (``id, label, data, hash``) as a :class:`StoredItem`."""
    return StoredItem(r["id"], r["label"], json.loads(r["data"]), r["hash"])


def to_edge(r: neo4j.Record) -> Edge:
    """A relationship record (``src, rel, dst, props``) as an :class:`Edge`."""
    return Edge(r["src"], r["rel"], r["dst"], json.loads(r["props"] or "{}"))


def to_event(r: neo4j.Record) -> AuditEvent:
    """An audit event record as an :class:`AuditEvent` (its body as stored bytes)."""
    return AuditEvent(
        int(r["seq"]), r["event_id"], r["prev_hash"], r["hash"], r["body"].encode("utf-8")
    )


def to_audit_item(r: neo4j.Record) -> AuditItem:
    """An audit item record as an :class:`AuditItem`."""
    return AuditItem(int(r["seq"]), r["item_id"], r["label"], r["hash"], r["change"])


def _unwound(
    bolt: Bolt, name: LiteralString, key: str, values: Sequence[Any], size: int, **params: Any
) -> Iterator[neo4j.Record]:
    """The records of query ``name`` with ``$<key>`` bound to each chunk of ``values``."""
    cypher = query(name)
    for chunk in chunks(values, size):
        yield from bolt.records(cypher, **{key: list(chunk)}, **params)


def get_many(bolt: Bolt, ids: Iterable[str]) -> dict[str, StoredItem]:
    """The nodes among ``ids`` that exist, by id."""
    records = _unwound(bolt, "get_items", "ids", sorted(set(ids)), READ_CHUNK)
    return {r["id"]: to_item(r) for r in records}


def stored_versions(bolt: Bolt, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """``id -> (label, hash)`` of the stored nodes among ``ids``, reading only those two.

    Inside an ingest this runs in the write transaction, after the audit head read: a
    writer that adds items meanwhile makes this one retry, so "no items" stays true.
    """
    wanted = sorted(set(ids))
    if len(wanted) > 1 and not bolt.records(query("any_item")):
        return {}  # a fresh store: one query instead of a lookup per id
    records = _unwound(bolt, "item_versions", "ids", wanted, VERSIONS_CHUNK)
    return {r["id"]: (r["label"], r["hash"]) for r in records}


def edges(
    bolt: Bolt, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"]
) -> list[Edge]:
    """Edges of types ``rels`` leaving or entering ``ids``, sorted from their anchor."""
    name: LiteralString = "edges_out" if direction == "out" else "edges_in"
    records = _unwound(bolt, name, "ids", sorted(set(ids)), READ_CHUNK, rels=list(rels))
    out = [to_edge(r) for r in records]
    if direction == "out":
        out.sort(key=lambda e: (e.src, e.rel, e.dst))
    else:
        out.sort(key=lambda e: (e.dst, e.rel, e.src))
    return out


def step(
    bolt: Bolt, ids: Iterable[str], rels: Sequence[str]
) -> tuple[list[Edge], dict[str, StoredItem]]:
    """:meth:`Store.step` in one query per chunk of ``ids``."""
    records = list(
        _unwound(
            bolt, "edges_out_with_targets", "ids", sorted(set(ids)), READ_CHUNK, rels=list(rels)
        )
    )
    found = sorted((to_edge(r) for r in records), key=lambda e: (e.src, e.rel, e.dst))
    targets = {
        r["dst"]: StoredItem(r["dst"], r["label"], json.loads(r["data"]), r["hash"])
        for r in records
    }
    return found, targets


def neighbours(bolt: Bolt, item_id: str) -> list[Edge]:
    """Every edge out of ``item_id`` (by type, target), then into it (by type, source)."""
    records = bolt.records(query("neighbours"), id=item_id)
    found = [(r["direction"], to_edge(r)) for r in records if r["rel"] in RELATIONSHIPS]
    out = sorted((e for d, e in found if d == 0), key=lambda e: (e.rel, e.dst))
    return out + sorted((e for d, e in found if d == 1), key=lambda e: (e.rel, e.src))


def iter_items(bolt: Bolt, label: str, batch_size: int) -> Iterator[StoredItem]:
    """Every node with ``label`` in id order, one keyset page of ``batch_size`` per read."""
    after = ""
    while True:
        records = bolt.records(query("iter_items"), label=label, after=after, limit=batch_size)
        yield from map(to_item, records)
        if len(records) < batch_size:
            return
        after = records[-1]["id"]


def iter_edges(bolt: Bolt, rels: Sequence[str], batch_size: int) -> Iterator[Edge]:
    """Every edge of types ``rels``, streamed ``batch_size`` records at a time."""
    yield from map(to_edge, bolt.stream(query("iter_edges"), batch_size, rels=list(rels)))


def iter_edge_rows(bolt: Bolt, rels: Sequence[str], batch_size: int) -> Iterator[EdgeRow]:
    """Every edge of types ``rels`` with its owner, streamed ``batch_size`` records at a time."""
    for r in bolt.stream(query("iter_edge_rows"), batch_size, rels=list(rels)):
        yield EdgeRow(r["src"], r["rel"], r["dst"], r["owner"], json.loads(r["props"] or "{}"))


def counts(bolt: Bolt) -> Counts:
    """Nodes by label and edges by type (non-zero only), and the number of audit events."""
    nodes = {r["label"]: int(r["count"]) for r in bolt.records(query("count_items"))}
    rels = {r["rel"]: int(r["count"]) for r in bolt.records(query("count_edges"))}
    (events,) = bolt.records(query("count_audit_events"))
    return Counts(
        nodes={k: v for k, v in nodes.items() if v},
        edges={k: v for k, v in rels.items() if v},
        audit_events=int(events["count"]),
    )


def judgements(bolt: Bolt) -> list[Judgement]:
    """The current judgement of every judged pair, oldest first."""
    records = bolt.records(query("judgements"))
    out = [Judgement.from_edge(r["a"], r["b"], json.loads(r["props"])) for r in records]
    return sorted(out, key=attrgetter("seq"))


def outlet_judgements(bolt: Bolt) -> list[OutletJudgement]:
    """The current outlet judgement of every judged pair, oldest first."""
    records = bolt.records(query("outlet_judgements"))
    out = [OutletJudgement.from_props(r["a"], r["b"], json.loads(r["props"])) for r in records]
    return sorted(out, key=attrgetter("seq"))


def audit_events(bolt: Bolt, start: int, end: int | None) -> Iterator[AuditEvent]:
    """Events with ``start <= seq <= end`` in order, one page of :data:`READ_CHUNK` per read."""
    stop = end if end is not None else NO_END
    while start <= stop:
        records = bolt.records(query("audit_events"), start=start, end=stop, limit=READ_CHUNK)
        yield from map(to_event, records)
        if len(records) < READ_CHUNK:
            return
        start = int(records[-1]["seq"]) + 1


def audit_events_by_seq(bolt: Bolt, seqs: Iterable[int]) -> list[AuditEvent]:
    """The events among ``seqs`` that exist, in seq order."""
    records = _unwound(bolt, "audit_events_by_seq", "seqs", sorted(set(seqs)), READ_CHUNK)
    return sorted(map(to_event, records), key=attrgetter("seq"))


def audit_items_by_seq(bolt: Bolt, seqs: Iterable[int]) -> list[AuditItem]:
    """The item rows of the events ``seqs`` in ``(seq, item_id)`` order."""
    records = _unwound(bolt, "audit_items_by_seq", "seqs", sorted(set(seqs)), READ_CHUNK)
    return sorted(map(to_audit_item, records), key=attrgetter("seq", "item_id"))


def audit_items_by_item(bolt: Bolt, item_ids: Iterable[str]) -> list[AuditItem]:
    """Every event's rows for ``item_ids`` in ``(seq, item_id)`` order."""
    records = _unwound(bolt, "audit_items_by_item", "item_ids", sorted(set(item_ids)), READ_CHUNK)
    return sorted(map(to_audit_item, records), key=attrgetter("seq", "item_id"))


def iter_audit_items(
    bolt: Bolt, start: int, end: int | None, batch_size: int
) -> Iterator[AuditItem]:
    """Item rows of events ``start <= seq <= end`` in ``(seq, item_id)`` order: keyset pages
    of ``batch_size``, each read in its own transaction."""
    stop = end if end is not None else NO_END
    after_seq, after_id = start - 1, ""
    while True:
        records = bolt.records(
            query("iter_audit_items"),
            start=max(start, after_seq),
            after_seq=after_seq,
            after_id=after_id,
            end=stop,
            limit=batch_size,
        )
        yield from map(to_audit_item, records)
        if len(records) < batch_size:
            return
        after_seq, after_id = int(records[-1]["seq"]), records[-1]["item_id"]
