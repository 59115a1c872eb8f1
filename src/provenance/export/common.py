"""What every export shares: the whole graph read through the store, and witness redaction.

Witnesses are exported under their pseudonymous id only. ``include_witness_identities``
adds their role and, when an identities file is given, the fields it holds for each id.
The graph itself never holds identities (DESIGN.md): such a file is kept outside it, by
whoever is entitled to, and such an export is itself recorded (see :func:`log_export`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.errors import InputError
from provenance.store.rows import NODE_LABELS, RELATIONSHIPS

if TYPE_CHECKING:
    from provenance.store import Edge, Store, StoredItem

LABELS = NODE_LABELS
RELS = RELATIONSHIPS


@dataclass(frozen=True)
class WitnessPolicy:
    """How witnesses are exported: redacted (default) or with identities."""

    include_identities: bool = False
    identities: dict[str, dict[str, Any]] = field(default_factory=dict)

    def fields(self, item: StoredItem) -> dict[str, Any]:
        """The exported fields of a witness."""
        if not self.include_identities:
            return {"id": item.id}
        return {**item.data, **self.identities.get(item.id, {})}


def load_identities(path: Path) -> dict[str, dict[str, Any]]:
    """Read an identities file: a JSON object mapping witness id → object of fields."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"cannot read the identities file {path}: {exc}", "give a JSON object"
        ) from exc
    if not isinstance(doc, dict) or not all(isinstance(v, dict) for v in doc.values()):
        raise InputError(
            f"{path}: expected a JSON object mapping witness id to an object of fields",
            'e.g. {"w-1": {"name": "…", "contact": "…"}}',
        )
    return {str(k): dict(v) for k, v in doc.items()}


def export_data(item: StoredItem, policy: WitnessPolicy) -> dict[str, Any]:
    """The fields of ``item`` as exported (witnesses per ``policy``)."""
    return policy.fields(item) if item.label == "Witness" else dict(item.data)


def iter_nodes(store: Store) -> Iterator[StoredItem]:
    """Every node, label by label, in id order."""
    for label in LABELS:
        yield from store.iter_items(label)


def iter_edges(store: Store) -> Iterator[Edge]:
    """Every edge."""
    yield from store.iter_edges(RELS)


def log_export(
    store: Store, *, fmt: str, out: Path, actor: str, policy: WitnessPolicy
) -> str | None:
    """Record an export that includes witness identities in the audit log.

    Returns ``"audit-log"`` (where it was recorded), or ``None`` when the export was
    redacted and nothing is recorded.
    """
    if not policy.include_identities:
        return None
    witnesses = [(w.id, "Witness", w.hash, "exported") for w in store.iter_items("Witness")]
    store.record_event(
        "export-witness-identities",
        witnesses,
        actor=actor,
        reason=f"export {fmt} to {out.name} with witness identities"
        f" ({'identities file' if policy.identities else 'roles only: no identities file'})",
        summary={"format": fmt, "witnesses": len(witnesses)},
    )
    return "audit-log"
