"""The audit log seen through the store contract: its Merkle tree, checkpoints, histories.

Leaf ``i`` of the tree is the stored RFC 8785 body of event ``seq = i + 1``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.audit.checkpoint import Checkpoint, PrivateKey
from provenance.audit.merkle import MerkleTree, RootBuilder, leaf_hash
from provenance.errors import NotFoundError
from provenance.outlets.names import outlet_names

if TYPE_CHECKING:
    from provenance.store import AuditEvent, Store

ORIGIN_PREFIX = "provenance.local/audit-log/"


def default_origin(store: Store) -> str:
    """The log's name in checkpoints: fixed by its first event's hash (or ``…/empty``)."""
    first = next(iter(store.audit_events(1, 1)), None)
    return ORIGIN_PREFIX + (first.hash[:32] if first else "empty")


def log_tree(store: Store, size: int | None = None) -> MerkleTree:
    """The Merkle tree of the first ``size`` events (all when ``None``)."""
    return MerkleTree([leaf_hash(e.body) for e in store.audit_events(1, size)])


def log_root(store: Store) -> tuple[int, bytes]:
    """``(size, root)`` of the whole log, streaming (O(log n) memory)."""
    builder = RootBuilder()
    for event in store.audit_events():
        builder.push(leaf_hash(event.body))
    return builder.size, builder.root()


def make_checkpoint(store: Store, key: PrivateKey, origin: str | None = None) -> Checkpoint:
    """A checkpoint of the current log, signed with ``key``."""
    size, root = log_root(store)
    return Checkpoint(origin or default_origin(store), size, root).signed(key)


@dataclass(frozen=True)
class HistoryEntry:
    """One event that touched an item."""

    seq: int
    at: str
    clock: str
    actor: str
    action: str
    change: str
    hash: str
    reason: str | None
    event_hash: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


HISTORY_GAP = 10_000
"""Events of a history fewer than this many seqs apart are read in one streamed range."""


def events_at(store: Store, seqs: Iterable[int], gap: int = HISTORY_GAP) -> dict[int, AuditEvent]:
    """The events with the given ``seqs``, by seq, read in runs of
    :meth:`Store.audit_events`.

    Seqs fewer than ``gap`` apart share one streamed read: events close together cost one
    read however many they are, and no read streams more than ``gap - 1`` unwanted events
    between two wanted ones (one read over a long log would stream all of it).
    """
    wanted = sorted(set(seqs))
    found: dict[int, AuditEvent] = {}
    first = 0
    while first < len(wanted):
        last = first
        while last + 1 < len(wanted) and wanted[last + 1] - wanted[last] < gap:
            last += 1
        members = set(wanted[first : last + 1])
        for event in store.audit_events(wanted[first], wanted[last]):
            if event.seq in members:
                found[event.seq] = event
        first = last + 1
    return found


def item_history(store: Store, item_id: str) -> list[HistoryEntry]:
    """Every event that touched ``item_id``, oldest first (who, when, what, why).

    Two reads for a history of events close together, whatever its length: the item's
    rows, then their events (:func:`events_at`).
    """
    rows = store.audit_items(item_id=item_id)
    if not rows and store.get(item_id) is None:
        raise NotFoundError(f"no item with id {item_id!r}", "check the id with `provenance show`")
    events = events_at(store, (row.seq for row in rows))
    out: list[HistoryEntry] = []
    for row in rows:
        event = events.get(row.seq)
        if event is None:
            continue
        body = event.decoded()
        out.append(
            HistoryEntry(
                seq=row.seq,
                at=str(body.get("at")),
                clock=str(body.get("clock")),
                actor=str(body.get("actor")),
                action=str(body.get("action")),
                change=row.change,
                hash=row.hash,
                reason=body.get("reason"),
                event_hash=event.hash,
            )
        )
    return out


@dataclass(frozen=True)
class ItemLog:
    """An item's history with what a reader knows it by: its label and, for a source or
    statement that still exists, its outlet or author (``audit log --item``)."""

    id: str
    label: str | None
    outlet: str | None
    entries: list[HistoryEntry]

    def heading(self) -> str:
        """``url:054483190f213848 (Source; SCD)``: the whole id, its label and outlet."""
        about = "; ".join(x for x in (self.label, self.outlet) if x)
        return f"{self.id} ({about})" if about else self.id

    def rows(self) -> list[dict[str, Any]]:
        """The entries as JSON rows, each with the ``item`` and its ``outlet``."""
        return [{**e.as_dict(), "item": self.id, "outlet": self.outlet} for e in self.entries]


def item_log(store: Store, item_id: str) -> ItemLog:
    """:func:`item_history` of ``item_id`` with its label and outlet or author
    (:func:`provenance.outlets.names.outlet_names`; none once the item is gone)."""
    entries = item_history(store, item_id)
    names = outlet_names(store, [item_id])
    item = store.get(item_id)
    return ItemLog(item_id, item.label if item else None, names.get(item_id), entries)


def recent_events(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """The last ``limit`` events, decoded, oldest first."""
    total = store.counts().audit_events
    start = max(1, total - limit + 1)
    return [{**e.decoded(), "hash": e.hash} for e in store.audit_events(start)]
