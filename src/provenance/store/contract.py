"""The storage contract: every backend implements :class:`Store`, documented method by method.

A backend implements the primitives (abstract below): one ingest or judgement transaction
with its audit event, reads of nodes, edges and the audit log. Shared logic does not live
in backends: they decide what to write with :mod:`provenance.store.plan`, build audit events
with :mod:`provenance.store.events`, and the upstream evidence of claims is read by the one
traversal of :mod:`provenance.store.upstream` (:meth:`Store.upstream`,
:meth:`Store.upstream_graph`) through the primitives. Nothing outside ``provenance.store``
touches a database.

Reads that take many ids (``get_many``, ``edges``, ``audit_*_by_*``) read them in chunks,
a few queries whatever their number: callers pass every id they need at once instead of
calling once per id.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self

from provenance.judgements import OutletDecision, OutletJudgement, cannot_links
from provenance.store.rows import RELATIONSHIPS, Batch, EdgeRow, check_fields
from provenance.store.search import DEFAULT_LIMIT, SearchHit, matches
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
from provenance.store.upstream import Upstream, to_graph, walk
from provenance.vocab import JudgementValue

if TYPE_CHECKING:
    import networkx as nx


class Store(ABC):
    """A graph store of incidents, claims, evidence and the audit log.

    Use as a context manager; :meth:`close` releases connections. Every mutation
    (:meth:`ingest`, :meth:`judge`, :meth:`record_event`) is one transaction that writes
    the change and exactly one audit event, or nothing.
    """

    uri: str
    """Where the store is (``sqlite:///…``, ``neo4j://…``), for messages and checkpoints."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # lifecycle ---------------------------------------------------------------------------

    @abstractmethod
    def init(self) -> None:
        """Create the schema (tables / constraints and indexes). Idempotent."""

    @abstractmethod
    def close(self) -> None:
        """Release connections. The store is unusable afterwards."""

    # writes ------------------------------------------------------------------------------

    @abstractmethod
    def ingest(
        self, batch: Batch, *, actor: str, reason: str | None = None, action: str = "ingest"
    ) -> IngestReport:
        """Write ``batch`` in one transaction with one audit event; all or nothing.

        What to write is :func:`provenance.store.plan.plan`: items whose content hash is
        unchanged are skipped, so a batch that changes nothing writes nothing and appends
        no event (re-ingesting a file is a no-op); an updated item's owned edges are
        replaced; a captured original is kept. Raises :class:`ReferenceError_` for a
        reference to an id that is neither in the batch nor in the store (or of the wrong
        kind) and :class:`ConflictError` for an id already used by another kind of item;
        the store is then unchanged.
        """

    @abstractmethod
    def judge(
        self, a: str, b: str, judgement: JudgementValue, *, actor: str, reason: str
    ) -> Judgement:
        """Record a duplicate judgement between incidents ``a`` and ``b``.

        Stored as ``(a)-[:JUDGED {judgement, actor, at, reason, seq}]->(b)`` (the pair is
        ordered so ``a < b``; a later judgement of the same pair replaces the edge, the
        audit log keeps every one) with one audit event
        (:func:`provenance.store.plan.plan_judgement`). Raises :class:`NotFoundError` when
        either is not an incident, :class:`ProvenanceError` for an unknown judgement.
        """

    @abstractmethod
    def judge_outlets(
        self, decide: Callable[[Store], OutletDecision], *, actor: str, reason: str
    ) -> OutletJudgement:
        """Record an outlet judgement (``provenance outlets judge``) in one transaction.

        Inside the transaction, ``decide(self)`` reads the store and says what changes
        (:class:`~provenance.judgements.OutletDecision`); the backend writes the
        organisation's fields as the analyst's (planned like an ingest:
        :func:`~provenance.store.outlets.plan_outlet_judgement`), replaces the stored
        judgement of the pair, and appends one audit event (action ``outlets-judge``).
        Raises what ``decide`` raises; the store is then unchanged.
        """

    @abstractmethod
    def record_event(
        self,
        action: str,
        items: Sequence[AuditRow],
        *,
        actor: str,
        reason: str | None,
        summary: dict[str, Any] | None = None,
    ) -> int:
        """Append one audit event that changes no graph item; return its seq.

        For acts the log must show although the graph stays as it is (a refused capture,
        a working copy, an export of witness identities). ``items`` are ``(id, label,
        content hash, change)`` as in :func:`~provenance.store.events.build_event` and may
        be empty; they are checked by :func:`~provenance.store.events.event_items`, not
        against the graph. One transaction of its own, chained to the head of the log like
        every other event.
        """

    def revision(self) -> str | None:
        """An opaque token that changes with every committed mutation (the head of the
        audit log: every mutation appends exactly one event in its own transaction), for
        caches of data derived from the whole store (:mod:`provenance.store.snapshot`).

        ``None`` when the backend cannot tell cheaply: its callers then cache nothing.
        """
        return None

    # reads: nodes and edges --------------------------------------------------------------

    @abstractmethod
    def get_many(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        """The nodes among ``ids`` that exist, by id."""

    def get(self, item_id: str) -> StoredItem | None:
        """One node by id, or ``None``."""
        return self.get_many([item_id]).get(item_id)

    @abstractmethod
    def stored_versions(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """``id -> (label, content hash)`` of the stored nodes among ``ids``.

        What planning an ingest needs, without reading the fields.
        """

    @abstractmethod
    def edges(
        self, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"] = "out"
    ) -> list[Edge]:
        """Edges of types ``rels`` leaving (``out``) or entering (``in``) any of ``ids``."""

    def step(
        self, ids: Iterable[str], rels: Sequence[str]
    ) -> tuple[list[Edge], dict[str, StoredItem]]:
        """One step of a traversal: the edges of types ``rels`` leaving any of ``ids``
        (sorted by ``(src, rel, dst)``) and the items they lead to, by id.

        :meth:`edges` then :meth:`get_many`; a backend where each read is a round trip to a
        server answers both in one (the upstream traversal takes one step per depth).
        """
        found = sorted(self.edges(ids, rels, "out"), key=lambda e: (e.src, e.rel, e.dst))
        return found, self.get_many({e.dst for e in found})

    def neighbours(self, item_id: str) -> list[Edge]:
        """Every edge out of ``item_id``, then every edge into it."""
        return self.edges([item_id], RELATIONSHIPS, "out") + self.edges(
            [item_id], RELATIONSHIPS, "in"
        )

    @abstractmethod
    def iter_items(self, label: str, batch_size: int = 5_000) -> Iterator[StoredItem]:
        """Stream every node with ``label`` in id order, ``batch_size`` rows per read."""

    def iter_fields(
        self, label: str, fields: Sequence[str], batch_size: int = 50_000
    ) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """Stream ``(id, values)`` of every node with ``label`` in id order: the values of
        the top-level ``fields`` (decoded JSON; ``None`` where absent).

        ``fields`` must be field names of the label's model (checked by
        :func:`~provenance.store.rows.check_fields`: backends may put them in a query).
        This default reads :meth:`iter_items`; backends override it to read only those
        fields.
        """
        names = check_fields(label, fields)
        for item in self.iter_items(label, batch_size=min(batch_size, 5_000)):
            get = item.data.get
            yield item.id, tuple(get(f) for f in names)

    @abstractmethod
    def iter_edges(self, rels: Sequence[str], batch_size: int = 50_000) -> Iterator[Edge]:
        """Stream every edge of types ``rels`` (for whole-graph batch work)."""

    @abstractmethod
    def iter_edge_rows(self, rels: Sequence[str], batch_size: int = 50_000) -> Iterator[EdgeRow]:
        """Stream every edge of types ``rels`` as written, with the ``owner`` whose fields
        define it (for :mod:`provenance.audit.state`: an owner changed behind the tool's
        back would leave the edge behind when its real owner is updated)."""

    @abstractmethod
    def counts(self) -> Counts:
        """Nodes by label, edges by relationship type, and audit events."""

    @abstractmethod
    def judgements(self) -> list[Judgement]:
        """The current judgement of every judged pair, oldest first."""

    @abstractmethod
    def outlet_judgements(self) -> list[OutletJudgement]:
        """The current outlet judgement of every judged pair, oldest first."""

    def outlet_cannot_links(self) -> set[frozenset[str]]:
        """The pairs (author strings, accounts, domains or organisation ids, as judged)
        an analyst judged ``different``: ``outlets suggest`` never proposes them."""
        return cannot_links(self.outlet_judgements())

    def upstream(self, claim_ids: Iterable[str] | None = None) -> Upstream:
        """The upstream evidence of the given claims (all claims when ``None``) as plain
        data: :func:`provenance.store.upstream.walk`, the one traversal. Unknown claim ids
        raise :class:`NotFoundError`."""
        return walk(self, claim_ids)

    def upstream_graph(self, claim_ids: Iterable[str] | None = None) -> nx.DiGraph:
        """The upstream evidence graph of the given claims (all claims when ``None``).

        :meth:`upstream` as a ``networkx.DiGraph``; see :mod:`provenance.store.upstream`
        for the node and edge attributes. Unknown claim ids raise :class:`NotFoundError`.
        """
        return to_graph(self.upstream(claim_ids))

    # reads: finding items ---------------------------------------------------------------

    @abstractmethod
    def search(
        self, text: str, label: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[SearchHit]:
        """Items matching ``text``: first those whose exact keys (id, monitor's code, URL)
        it is, then those whose id words and text words (:mod:`provenance.store.search`)
        all start with its words, best ranked first; only ``label``'s when given. At most
        ``limit`` hits. The index is kept in step with every write."""

    @abstractmethod
    def lookup(self, ref: str, label: str | None = None) -> list[str]:
        """Ids whose exact keys match ``ref`` (an id in any case, a monitor's code such as
        ``RS4720``, a URL with or without scheme, ``www.`` or trailing ``/``), in id order."""

    @abstractmethod
    def ids_with_prefix(self, prefix: str, limit: int = 100_000) -> list[str]:
        """Up to ``limit`` ids starting with ``prefix`` (case-sensitive), in id order."""

    def list_items(
        self, label: str, where: Sequence[tuple[str, str]] = (), limit: int | None = None
    ) -> list[StoredItem]:
        """The items of ``label`` in id order whose every ``(field, value)`` of ``where``
        matches (:func:`~provenance.store.search.matches`: a dotted field, compared
        as text without regard to case; a list field matches when one element does)."""
        out: list[StoredItem] = []
        for item in self.iter_items(label):
            if all(matches(item.data, f, v) for f, v in where):
                out.append(item)
                if limit is not None and len(out) >= limit:
                    break
        return out

    # reads: the audit log ----------------------------------------------------------------

    @abstractmethod
    def audit_events(self, start: int = 1, end: int | None = None) -> Iterator[AuditEvent]:
        """Audit events with ``start <= seq <= end`` in order (streamed)."""

    @abstractmethod
    def audit_events_by_seq(self, seqs: Iterable[int]) -> list[AuditEvent]:
        """The events among ``seqs`` that exist, in seq order (not a range: for the
        scattered events that touched some items)."""

    @abstractmethod
    def audit_items_by_seq(self, seqs: Iterable[int]) -> list[AuditItem]:
        """The item rows of the events ``seqs`` in ``(seq, item_id)`` order."""

    @abstractmethod
    def audit_items_by_item(self, item_ids: Iterable[str]) -> list[AuditItem]:
        """Every event's rows for the items ``item_ids`` in ``(seq, item_id)`` order (their
        histories, interleaved as in the log)."""

    def audit_items(self, seq: int | None = None, item_id: str | None = None) -> list[AuditItem]:
        """The items touched by event ``seq`` (by item id), or every event's rows for
        ``item_id`` (by seq); no rows when neither is given.

        One of :meth:`audit_items_by_seq` / :meth:`audit_items_by_item`: to read many, call
        those once with every seq or id.
        """
        if seq is not None:
            return self.audit_items_by_seq([seq])
        if item_id is not None:
            return self.audit_items_by_item([item_id])
        return []

    @abstractmethod
    def iter_audit_items(
        self, start: int = 1, end: int | None = None, batch_size: int = 50_000
    ) -> Iterator[AuditItem]:
        """Stream the item rows of events ``start <= seq <= end`` in ``(seq, item_id)`` order.

        ``batch_size`` rows per read. For whole-log work (verification) instead of one
        :meth:`audit_items` query per event; events without items yield no rows.
        """
