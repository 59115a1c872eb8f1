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
    disagreements: tuple[Disagreement, ...] = ()
    """Fields where the input gave another value than the analyst's (or case file's)
    value, which was kept (:func:`provenance.store.origins.merge`)."""


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


@dataclass(frozen=True)
class Disagreement:
    """An input giving ``value`` for a field whose stored ``kept`` value was set by a
    higher-ranking origin (an analyst, a case file), which was kept."""

    id: str
    label: str
    field: str
    value: Any
    kept: Any
    kept_by: dict[str, str]
    input_by: str = "import"
    """What gave ``value``: ``import`` (an export) or ``case`` (a case file)."""

    def text(self) -> str:
        """One line: ``Source x: reliability: export now says 'C' where the analyst
        (alice, 2026-…) set 'B' (kept)``."""
        said = "export now says" if self.input_by == "import" else "case file says"
        who = self.kept_by.get("by", "")
        if who == "analyst":
            setter = f"the analyst ({self.kept_by.get('actor')}, {self.kept_by.get('at')})"
        else:
            setter = "a case file"
        return (
            f"{self.label} {self.id}: {self.field}: {said} {self.value!r}"
            f" where {setter} set {self.kept!r} (kept)"
        )

    def as_dict(self) -> dict[str, Any]:
        """The disagreement as one JSON-ready mapping."""
        return {
            "id": self.id,
            "label": self.label,
            "field": self.field,
            "input": self.input_by,
            "input_value": self.value,
            "kept_value": self.kept,
            "kept_by": self.kept_by,
            "text": self.text(),
        }
