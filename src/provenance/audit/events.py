"""One audit event checked on its own: its fields, its RFC 8785 form, its place in the chain,
and the digest of its item rows.

Shared by the verification of a store's log (:mod:`provenance.audit.verify`), of the graph
against it (:mod:`provenance.audit.state`) and of an inquiry bundle offline
(:mod:`provenance.audit.verify_bundle`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.canonical import canonical_bytes
from provenance.store import items_digest

if TYPE_CHECKING:
    from provenance.store import AuditItem

EVENT_KEYS = frozenset(
    {"v", "seq", "prev", "event_id", "at", "clock", "actor", "action", "items", "reason", "summary"}
)
"""The fields of every audit event body, no more, no fewer."""

_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_MAX_INT = 2**53 - 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at event ``seq`` (``None`` when it concerns the log as a whole)."""

    seq: int | None
    kind: str
    message: str


def digest_of_items(rows: Iterable[AuditItem]) -> str:
    """The ``items.digest`` of an event from its stored rows, by
    :func:`provenance.store.items_digest`, the function that made it."""
    return items_digest([(r.item_id, r.label, r.hash, r.change) for r in rows])


def _int_hook(unusual: list[str]) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if not -_MAX_INT <= value <= _MAX_INT:
            unusual.append(text)
        return value

    return parse


def _load(body: bytes, deep: bool) -> tuple[Any, list[str]]:
    """The decoded body and, when ``deep``, the number literals JSON cannot carry exactly
    (floats, integers beyond 2**53). Raises ``ValueError`` for bytes that are not JSON."""
    unusual: list[str] = []
    if deep:
        return json.loads(body, parse_float=unusual.append, parse_int=_int_hook(unusual)), unusual
    return json.loads(body), unusual


def _canonical_form(body: bytes, obj: Any, unusual: list[str]) -> bytes:
    """The RFC 8785 bytes of the decoded ``obj``."""
    if unusual or not body.isascii():
        # floats, huge integers or non-ASCII text: the full RFC 8785 encoder decides
        return canonical_bytes(json.loads(body) if unusual else obj)
    # plain ASCII JSON with small integers: the stdlib encoding is RFC 8785's
    return _ENCODE(obj).encode()


def check_event(
    body: bytes, seq: int, prev: str, *, deep: bool = True
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check one event's bytes against its expected ``seq`` and the previous event's hash.

    ``deep`` also checks that the bytes are exactly their RFC 8785 encoding (a format
    check: integrity rests on the hashes of the stored bytes, whatever their form).
    Returns the decoded body (``None`` when undecodable) and the problems found.
    """
    try:
        obj, unusual = _load(body, deep)
    except ValueError:
        return None, [Problem(seq, "undecodable", f"event {seq} is not valid JSON")]
    if not isinstance(obj, dict) or set(obj) != EVENT_KEYS:
        return None, [Problem(seq, "malformed", f"event {seq} lacks the fields of an audit event")]
    canonical = _canonical_form(body, obj, unusual) if deep else body
    problems: list[Problem] = []
    if canonical != body:
        problems.append(
            Problem(seq, "not-canonical", f"event {seq} is not stored as RFC 8785 bytes")
        )
    if obj["seq"] != seq:
        problems.append(
            Problem(seq, "seq", f"event at position {seq} says it is event {obj['seq']!r}")
        )
    if obj["prev"] != prev:
        problems.append(
            Problem(
                seq,
                "chain",
                f"event {seq} does not chain to the event before it (prev {str(obj['prev'])[:16]}…"
                f" ≠ {prev[:16] or '(none)'}…)",
            )
        )
    return obj, problems
