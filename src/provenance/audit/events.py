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
from provenance.wording import plural

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
    """One thing wrong, at event ``seq`` (``None`` when it concerns the log as a whole).

    ``events`` names the events the problem is about (:func:`event_ref`): the two whose
    order or chain disagree, or the two a judgement and the log point to.
    """

    seq: int | None
    kind: str
    message: str
    events: tuple[dict[str, Any], ...] = ()


def event_ref(seq: int, obj: Any) -> dict[str, Any]:
    """Who event ``seq`` (its position in the log) is and what it says: ``{seq, event_id,
    action, at, says}``, and ``claims_seq`` when its body names another seq. ``obj`` is the
    decoded body, or ``None`` when there is no event at ``seq`` (or it is not JSON)."""
    if not isinstance(obj, dict):
        return {"seq": seq, "event_id": None, "action": None, "at": None, "says": "no event"}
    ref = {
        "seq": seq,
        "event_id": str(obj.get("event_id")),
        "action": str(obj.get("action")),
        "at": str(obj.get("at")),
        "says": _says(obj),
    }
    if obj.get("seq") != seq:
        ref["claims_seq"] = obj.get("seq")
    return ref


def _says(obj: dict[str, Any]) -> str:
    summary = obj.get("summary")
    summary = summary if isinstance(summary, dict) else {}
    if obj.get("action") == "judge":
        return f"{summary.get('a')} ~ {summary.get('b')}: {summary.get('judgement')}"
    items = obj.get("items")
    count = items.get("count") if isinstance(items, dict) else None
    if isinstance(count, int) and not isinstance(count, bool):
        return plural(count, "item")
    return "no item count" if count is None else f"item count {count!r}"


def describe(ref: dict[str, Any]) -> str:
    """:func:`event_ref` as text: ``event 3 (id 29e68643…, judge at <time>: a ~ b: same)``."""
    if ref["event_id"] is None:
        return f"event {ref['seq']} (none in the log)"
    name = f"event {ref['seq']}"
    if "claims_seq" in ref:
        name = f"the event at position {ref['seq']}, which says it is event {ref['claims_seq']}"
    return f"{name} (id {ref['event_id'][:12]}…, {ref['action']} at {ref['at']}: {ref['says']})"


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
    body: bytes,
    seq: int,
    prev: str,
    *,
    deep: bool = True,
    before: dict[str, Any] | None = None,
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check one event's bytes against its expected ``seq`` and the previous event's hash.

    ``deep`` also checks that the bytes are exactly their RFC 8785 encoding (a format
    check: integrity rests on the hashes of the stored bytes, whatever their form).
    ``before`` is the :func:`event_ref` of the event before it: an event out of order or
    off the chain is then named with that one, and what each says.
    Returns the decoded body (``None`` when undecodable) and the problems found.
    """
    try:
        obj, unusual = _load(body, deep)
    except (ValueError, RecursionError):
        return None, [Problem(seq, "undecodable", f"event {seq} is not valid JSON")]
    if not isinstance(obj, dict) or set(obj) != EVENT_KEYS:
        return None, [Problem(seq, "malformed", f"event {seq} lacks the fields of an audit event")]
    try:
        canonical = _canonical_form(body, obj, unusual) if deep else body
    except (ValueError, RecursionError):  # NaN, an integer or float RFC 8785 cannot encode
        canonical = b""
    problems: list[Problem] = []
    if canonical != body:
        problems.append(
            Problem(seq, "not-canonical", f"event {seq} is not stored as RFC 8785 bytes")
        )
    pair = _pair(before, event_ref(seq, obj))
    if obj["seq"] != seq:
        problems.append(
            Problem(
                seq,
                "seq",
                f"event at position {seq} says it is event {obj['seq']!r}, out of order"
                + _follows(pair),
                pair,
            )
        )
    if obj["prev"] != prev:
        problems.append(
            Problem(
                seq,
                "chain",
                f"event {seq} does not chain to the event before it (prev {str(obj['prev'])[:16]}…"
                f" ≠ {prev[:16] or '(none)'}…)" + ("" if problems else _follows(pair)),
                pair,
            )
        )
    return obj, problems


def _pair(before: dict[str, Any] | None, ref: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    return (ref,) if before is None else (before, ref)


def _follows(pair: tuple[dict[str, Any], ...]) -> str:
    """``: <event> follows <event>`` for a pair of :func:`event_ref` (nothing for one)."""
    if len(pair) < 2:
        return ""
    return f": {describe(pair[1])} follows {describe(pair[0])}"
