"""Audit events: how every backend builds the one event a write appends to the log.

An event's body is canonical JSON (RFC 8785, :mod:`provenance.canonical`) chained to the
previous event's hash; the items it touched are stored beside it and summarised in the body
by their count and digest. Also here: the log's one timestamp format and the default actor.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Sequence
from typing import Any

from provenance.canonical import canonical_bytes, content_hash, sha256_hex
from provenance.errors import ProvenanceError
from provenance.rules import check_text
from provenance.store.types import AuditEvent, AuditRow


def default_actor() -> str:
    """The OS user name, the default ``--actor``."""
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def utc_now() -> dt.datetime:
    """The current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


def iso_utc(moment: dt.datetime) -> str:
    """``2017-06-01T12:00:00.000000Z`` — the one timestamp format of the audit log.

    >>> iso_utc(dt.datetime(2017, 6, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    '2017-06-01T12:00:00.000000Z'
    """
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def items_digest(items: Sequence[AuditRow]) -> str:
    """SHA-256 over the canonical, sorted list of ``[id, label, hash, change]``."""
    return content_hash(sorted(map(tuple, items)))  # tuples encode as JSON arrays


def event_items(items: Sequence[AuditRow]) -> list[AuditRow]:
    """``items`` of :meth:`~.contract.Store.record_event` as a list, checked: four strings
    each, ids unique. Raises :class:`ProvenanceError` otherwise."""
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
    items: Sequence[AuditRow],
    reason: str | None,
    summary: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Build audit event ``seq`` chained to ``prev_hash`` (``""`` for the first).

    ``items`` are ``(id, label, content hash, change)`` of everything the event touched;
    the body records their count and digest (the rows themselves are stored beside the
    event). ``event_id`` is derived from the content and the previous hash, so a retried
    transaction produces the same id and is never appended twice. The actor and reason
    may hold no control characters (:func:`~provenance.rules.check_text`), on every backend.
    """
    check_text(actor, "the actor")
    check_text(reason or "", "the reason")
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
