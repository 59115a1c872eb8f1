"""The Neo4j backend: the store contract over Bolt with the official ``neo4j`` driver.

Graph: every item is a node ``(:Item:<Label> {id, label, data, hash})`` with ``data`` its
fields as JSON (unique constraint on ``Item.id``: ids are unique store-wide); every edge a
real relationship ``-[:<REL> {owner, props}]->`` (``props`` JSON). The audit log is
``(:AuditEvent {seq, event_id, prev_hash, hash, body})`` (``body`` the canonical JSON text)
and ``(:AuditItem {key, seq, item_id, label, hash, change})``.

Modules: :mod:`.session` holds the connection (driver, credentials, error translation,
retried write transactions, reading records), :mod:`.writes` the schema and the write
transactions, :mod:`.reads` the reads. Every query comes from
:mod:`provenance.store.catalog` with values only as parameters. :class:`Neo4jStore` binds
them to the contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal

import neo4j

from provenance.judgements import OutletDecision, OutletJudgement
from provenance.store.contract import Store
from provenance.store.neo4j import reads, search, writes
from provenance.store.neo4j.session import Bolt
from provenance.store.rows import Batch, EdgeRow
from provenance.store.search import DEFAULT_LIMIT, SearchHit
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
from provenance.store.upstream import Upstream, walk
from provenance.vocab import JudgementValue

__all__ = ["Neo4jStore"]


class Neo4jStore(Store):
    """The store in database ``database`` of the Neo4j (or other Bolt) server at ``uri``.

    :attr:`bolt` is its connection (:class:`~.session.Bolt`).
    """

    def __init__(self, driver: neo4j.Driver, uri: str, database: str, user: str = "") -> None:
        self.bolt = Bolt(driver, uri, database, user)
        self.uri = uri
        self.database = database
        self.user = user

    @classmethod
    def from_uri(cls, uri: str, *, check: bool = True) -> Neo4jStore:
        """Connect with ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``.

        ``check`` runs ``RETURN 1`` so that an unreachable server, wrong credentials or a
        missing database fail here, with a :class:`StoreError` saying what to check.
        """
        bolt = Bolt.connect(uri)
        store = cls(bolt.driver, uri, bolt.database, bolt.user)
        if check:
            try:
                store.ping()
            except BaseException:
                store.close()
                raise
        return store

    def ping(self) -> None:
        """``RETURN 1`` on the database (raises :class:`StoreError` when it cannot)."""
        self.bolt.ping()

    def init(self) -> None:
        writes.init_schema(self.bolt)
        search.backfill(self.bolt)

    def close(self) -> None:
        self.bolt.close()

    # writes ------------------------------------------------------------------------------

    def ingest(
        self, batch: Batch, *, actor: str, reason: str | None = None, action: str = "ingest"
    ) -> IngestReport:
        return writes.ingest(self.bolt, self, batch, actor=actor, reason=reason, action=action)

    def judge(
        self, a: str, b: str, judgement: JudgementValue, *, actor: str, reason: str
    ) -> Judgement:
        return writes.judge(self.bolt, self, a, b, judgement, actor=actor, reason=reason)

    def judge_outlets(
        self, decide: Callable[[Store], OutletDecision], *, actor: str, reason: str
    ) -> OutletJudgement:
        return writes.judge_outlets(self.bolt, self, decide, actor=actor, reason=reason)

    def record_event(
        self,
        action: str,
        items: Sequence[AuditRow],
        *,
        actor: str,
        reason: str | None,
        summary: dict[str, Any] | None = None,
    ) -> int:
        return writes.record_event(
            self.bolt, action, items, actor=actor, reason=reason, summary=summary
        )

    # reads -------------------------------------------------------------------------------

    def get_many(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        return reads.get_many(self.bolt, ids)

    def stored_versions(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        return reads.stored_versions(self.bolt, ids)

    def edges(
        self, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"] = "out"
    ) -> list[Edge]:
        return reads.edges(self.bolt, ids, rels, direction)

    def step(
        self, ids: Iterable[str], rels: Sequence[str]
    ) -> tuple[list[Edge], dict[str, StoredItem]]:
        return reads.step(self.bolt, ids, rels)

    def neighbours(self, item_id: str) -> list[Edge]:
        return reads.neighbours(self.bolt, item_id)

    def upstream(self, claim_ids: Iterable[str] | None = None) -> Upstream:
        """:func:`~provenance.store.upstream.walk` with all its reads in one read
        transaction (:meth:`Bolt.reading`): one snapshot, one ``BEGIN`` / ``COMMIT``."""
        with self.bolt.reading():
            return walk(self, claim_ids)

    def iter_items(self, label: str, batch_size: int = 5_000) -> Iterator[StoredItem]:
        return reads.iter_items(self.bolt, label, batch_size)

    def iter_edges(self, rels: Sequence[str], batch_size: int = 50_000) -> Iterator[Edge]:
        return reads.iter_edges(self.bolt, rels, batch_size)

    def iter_edge_rows(self, rels: Sequence[str], batch_size: int = 50_000) -> Iterator[EdgeRow]:
        return reads.iter_edge_rows(self.bolt, rels, batch_size)

    def counts(self) -> Counts:
        return reads.counts(self.bolt)

    def judgements(self) -> list[Judgement]:
        return reads.judgements(self.bolt)

    def outlet_judgements(self) -> list[OutletJudgement]:
        return reads.outlet_judgements(self.bolt)

    def search(
        self, text: str, label: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[SearchHit]:
        return search.search(self.bolt, text, label, limit)

    def lookup(self, ref: str, label: str | None = None) -> list[str]:
        return search.lookup(self.bolt, ref, label)

    def ids_with_prefix(self, prefix: str, limit: int = 100_000) -> list[str]:
        return search.ids_with_prefix(self.bolt, prefix, limit)

    def audit_events(self, start: int = 1, end: int | None = None) -> Iterator[AuditEvent]:
        return reads.audit_events(self.bolt, start, end)

    def audit_events_by_seq(self, seqs: Iterable[int]) -> list[AuditEvent]:
        return reads.audit_events_by_seq(self.bolt, seqs)

    def audit_items_by_seq(self, seqs: Iterable[int]) -> list[AuditItem]:
        return reads.audit_items_by_seq(self.bolt, seqs)

    def audit_items_by_item(self, item_ids: Iterable[str]) -> list[AuditItem]:
        return reads.audit_items_by_item(self.bolt, item_ids)

    def iter_audit_items(
        self, start: int = 1, end: int | None = None, batch_size: int = 50_000
    ) -> Iterator[AuditItem]:
        return reads.iter_audit_items(self.bolt, start, end, batch_size)
