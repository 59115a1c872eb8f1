"""What every export shares: the whole graph read through the store, and witness redaction.

Witnesses are exported with their public fields only: the pseudonymous id and the role
(:func:`provenance.rules.public_fields`, the one witness policy of views, trace, bundles and
exports). ``include_witness_identities`` with an identities file adds the fields it holds for
each id.
The graph itself never holds identities (DESIGN.md): such a file is kept outside it, by
whoever is entitled to, and such an export is itself recorded in the audit log (see
:mod:`provenance.export.write`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.errors import InputError, UsageError
from provenance.rules import public_fields
from provenance.store import NODE_LABELS, RELATIONSHIPS

if TYPE_CHECKING:
    from provenance.store import Edge, Store, StoredItem


@dataclass(frozen=True)
class WitnessPolicy:
    """How witnesses are exported: redacted (default) or with identities."""

    include_identities: bool = False
    identities: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_options(
        cls, include_identities: bool, identities_file: Path | None = None
    ) -> WitnessPolicy:
        """The policy asked for: identities only with ``include_identities``, their fields
        read from ``identities_file`` (see :func:`load_identities`) when given."""
        if identities_file is not None and not include_identities:
            raise UsageError(
                "--identities needs --include-witness-identities",
                "add the flag: the file holds real names, and exporting them is a choice",
            )
        identities = load_identities(identities_file) if identities_file else {}
        return cls(include_identities, identities)

    def fields(self, item: StoredItem) -> dict[str, Any]:
        """The exported fields of a witness: its public fields (id and role, the one policy
        of :func:`provenance.rules.public_fields`), plus its identity when asked for."""
        public = public_fields("Witness", item.data)
        if not self.include_identities:
            return public
        return {**public, **self.identities.get(item.id, {})}


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
    for label in NODE_LABELS:
        yield from store.iter_items(label)


def iter_edges(store: Store) -> Iterator[Edge]:
    """Every edge."""
    yield from store.iter_edges(RELATIONSHIPS)
