"""Incidents a newer export of the same dataset no longer has: marked withdrawn, never deleted.

"The same dataset" is the same profile reading a file of the same name: a stored incident
whose title was set by that import (its field origin, :mod:`provenance.store.origins`) and
that the new batch does not hold gets ``withdrawn: true``; the rest of it is kept as stored,
analysts' values included. An incident that comes back in a later export loses the mark
(the import gives no ``withdrawn``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from provenance.model import Incident
from provenance.store import Store, import_origin, model_from_row, origins_of

from .base import ImportResult


def mark_withdrawn(store: Store, result: ImportResult, paths: Sequence[Path]) -> list[str]:
    """Add to ``result``'s batch, marked withdrawn, each stored incident this dataset
    imported before and ``result`` no longer holds; return their ids (sorted)."""
    files = {p.name for p in paths}
    held = {row.id for row in result.batch.nodes}
    found: list[str] = []
    for item in store.iter_items("Incident"):
        if item.id in held or item.data.get("withdrawn"):
            continue
        origin = origins_of(item.data).get("title") or {}
        if origin.get("by") != "import" or origin.get("source") != result.profile:
            continue
        if origin.get("file") not in files:
            continue
        model = model_from_row("Incident", item.data)
        assert isinstance(model, Incident)
        marked = model.model_copy(update={"withdrawn": True})
        result.batch.add(
            marked, f"{item.id} (withdrawn)", origin=import_origin(result.profile, origin["file"])
        )
        found.append(item.id)
    return sorted(found)
