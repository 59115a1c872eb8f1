"""Inquiry bundles: everything a court or commission needs to check one incident offline.

Layout of a bundle directory (see ``VERIFY.md`` written into it)::

    incident.json  claims.json  sources.json  statements.json  organisations.json
    witnesses.json  strikes.json      every item as stored: {id, label, data, hash}
    originals/<sha256>                captured originals of the sources, where kept
    corroboration.json                results with the tool version and parameters
    judgements.json                   duplicate judgements involving the incident
    log/events.jsonl                  the exact RFC 8785 bytes of every event that touched
                                      a bundled item, one per line
    log/items.json                    the stored item rows of those events
    log/proofs.json                   an RFC 6962 inclusion proof of each event
    checkpoint.txt  pubkey.txt        the signed checkpoint the proofs lead to, its key
    MANIFEST.json  MANIFEST.sig       SHA-256 of every file; Ed25519 signature of it
    VERIFY.md                         how to check all of this by hand

Witnesses appear only as pseudonymous id and role.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.audit.checkpoint import Checkpoint, CheckpointError, PrivateKey, PublicKey
from provenance.audit.log import default_origin, log_tree
from provenance.audit.merkle import leaf_hash
from provenance.errors import NotFoundError, ProvenanceError

if TYPE_CHECKING:
    from provenance.store import Store, StoredItem

FORMAT = "provenance-bundle/1"
ITEM_FILES = {
    "Incident": "incident.json",
    "Claim": "claims.json",
    "Source": "sources.json",
    "Statement": "statements.json",
    "Organisation": "organisations.json",
    "Witness": "witnesses.json",
    "Strike": "strikes.json",
}


class BundleError(ProvenanceError):
    """A bundle cannot be written."""


def _dump(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _item(item: StoredItem) -> dict[str, Any]:
    return {"id": item.id, "label": item.label, "data": item.data, "hash": item.hash}


def collect_items(store: Store, incident_id: str) -> dict[str, StoredItem]:
    """The incident, its claims, their upstream evidence, publishers (with ``PART_OF``
    ancestors), assessing statements and linked strikes."""
    incident = store.get(incident_id)
    if incident is None or incident.label != "Incident":
        raise NotFoundError(f"no incident with id {incident_id!r}", "check the id")
    items: dict[str, StoredItem] = {incident_id: incident}
    claim_ids = [e.dst for e in store.edges([incident_id], ["HAS_CLAIM"], "out")]
    if claim_ids:
        graph = store.upstream_graph(claim_ids)
        items.update(store.get_many(list(graph.nodes)))
    linked = store.edges([incident_id], ["ASSESSES", "LINKED_TO"], "in")
    items.update(store.get_many([e.src for e in linked]))
    orgs = {
        str(p)
        for it in items.values()
        if (p := it.data.get("publisher") or it.data.get("issuer")) is not None
    }
    while orgs:
        found = store.get_many(orgs - items.keys())
        items.update(found)
        orgs = {str(o.data["part_of"]) for o in found.values() if o.data.get("part_of")}
        orgs -= items.keys()
    return items


def _corroboration(store: Store, claim_ids: list[str]) -> dict[str, Any]:
    from provenance import __version__

    try:
        from provenance.corroborate import corroborate_claim
    except ImportError:  # pragma: no cover - the module ships with the package
        return {"available": False, "results": []}
    params = {"min_reliability": "F"}
    results: list[Any] = []
    if claim_ids:
        graph = store.upstream_graph(claim_ids)
        results = [corroborate_claim(graph, c, **params).model_dump(mode="json") for c in claim_ids]
    return {
        "available": True,
        "tool": "provenance",
        "version": __version__,
        "function": "provenance.corroborate.corroborate_claim",
        "parameters": params,
        "results": results,
    }


def write_bundle(
    store: Store,
    incident_id: str,
    out: Path,
    *,
    key: PrivateKey | None = None,
    checkpoint: Checkpoint | None = None,
    public: PublicKey | None = None,
) -> dict[str, Any]:
    """Write the bundle of ``incident_id`` into the new or empty directory ``out``.

    The manifest is always signed with ``key`` (an unsigned bundle could be edited and
    re-hashed by anyone). A fresh checkpoint is signed with it too, unless an existing
    ``checkpoint`` and its ``public`` key are given (it must cover every event the bundle
    includes). Returns the manifest.
    """
    from provenance.audit.custody import CustodyError, originals_dir

    if out.exists() and any(out.iterdir()):
        raise BundleError(f"{out} is not empty", "write the bundle into a new directory")
    if key is None:
        raise BundleError(
            "a bundle must be signed",
            "pass --key (and --checkpoint/--pubkey to reuse a checkpoint)",
        )
    if checkpoint is not None and public is None:
        public = key.public
    items = collect_items(store, incident_id)
    seqs = sorted({r.seq for i in items for r in store.audit_items(item_id=i)})
    judgements = [j.__dict__ for j in store.judgements() if incident_id in (j.a, j.b)]
    seqs = sorted(set(seqs) | {int(j["seq"]) for j in judgements})
    size = checkpoint.size if checkpoint is not None else store.counts().audit_events
    if seqs and seqs[-1] > size:
        raise BundleError(
            f"the checkpoint (size {size}) predates event {seqs[-1]} of this incident",
            "sign a new checkpoint with --key",
        )
    tree = log_tree(store, size)
    if checkpoint is None:
        checkpoint = Checkpoint(default_origin(store), size, tree.root()).signed(key)
        public = key.public
    assert public is not None
    checkpoint.verify(public)
    if tree.root() != checkpoint.root:
        raise CheckpointError(
            "the checkpoint's root does not match this store's log",
            "run `provenance audit verify` with that checkpoint",
        )
    files: dict[str, bytes] = {}
    by_label: dict[str, list[dict[str, Any]]] = {label: [] for label in ITEM_FILES}
    for item in sorted(items.values(), key=lambda i: i.id):
        by_label[item.label].append(_item(item))
    for label, name in ITEM_FILES.items():
        rows = by_label[label]
        files[name] = _dump(rows[0] if label == "Incident" else rows)
    claim_ids = sorted(i.id for i in items.values() if i.label == "Claim")
    files["corroboration.json"] = _dump(_corroboration(store, claim_ids))
    files["judgements.json"] = _dump(judgements)
    events = [e for s in seqs for e in store.audit_events(s, s)]
    files["log/events.jsonl"] = b"".join(e.body + b"\n" for e in events)
    files["log/items.json"] = _dump(
        {str(s): [r.__dict__ for r in store.audit_items(seq=s)] for s in seqs}
    )
    proofs = {str(e.seq): [p.hex() for p in tree.inclusion_proof(e.seq - 1, size)] for e in events}
    files["log/proofs.json"] = _dump(
        {"tree_size": size, "root": tree.root().hex(), "proofs": proofs}
    )
    files["checkpoint.txt"] = checkpoint.text().encode()
    files["pubkey.txt"] = (public.text() + "\n").encode()
    files["VERIFY.md"] = VERIFY_MD.replace("{incident}", incident_id).encode()
    try:
        odir: Path | None = originals_dir(store)
    except CustodyError:
        odir = None
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for item in items.values():
        digest = item.data.get("sha256") if item.label == "Source" else None
        if digest and odir is not None and (odir / digest).is_file():
            (out / "originals").mkdir(exist_ok=True)
            shutil.copyfile(odir / digest, out / "originals" / digest)
    manifest = {
        "format": FORMAT,
        "incident": incident_id,
        "checkpoint": {"origin": checkpoint.origin, "size": checkpoint.size},
        "files": {
            p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        },
    }
    manifest_bytes = _dump(manifest)
    (out / "MANIFEST.json").write_bytes(manifest_bytes)
    sig = key.public.id + key.sign(manifest_bytes)
    (out / "MANIFEST.sig").write_text(base64.b64encode(sig).decode() + "\n")
    return manifest


def leaf_hex(body: bytes) -> str:
    """The Merkle leaf hash of an event body, hex."""
    return leaf_hash(body).hex()


VERIFY_MD = """# Verifying this bundle (incident `{incident}`)

This directory was written by `provenance audit bundle`. Everything in it can be checked
offline, with the public key obtained **from the monitor independently of this bundle**
(the copy in `pubkey.txt` is for reference only: a forger would replace it too).

## With the tool

    provenance audit verify-bundle THIS_DIRECTORY --pubkey KEY_FROM_THE_MONITOR.pub

It names every changed, missing or added file and every check that fails.

## By hand

1. **Files.** `MANIFEST.json` lists the SHA-256 of every other file (`sha256sum FILE`).
   `MANIFEST.sig` is base64 of a 4-byte key id followed by an Ed25519 signature of the
   exact bytes of `MANIFEST.json`.
2. **Checkpoint.** `checkpoint.txt` is a C2SP signed note: its first three lines (origin,
   log size, base64 Merkle root, each ending in a newline) are signed with Ed25519; the
   signature line is `— <key name> <base64(key id || signature)>`, the key id being the
   first 4 bytes of SHA-256(key name, newline, 0x01, public key).
3. **Events.** Each line of `log/events.jsonl` is one audit event, stored as the exact
   RFC 8785 canonical JSON bytes that were hashed. Event `seq` is leaf `seq - 1` of an
   RFC 6962 Merkle tree: leaf hash = SHA-256(0x00 || line bytes without the newline).
   `log/proofs.json` gives each event's audit path; fold it as in RFC 9162 section
   2.1.3.2 (node hash = SHA-256(0x01 || left || right)) and compare with the checkpoint's
   root. An event's `prev` is the SHA-256 of the previous event's bytes.
4. **Items.** Each event's `items.digest` is the SHA-256 of the RFC 8785 encoding of the
   sorted list of `[id, label, content hash, change]` rows in `log/items.json`. Each
   bundled item's `hash` is SHA-256 of the RFC 8785 encoding of its `data`, and must equal
   the hash recorded by the latest event that touched it: that is what ties each figure
   and source here to the signed log.
5. **Originals.** Each file in `originals/` is named by the SHA-256 of its bytes, which is
   the `sha256` recorded for its source at capture.

`corroboration.json` records the tool version and parameters that produced the results;
`judgements.json` the duplicate judgements (each points to its audit event by `seq`).
Witnesses appear only under pseudonymous ids.
"""
