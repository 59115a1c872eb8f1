"""The log against outside checkpoints: each one's signature, root and age.

A checkpoint vouches for the first ``size`` events of the log and nothing after them: its
age is that of the last event it covers (the checkpoint itself carries no time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from provenance.audit.checkpoint import Checkpoint, CheckpointError, PublicKey


@dataclass(frozen=True)
class CheckpointResult:
    """The outcome of checking the log against one outside checkpoint."""

    label: str
    origin: str
    size: int
    root: str
    ok: bool
    kind: str
    """ok | signature | truncated | mismatch"""
    message: str
    last_event_at: str | None = None
    """When the last event the checkpoint covers was recorded (``None`` for size 0 or a
    log shorter than the checkpoint): the checkpoint vouches for nothing later."""
    age_seconds: float | None = None
    """Seconds from ``last_event_at`` to the verification."""

    def age(self) -> str:
        """``size 10, last event 2026-11-27T10:00:00.000000Z, 3 days ago``."""
        if self.last_event_at is None or self.age_seconds is None:
            return f"size {self.size}"
        return f"size {self.size}, last event {self.last_event_at}, {ago(self.age_seconds)}"


def ago(seconds: float) -> str:
    """``3 days ago``, ``5 hours ago``, ``12 minutes ago``, ``just now``."""
    for unit, length in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= length:
            n = int(seconds // length)
            return f"{n} {unit}{'s' if n > 1 else ''} ago"
    return "just now" if seconds >= 0 else "in the future (the clock disagrees)"


def age_seconds(at: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds from the audit timestamp ``at`` to ``now`` (``None`` when unreadable)."""
    try:
        moment = dt.datetime.fromisoformat(str(at))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return ((now or dt.datetime.now(dt.UTC)) - moment).total_seconds()


def check_checkpoints(
    checkpoints: Sequence[tuple[str, Checkpoint]],
    key: PublicKey | None,
    size: int,
    roots: dict[int, bytes],
    times: dict[int, str | None],
) -> list[CheckpointResult]:
    """Check each ``(label, checkpoint)`` against a log of ``size`` events: its signature
    by ``key``, then its root. ``roots`` and ``times`` hold, for each checkpoint's size
    ``n``, the root of the log's first ``n`` events and when event ``n`` was recorded."""
    now = dt.datetime.now(dt.UTC)
    results: list[CheckpointResult] = []
    for label, cp in checkpoints:
        kind, message = "ok", "the log extends this checkpoint"
        try:
            if key is None:
                raise CheckpointError("no public key given", "pass --pubkey")
            cp.verify(key)
        except CheckpointError as exc:
            kind, message = "signature", exc.brief()
        if kind == "ok" and cp.size > size:
            kind = "truncated"
            message = (
                f"the log has {size} events but the checkpoint covers {cp.size}: events"
                f" {size + 1}–{cp.size} were removed (truncated or deleted)"
            )
        elif kind == "ok" and roots.get(cp.size) != cp.root:
            kind = "mismatch"
            message = (
                f"the first {cp.size} events do not match the checkpoint's root: the log was"
                " altered or rewritten"
            )
        at = times.get(cp.size)
        results.append(
            CheckpointResult(
                label,
                cp.origin,
                cp.size,
                cp.root.hex(),
                kind == "ok",
                kind,
                message,
                last_event_at=at,
                age_seconds=age_seconds(at, now),
            )
        )
    return results
