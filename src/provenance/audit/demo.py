"""The audit part of the June 2017 walk-through: a key, a signed checkpoint, the log
verified against it, and one incident bundled for an inquiry and verified offline.

:func:`run` does the work and returns what happened; printing it is the caller's.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.audit.bundle import write_bundle
from provenance.audit.checkpoint import generate_key, write_keypair
from provenance.audit.log import make_checkpoint
from provenance.audit.verify import LogReport, verify_log
from provenance.audit.verify_bundle import BundleReport, verify_bundle

if TYPE_CHECKING:
    from provenance.store import Store

KEY_NAME = "provenance-demo"
PREFERRED_INCIDENT = "ill-mosul-1"
"""The incident bundled when the store has it (else the first incident)."""


@dataclass(frozen=True)
class AuditDemo:
    """What :func:`run` wrote and found."""

    directory: Path
    """``<out_dir>/audit``: the keys, the checkpoint and the bundle."""
    public_key: Path
    checkpoint: Path
    log: LogReport
    """The log verified against the checkpoint."""
    incident: str | None
    """The incident bundled, or ``None`` when the store has no incident."""
    bundle: Path | None
    bundle_report: BundleReport | None
    """The bundle verified offline against the public key."""


def run(store: Store, out_dir: Path) -> AuditDemo:
    """Make a fresh ``out_dir/audit``: sign a checkpoint of ``store``'s log with a new key,
    verify the log against it, bundle one incident and verify the bundle offline."""
    audit_dir = out_dir / "audit"
    if audit_dir.exists():
        shutil.rmtree(audit_dir)
    audit_dir.mkdir(parents=True)
    key = generate_key(KEY_NAME)
    public = audit_dir / "demo.pub"
    write_keypair(key, audit_dir / "demo.key", public)
    cp = make_checkpoint(store, key)
    checkpoint = audit_dir / "checkpoint.txt"
    checkpoint.write_text(cp.text(), encoding="utf-8")
    log = verify_log(store, [(checkpoint.name, cp)], key.public)
    incidents = [i.id for i in store.iter_items("Incident")]
    if not incidents:
        return AuditDemo(audit_dir, public, checkpoint, log, None, None, None)
    incident = PREFERRED_INCIDENT if PREFERRED_INCIDENT in incidents else incidents[0]
    bundle = audit_dir / f"bundle-{incident}"
    write_bundle(store, incident, bundle, key=key)
    report = verify_bundle(bundle, key.public)
    return AuditDemo(audit_dir, public, checkpoint, log, incident, bundle, report)
