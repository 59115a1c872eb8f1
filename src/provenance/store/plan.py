"""Planning a write: what an ingest or a judgement changes, decided through the contract's reads.

Every backend calls :func:`plan` (for :meth:`~.contract.Store.ingest`) and
:func:`plan_judgement` (for :meth:`~.contract.Store.judge`) inside its write transaction,
then writes what the plan says with the plan's audit items, so that both backends check
references, apply the custody rule and report the same way. The functions only read the
store (:meth:`~.contract.Store.stored_versions` and :meth:`~.contract.Store.get_many`);
they never write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from provenance.canonical import content_hash
from provenance.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    ProvenanceError,
    ReferenceError_,
    field_problem,
)
from provenance.store.events import iso_utc, utc_now
from provenance.store.origins import merge
from provenance.store.rows import (
    FIELD_OF_REL,
    REFERENCE_TARGETS,
    Batch,
    EdgeRow,
    NodeRow,
    restored_row,
)
from provenance.store.types import AuditRow, Disagreement, IngestReport, Judgement, StoredItem
from provenance.vocab import JUDGEMENTS, JudgementValue

if TYPE_CHECKING:
    from provenance.store.contract import Store


@dataclass
class Plan:
    """What an ingest must write: nodes to create or update, and the edges they own."""

    create: list[NodeRow]
    update: list[NodeRow]
    unchanged: int
    edges: list[EdgeRow]
    """Edges owned by the created and updated nodes (replacing the old ones of updates)."""
    disagreements: list[Disagreement] = field(default_factory=list)
    """Stated values not written because an analyst's (or case file's) value outranks them."""

    @cached_property
    def changed(self) -> list[NodeRow]:
        """The created and updated nodes in id order (the order backends write them in)."""
        return sorted(self.create + self.update, key=attrgetter("id"))

    def audit_items(self) -> list[AuditRow]:
        """The audit rows of the ingest's event, in id order."""
        updated = {r.id for r in self.update}
        return [
            (r.id, r.label, r.hash, "updated" if r.id in updated else "created")
            for r in self.changed
        ]

    def summary(self) -> dict[str, Any]:
        """The event's summary: created and updated nodes by label, and the fields an
        analyst set (``provenance set``) with their new values."""
        summary: dict[str, Any] = {
            "created": _by_label(self.create),
            "updated": _by_label(self.update),
        }
        edits = {
            r.id: {f: r.data.get(f) for f in sorted(r.given)}
            for r in self.changed
            if r.by == "analyst" and r.given is not None
        }
        if edits:
            summary["set"] = edits
        return summary

    def report(self, seq: int | None) -> IngestReport:
        """The :class:`IngestReport` of this plan written as event ``seq`` (``None``: no
        change, no event)."""
        found = tuple(self.disagreements)
        if seq is None:
            return IngestReport(0, 0, self.unchanged, None, disagreements=found)
        return IngestReport(
            len(self.create),
            len(self.update),
            self.unchanged,
            seq,
            _by_label(self.create),
            _by_label(self.update),
            found,
        )


def _by_label(rows: list[NodeRow]) -> dict[str, int]:
    return dict(Counter(r.label for r in rows))


def plan(store: Store, batch: Batch) -> Plan:
    """Check ``batch`` against itself and ``store`` and decide what to write.

    Items whose content hash is unchanged are left out; an item already stored takes the
    fields the input states, field by field by their origins (:func:`merge_stored`,
    unless ``batch.replace``); a source with a captured original keeps it
    (:func:`keep_captures`). Raises :class:`ConflictError` or :class:`ReferenceError_`
    naming the item, field and id. Reads only.
    """
    existing = store.stored_versions([row.id for row in batch.nodes])
    create: list[NodeRow] = []
    update: list[NodeRow] = []
    unchanged = 0
    for row in batch.nodes:
        old = existing.get(row.id)
        if old is None:
            create.append(row)
        elif old[0] != row.label:
            raise ConflictError(
                f"id {row.id!r} is already a {old[0]} in the store, not a {row.label}",
                "ids are unique across the whole store: choose another id",
                where=batch.where[row.id],
            )
        elif old[1] != row.hash:
            update.append(row)
        else:
            unchanged += 1
    stored = store.get_many([row.id for row in update]) if update else {}
    merged = Merged() if batch.replace else merge_stored(batch, update, stored)
    update, kept = keep_captures(batch, merged.rows if not batch.replace else update, stored)
    changed = {row.id for row in create} | {row.id for row in update}
    if len(changed) == len(batch.nodes) and not merged.edges:  # every item new or changed
        edges = list(batch.edges)
    else:
        edges = [e for e in batch.edges if e.owner in changed and e.owner not in merged.edges]
    edges += [e for owner, own in merged.edges.items() if owner in changed for e in own]
    check_references(store, batch, edges)
    return Plan(
        create=create,
        update=update,
        unchanged=unchanged + merged.unchanged + kept,
        edges=edges,
        disagreements=merged.disagreements,
    )


@dataclass
class Merged:
    """Stored items merged with the fields an input states (:func:`merge_stored`)."""

    rows: list[NodeRow] = field(default_factory=list)
    """The merged rows that still change their item."""
    edges: dict[str, list[EdgeRow]] = field(default_factory=dict)
    """The edges each merged row owns, by its id (they replace the input's)."""
    unchanged: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)


def merge_stored(batch: Batch, update: list[NodeRow], stored: dict[str, StoredItem]) -> Merged:
    """Merge each row of ``update`` with its stored item by the fields' origins
    (:func:`provenance.store.origins.merge`): an analyst's value is never overwritten by
    an import or a case file, a case file changes only the fields it gives.

    The merged fields are checked by the model again (a case file giving only ``date_end``
    may put it before the stored ``date``): :class:`InputError` names the item.
    """
    from pydantic import ValidationError  # only an ingest that updates items needs pydantic

    out = Merged()
    for row in update:
        old = stored[row.id]
        data, found = merge(row.label, old.data, row.data, row.by, row.given)
        out.disagreements.extend(found)
        if data == old.data:
            out.unchanged += 1
            continue
        try:
            new, edges = restored_row(row.label, data, row.by, row.given)
        except ValidationError as exc:
            raise InputError(
                f"{batch.where[row.id]}: with the stored fields kept, the item is not valid:"
                f" {field_problem(exc.errors()[0])}",
                "give the related fields together, or use --replace to replace the item whole",
            ) from None
        if new.hash == old.hash:
            out.unchanged += 1
            continue
        out.rows.append(new)
        out.edges[row.id] = edges
    return out


def keep_captures(
    batch: Batch, update: list[NodeRow], stored: dict[str, StoredItem]
) -> tuple[list[NodeRow], int]:
    """The custody rule for updated sources: a captured original is never replaced or dropped.

    A source whose stored ``sha256`` is set keeps it (and ``captured_at``) when the input
    leaves them out — re-ingesting the case file a capture came from changes nothing —
    and an input giving a *different* ``sha256`` is refused with :class:`ConflictError`.
    Returns the rows still to update and how many turned out unchanged.
    """
    sources = [row for row in update if row.label == "Source"]
    if not sources:
        return update, 0
    replaced: dict[str, NodeRow | None] = {}
    for row in sources:
        old = stored[row.id].data
        if not old.get("sha256"):
            continue
        new_hash = row.data.get("sha256")
        if new_hash and new_hash != old["sha256"]:
            raise ConflictError(
                f"source {row.id!r} has a captured original with sha256 {old['sha256']},"
                f" and the input gives {new_hash}",
                "a captured original is never replaced: record the new capture as a new source",
                where=batch.where[row.id],
            )
        data = {**row.data, "sha256": old["sha256"]}
        if not row.data.get("captured_at"):
            data["captured_at"] = old.get("captured_at")
        merged = NodeRow(row.id, row.label, data, content_hash(data), None, row.by, row.given)
        replaced[row.id] = None if merged.hash == stored[row.id].hash else merged
    if not replaced:
        return update, 0
    rows = [replaced[r.id] if r.id in replaced else r for r in update]
    kept = [r for r in rows if r is not None]
    return kept, len(rows) - len(kept)


_rel, _dst = attrgetter("rel"), attrgetter("dst")
TARGETS_OF_REL = {rel: targets for (_, rel), targets in REFERENCE_TARGETS.items()}
"""Relationship → labels the referenced id may have: the same whatever the owner's label
(a test keeps it so), so the usual import's check needs no owner's label."""


def check_references(store: Store, batch: Batch, edges: Iterable[EdgeRow]) -> None:
    """Check that every reference of ``edges`` names an item of the batch or the store
    with a label :data:`~.rows.REFERENCE_TARGETS` allows; one read for all of them.

    Raises :class:`ReferenceError_` naming the item, the field and the id.
    """
    labels = batch.labels()
    edges = list(edges)
    if _refs_in_batch(labels, edges):
        return
    refs = [e.ref for e in edges]
    missing = set(refs).difference(labels)
    if missing:
        labels.update({i: v[0] for i, v in store.stored_versions(missing).items()})
    # each kind of reference checked once (a million edges are a few dozen kinds) ...
    kinds = {(labels[e.owner], e.rel, labels.get(ref)) for e, ref in zip(edges, refs, strict=True)}
    if all(found in REFERENCE_TARGETS[(owner, rel)] for owner, rel, found in kinds):
        return
    for e in edges:  # ... and the first edge of a wrong kind named
        owner_label = labels[e.owner]
        allowed = REFERENCE_TARGETS[(owner_label, e.rel)]
        found = labels.get(e.ref)
        if found is not None and found in allowed:
            continue
        fld = FIELD_OF_REL[(owner_label, e.rel)]
        if found is None:
            raise ReferenceError_(
                f"{batch.where[e.owner]}: field {fld!r} refers to {e.ref!r}, which is"
                " neither in this input nor in the store",
                f"add a {' or '.join(sorted(allowed))} with id {e.ref!r}, or correct the id",
            )
        raise ReferenceError_(
            f"{batch.where[e.owner]}: field {fld!r} refers to {e.ref!r}, which is a"
            f" {found}, expected {' or '.join(sorted(allowed))}",
            "correct the id",
        )


def _refs_in_batch(labels: dict[str, str], edges: list[EdgeRow]) -> bool:
    """Whether every reference of ``edges`` names an item of the batch (``labels``) of a
    label its relationship allows — the usual import, checked in C-level loops (the whole
    check of a 1M-source import's 4M edges: 1.9 s instead of 2.8). False when some do not
    (the caller then looks in the store and names the first wrong one)."""
    rels = list(map(_rel, edges))
    # the referenced id is the edge's dst (EdgeRow.ref), but the src for HAS_CLAIM
    kinds = set(zip(rels, map(labels.get, map(_dst, edges)), strict=True))
    kinds = {k for k in kinds if k[0] != "HAS_CLAIM"}
    claims = compress(edges, map("HAS_CLAIM".__eq__, rels))
    kinds.update(("HAS_CLAIM", labels.get(e.src)) for e in claims)
    return all(found in TARGETS_OF_REL[rel] for rel, found in kinds)


@dataclass(frozen=True)
class JudgementPlan:
    """A duplicate judgement of incidents ``a < b`` about to be written."""

    a: str
    b: str
    judgement: JudgementValue
    actor: str
    reason: str
    at: str
    items: list[AuditRow]
    """The audit rows of its event: both incidents, change ``judged``."""

    def summary(self) -> dict[str, Any]:
        """The event's summary: the pair and the judgement."""
        return {"a": self.a, "b": self.b, "judgement": self.judgement}

    def props(self, seq: int) -> dict[str, Any]:
        """The properties of the ``JUDGED`` edge, written with event ``seq``."""
        return {
            "judgement": self.judgement,
            "actor": self.actor,
            "at": self.at,
            "reason": self.reason,
            "seq": seq,
        }

    def result(self, seq: int) -> Judgement:
        """The :class:`Judgement` as :meth:`~.contract.Store.judge` returns it."""
        return Judgement(self.a, self.b, self.judgement, self.actor, self.at, self.reason, seq)


def check_judgement(judgement: str) -> None:
    """Raise :class:`ProvenanceError` unless ``judgement`` is same, different or unsure."""
    if judgement not in JUDGEMENTS:
        raise ProvenanceError(
            f"unknown judgement {judgement!r}", "use one of: same, different, unsure"
        )


def plan_judgement(
    store: Store, a: str, b: str, judgement: JudgementValue, *, actor: str, reason: str
) -> JudgementPlan:
    """Check a judgement of incidents ``a`` and ``b`` and order the pair (``a < b``).

    Raises :class:`ProvenanceError` for an unknown judgement and :class:`NotFoundError`
    when either id is not an incident or both are one. One read.
    """
    check_judgement(judgement)
    a, b = sorted((a, b))
    found = store.get_many([a, b])
    for i in (a, b):
        if i not in found or found[i].label != "Incident":
            raise NotFoundError(
                f"no incident with id {i!r}", "check the ids with `provenance duplicates`"
            )
    if a == b:
        raise NotFoundError("an incident cannot be judged against itself", "give two different ids")
    items = [(i, "Incident", found[i].hash, "judged") for i in (a, b)]
    return JudgementPlan(a, b, judgement, actor, reason, iso_utc(utc_now()), items)
