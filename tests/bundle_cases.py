"""Signed inquiry bundles to attack: for the golden cases of ``tests/malformed/bundles/``
(their ``make.py``) and the tests of ``verify-bundle``."""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from provenance.audit.bundle import write_bundle
from provenance.audit.checkpoint import PrivateKey, generate_key, write_keypair
from provenance.audit.custody import capture
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore

INCIDENT = "ill-mosul-1"
SOURCE = "ill-src-mosul-post"
"""A source supporting a claim of :data:`INCIDENT`, given a captured original."""


def signed_bundle(work: Path) -> tuple[Path, PrivateKey]:
    """Write ``work/bundle`` (incident :data:`INCIDENT`, one captured original) signed by a
    new key whose public half is ``work/k.pub``; return the bundle and the key."""
    key = generate_key("monitor")
    write_keypair(key, work / "k.key", work / "k.pub")
    example = Path(str(resources.files("provenance.examples").joinpath("june-2017.yaml")))
    with SQLiteStore(work / "s.db", create=True) as store:
        store.ingest(load_batch([example]), actor="t", reason="case")
        page = work / "page.html"
        page.write_bytes(b"<html>the original report</html>")
        capture(store, page, SOURCE, actor="t", tool="wget")
        write_bundle(store, INCIDENT, work / "bundle", key=key)
    return work / "bundle", key


def manifest(bundle: Path) -> dict[str, Any]:
    """The bundle's manifest, decoded."""
    value: dict[str, Any] = json.loads((bundle / "MANIFEST.json").read_bytes())
    return value


def resign(bundle: Path, key: PrivateKey, value: Any, *, rehash: bool = False) -> None:
    """Write ``value`` as the manifest and sign it with ``key`` (as the holder of the key,
    or a bug in a writer, would); ``rehash`` first lists the files' current SHA-256."""
    if rehash:
        value["files"] = {
            name: hashlib.sha256((bundle / name).read_bytes()).hexdigest()
            for name in value["files"]
        }
    raw = (json.dumps(value, indent=2, sort_keys=True) + "\n").encode()
    (bundle / "MANIFEST.json").write_bytes(raw)
    sig = key.public.id + key.sign(raw)
    (bundle / "MANIFEST.sig").write_text(base64.b64encode(sig).decode() + "\n")


def original(bundle: Path) -> Path:
    """The one captured original in the bundle."""
    [path] = (bundle / "originals").iterdir()
    return path
