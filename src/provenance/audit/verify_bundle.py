"""Offline verification of an inquiry bundle (see :mod:`provenance.audit.bundle`).

Needs only the bundle directory and the monitor's public key obtained independently.
Every problem names the file it concerns.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.audit.bundle import ITEM_FILES
from provenance.audit.checkpoint import CheckpointError, PublicKey, load_checkpoint
from provenance.audit.events import check_event
from provenance.audit.merkle import ProofError, leaf_hash, verify_inclusion
from provenance.canonical import content_hash
from provenance.store import items_digest


@dataclass
class BundleReport:
    """Problems as ``(file, message)``; ``changed`` lists files that differ from the manifest."""

    problems: list[tuple[str, str]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    events: int = 0
    items: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, file: str, message: str) -> None:
        self.problems.append((file, message))

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "items": self.items,
            "changed_files": self.changed,
            "problems": [{"file": f, "message": m} for f, m in self.problems],
        }


def _json(report: BundleReport, root: Path, name: str) -> Any:
    try:
        return json.loads((root / name).read_bytes())
    except (OSError, ValueError) as exc:
        report.add(name, f"missing or unreadable ({exc})")
        return None


def verify_bundle(root: Path, key: PublicKey) -> BundleReport:
    """Check every file, signature, proof and hash of the bundle at ``root``."""
    report = BundleReport()
    _check_manifest(report, root, key)
    try:
        cp = load_checkpoint(root / "checkpoint.txt")
        cp.verify(key)
    except CheckpointError as exc:
        report.add("checkpoint.txt", exc.brief())
        return report
    proofs = _json(report, root, "log/proofs.json") or {}
    items_doc = _json(report, root, "log/items.json") or {}
    recorded = _check_events(report, root, cp.size, cp.root, proofs, items_doc)
    _check_items(report, root, recorded)
    judgements = _json(report, root, "judgements.json") or []
    for j in judgements:
        if str(j.get("seq")) not in recorded["__events__"]:
            report.add("judgements.json", f"judgement {j.get('a')}–{j.get('b')} has no event")
    return report


def _check_manifest(report: BundleReport, root: Path, key: PublicKey) -> None:
    try:
        raw = (root / "MANIFEST.json").read_bytes()
        manifest = json.loads(raw)
    except (OSError, ValueError):
        report.add("MANIFEST.json", "missing or unreadable")
        return
    sig_path = root / "MANIFEST.sig"
    try:
        sig = base64.b64decode(sig_path.read_text().strip(), validate=True)
    except OSError:
        report.add(
            "MANIFEST.sig", "missing: an unsigned manifest could have been rewritten by anyone"
        )
        sig = None
    except (binascii.Error, ValueError):
        sig = b""
    if sig is not None and (sig[:4] != key.id or not key.verify(sig[4:], raw)):
        report.add("MANIFEST.json", "the manifest's signature does not verify: it was altered")
    listed: dict[str, str] = manifest.get("files", {})
    present = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name not in ("MANIFEST.json", "MANIFEST.sig")
    }
    for name, digest in sorted(listed.items()):
        path = root / name
        if not path.is_file():
            report.add(name, "missing (listed in the manifest)")
            report.changed.append(name)
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            report.add(name, "changed: its SHA-256 differs from the manifest")
            report.changed.append(name)
    for name in sorted(present - listed.keys()):
        report.add(name, "added: not in the manifest")
        report.changed.append(name)


def _check_events(
    report: BundleReport,
    root: Path,
    size: int,
    cp_root: bytes,
    proofs: dict[str, Any],
    items_doc: dict[str, Any],
) -> dict[str, Any]:
    """Check each event's proof and items; return ``item id → latest recorded hash``."""
    latest: dict[str, Any] = {"__events__": set()}
    latest_seq: dict[str, int] = {}
    try:
        lines = (root / "log/events.jsonl").read_bytes().split(b"\n")
    except OSError:
        report.add("log/events.jsonl", "missing")
        return latest
    prev_seq, prev_hash = None, ""
    for body in lines[:-1] if lines and lines[-1] == b"" else lines:
        try:
            seq = int(json.loads(body)["seq"])
        except (ValueError, KeyError, TypeError):
            report.add("log/events.jsonl", "a line is not an audit event")
            continue
        expected_prev = prev_hash if prev_seq == seq - 1 else None
        obj, problems = check_event(body, seq, expected_prev or "")
        for p in problems:
            if p.kind != "chain" or expected_prev is not None:
                report.add("log/events.jsonl", p.message)
        try:
            path = [bytes.fromhex(h) for h in proofs.get("proofs", {}).get(str(seq), [])]
            verify_inclusion(seq - 1, size, leaf_hash(body), path, cp_root)
        except (ProofError, ValueError) as exc:
            cause = exc.brief() if isinstance(exc, ProofError) else str(exc)
            report.add("log/events.jsonl", f"event {seq}: not in the signed log ({cause})")
        rows = items_doc.get(str(seq), [])
        digest = items_digest([(r["item_id"], r["label"], r["hash"], r["change"]) for r in rows])
        if obj is not None and obj["items"] != {"count": len(rows), "digest": digest}:
            report.add("log/items.json", f"the items of event {seq} were altered")
        for r in rows:  # an item's latest hash is that of its highest event, in any line order
            if seq >= latest_seq.get(r["item_id"], 0):
                latest[r["item_id"]], latest_seq[r["item_id"]] = r["hash"], seq
        latest["__events__"].add(str(seq))
        prev_seq, prev_hash = seq, hashlib.sha256(body).hexdigest()
        report.events += 1
    return latest


def _check_items(report: BundleReport, root: Path, latest: dict[str, Any]) -> None:
    for label, name in ITEM_FILES.items():
        doc = _json(report, root, name)
        if doc is None:
            continue
        for item in [doc] if label == "Incident" else doc:
            report.items += 1
            iid = item.get("id")
            if content_hash(item.get("data")) != item.get("hash"):
                report.add(name, f"item {iid}: its content does not match its hash")
            elif latest.get(iid) != item.get("hash"):
                report.add(name, f"item {iid}: its hash is not the one the signed log recorded")
            digest = item.get("data", {}).get("sha256") if label == "Source" else None
            original = root / "originals" / str(digest)
            if digest and original.is_file():
                if hashlib.sha256(original.read_bytes()).hexdigest() != digest:
                    report.add(f"originals/{digest}", "the original does not match its hash")
