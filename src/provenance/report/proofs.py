"""The audit events of a report with their Merkle inclusion proofs, step by step (pure).

The proofs are :class:`provenance.audit.merkle.MerkleTree`'s (RFC 6962 ``PATH``), checked
by :func:`provenance.audit.merkle.verify_inclusion` before they are printed. For a reader
who recomputes them by hand, :func:`fold_steps` spells out the RFC 9162 section 2.1.3.2
fold that :func:`~provenance.audit.merkle.root_from_inclusion_proof` performs: at each step
whether the path element is the left or the right half, and the hash it gives
(:func:`~provenance.audit.merkle.node_hash`); its end is checked against that function.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.audit.checkpoint import CheckpointError
from provenance.audit.merkle import (
    MerkleTree,
    inclusion_folds,
    leaf_hash,
    verify_inclusion,
)
from provenance.canonical import canonical_bytes

if TYPE_CHECKING:
    from provenance.audit.checkpoint import Checkpoint, PublicKey
    from provenance.store import AuditEvent


@dataclass(frozen=True)
class ProofStep:
    """One fold of an inclusion proof: ``hash = SHA-256(0x01 || left || right)`` where the
    path element ``sibling`` is the ``side`` (left or right) half."""

    side: str
    sibling: str
    result: str


@dataclass(frozen=True)
class EventProof:
    """One audit event as printed: its exact bytes, its hashes, and its inclusion proof in
    the tree of ``tree_size`` events (``steps`` empty and ``covered`` false for an event
    after the checkpoint)."""

    seq: int
    body: str
    event_hash: str
    leaf_hash: str
    at: str
    actor: str
    action: str
    reason: str | None
    items_count: int
    items_digest: str
    covered: bool
    steps: list[ProofStep] = field(default_factory=list)
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    """The rows ``(id, label, content hash, change)`` of the event for the report's items."""
    rows_json: str | None = None
    """The RFC 8785 JSON of every row of the event, sorted, whose SHA-256 is its
    ``items.digest`` (``None`` for a large event, an import: then only :attr:`rows`)."""

    @property
    def index(self) -> int:
        """The event's leaf index in the tree: ``seq - 1``."""
        return self.seq - 1


@dataclass(frozen=True)
class CheckpointInfo:
    """What the proofs lead to: a signed checkpoint checked against the log, or (without
    one) the log's current root, which nobody outside vouches for."""

    size: int
    root: str
    """Hex."""
    anchored: bool
    origin: str = ""
    root_base64: str = ""
    text: str = ""
    """The checkpoint file, as signed (``anchored`` only)."""
    key: str = ""
    """The verifier key that checked its signature (``name+keyid+base64``)."""
    log_size: int = 0
    """Events in the log when the report was made."""


def fold_steps(index: int, size: int, leaf: bytes, proof: list[bytes]) -> list[ProofStep]:
    """The folds of the inclusion proof of leaf ``index`` of a tree of ``size`` leaves (RFC
    9162 section 2.1.3.2, :func:`~provenance.audit.merkle.inclusion_folds`), each with its
    side and result, in hex; the last result is the root."""
    return [
        ProofStep(side, sibling.hex(), result.hex())
        for side, sibling, result in inclusion_folds(index, size, leaf, proof)
    ]


def event_proof(
    event: AuditEvent,
    tree: MerkleTree,
    size: int,
    rows: list[tuple[str, str, str, str]],
    *,
    every_row: list[tuple[str, str, str, str]] | None = None,
) -> EventProof:
    """``event`` with its inclusion proof in the first ``size`` leaves of ``tree`` (none
    when it comes after them), verified against that tree's root; ``rows`` are the
    report's rows of it, ``every_row`` all of them when they are to be printed."""
    body = event.decoded()
    leaf = leaf_hash(event.body)
    covered = event.seq <= size
    steps: list[ProofStep] = []
    if covered:
        proof = tree.inclusion_proof(event.seq - 1, size)
        verify_inclusion(event.seq - 1, size, leaf, proof, tree.root(size))
        steps = fold_steps(event.seq - 1, size, leaf, proof)
    declared = body.get("items")
    items: dict[str, Any] = declared if isinstance(declared, dict) else {}
    return EventProof(
        seq=event.seq,
        body=event.body.decode("utf-8"),
        event_hash=hashlib.sha256(event.body).hexdigest(),
        leaf_hash=leaf.hex(),
        at=str(body.get("at")),
        actor=str(body.get("actor")),
        action=str(body.get("action")),
        reason=body.get("reason"),
        items_count=int(items.get("count") or 0),
        items_digest=str(items.get("digest") or ""),
        covered=covered,
        steps=steps,
        rows=rows,
        rows_json=None if every_row is None else canonical_bytes(sorted(every_row)).decode(),
    )


def checkpoint_info(
    tree: MerkleTree, checkpoint: Checkpoint | None, key: PublicKey | None
) -> CheckpointInfo:
    """The checkpoint the proofs lead to: ``checkpoint`` (its signature checked with
    ``key``, its root with the log's first ``checkpoint.size`` events: a
    :class:`~provenance.audit.checkpoint.CheckpointError` or
    :class:`~provenance.audit.merkle.ProofError` when either fails), else the whole log's
    current root, unanchored."""
    if checkpoint is None or key is None:
        return CheckpointInfo(tree.size, tree.root().hex(), False, log_size=tree.size)
    checkpoint.verify(key)
    if checkpoint.size > tree.size or tree.root(checkpoint.size) != checkpoint.root:
        raise CheckpointError(
            f"the checkpoint (size {checkpoint.size}) does not match this store's log",
            "run `provenance audit verify --checkpoint FILE --pubkey FILE` to find out why",
        )
    return CheckpointInfo(
        size=checkpoint.size,
        root=checkpoint.root.hex(),
        anchored=True,
        origin=checkpoint.origin,
        root_base64=base64.b64encode(checkpoint.root).decode(),
        text=checkpoint.text(),
        key=key.text(),
        log_size=tree.size,
    )
