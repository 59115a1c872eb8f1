"""Checking the captured originals against the hashes the graph records for them.

:func:`capture <provenance.audit.custody.capture>` keeps each original as
``<originals>/<sha256>``. :func:`check_originals` re-hashes every file there and reports,
file by file, an original the graph records that is missing, one that cannot be read (a
directory in its place, no permission), one whose bytes no longer match its name, and any
file that is not a captured original. :func:`verify_store_originals` does so for a store and
says plainly when the originals could not be checked at all (a server store without
``PROVENANCE_ORIGINALS``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.audit.custody import CustodyError, hash_file, originals_dir

if TYPE_CHECKING:
    from provenance.store import Store

ORIGINAL_NAME = re.compile(r"^[0-9a-f]{64}$")
"""The name of a captured original: the SHA-256 of its bytes, lowercase hex."""


@dataclass(frozen=True)
class OriginalProblem:
    """One file of the originals directory that is wrong, and how."""

    file: str
    """The file's name in the originals directory (a captured original's is its SHA-256)."""
    kind: str
    """``missing`` | ``unreadable`` | ``altered`` | ``unexpected``"""
    message: str
    sources: tuple[str, ...] = ()
    """The sources the graph records as captured with these bytes."""

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "message": self.message,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class OriginalsReport:
    """The outcome of checking the captured originals."""

    directory: str | None
    """The originals directory, or ``None`` when the store has none."""
    recorded: int
    """Captured originals the graph records."""
    checked: int
    """Files re-hashed."""
    problems: list[OriginalProblem] = field(default_factory=list)
    not_checked_reason: str | None = None
    """Why the originals were not checked at all (``None`` when they were)."""

    @property
    def ok(self) -> bool:
        """No original is missing, unreadable or altered and no stray file lies among them.

        Originals that could not be checked at all do not make this false: see
        :attr:`not_checked_reason`, which every report of the check shows.
        """
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "recorded": self.recorded,
            "checked": self.checked,
            "problems": [p.as_dict() for p in self.problems],
            "not_checked_reason": self.not_checked_reason,
        }

    def lines(self) -> list[str]:
        """One line per problem, or the one line saying why nothing was checked."""
        if self.not_checked_reason is not None:
            return [
                f"originals NOT checked ({self.recorded} recorded in the graph):"
                f" {self.not_checked_reason}"
            ]
        return [f"original {p}" for p in self.problems]


def captured_originals(store: Store) -> dict[str, tuple[str, ...]]:
    """SHA-256 → ids of the sources captured with those bytes, for every original kept by
    :func:`~provenance.audit.custody.capture` (sources touched by ``capture`` events).

    Reads the events once, the item rows of the capture events' range once (streamed) and
    the sources in one batch, however many captures there are.
    """
    seqs = {e.seq for e in store.audit_events() if b'"action":"capture"' in e.body}
    if not seqs:
        return {}
    ids = {r.item_id for r in store.iter_audit_items(min(seqs), max(seqs)) if r.seq in seqs}
    sources: dict[str, list[str]] = {}
    for item in store.get_many(ids).values():
        digest = item.data.get("sha256")
        if item.label == "Source" and digest:
            sources.setdefault(str(digest), []).append(item.id)
    return {digest: tuple(sorted(srcs)) for digest, srcs in sorted(sources.items())}


def _listing(directory: Path) -> tuple[list[str], list[OriginalProblem]]:
    """The names in ``directory`` (hidden files, such as unfinished captures, left out)."""
    if not directory.exists():
        return [], []
    try:
        return sorted(p.name for p in directory.iterdir() if not p.name.startswith(".")), []
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return [], [
            OriginalProblem(
                str(directory), "unreadable", f"the originals directory cannot be read ({reason})"
            )
        ]


def _check_file(path: Path, sources: tuple[str, ...]) -> OriginalProblem | None:
    """The problem with one file named like a captured original, or ``None``."""
    name = path.name
    if not path.is_file():
        what = "a directory" if path.is_dir() else "not a regular file"
        return OriginalProblem(name, "unreadable", f"cannot be read: it is {what}", sources)
    try:
        digest, _ = hash_file(path)
    except CustodyError as exc:
        cause = exc.__cause__
        reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else exc.message
        return OriginalProblem(name, "unreadable", f"cannot be read ({reason})", sources)
    if digest != name:
        return OriginalProblem(
            name, "altered", "the original's bytes no longer match its hash", sources
        )
    return None


def check_originals(
    directory: Path, captured: Mapping[str, Sequence[str]] | Iterable[str] = ()
) -> OriginalsReport:
    """Re-hash every file in ``directory``; one problem per missing, unreadable, altered or
    stray file.

    ``captured`` are the hashes the graph says were captured, alone or mapped to the ids of
    their sources (as :func:`captured_originals` returns them): each must be present.
    """
    if isinstance(captured, Mapping):
        sources = {str(d): tuple(s) for d, s in captured.items()}
    else:
        sources = {str(d): () for d in captured}
    names, problems = _listing(directory)
    present = set(names) | {
        d for d in sources if ORIGINAL_NAME.match(d) and (directory / d).exists()
    }
    problems += [
        OriginalProblem(d, "missing", "a captured original recorded in the graph is missing", s)
        for d, s in sorted(sources.items())
        if d not in present
    ]
    checked = 0
    for name in sorted(present):
        if not ORIGINAL_NAME.match(name):
            problems.append(
                OriginalProblem(name, "unexpected", "not a captured original (unexpected file)")
            )
            continue
        problem = _check_file(directory / name, sources.get(name, ()))
        checked += problem is None or problem.kind == "altered"
        if problem is not None:
            problems.append(problem)
    return OriginalsReport(str(directory), len(sources), checked, problems)


def verify_store_originals(store: Store) -> OriginalsReport:
    """Check the originals of ``store`` (see :func:`check_originals`).

    A store without an originals directory (a server store without
    ``PROVENANCE_ORIGINALS``) is not checked: the report says so in
    :attr:`~OriginalsReport.not_checked_reason` and counts the originals the graph records.
    """
    captured = captured_originals(store)
    try:
        directory = originals_dir(store)
    except CustodyError as exc:
        return OriginalsReport(None, len(captured), 0, [], not_checked_reason=exc.brief())
    return check_originals(directory, captured)
