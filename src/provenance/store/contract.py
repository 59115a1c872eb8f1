"""The storage contract: every backend implements :class:`Store`.

Backends implement a few primitives (reading nodes and edges, one ingest transaction,
the audit log); the shared logic — reference checking, change planning, audit event
construction — lives here so that both backends
behave the same. Nothing outside ``provenance.store`` touches a database.

The upstream evidence of claims is read by the one traversal of
:mod:`provenance.store.upstream` (:meth:`Store.upstream`, :meth:`Store.upstream_graph`).
"""

from __future__ import annotations

import datetime as dt
import getpass
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self

from provenance.canonical import canonical_bytes, content_hash, sha256_hex
from provenance.errors import ConflictError, ProvenanceError, ReferenceError_
from provenance.store.rows import FIELD_OF_REL, REFERENCE_TARGETS, Batch, EdgeRow, NodeRow
from provenance.store.upstream import Upstream, to_graph, walk
from provenance.vocab import JUDGEMENTS, JudgementValue

if TYPE_CHECKING:
    import networkx as nx


def default_actor() -> str:
    """The OS user name, the default ``--actor``."""
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso_utc(moment: dt.datetime) -> str:
    """``2017-06-01T12:00:00.000000Z`` — the one timestamp format of the audit log."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredItem:
    """One node as stored: id, label, fields (``data``) and content hash."""

    id: str
    label: str
    data: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class Edge:
    src: str
    rel: str
    dst: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IngestReport:
    """What one ingest changed. ``event_seq`` is ``None`` when nothing changed."""

    created: int
    updated: int
    unchanged: int
    event_seq: int | None
    created_by_label: dict[str, int] = field(default_factory=dict)
    updated_by_label: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditEvent:
    """One audit event: ``body`` is the exact RFC 8785 bytes hashed into ``hash``."""

    seq: int
    event_id: str
    prev_hash: str
    hash: str
    body: bytes

    def decoded(self) -> dict[str, Any]:
        import json

        value: dict[str, Any] = json.loads(self.body)
        return value


@dataclass(frozen=True)
class AuditItem:
    """One item an event touched: ``change`` is created | updated | judged."""

    seq: int
    item_id: str
    label: str
    hash: str
    change: str


@dataclass(frozen=True)
class Judgement:
    a: str
    b: str
    judgement: str
    actor: str
    at: str
    reason: str
    seq: int


@dataclass(frozen=True)
class Counts:
    nodes: dict[str, int]
    edges: dict[str, int]
    audit_events: int

    def as_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "edges": self.edges, "audit_events": self.audit_events}


@dataclass
class Plan:
    """What an ingest must write: nodes to create or update, and the affected owners."""

    create: list[NodeRow]
    update: list[NodeRow]
    unchanged: int
    edges: list[EdgeRow]
    """Edges owned by the created and updated nodes (replacing the old ones of updates)."""

    @property
    def changed(self) -> list[NodeRow]:
        return self.create + self.update


# --- audit events -----------------------------------------------------------------------


def items_digest(items: Sequence[tuple[str, str, str, str]]) -> str:
    """SHA-256 over the canonical, sorted list of ``[id, label, hash, change]``."""
    return content_hash(sorted(map(tuple, items)))  # tuples encode as JSON arrays


def event_items(items: Sequence[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """``items`` of :meth:`Store.record_event` as a list, checked: four strings, ids unique."""
    rows = [tuple(i) for i in items]
    seen: set[str] = set()
    for row in rows:
        if len(row) != 4 or not all(isinstance(v, str) for v in row):
            raise ProvenanceError(
                f"audit item {row!r} is not (id, label, content hash, change)",
                "pass four strings per item",
            )
        if row[0] in seen:
            raise ProvenanceError(
                f"item {row[0]!r} is listed twice in one audit event", "list each item once"
            )
        seen.add(row[0])
    return rows  # type: ignore[return-value]  # checked above: four strings each


def build_event(
    *,
    seq: int,
    prev_hash: str,
    actor: str,
    action: str,
    items: Sequence[tuple[str, str, str, str]],
    reason: str | None,
    summary: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Build audit event ``seq`` chained to ``prev_hash`` (``""`` for the first).

    ``items`` are ``(id, label, content hash, change)`` of everything the event touched;
    the body records their count and digest (the rows themselves are stored beside the
    event). ``event_id`` is derived from the content and the previous hash, so a retried
    transaction produces the same id and is never appended twice.
    """
    digest = items_digest(items)
    event_id = content_hash(
        {"prev": prev_hash, "actor": actor, "action": action, "digest": digest, "reason": reason}
    )
    body = {
        "v": 1,
        "seq": seq,
        "prev": prev_hash,
        "event_id": event_id,
        "at": iso_utc(at or utc_now()),
        "clock": "system",
        "actor": actor,
        "action": action,
        "items": {"count": len(items), "digest": digest},
        "reason": reason,
        "summary": summary or {},
    }
    data = canonical_bytes(body)
    return AuditEvent(
        seq=seq, event_id=event_id, prev_hash=prev_hash, hash=sha256_hex(data), body=data
    )


def check_fields(label: str, fields: Sequence[str]) -> tuple[str, ...]:
    """``fields`` as a tuple, checked against the field names of ``label``'s model (and a
    claim's stored ``incident`` key).

    The allow-list for :meth:`Store.iter_fields` (backends may interpolate the names);
    raises :class:`ProvenanceError` for an unknown label or field, or no field.
    """
    from provenance.model import MODELS

    model = MODELS.get(label)
    if model is None:
        raise ProvenanceError(f"unknown node label {label!r}", f"use one of {sorted(MODELS)}")
    allowed = {*model.model_fields, *(("incident",) if label == "Claim" else ())}
    names = tuple(fields)
    unknown = [f for f in names if f not in allowed]
    if unknown or not names:
        raise ProvenanceError(
            f"{label} has no field(s) {unknown!r}" if unknown else "no fields asked for",
            f"use field names of {label}: {sorted(allowed)}",
        )
    return names


# --- the contract -----------------------------------------------------------------------


class Store(ABC):
    """A graph store of incidents, claims, evidence and the audit log.

    Use as a context manager; :meth:`close` releases connections. Every mutation
    (:meth:`ingest`, :meth:`judge`) is one transaction that writes the change and exactly
    one audit event, or nothing.
    """

    uri: str

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # primitives each backend implements ------------------------------------------------

    @abstractmethod
    def init(self) -> None:
        """Create the schema (tables / constraints and indexes). Idempotent."""

    @abstractmethod
    def close(self) -> None:
        """Release connections. The store is unusable afterwards."""

    @abstractmethod
    def ingest(
        self, batch: Batch, *, actor: str, reason: str | None = None, action: str = "ingest"
    ) -> IngestReport:
        """Write ``batch`` in one transaction with one audit event; all or nothing.

        Items whose content hash is unchanged are skipped; a batch that changes nothing
        writes nothing and appends no event (re-ingesting a file is a no-op). An updated
        item's owned edges are replaced. Raises :class:`ReferenceError_` for a reference to
        an id that is neither in the batch nor in the store (or of the wrong kind) and
        :class:`ConflictError` for an id already used by another kind of item; the store
        is then unchanged.
        """

    @abstractmethod
    def get(self, item_id: str) -> StoredItem | None:
        """One node by id, or ``None``."""

    @abstractmethod
    def get_many(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        """The nodes among ``ids`` that exist, by id."""

    @abstractmethod
    def edges(
        self, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"] = "out"
    ) -> list[Edge]:
        """Edges of types ``rels`` leaving (``out``) or entering (``in``) any of ``ids``."""

    @abstractmethod
    def iter_items(self, label: str, batch_size: int = 5_000) -> Iterator[StoredItem]:
        """Stream every node with ``label`` in id order, ``batch_size`` rows per read."""

    @abstractmethod
    def iter_edges(self, rels: Sequence[str], batch_size: int = 50_000) -> Iterator[Edge]:
        """Stream every edge of types ``rels`` (for whole-graph batch work)."""

    def iter_fields(
        self, label: str, fields: Sequence[str], batch_size: int = 50_000
    ) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """Stream ``(id, values)`` of every node with ``label`` in id order: the values of
        the top-level ``fields`` (decoded JSON; ``None`` where absent).

        ``fields`` must be field names of the label's model (checked by
        :func:`check_fields`: backends may put them in a query). This default reads
        :meth:`iter_items`; backends override it to read only those fields.
        """
        names = check_fields(label, fields)
        for item in self.iter_items(label, batch_size=min(batch_size, 5_000)):
            get = item.data.get
            yield item.id, tuple(get(f) for f in names)

    @abstractmethod
    def counts(self) -> Counts:
        """Nodes by label, edges by relationship type, and audit events."""

    @abstractmethod
    def judge(
        self, a: str, b: str, judgement: JudgementValue, *, actor: str, reason: str
    ) -> Judgement:
        """Record a duplicate judgement between incidents ``a`` and ``b``.

        Stored as ``(a)-[:JUDGED {judgement, actor, at, reason}]->(b)`` (the pair is
        ordered so ``a < b``; a later judgement of the same pair replaces the edge, the
        audit log keeps every one) with one audit event. Raises :class:`NotFoundError`
        when either is not an incident.
        """

    @abstractmethod
    def judgements(self) -> list[Judgement]:
        """The current judgement of every judged pair, oldest first."""

    @abstractmethod
    def audit_events(self, start: int = 1, end: int | None = None) -> Iterator[AuditEvent]:
        """Audit events with ``start <= seq <= end`` in order."""

    @abstractmethod
    def audit_items(self, seq: int | None = None, item_id: str | None = None) -> list[AuditItem]:
        """The items touched by event ``seq``, or every event's rows for ``item_id``."""

    @abstractmethod
    def iter_audit_items(
        self, start: int = 1, end: int | None = None, batch_size: int = 50_000
    ) -> Iterator[AuditItem]:
        """Stream the item rows of events ``start <= seq <= end`` in ``(seq, item_id)`` order.

        ``batch_size`` rows per read. For whole-log work (verification) instead of one
        :meth:`audit_items` query per event; events without items yield no rows.
        """

    @abstractmethod
    def record_event(
        self,
        action: str,
        items: Sequence[tuple[str, str, str, str]],
        *,
        actor: str,
        reason: str | None,
        summary: dict[str, Any] | None = None,
    ) -> int:
        """Append one audit event that changes no graph item; return its seq.

        For acts the log must show although the graph stays as it is (a refused capture,
        a working copy, an export of witness identities). ``items`` are ``(id, label,
        content hash, change)`` as in :func:`build_event` and may be empty; they are
        recorded as given, not checked against the graph. One transaction of its own,
        chained to the head of the log like every other event.
        """

    # shared logic -----------------------------------------------------------------------

    def neighbours(self, item_id: str) -> list[Edge]:
        """Every edge into or out of ``item_id``."""
        from provenance.store.rows import RELATIONSHIPS

        return self.edges([item_id], RELATIONSHIPS, "out") + self.edges(
            [item_id], RELATIONSHIPS, "in"
        )

    def plan(self, batch: Batch) -> Plan:
        """Check ``batch`` against itself and the store and decide what to write.

        Raises :class:`ConflictError` or :class:`ReferenceError_` naming the item, field
        and id. Reads only.
        """
        existing = self.stored_versions([row.id for row in batch.nodes])
        create: list[NodeRow] = []
        update: list[NodeRow] = []
        unchanged = 0
        for row in batch.nodes:
            old = existing.get(row.id)
            if old is None:
                create.append(row)
            elif old[0] != row.label:
                raise ConflictError(
                    f"{batch.where[row.id]}: id {row.id!r} is already a {old[0]} in the store,"
                    f" not a {row.label}",
                    "ids are unique across the whole store: choose another id",
                )
            elif old[1] != row.hash:
                update.append(row)
            else:
                unchanged += 1
        update, kept = self._keep_captures(batch, update)
        unchanged += kept
        changed = {row.id for row in create} | {row.id for row in update}
        edges = [e for e in batch.edges if e.owner in changed]
        self._check_references(batch, edges)
        return Plan(create=create, update=update, unchanged=unchanged, edges=edges)

    def _judgement_items(self, a: str, b: str) -> tuple[list[tuple[str, str, str, str]], str]:
        """The audit items of judging incidents ``a`` and ``b`` (``a < b``) and the time.

        Called inside the backend's write transaction. Raises :class:`NotFoundError` when
        either is not an incident or both are one.
        """
        from provenance.errors import NotFoundError

        found = self.get_many([a, b])
        for i in (a, b):
            if i not in found or found[i].label != "Incident":
                raise NotFoundError(
                    f"no incident with id {i!r}", "check the ids with `provenance duplicates`"
                )
        if a == b:
            raise NotFoundError(
                "an incident cannot be judged against itself", "give two different ids"
            )
        items = [(i, "Incident", found[i].hash, "judged") for i in (a, b)]
        return items, iso_utc(utc_now())

    def _keep_captures(self, batch: Batch, update: list[NodeRow]) -> tuple[list[NodeRow], int]:
        """Custody rule for updated sources: a captured original is never replaced or dropped.

        A source whose stored ``sha256`` is set keeps it (and ``captured_at``) when the input
        leaves them out — re-ingesting the case file a capture came from changes nothing —
        and an input giving a *different* ``sha256`` is refused. Returns the rows still to
        update and how many turned out unchanged.
        """
        sources = [row for row in update if row.label == "Source"]
        if not sources:
            return update, 0
        stored = self.get_many([row.id for row in sources])
        replaced: dict[str, NodeRow | None] = {}
        for row in sources:
            old = stored[row.id].data
            if not old.get("sha256"):
                continue
            new_hash = row.data.get("sha256")
            if new_hash and new_hash != old["sha256"]:
                raise ConflictError(
                    f"{batch.where[row.id]}: source {row.id!r} has a captured original with"
                    f" sha256 {old['sha256']}, and the input gives {new_hash}",
                    "a captured original is never replaced: record the new capture as a new source",
                )
            data = {**row.data, "sha256": old["sha256"]}
            if not row.data.get("captured_at"):
                data["captured_at"] = old.get("captured_at")
            merged = NodeRow(row.id, row.label, data, content_hash(data))
            replaced[row.id] = None if merged.hash == stored[row.id].hash else merged
        if not replaced:
            return update, 0
        rows = [replaced[r.id] if r.id in replaced else r for r in update]
        kept = [r for r in rows if r is not None]
        return kept, len(rows) - len(kept)

    def stored_versions(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """``id -> (label, content hash)`` of the stored nodes among ``ids``.

        What :meth:`plan` needs; backends may override it to skip reading the fields.
        """
        return {i: (item.label, item.hash) for i, item in self.get_many(ids).items()}

    def _check_references(self, batch: Batch, edges: list[EdgeRow]) -> None:
        labels = batch.labels()
        refs = [e.src if e.rel == "HAS_CLAIM" else e.dst for e in edges]  # EdgeRow.ref
        missing = {ref for ref in refs if ref not in labels}
        if missing:
            labels.update({i: v[0] for i, v in self.stored_versions(missing).items()})
        targets = REFERENCE_TARGETS
        for e, ref in zip(edges, refs, strict=True):
            found = labels.get(ref)
            if found is not None and found in targets[(labels[e.owner], e.rel)]:
                continue
            owner_label = labels[e.owner]
            allowed = targets[(owner_label, e.rel)]
            fld = FIELD_OF_REL[(owner_label, e.rel)]
            if found is None:
                raise ReferenceError_(
                    f"{batch.where[e.owner]}: field {fld!r} refers to {e.ref!r}, which is"
                    " neither in this input nor in the store",
                    f"add a {' or '.join(sorted(allowed))} with id {e.ref!r}, or correct the id",
                )
            if found not in allowed:
                raise ReferenceError_(
                    f"{batch.where[e.owner]}: field {fld!r} refers to {e.ref!r}, which is a"
                    f" {found}, expected {' or '.join(sorted(allowed))}",
                    "correct the id",
                )

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


def check_judgement(judgement: str) -> None:
    if judgement not in JUDGEMENTS:
        raise ProvenanceError(
            f"unknown judgement {judgement!r}", "use one of: same, different, unsure"
        )
