"""The demo's own files in its ``--out`` directory: the manifest of what a run made, and
clearing exactly those (and nothing else) before the next run."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from provenance.audit.local_tsa import DEMO_CA_FILE
from provenance.demo.case import (
    CHECKPOINT_FILE,
    FIGURE_PAGE,
    KEY_FILE,
    MARKER,
    PUBLIC_FILE,
    bundle_name,
    view_name,
)
from provenance.errors import InputError

MANIFEST_VERSION = "provenance-demo/2"


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at ``path``, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def read_manifest(out: Path) -> dict[str, str]:
    """The files an earlier run made in ``out`` (path relative to ``out`` → SHA-256), from
    its :data:`MARKER`; empty when there is none (or one of an older version)."""
    try:
        doc = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = doc.get("files") if isinstance(doc, dict) else None
    if doc.get("format") != MANIFEST_VERSION or not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


PENDING = "pending"
"""The manifest's value for a path a run is about to write (and checked was free): a run
killed before it finished leaves its files marked so, and the next run may remove them."""


def write_manifest(out: Path, files: list[Path], pending: Sequence[Path] = ()) -> None:
    """Record in ``out``'s :data:`MARKER` the files of this run (those that exist) by path
    and SHA-256, and the ``pending`` paths it is about to write, so that the next run
    removes exactly these and nothing else."""
    made = {p.relative_to(out).as_posix(): PENDING for p in pending}
    made |= {
        p.relative_to(out).as_posix(): file_sha256(p)
        for p in sorted(files)
        if p.is_file() and not p.is_symlink()
    }
    doc = {
        "format": MANIFEST_VERSION,
        "note": "made by `provenance demo`: the files below are replaced on each run; nothing"
        " else here is ever touched",
        "files": made,
    }
    tmp = out / (MARKER + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, out / MARKER)


def demo_outputs(out: Path, claims: list[str], incident: str | None) -> list[Path]:
    """Every path a run into ``out`` writes, for the seed case's ``claims`` and the
    ``incident`` it bundles (a bundle is a directory)."""
    paths = [out / "demo.db", out / "demo.db-wal", out / "demo.db-shm"]
    paths += [out / "views" / view_name(c) for c in claims]
    paths.append(out / "views" / FIGURE_PAGE)
    names = (KEY_FILE, PUBLIC_FILE, CHECKPOINT_FILE, CHECKPOINT_FILE + ".tsr", DEMO_CA_FILE)
    paths += [out / "audit" / name for name in names]
    if incident is not None:
        paths.append(out / "audit" / bundle_name(incident))
    return paths


def clear_outputs(out: Path, paths: list[Path]) -> None:
    """Make room for a run: remove each of ``paths`` that an earlier run made (listed in
    its manifest with the same SHA-256; a directory, when every file in it is), and refuse
    with an :class:`~provenance.errors.InputError` naming the first that it did not make
    (or that was changed since) before removing anything."""
    made = read_manifest(out)
    doomed: list[Path] = []
    dirs: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            dirs.append(path)
            found = sorted(p for p in path.rglob("*") if not p.is_dir() or p.is_symlink())
        else:
            found = [path] if path.exists() or path.is_symlink() else []
        pending = made.get(path.relative_to(out).as_posix()) == PENDING
        for f in found:
            rel = f.relative_to(out).as_posix()
            ours = pending or made.get(rel) == file_sha256(f)
            if f.is_symlink() or not f.is_file() or not ours:
                raise InputError(
                    f"{f} exists and was not made by `provenance demo` (or was changed since)",
                    "move it away or choose another --out directory; the demo removes only"
                    " files it made itself",
                )
            doomed.append(f)
    for f in doomed:
        f.unlink()
    for d in dirs:  # empty now, but for directories of its own
        for sub in sorted((p for p in d.rglob("*") if p.is_dir()), reverse=True):
            sub.rmdir()
        d.rmdir()


def made_files(paths: list[Path]) -> list[Path]:
    """The files among ``paths`` (a directory stands for every file in it)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file()]
        elif path.is_file():
            files.append(path)
    return files
