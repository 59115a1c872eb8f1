"""Verify the audit log: the hash chain, the items of every event, the Merkle root, and
that the log extends checkpoints signed elsewhere; and :func:`verify_all`, which adds the
graph (:mod:`provenance.audit.state`) and the captured originals
(:mod:`provenance.audit.originals`) and decides what "verified" means.

Without an outside checkpoint only internal consistency can be checked: whoever controls
the database can rewrite the whole chain consistently. :class:`LogReport` says so plainly.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Any

from provenance.audit.anchor import CheckpointResult, check_checkpoints
from provenance.audit.checkpoint import Checkpoint, PublicKey
from provenance.audit.events import Problem, check_event, describe, digest_of_items, event_ref
from provenance.audit.merkle import RootBuilder, leaf_hash
from provenance.audit.originals import OriginalsReport, verify_store_originals
from provenance.audit.state import verify_state
from provenance.audit.tsa_verify import TimestampResult
from provenance.errors import UsageError
from provenance.wording import plural

if TYPE_CHECKING:
    from provenance.store import AuditEvent, AuditItem, Store

INTERNAL_ONLY = (
    "No outside checkpoint was given: only the log's internal consistency was checked. "
    "Whoever controls this database could have rewritten the whole log consistently; "
    "verify against a checkpoint and public key kept elsewhere "
    "(`provenance audit verify --checkpoint FILE --pubkey FILE`)."
)
EVENT_CHUNK = 10_000
"""Events read before the item rows of their seq range are streamed."""


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

    @property
    def newest(self) -> CheckpointResult | None:
        """The largest checkpoint the log extends (``None`` without one)."""
        return max((c for c in self.checkpoints if c.ok), key=lambda c: c.size, default=None)

    @property
    def unprotected(self) -> int:
        """Events after the newest checkpoint the log extends: a consistent rewrite of
        them cannot be detected without a newer checkpoint (all events without one)."""
        newest = self.newest
        return self.size - (newest.size if newest else 0)

    def coverage(self) -> str:
        """One sentence: what the newest checkpoint covers, and what lies after it (without
        a checkpoint, every event)."""
        newest = self.newest
        if newest is None:
            return f"All {self.size} events are unprotected." if self.size else ""
        if not self.unprotected:
            return f"The newest checkpoint ({newest.age()}) covers every event."
        n = self.unprotected
        which = (
            f"Event {self.size} (1 event) lies"
            if n == 1
            else (f"Events {newest.size + 1}–{self.size} ({n} events) lie")
        )
        return (
            f"{which} after the newest checkpoint ({newest.age()}), unprotected: a rewrite of"
            " them cannot be detected without a newer checkpoint (sign one with `provenance"
            " audit checkpoint` and keep it elsewhere)."
        )

    def summary(self) -> str:
        """One paragraph for people: what was checked and what was found."""
        if self.ok:
            text = f"OK: {plural(self.size, 'event')}, chain intact, Merkle root {self.root}."
            if self.anchored:
                sizes = ", ".join(str(c.size) for c in self.checkpoints)
                which = "checkpoint" if len(self.checkpoints) == 1 else "checkpoints"
                text += f" The log extends the signed {which} of size {sizes}. "
                text += self.coverage()
            else:
                text += " " + INTERNAL_ONLY + " " + self.coverage()
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
            "unprotected_events": self.unprotected,
            "newest_checkpoint": self.newest.__dict__ if self.newest else None,
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
    times: dict[int, str | None] = {}
    builder = RootBuilder()
    if 0 in wanted:
        roots[0] = builder.root()
    prev, expected = "", 1
    before: dict[str, Any] | None = None
    problems: list[Problem] = []
    for ev, rows in events_with_items(store, check_items=check_items, chunk=EVENT_CHUNK):
        computed = hashlib.sha256(ev.body).hexdigest()
        found, before = _check_stored_event(ev, rows, computed, expected, (prev, before), deep)
        problems.extend(found)
        builder.push(leaf_hash(ev.body))
        if builder.size in wanted:
            roots[builder.size] = builder.root()
            times[builder.size] = before["at"]
        prev = computed
        expected += 1
        if len(problems) >= max_problems:
            break
    report.size = builder.size
    report.root = builder.root().hex()
    report.head = prev
    report.problems = problems[:max_problems]
    report.checkpoints = check_checkpoints(checkpoints, key, report.size, roots, times)
    _locate(report)
    report.seconds = time.perf_counter() - start
    return report


def _check_stored_event(
    ev: AuditEvent,
    rows: list[AuditItem] | None,
    computed: str,
    expected: int,
    previous: tuple[str, dict[str, Any] | None],
    deep: bool,
) -> tuple[list[Problem], dict[str, Any]]:
    """The problems of the event found at position ``expected`` of the log, whose bytes
    hash to ``computed``, and its :func:`~provenance.audit.events.event_ref`.

    ``previous`` is the hash and the reference of the event before it."""
    prev, before = previous
    obj, found = check_event(ev.body, expected, prev, deep=deep, before=before)
    ref = event_ref(ev.seq, obj)
    problems: list[Problem] = []
    if ev.seq != expected:
        problems.append(
            Problem(
                expected,
                "gap" if ev.seq > expected else "order",
                f"event {expected} is missing: found {describe(ref)} in its place",
                (ref,) if before is None else (before, ref),
            )
        )
    problems.extend(found)
    if computed != ev.hash:
        problems.append(
            Problem(expected, "hash", f"event {expected}'s bytes do not match its stored hash")
        )
    if obj is not None:
        if ev.prev_hash != obj["prev"] or ev.event_id != obj["event_id"]:
            problems.append(
                Problem(expected, "columns", f"event {expected}'s columns disagree with its body")
            )
        if rows is not None:
            problems.extend(_check_items(rows, expected, obj))
    return problems, ref


def events_with_items(
    store: Store,
    *,
    check_items: bool = True,
    chunk: int | None = None,
    start: int = 1,
    end: int | None = None,
) -> Iterator[tuple[AuditEvent, list[AuditItem] | None]]:
    """Every event with ``start <= seq <= end`` in seq order with its item rows (``None``
    when not ``check_items``).

    The rows are streamed with :meth:`Store.iter_audit_items`, one range per ``chunk``
    events (default :data:`EVENT_CHUNK`), read after those events: an event and its rows
    are committed together, so every row of an event already read is visible (rows of
    later events are skipped, and so are rows whose seq has no event). Should a store
    return events out of seq order, their rows are read one event at a time.
    """
    events = iter(store.audit_events(start, end))
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


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of :func:`verify_all`: the log, the graph against it, the originals."""

    log: LogReport
    state: list[Problem] | None
    """Differences between the graph and the log; ``None`` when the graph was not checked."""
    originals: OriginalsReport
    timestamps: tuple[TimestampResult, ...] = ()
    """The timestamp tokens beside the checkpoints (:mod:`provenance.audit.tsa_verify`)."""

    @property
    def ok(self) -> bool:
        """What "verified" means: the log verifies (chain, items, Merkle root, every
        checkpoint), the graph matches it (when checked), no captured original is
        missing, unreadable or altered, and no checkpoint's timestamp token is refused.

        Originals that could not be checked at all (no originals directory) and tokens not
        checked (no ``--tsa-cert``) do not fail it; :meth:`lines` and :meth:`as_dict` say
        so plainly.
        """
        timestamps_ok = all(t.ok is not False for t in self.timestamps)
        return self.log.ok and not self.state and self.originals.ok and timestamps_ok

    def as_dict(self) -> dict[str, Any]:
        """The log's report with the graph and the originals, and the overall ``ok``."""
        result = self.log.as_dict()
        result["ok"] = self.ok
        result["state_checked"] = self.state is not None
        result["state_problems"] = [p.__dict__ for p in self.state or []]
        result["originals_problems"] = [str(p) for p in self.originals.problems]
        result["originals"] = self.originals.as_dict()
        result["timestamps"] = [t.as_dict() for t in self.timestamps]
        return result

    def lines(self) -> list[str]:
        """The report for people: the log's summary, then one indented line per finding."""
        out = [self.log.summary()]
        out += [f"  event {p.seq}: {p.message}" for p in self.log.problems]
        for c in self.log.checkpoints:
            mark = "ok " if c.ok else "BAD"
            out.append(f"  [{mark}] checkpoint {c.label} ({c.age()}): {c.message}")
        out += [f"  {t.line()}" for t in self.timestamps]
        out += [f"  graph: {p.message}" for p in self.state or []]
        out += [f"  {line}" for line in self.originals.lines()]
        if self.log.ok and not self.ok:
            out.append(
                "FAILED: the log verifies, but the graph, the originals or a checkpoint's"
                " timestamp do not match it."
            )
        return out


def verify_all(
    store: Store,
    checkpoints: Sequence[tuple[str, Checkpoint]] = (),
    key: PublicKey | None = None,
    *,
    check_items: bool = True,
    deep: bool = False,
    check_state: bool = True,
    timestamps: Sequence[TimestampResult] = (),
) -> VerifyReport:
    """Verify the log (:func:`verify_log`), the graph against it
    (:func:`~provenance.audit.state.verify_state`, unless not ``check_state``) and the
    captured originals (:func:`~provenance.audit.originals.verify_store_originals`), with
    the ``timestamps`` of the checkpoints
    (:func:`~provenance.audit.tsa_verify.checkpoint_times`).

    :attr:`VerifyReport.ok` is the verdict. Checkpoints without their signer's ``key`` are a
    :class:`~provenance.errors.UsageError`.
    """
    if checkpoints and key is None:
        raise UsageError("--checkpoint needs --pubkey", "give the public key of the signer")
    log = verify_log(store, checkpoints, key, check_items=check_items, deep=deep)
    state = verify_state(store) if check_state else None
    return VerifyReport(log, state, verify_store_originals(store), tuple(timestamps))
