"""The captured originals an inquiry bundle carries (:mod:`provenance.audit.bundle`):
each copied from the store's originals directory and checked against its hash, or named
with the reason it was left out."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.audit.custody import CustodyError, hash_file, originals_dir

if TYPE_CHECKING:
    from provenance.store import Store, StoredItem


def copy_originals(store: Store, items: dict[str, StoredItem], out: Path) -> dict[str, Any]:
    """Copy the captured original of every bundled source into ``out/originals/``.

    Returns ``{"included": [sha256, …], "not_included": [{"sha256", "sources", "reason"},
    …]}``: every original left out is named with the reason (the store has no originals
    directory, the file is missing, cannot be read, or no longer matches its hash).
    """
    wanted: dict[str, list[str]] = {}
    for item in items.values():
        if item.label == "Source" and (digest := item.data.get("sha256")):
            wanted.setdefault(str(digest), []).append(item.id)
    included: list[str] = []
    left_out: list[dict[str, Any]] = []
    directory: Path | None = None
    no_directory = ""
    try:
        directory = originals_dir(store)
    except CustodyError as exc:
        no_directory = exc.brief()
    for digest, sources in sorted(wanted.items()):
        reason = no_directory if directory is None else _copy_original(directory / digest, out)
        if reason is None:
            included.append(digest)
        else:
            left_out.append({"sha256": digest, "sources": sorted(sources), "reason": reason})
    return {"included": included, "not_included": left_out}


def _copy_original(original: Path, out: Path) -> str | None:
    """Copy one original into ``out/originals/``; the reason it was not, or ``None``."""
    if not original.exists():
        return f"not found in {original.parent}"
    if not original.is_file():
        return f"{original} cannot be read: it is not a regular file"
    dest = out / "originals" / original.name
    dest.parent.mkdir(exist_ok=True)
    try:
        shutil.copyfile(original, dest)
        digest, _ = hash_file(dest)
    except (OSError, CustodyError) as exc:
        dest.unlink(missing_ok=True)
        cause = exc.brief() if isinstance(exc, CustodyError) else str(exc)
        return f"{original} cannot be read ({cause})"
    if digest != original.name:
        dest.unlink()
        return f"{original} no longer matches its hash (altered): left out"
    return None
