"""What the store returns: plain, frozen records shared by every backend.

:class:`StoredItem` and :class:`Edge` are the graph as stored; :class:`IngestReport`,
:class:`Judgement` and :class:`Counts` the results of writes and summaries;
:class:`AuditEvent` and :class:`AuditItem` the audit log. :class:`GraphReader` names the
three reads of the contract that a traversal needs (every :class:`~.contract.Store` has them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeAlias

AuditRow: TypeAlias = tuple[str, str, str, str]
"""One item an audit event touched, as written: ``(id, label, content hash, change)``."""


@dataclass(frozen=True)
class StoredItem:
    """One node as stored: id, label, fields (``data``) and content hash."""

    id: str
    label: str
    data: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class Edge:
    """One relationship ``(src)-[rel props]->(dst)`` as stored."""

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
        """The body as a JSON object."""
        value: dict[str, Any] = json.loads(self.body)
        return value


@dataclass(frozen=True)
class AuditItem:
    """One item an event touched: ``change`` is created | updated | judged (or what a
    :meth:`~.contract.Store.record_event` caller gave)."""

    seq: int
    item_id: str
    label: str
    hash: str
    change: str


@dataclass(frozen=True)
class Judgement:
    """The current duplicate judgement of incidents ``a < b`` and the event ``seq`` that
    recorded it."""

    a: str
    b: str
    judgement: str
    actor: str
    at: str
    reason: str
    seq: int

    @classmethod
    def from_edge(cls, a: str, b: str, props: dict[str, Any]) -> Judgement:
        """The judgement the properties of a ``(a)-[:JUDGED]->(b)`` edge record."""
        return cls(
            a, b, props["judgement"], props["actor"], props["at"], props["reason"], props["seq"]
        )


@dataclass(frozen=True)
class Counts:
    """Nodes by label, edges by relationship type, and the number of audit events."""

    nodes: dict[str, int]
    edges: dict[str, int]
    audit_events: int

    def as_dict(self) -> dict[str, Any]:
        """The counts as one JSON-ready mapping."""
        return {"nodes": self.nodes, "edges": self.edges, "audit_events": self.audit_events}


class GraphReader(Protocol):
    """The reads of the store contract a traversal needs; see :class:`~.contract.Store`."""

    def get_many(self, ids: Iterable[str]) -> dict[str, StoredItem]: ...

    def edges(
        self, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"] = "out"
    ) -> list[Edge]: ...

    def step(
        self, ids: Iterable[str], rels: Sequence[str]
    ) -> tuple[list[Edge], dict[str, StoredItem]]: ...

    def iter_items(self, label: str, batch_size: int = 5_000) -> Iterator[StoredItem]: ...
