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
    checkpoint.txt.tsr                its RFC 3161 timestamp token, when it has one
    MANIFEST.json  MANIFEST.sig       SHA-256 of every file; Ed25519 signature of it
    VERIFY.md                         how to check all of this by hand

``MANIFEST.json`` also names, under ``originals``, the captured originals included and
every one of a bundled source left out, with the reason (no originals directory, missing,
unreadable, altered). Witnesses appear only as pseudonymous id and role.

The store is read in a fixed number of calls whatever the size of the incident or of its
history: the evidence through :meth:`Store.upstream`, and the log in one streamed pass
that builds the Merkle tree and keeps the events touching a bundled item.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.audit.bundle_originals import copy_originals
from provenance.audit.bundle_readme import VERIFY_MD
from provenance.audit.checkpoint import Checkpoint, CheckpointError, PrivateKey, PublicKey
from provenance.audit.log import default_origin
from provenance.audit.merkle import MerkleTree, leaf_hash
from provenance.audit.tsa_client import TOKEN_SUFFIX, check_covers, request_token
from provenance.audit.verify import events_with_items
from provenance.errors import ProvenanceError, UsageError
from provenance.outdir import OutDirectory
from provenance.rules import public_fields
from provenance.store import find_incident, organisation_ancestry, to_graph

if TYPE_CHECKING:
    from provenance.store import AuditEvent, AuditItem, Store, StoredItem, Upstream

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
"""The file of the bundle that holds the items of each label."""
CORROBORATION_PARAMETERS = {"min_reliability": "F"}
TOKEN_FILE = "checkpoint.txt" + TOKEN_SUFFIX
"""The checkpoint's RFC 3161 timestamp token in a bundle (:mod:`provenance.audit.timestamped`)."""
BUNDLE_NAMES = frozenset(
    {*ITEM_FILES.values(), "corroboration.json", "judgements.json", "log", "originals"}
    | {"checkpoint.txt", "pubkey.txt", "VERIFY.md", "MANIFEST.json", "MANIFEST.sig"}
    | {TOKEN_FILE}
)
"""Every name at the top of a bundle directory."""


class BundleError(ProvenanceError):
    """A bundle cannot be written."""


def _dump(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _item(item: StoredItem) -> dict[str, Any]:
    data = public_fields(item.label, item.data)  # the witness policy (rules.py)
    return {"id": item.id, "label": item.label, "data": data, "hash": item.hash}


@dataclass(frozen=True)
class BundleEvidence:
    """What a bundle holds of the graph: every item, and the upstream evidence of the
    incident's claims as read once by :meth:`Store.upstream` (``None`` without claims)."""

    items: dict[str, StoredItem]
    upstream: Upstream | None


def collect_items(store: Store, incident_id: str) -> BundleEvidence:
    """The incident, its claims, their upstream evidence (:meth:`Store.upstream`),
    publishers and the organisations whose aliases or domains give a source its unit (with
    ``PART_OF`` ancestors), assessing statements and linked strikes."""
    incident, claim_ids = find_incident(store, incident_id)
    items: dict[str, StoredItem] = {incident_id: incident}
    up = store.upstream(claim_ids) if claim_ids else None
    if up is not None:
        items.update(up.items)
        items.update(up.organisations)
        items.update(organisation_ancestry(store, outlet_holders(up) - items.keys()))
    linked = store.get_many(
        [e.src for e in store.edges([incident_id], ["ASSESSES", "LINKED_TO"], "in")]
    )
    items.update(linked)
    issuers = {
        str(p) for it in linked.values() if (p := it.data.get("publisher") or it.data.get("issuer"))
    }
    items.update(organisation_ancestry(store, issuers - items.keys()))
    return BundleEvidence(items, up)


def outlet_holders(up: Upstream) -> set[str]:
    """The organisations whose ``aliases`` or ``domains`` hold the author, account or
    domain of a source or statement of ``up`` (the unit rule's second step)."""
    from provenance.corroborate.units import registry_of

    registry = registry_of(up.organisation_names())
    return registry.holders(
        (it.data.get("author"), it.data.get("url"))
        for it in up.items.values()
        if it.label in ("Source", "Statement")
    )


def corroboration(up: Upstream | None) -> dict[str, Any]:
    """The corroboration of the claims of ``up``, with the tool, its version and its
    parameters."""
    from provenance import __version__
    from provenance.corroborate import corroborate_claim

    results: list[Any] = []
    if up is not None:
        graph = to_graph(up)
        results = [
            corroborate_claim(graph, c, **CORROBORATION_PARAMETERS).model_dump(mode="json")
            for c in up.claims
        ]
    return {
        "available": True,
        "tool": "provenance",
        "version": __version__,
        "function": "provenance.corroborate.corroborate_claim",
        "parameters": CORROBORATION_PARAMETERS,
        "results": results,
    }


@dataclass(frozen=True)
class LogExtract:
    """What a bundle takes from the log: the tree its proofs are made in, and the events
    (with all their item rows) that touched a bundled item or judged the incident."""

    tree: MerkleTree
    size: int
    events: list[AuditEvent]
    rows: dict[int, list[AuditItem]]


def extract_log(store: Store, item_ids: set[str], seqs: set[int], size: int | None) -> LogExtract:
    """One streamed pass over the log (events and item rows): the Merkle tree of its first
    ``size`` events (all when ``None``) and the events touching ``item_ids`` or in ``seqs``.

    Raises :class:`BundleError` when such an event comes after the first ``size``.
    """
    leaves: list[bytes] = []
    events: list[AuditEvent] = []
    rows: dict[int, list[AuditItem]] = {}
    for event, event_rows in events_with_items(store):
        leaves.append(leaf_hash(event.body))
        found = event_rows or []
        if event.seq in seqs or any(r.item_id in item_ids for r in found):
            events.append(event)
            rows[event.seq] = found
    size = len(leaves) if size is None else size
    if events and events[-1].seq > size:
        raise BundleError(
            f"the checkpoint (size {size}) predates event {events[-1].seq} of this incident",
            "sign a new checkpoint with --key",
        )
    return LogExtract(MerkleTree(leaves[:size]), size, events, rows)


def _signed_checkpoint(
    store: Store,
    log: LogExtract,
    key: PrivateKey,
    checkpoint: Checkpoint | None,
    public: PublicKey | None,
) -> tuple[Checkpoint, PublicKey]:
    """The given checkpoint checked against the log, or a fresh one signed with ``key``."""
    if checkpoint is None:
        checkpoint = Checkpoint(default_origin(store), log.size, log.tree.root()).signed(key)
        public = key.public
    public = public or key.public
    checkpoint.verify(public)
    if log.tree.root() != checkpoint.root:
        raise CheckpointError(
            "the checkpoint's root does not match this store's log",
            "run `provenance audit verify` with that checkpoint",
        )
    return checkpoint, public


def _log_files(log: LogExtract, checkpoint: Checkpoint, public: PublicKey) -> dict[str, bytes]:
    proofs = {
        str(e.seq): [p.hex() for p in log.tree.inclusion_proof(e.seq - 1, log.size)]
        for e in log.events
    }
    return {
        "log/events.jsonl": b"".join(e.body + b"\n" for e in log.events),
        "log/items.json": _dump(
            {str(e.seq): [r.__dict__ for r in log.rows[e.seq]] for e in log.events}
        ),
        "log/proofs.json": _dump(
            {"tree_size": log.size, "root": log.tree.root().hex(), "proofs": proofs}
        ),
        "checkpoint.txt": checkpoint.text().encode(),
        "pubkey.txt": (public.text() + "\n").encode(),
    }


def _item_files(items: dict[str, StoredItem]) -> dict[str, bytes]:
    by_label: dict[str, list[dict[str, Any]]] = {label: [] for label in ITEM_FILES}
    for item in sorted(items.values(), key=lambda i: i.id):
        by_label[item.label].append(_item(item))
    return {
        name: _dump(by_label[label][0] if label == "Incident" else by_label[label])
        for label, name in ITEM_FILES.items()
    }


def write_bundle(
    store: Store,
    incident_id: str,
    out: Path,
    *,
    key: PrivateKey | None = None,
    checkpoint: Checkpoint | None = None,
    public: PublicKey | None = None,
    timestamp: bytes | None = None,
    tsa: str | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Write the bundle of ``incident_id`` into the new or empty directory ``out`` (see
    :func:`check_bundle_destination`; ``force`` replaces an earlier bundle there).

    The manifest is always signed with ``key`` (an unsigned bundle could be edited and
    re-hashed by anyone; no ``key`` is a :class:`~provenance.errors.UsageError`). A fresh
    checkpoint is signed with it too, unless an existing ``checkpoint`` and its ``public``
    key are given (it must cover every event the bundle includes), and with it its RFC 3161
    ``timestamp`` token (it must be over that checkpoint); or, with ``tsa`` (a URL), a
    token the timestamp authority there gives over the bundle's checkpoint, obtained before
    anything is written (a failing authority leaves nothing). The bundle is built in a
    hidden directory beside ``out`` and renamed into place complete
    (:class:`~provenance.outfile.OutDirectory`): ``out`` never holds a bundle without its
    manifest. Returns the manifest.
    """
    if key is None:
        raise UsageError(
            "a bundle must be signed",
            "pass --key (and --checkpoint/--pubkey to reuse a checkpoint)",
        )
    if tsa is not None and timestamp is not None:
        raise UsageError(
            "the checkpoint has a timestamp token already",
            "drop --tsa (the bundle carries the token beside the checkpoint)",
        )
    replace = check_bundle_destination(out, force=force)
    evidence = collect_items(store, incident_id)
    items = evidence.items
    judgements = [j.__dict__ for j in store.judgements() if incident_id in (j.a, j.b)]
    size = checkpoint.size if checkpoint is not None else None
    log = extract_log(store, set(items), {int(j["seq"]) for j in judgements}, size)
    checkpoint, public = _signed_checkpoint(store, log, key, checkpoint, public)
    files = _item_files(items)
    files["corroboration.json"] = _dump(corroboration(evidence.upstream))
    files["judgements.json"] = _dump(judgements)
    files.update(_log_files(log, checkpoint, public))
    if tsa is not None:
        files[TOKEN_FILE] = request_token(tsa, files["checkpoint.txt"])
    elif timestamp is not None:
        check_covers(
            timestamp, files["checkpoint.txt"], "the timestamp token beside the checkpoint"
        )
        files[TOKEN_FILE] = timestamp
    files["VERIFY.md"] = VERIFY_MD.replace("{incident}", incident_id).encode()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BundleError(
            f"cannot create {out.parent}: {exc.strerror or exc}", "check the path"
        ) from exc
    with OutDirectory(out, replace=replace) as directory:
        for name, data in files.items():
            path = directory.tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        originals = copy_originals(store, items, directory.tmp)
        manifest = _sign_manifest(directory.tmp, incident_id, checkpoint, originals, key)
        directory.commit()
    return manifest


def check_bundle_destination(out: Path, *, force: bool = False) -> bool:
    """Whether ``out`` can take a bundle, before anything is read; ``True`` when what is
    there is to be replaced. A missing path or an empty directory takes it; so does the
    unfinished bundle of an interrupted run (bundle files only, no ``MANIFEST.json``).
    Refused with a :class:`BundleError` naming ``out``: a file; a symbolic link or a
    finished bundle, unless ``force``; a directory holding anything but a bundle's files."""
    if out.is_symlink():
        if not force:
            raise BundleError(
                f"{out} is a symbolic link; a bundle is never written through one",
                "use --force to replace the link itself, or choose a new directory",
            )
        return True
    if not out.exists():
        return False
    if not out.is_dir():
        raise BundleError(
            f"{out} is a file, not a directory", "give the path of a new directory for the bundle"
        )
    names = sorted(p.name for p in out.iterdir())
    if not names:
        return False
    foreign = [n for n in names if n not in BUNDLE_NAMES]
    if foreign:
        raise BundleError(
            f"{out} is not empty and holds more than a bundle ({foreign[0]})",
            "write the bundle into a new directory",
        )
    if "MANIFEST.json" in names and not force:
        raise BundleError(
            f"{out} is not empty: it holds a bundle",
            "use --force to replace it, or choose a new directory",
        )
    return True


def _sign_manifest(
    out: Path,
    incident_id: str,
    checkpoint: Checkpoint,
    originals: dict[str, Any],
    key: PrivateKey,
) -> dict[str, Any]:
    """Write ``MANIFEST.json`` (the SHA-256 of every file) and its signature."""
    manifest = {
        "format": FORMAT,
        "incident": incident_id,
        "checkpoint": {"origin": checkpoint.origin, "size": checkpoint.size}
        | ({"timestamp_token": TOKEN_FILE} if (out / TOKEN_FILE).is_file() else {}),
        "files": {
            p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        },
        "originals": originals,
    }
    manifest_bytes = _dump(manifest)
    (out / "MANIFEST.json").write_bytes(manifest_bytes)
    sig = key.public.id + key.sign(manifest_bytes)
    (out / "MANIFEST.sig").write_text(base64.b64encode(sig).decode() + "\n")
    return manifest
