"""Ingesting files: case files, or monitors' exports with a profile or a ``--mapping`` file.

:func:`ingest_files` is what ``provenance ingest`` calls. It checks the options first (a
combination that makes no sense, an unknown profile or encoding is a
:class:`~provenance.errors.UsageError`), reads and validates the input before the store is
opened (a mistake in a case file creates no store and writes nothing), then writes
everything in one transaction with one audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.errors import UsageError
from provenance.ingest.casefile import load_batch
from provenance.ingest.csvio import ENCODING_HINT, encoding_problem
from provenance.ingest.detect import check_case_files, check_profile
from provenance.ingest.jsonl import ingest_jsonl, is_jsonl, load_jsonl
from provenance.ingest.mapping import load_mapping
from provenance.ingest.profiles import get_profile
from provenance.ingest.profiles.base import Profile
from provenance.ingest.profiles.run import run_import

if TYPE_CHECKING:
    from provenance.store import Store


@dataclass(frozen=True)
class IngestOptions:
    """How to read the files: case files (no ``profile`` nor ``mapping``), or exports with a
    built-in ``profile`` or a ``mapping`` file and the import options."""

    profile: str | None = None
    mapping: Path | None = None
    strict: bool = False
    """Fail the whole import if any row is rejected."""
    encoding: str | None = None
    id_prefix: str | None = None
    replace: bool = False
    """Replace stored items whole instead of updating only the fields the input states."""

    @property
    def is_import(self) -> bool:
        """Whether the files are exports (``--profile`` / ``--mapping``), not case files."""
        return self.profile is not None or self.mapping is not None

    def check(self, paths: Sequence[Path]) -> None:
        """Raise :class:`UsageError` for options that cannot be used together or at all."""
        if not paths:
            raise UsageError("give at least one PATH", "see `provenance ingest --help`")
        if self.profile is not None and self.mapping is not None:
            raise UsageError(
                "give --profile or --mapping, not both",
                "a built-in profile reads a known export; a mapping file describes another",
            )
        if not self.is_import and (self.strict or self.encoding or self.id_prefix):
            raise UsageError(
                "--strict, --encoding and --id-prefix apply to --profile / --mapping imports",
                "add --profile NAME or --mapping FILE, or leave these options out for case files",
            )
        problem = encoding_problem(self.encoding) if self.encoding else None
        if problem:
            raise UsageError(problem, f"give --encoding a text encoding: {ENCODING_HINT}")

    def chosen_profile(self) -> Profile:
        """The profile to import with: the mapping file's, or the built-in one named."""
        if self.mapping is not None:
            return load_mapping(self.mapping)
        assert self.profile is not None, "only called for imports"
        return get_profile(self.profile)


@dataclass(frozen=True)
class CaseFilesReport:
    """What ingesting case files did: items read, and created/updated/unchanged in the store."""

    files: list[str]
    items: int
    created: int
    updated: int
    unchanged: int
    audit_event: int | None
    """The audit event's sequence number, ``None`` when nothing changed."""
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    """Values the files give that were not written: an analyst had set another
    (:meth:`~provenance.store.Disagreement.as_dict`); in :meth:`as_dict` only when any."""
    judgements: int = 0
    """Duplicate judgements recorded from JSON Lines exports; in :meth:`as_dict` when any."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "items": self.items,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "audit_event": self.audit_event,
            **({"disagreements": self.disagreements} if self.disagreements else {}),
            **({"judgements": self.judgements} if self.judgements else {}),
        }


def ingest_files(
    open_store: Callable[[], Store],
    paths: Sequence[Path],
    options: IngestOptions,
    *,
    actor: str,
    reason: str | None = None,
) -> CaseFilesReport | dict[str, Any]:
    """Ingest ``paths`` into the store that ``open_store`` opens (and creates if needed).

    Case files, and JSON Lines exports of a store (:mod:`provenance.ingest.jsonl`), are
    ingested all or nothing (:class:`CaseFilesReport`); exports are imported
    with their profile, rejected rows reported and skipped unless ``options.strict`` (the
    import report of :func:`~provenance.ingest.profiles.run.run_import`).
    """
    options.check(paths)
    if not options.is_import and any(is_jsonl(p) for p in paths):
        found = load_jsonl(paths)  # JSON Lines exports back (provenance.ingest.jsonl)
        with open_store() as store:
            done, judged = ingest_jsonl(
                store, found, replace_items=options.replace, actor=actor, reason=reason
            )
        return CaseFilesReport(
            [str(p) for p in paths],
            len(found.batch.nodes),
            done.created,
            done.updated,
            done.unchanged,
            done.event_seq,
            judgements=judged,
        )
    if not options.is_import:
        check_case_files(paths)
        batch = load_batch(paths)
        batch.replace = options.replace
        with open_store() as store:
            done = store.ingest(batch, actor=actor, reason=reason)
        return CaseFilesReport(
            files=[str(p) for p in paths],
            items=len(batch.nodes),
            created=done.created,
            updated=done.updated,
            unchanged=done.unchanged,
            audit_event=done.event_seq,
            disagreements=[d.as_dict() for d in done.disagreements],
        )
    profile = options.chosen_profile()
    if options.profile is not None:
        check_profile(paths, options.profile)
    with open_store() as store:
        return run_import(
            store,
            profile,
            paths,
            actor=actor,
            reason=reason,
            strict=options.strict,
            encoding=options.encoding,
            id_prefix=options.id_prefix,
            replace=options.replace,
        )
