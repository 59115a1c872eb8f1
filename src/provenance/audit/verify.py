"""Verify the audit log: the hash chain, the items of every event, the Merkle root, and
that the log extends checkpoints signed elsewhere.

Without an outside checkpoint only internal consistency can be checked: whoever controls
the database can rewrite the whole chain consistently. :class:`LogReport` says so plainly.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Any

from provenance.audit.checkpoint import Checkpoint, CheckpointError, PublicKey
from provenance.audit.merkle import RootBuilder, leaf_hash
from provenance.canonical import canonical_bytes

if TYPE_CHECKING:
    from provenance.store import AuditEvent, AuditItem, Store

INTERNAL_ONLY = (
    "No outside checkpoint was given: only the log's internal consistency was checked. "
    "Whoever controls this database could have rewritten the whole log consistently; "
    "verify against a checkpoint and public key kept elsewhere "
    "(`provenance audit verify --checkpoint FILE --pubkey FILE`)."
)
EVENT_KEYS = frozenset(
    {"v", "seq", "prev", "event_id", "at", "clock", "actor", "action", "items", "reason", "summary"}
)
EVENT_CHUNK = 10_000
"""Events read before the item rows of their seq range are streamed."""


def digest_of_items(rows: Iterable[AuditItem]) -> str:
    """The ``items.digest`` of an event from its stored rows (see ``store.base.items_digest``)."""
    listed = sorted([r.item_id, r.label, r.hash, r.change] for r in rows)
    return hashlib.sha256(canonical_bytes(listed)).hexdigest()


_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_MAX_INT = 2**53 - 1


def _int_hook(unusual: list[str]) -> Any:
    def parse(text: str) -> int:
        value = int(text)
        if not -_MAX_INT <= value <= _MAX_INT:
            unusual.append(text)
        return value

    return parse


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at event ``seq`` (``None`` when it concerns the log as a whole)."""

    seq: int | None
    kind: str
    message: str


def check_event(
    body: bytes, seq: int, prev: str, *, deep: bool = True
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check one event's bytes against its expected ``seq`` and the previous event's hash.

    ``deep`` also checks that the bytes are exactly their RFC 8785 encoding (a format
    check: integrity rests on the hashes of the stored bytes, whatever their form).
    Returns the decoded body (``None`` when undecodable) and the problems found.
    """
    problems: list[Problem] = []
    unusual: list[str] = []
    try:
        if deep:
            obj = json.loads(body, parse_float=unusual.append, parse_int=_int_hook(unusual))
        else:
            obj = json.loads(body)
    except ValueError:
        return None, [Problem(seq, "undecodable", f"event {seq} is not valid JSON")]
    if not isinstance(obj, dict) or set(obj) != EVENT_KEYS:
        return None, [Problem(seq, "malformed", f"event {seq} lacks the fields of an audit event")]
    if not deep:
        canonical = body
    elif unusual or not body.isascii():
        # floats, huge integers or non-ASCII text: the full RFC 8785 encoder decides
        if unusual:
            obj = json.loads(body)
        canonical = canonical_bytes(obj)
    else:  # plain ASCII JSON with small integers: the stdlib encoding is RFC 8785's
        canonical = _ENCODE(obj).encode()
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


@dataclass
class LogReport:
    """The outcome of :func:`verify_log`."""

    size: int = 0
    root: str = ""
    head: str = ""
    problems: list[Problem] = field(default_factory=list)
    checkpoints: list[CheckpointResult] = field(default_factory=list)
    seconds: float = 0.0
    items_checked: bool = True
    first_bad: int | None = None
    altered_range: tuple[int, int] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and all(c.ok for c in self.checkpoints)

    @property
    def anchored(self) -> bool:
        """True when at least one outside checkpoint was checked."""
        return bool(self.checkpoints)

    def summary(self) -> str:
        """One paragraph for people: what was checked and what was found."""
        if self.ok:
            text = f"OK: {self.size} events, chain intact, Merkle root {self.root}."
            if self.anchored:
                sizes = ", ".join(str(c.size) for c in self.checkpoints)
                text += f" The log extends the signed checkpoint(s) of size {sizes}."
            else:
                text += " " + INTERNAL_ONLY
            return text
        where = f"first bad event: {self.first_bad}" if self.first_bad else "see the problems"
        if self.altered_range:
            where += f" (the first altered event lies in seq {self.altered_range[0]}–{self.altered_range[1]})"
        return f"FAILED: the audit log does not verify — {where}."

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "size": self.size,
            "root": self.root,
            "head": self.head,
            "first_bad_event": self.first_bad,
            "altered_range": list(self.altered_range) if self.altered_range else None,
            "externally_anchored": self.anchored,
            "items_checked": self.items_checked,
            "problems": [p.__dict__ for p in self.problems],
            "checkpoints": [c.__dict__ for c in self.checkpoints],
            "seconds": round(self.seconds, 3),
            "summary": self.summary(),
        }


def verify_log(
    store: Store,
    checkpoints: Sequence[tuple[str, Checkpoint]] = (),
    key: PublicKey | None = None,
    *,
    check_items: bool = True,
    deep: bool = False,
    max_problems: int = 50,
) -> LogReport:
    """Check every event of ``store``'s log, its Merkle root, and each ``(label, checkpoint)``.

    Every checkpoint must carry a valid signature by ``key``; the root of the log's first
    ``checkpoint.size`` events must equal the checkpoint's root (recomputed from the events,
    not taken from the store). Problems name the first bad event. ``deep`` adds the RFC 8785
    form check of every event (about twice the time).
    """
    start = time.perf_counter()
    report = LogReport(items_checked=check_items)
    wanted = {cp.size for _, cp in checkpoints}
    roots: dict[int, bytes] = {}
    builder = RootBuilder()
    if 0 in wanted:
        roots[0] = builder.root()
    prev, expected = "", 1
    problems: list[Problem] = []
    for ev, rows in events_with_items(store, check_items=check_items):
        computed = hashlib.sha256(ev.body).hexdigest()
        if ev.seq != expected:
            problems.append(
                Problem(
                    expected,
                    "gap" if ev.seq > expected else "order",
                    f"event {expected} is missing: found event {ev.seq} in its place",
                )
            )
        obj, found = check_event(ev.body, expected, prev, deep=deep)
        problems.extend(found)
        if computed != ev.hash:
            problems.append(
                Problem(expected, "hash", f"event {expected}'s bytes do not match its stored hash")
            )
        if obj is not None:
            if ev.prev_hash != obj["prev"] or ev.event_id != obj["event_id"]:
                problems.append(
                    Problem(
                        expected, "columns", f"event {expected}'s columns disagree with its body"
                    )
                )
            if rows is not None:
                problems.extend(_check_items(rows, expected, obj))
        builder.push(leaf_hash(ev.body))
        if builder.size in wanted:
            roots[builder.size] = builder.root()
        prev = computed
        expected += 1
        if len(problems) >= max_problems:
            break
    report.size = builder.size
    report.root = builder.root().hex()
    report.head = prev
    report.problems = problems[:max_problems]
    _check_checkpoints(report, checkpoints, key, roots)
    report.seconds = time.perf_counter() - start
    return report


def events_with_items(
    store: Store, *, check_items: bool = True, chunk: int | None = None
) -> Iterator[tuple[AuditEvent, list[AuditItem] | None]]:
    """Every event in seq order with its item rows (``None`` when not ``check_items``).

    The rows are streamed with :meth:`Store.iter_audit_items`, one range per ``chunk``
    events (default :data:`EVENT_CHUNK`), read after those events: an event and its rows are committed together, so
    every row of an event already read is visible (rows of later events are skipped, and
    so are rows whose seq has no event). Should a store return events out of seq order,
    their rows are read one event at a time.
    """
    events = iter(store.audit_events())
    size = chunk or EVENT_CHUNK
    while batch := list(islice(events, size)):
        if not check_items:
            yield from ((ev, None) for ev in batch)
            continue
        if any(a.seq >= b.seq for a, b in pairwise(batch)):
            yield from ((ev, store.audit_items(seq=ev.seq)) for ev in batch)
            continue
        stream = store.iter_audit_items(batch[0].seq, batch[-1].seq)
        row = next(stream, None)
        for ev in batch:
            while row is not None and row.seq < ev.seq:
                row = next(stream, None)
            rows: list[AuditItem] = []
            while row is not None and row.seq == ev.seq:
                rows.append(row)
                row = next(stream, None)
            yield ev, rows


def _check_items(rows: list[AuditItem], seq: int, obj: dict[str, Any]) -> list[Problem]:
    declared = obj.get("items")
    if not isinstance(declared, dict):
        return [Problem(seq, "items", f"event {seq} has no items record")]
    if len(rows) != declared.get("count") or digest_of_items(rows) != declared.get("digest"):
        return [
            Problem(
                seq,
                "items",
                f"the items recorded for event {seq} (ids and content hashes) were altered",
            )
        ]
    return []


def _check_checkpoints(
    report: LogReport,
    checkpoints: Sequence[tuple[str, Checkpoint]],
    key: PublicKey | None,
    roots: dict[int, bytes],
) -> None:
    for label, cp in checkpoints:
        kind, message = "ok", "the log extends this checkpoint"
        try:
            if key is None:
                raise CheckpointError("no public key given", "pass --pubkey")
            cp.verify(key)
        except CheckpointError as exc:
            kind, message = "signature", str(exc)
        if kind == "ok" and cp.size > report.size:
            kind = "truncated"
            message = (
                f"the log has {report.size} events but the checkpoint covers {cp.size}: events"
                f" {report.size + 1}–{cp.size} were removed (truncated or deleted)"
            )
        elif kind == "ok" and roots.get(cp.size) != cp.root:
            kind = "mismatch"
            message = (
                f"the first {cp.size} events do not match the checkpoint's root: the log was"
                " altered or rewritten"
            )
        report.checkpoints.append(
            CheckpointResult(label, cp.origin, cp.size, cp.root.hex(), kind == "ok", kind, message)
        )
    _locate(report)


def _locate(report: LogReport) -> None:
    """Name the first bad event, or bound it between checkpoints when the chain is intact."""
    seqs = [p.seq for p in report.problems if p.seq is not None]
    good = [c.size for c in report.checkpoints if c.ok]
    bad = [c.size for c in report.checkpoints if c.kind == "mismatch"]
    if seqs:
        report.first_bad = min(seqs)
    truncated = [c.size for c in report.checkpoints if c.kind == "truncated"]
    if truncated and report.first_bad is None:
        report.first_bad = report.size + 1
    if bad and report.first_bad is None:
        upper = min(bad)
        lower = max([g for g in good if g < upper], default=0)
        report.altered_range = (lower + 1, min(upper, report.size))
        if lower + 1 == upper:
            report.first_bad = upper
