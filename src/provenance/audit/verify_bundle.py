"""Offline verification of an inquiry bundle (see :mod:`provenance.audit.bundle`).

Needs only the bundle directory and the monitor's public key obtained independently.
Every problem names the file it concerns.

A bundle is untrusted input, checked in this order and refused at the first step that
fails, before anything it names is read: the tree holds only directories and regular
files (no symbolic link, no FIFO or device, nothing outside it); the manifest's signature
verifies; the manifest has the shape of :class:`~provenance.audit.bundle_schema.Manifest`,
every path in it relative and inside the bundle. Without a valid signature the files the
manifest lists are not read at all; the fixed files of the bundle (checkpoint, log, items)
are still checked against the signed checkpoint, its timestamp token against ``--tsa-cert``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from provenance.audit.anchor import age_seconds, ago
from provenance.audit.bundle import ITEM_FILES, TOKEN_FILE
from provenance.audit.bundle_schema import (
    MANIFEST_FILES,
    BundledItem,
    ItemList,
    ItemRows,
    JudgementList,
    Manifest,
    Proofs,
    ShapeError,
    parse,
)
from provenance.audit.checkpoint import CheckpointError, PublicKey, parse_checkpoint
from provenance.audit.events import check_event
from provenance.audit.merkle import ProofError, leaf_hash, verify_inclusion
from provenance.audit.tsa_verify import TimestampResult, TrustAnchors, check_token
from provenance.canonical import content_hash
from provenance.store import items_digest
from provenance.wording import plural

MAX_FILES = 100_000
"""Entries of a bundle tree beyond which it is refused (a bundle holds one incident)."""


@dataclass
class BundleReport:
    """Problems as ``(file, message)``; ``changed`` lists files that differ from the manifest.

    ``checkpoint_size`` is the size of the signed checkpoint the bundle's proofs lead to
    and ``newest_at`` when the newest event the bundle proves was recorded: the bundle
    vouches for nothing later (a replayed older bundle verifies, and says how old it is).
    """

    problems: list[tuple[str, str]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    events: int = 0
    items: int = 0
    checkpoint_size: int | None = None
    newest_seq: int | None = None
    newest_at: str | None = None
    timestamp: TimestampResult | None = None
    """The checkpoint's timestamp token, checked against ``--tsa-cert`` or not."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, file: str, message: str) -> None:
        self.problems.append((file, message))

    def age(self) -> str:
        """The checkpoint's size and the age of the newest event proven, in words."""
        if self.checkpoint_size is None:
            return "no signed checkpoint"
        text = f"signed checkpoint of {self.checkpoint_size} events"
        seconds = age_seconds(self.newest_at)
        if self.newest_at is not None and seconds is not None:
            text += f"; its newest event here, {self.newest_seq}, was recorded {self.newest_at}"
            text += f" ({ago(seconds)})"
        return text

    def lines(self) -> list[str]:
        """The verdict for people, then one line per problem."""
        if not self.ok:
            return ["FAILED: the bundle does not verify."] + [
                f"  {file}: {message}" for file, message in self.problems
            ]
        time = [f"  {self.timestamp.line()}"] if self.timestamp else []
        return [
            f"OK: {plural(self.items, 'item')} and {plural(self.events, 'event')} verify"
            f" against the {self.age()}.",
            *time,
            "  The bundle proves the log as it was at that checkpoint and nothing recorded"
            " since: ask the monitor for a newer bundle or checkpoint to see later changes.",
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "items": self.items,
            "checkpoint_size": self.checkpoint_size,
            "newest_event": self.newest_seq,
            "newest_event_at": self.newest_at,
            "newest_event_age_seconds": age_seconds(self.newest_at),
            "changed_files": self.changed,
            "timestamp": self.timestamp.as_dict() if self.timestamp else None,
            "problems": [{"file": f, "message": m} for f, m in self.problems],
        }


def verify_bundle(root: Path, key: PublicKey, tsa: TrustAnchors | None = None) -> BundleReport:
    """Check every file, signature, proof and hash of the bundle at ``root``, and the
    checkpoint's timestamp token against ``tsa`` (``None``: reported as not checked)."""
    report = BundleReport()
    present = _safe_tree(report, root)
    if present is None:
        return report
    manifest = _signed_manifest(report, root, key)
    if manifest is not None:
        _check_listed_files(report, root, manifest, present)
    try:
        signed = _read(root, "checkpoint.txt")
        cp = parse_checkpoint(signed.decode(), "checkpoint.txt")
        cp.verify(key)
    except (CheckpointError, OSError, UnicodeDecodeError) as exc:
        brief = exc.brief() if isinstance(exc, CheckpointError) else "missing or unreadable"
        report.add("checkpoint.txt", brief)
        return report
    report.checkpoint_size = cp.size
    _check_timestamp(report, root, signed, tsa, TOKEN_FILE in present)
    proofs = _doc(report, root, "log/proofs.json", Proofs)
    rows = _doc(report, root, "log/items.json", ItemRows)
    recorded = _check_events(report, root, (cp.size, cp.root), proofs, rows)
    _check_items(report, root, recorded)
    judgements = _doc(report, root, "judgements.json", JudgementList)
    for j in judgements.root if judgements else []:
        if j.seq not in recorded.seqs:
            report.add("judgements.json", f"judgement {j.a}–{j.b} has no event")
    return report


def _check_timestamp(
    report: BundleReport, root: Path, signed: bytes, tsa: TrustAnchors | None, present: bool
) -> None:
    """Check the token over the checkpoint's bytes ``signed``, if the bundle has one."""
    if not present:
        if tsa is not None:
            message = "the bundle has no timestamp token: the checkpoint's time is not attested"
            report.timestamp = TimestampResult(TOKEN_FILE, None, "absent", message)
        return
    try:
        report.timestamp = check_token(TOKEN_FILE, _read(root, TOKEN_FILE), signed, tsa)
    except OSError as exc:
        return report.add(TOKEN_FILE, f"cannot be read ({exc.strerror or exc})")
    if report.timestamp.ok is False:
        report.add(TOKEN_FILE, report.timestamp.message)


def _safe_tree(report: BundleReport, root: Path) -> set[str] | None:
    """Every regular file under ``root`` (relative POSIX paths, without the manifest's two),
    from ``lstat`` alone: ``None``, with a problem per entry, when the tree holds anything
    but directories and regular files, or ``root`` is no directory."""
    try:
        if not stat.S_ISDIR(os.lstat(root).st_mode):
            report.add(str(root), "not a directory: give the bundle's directory")
            return None
    except OSError as exc:
        report.add(str(root), f"cannot be read ({exc.strerror})")
        return None
    files: set[str] = set()
    bad = 0
    stack = [""]
    while stack and len(files) <= MAX_FILES:
        prefix = stack.pop()
        try:
            entries = list(os.scandir(root / prefix if prefix else root))
        except OSError as exc:
            report.add(prefix or ".", f"refused: the directory cannot be read ({exc.strerror})")
            return None
        for entry in entries:
            name = f"{prefix}{entry.name}"
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                report.add(name, f"refused: cannot be read ({exc.strerror})")
                return None
            if stat.S_ISDIR(mode):
                stack.append(name + "/")
            elif stat.S_ISREG(mode):
                files.add(name)
            else:
                bad += 1
                report.add(name, f"refused: {_kind(mode)} — a bundle holds only regular files")
    if len(files) > MAX_FILES:
        report.add(".", f"refused: more than {MAX_FILES} files — not a bundle of one incident")
        return None
    return None if bad else files - set(MANIFEST_FILES)


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link (never followed)"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device or special file"


def _read(root: Path, name: str) -> bytes:
    """The bytes of the regular file ``name`` of the bundle, never through a link."""
    fd = os.open(root / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(f"{name} is not a regular file")
        return f.read()


def _signed_manifest(report: BundleReport, root: Path, key: PublicKey) -> Manifest | None:
    """The manifest, if its signature by ``key`` verifies and it has the manifest's shape."""
    try:
        raw = _read(root, "MANIFEST.json")
    except OSError:
        report.add("MANIFEST.json", "missing or unreadable")
        return None
    try:
        text = _read(root, "MANIFEST.sig").decode("ascii").strip()
        sig = base64.b64decode(text, validate=True)
    except OSError:
        report.add(
            "MANIFEST.sig", "missing: an unsigned manifest could have been rewritten by anyone"
        )
        return None
    except (binascii.Error, ValueError):
        sig = b""
    if sig[:4] != key.id or not key.verify(sig[4:], raw):
        report.add(
            "MANIFEST.json",
            "the manifest's signature does not verify: it was altered (the files it lists"
            " were not read)",
        )
        return None
    try:
        return parse(Manifest, raw)
    except ShapeError as exc:
        report.add("MANIFEST.json", f"refused: not a bundle manifest — {exc}")
        return None


def _check_listed_files(
    report: BundleReport, root: Path, manifest: Manifest, present: set[str]
) -> None:
    for name, digest in sorted(manifest.files.items()):
        if name not in present:
            report.add(name, "missing (listed in the manifest)")
            report.changed.append(name)
            continue
        try:
            data = _read(root, name)
        except OSError as exc:
            report.add(name, f"cannot be read ({exc.strerror or exc})")
            report.changed.append(name)
            continue
        if hashlib.sha256(data).hexdigest() != digest:
            report.add(name, "changed: its SHA-256 differs from the manifest")
            report.changed.append(name)
    for name in sorted(present - manifest.files.keys()):
        report.add(name, "added: not in the manifest")
        report.changed.append(name)


D = TypeVar("D", Proofs, ItemRows, ItemList, BundledItem, JudgementList)


def _doc(report: BundleReport, root: Path, name: str, model: type[D]) -> D | None:
    """The bundle file ``name`` parsed as ``model``; ``None`` with a problem otherwise."""
    try:
        return parse(model, _read(root, name))
    except OSError:
        report.add(name, "missing or unreadable")
    except ShapeError as exc:
        report.add(name, f"not in the bundle's format: {exc}")
    return None


@dataclass
class Recorded:
    """What the signed log says: each item id's latest recorded hash, the events proven."""

    hashes: dict[str, str] = field(default_factory=dict)
    seqs: set[int] = field(default_factory=set)
    latest: dict[str, int] = field(default_factory=dict)


def _check_events(
    report: BundleReport,
    root: Path,
    signed: tuple[int, bytes],
    proofs: Proofs | None,
    rows: ItemRows | None,
) -> Recorded:
    """Check each event's proof and items against the checkpoint ``signed`` (size, root)."""
    recorded = Recorded()
    try:
        lines = _read(root, "log/events.jsonl").split(b"\n")
    except OSError:
        report.add("log/events.jsonl", "missing")
        return recorded
    prev_seq, prev_hash = None, ""
    for body in lines[:-1] if lines and lines[-1] == b"" else lines:
        try:
            seq = int(json.loads(body)["seq"])
        except (ValueError, KeyError, TypeError, RecursionError):
            report.add("log/events.jsonl", "a line is not an audit event")
            continue
        expected_prev = prev_hash if prev_seq == seq - 1 else None
        obj, problems = check_event(body, seq, expected_prev or "")
        for p in problems:
            if p.kind != "chain" or expected_prev is not None:
                report.add("log/events.jsonl", p.message)
        _check_proof(report, seq, body, signed, proofs)
        event_rows = rows.root.get(str(seq), []) if rows else []
        digest = items_digest([(r.item_id, r.label, r.hash, r.change) for r in event_rows])
        if obj is not None and obj["items"] != {"count": len(event_rows), "digest": digest}:
            report.add("log/items.json", f"the items of event {seq} were altered")
        for r in event_rows:  # an item's latest hash is that of its highest event
            if seq >= recorded.latest.get(r.item_id, 0):
                recorded.hashes[r.item_id], recorded.latest[r.item_id] = r.hash, seq
        recorded.seqs.add(seq)
        if obj is not None and (report.newest_seq is None or seq > report.newest_seq):
            report.newest_seq, report.newest_at = seq, str(obj["at"])
        prev_seq, prev_hash = seq, hashlib.sha256(body).hexdigest()
        report.events += 1
    return recorded


def _check_proof(
    report: BundleReport,
    seq: int,
    body: bytes,
    signed: tuple[int, bytes],
    proofs: Proofs | None,
) -> None:
    try:
        path = [bytes.fromhex(h) for h in (proofs.proofs if proofs else {}).get(str(seq), [])]
        verify_inclusion(seq - 1, signed[0], leaf_hash(body), path, signed[1])
    except (ProofError, ValueError) as exc:
        cause = exc.brief() if isinstance(exc, ProofError) else str(exc)
        report.add("log/events.jsonl", f"event {seq}: not in the signed log ({cause})")


def _check_items(report: BundleReport, root: Path, recorded: Recorded) -> None:
    for label, name in ITEM_FILES.items():
        if label == "Incident":
            single = _doc(report, root, name, BundledItem)
            items = [single] if single else []
        else:
            listed = _doc(report, root, name, ItemList)
            items = listed.root if listed else []
        for item in items:
            report.items += 1
            if _hash(item.data) != item.hash:
                report.add(name, f"item {item.id}: its content does not match its hash")
            elif recorded.hashes.get(item.id) != item.hash:
                report.add(name, f"item {item.id}: its hash is not the one the signed log recorded")
            digest = item.data.get("sha256") if label == "Source" else None
            if isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest):
                _check_original(report, root, digest)


def _hash(data: dict[str, Any]) -> str | None:
    """The content hash of ``data``; ``None`` for values RFC 8785 cannot encode (NaN)."""
    try:
        return content_hash(data)
    except (ValueError, RecursionError):
        return None


def _check_original(report: BundleReport, root: Path, digest: str) -> None:
    name = f"originals/{digest}"
    try:
        data = _read(root, name)
    except FileNotFoundError:
        return  # left out: the signed manifest says why
    except OSError as exc:
        report.add(name, f"cannot be read ({exc})")
        return
    if hashlib.sha256(data).hexdigest() != digest:
        report.add(name, "the original does not match its hash")
