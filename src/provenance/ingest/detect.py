"""Which built-in profile an export file looks like, from its first bytes.

A CSV's header is compared with the columns each profile requires; a JSON document's shape
(a list of events with ``sources`` and ``associations``, associations with
``filter_paths``, a map of sources with ``paths``) tells a TimeMap export. Used by
:func:`provenance.ingest.files.ingest_files` to name the profile a file looks like when it
was given the wrong one (``--profile airwars`` on a Yemen Data Project CSV), or none at all
(a CSV given as a case file), instead of the error the wrong reader would make of it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from provenance.errors import UsageError
from provenance.ingest.profiles.airwars import INCIDENT_COLUMNS, SOURCE_COLUMNS
from provenance.ingest.profiles.statements import COLUMNS as STATEMENT_COLUMNS
from provenance.ingest.profiles.ydp import COLUMNS as YDP_COLUMNS

SNIFF_BYTES = 1 << 16
"""How much of a file is read to tell what it is."""

CSV_SIGNATURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("airwars", tuple(INCIDENT_COLUMNS)),
    ("airwars", tuple(SOURCE_COLUMNS)),
    ("ydp", tuple(YDP_COLUMNS)),
    ("statements", tuple(STATEMENT_COLUMNS)),
    ("auto-archiver", ("link", "archive status")),
)
"""Each profile with a set of columns that a CSV it reads has (all of them)."""

_TIMEMAP = re.compile(r'"(filter_paths|associations)"\s*:|"paths"\s*:\s*\[')
CASE_FILE_SUFFIXES = (".yaml", ".yml", ".json")


def head_text(path: Path) -> str:
    """The first :data:`SNIFF_BYTES` of ``path`` as text (undecodable bytes replaced);
    nothing when it cannot be read (the reader will say why)."""
    try:
        with path.open("rb") as f:
            data = f.read(SNIFF_BYTES)
    except OSError:
        return ""
    return data.decode("utf-8-sig", errors="replace")


def csv_header(text: str) -> list[str]:
    """The names of the first line's columns (stripped), or none."""
    first = text.splitlines()[0] if text.strip() else ""
    for delimiter in (",", ";", "\t"):
        row = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
        if len(row) > 1:
            return [c.strip() for c in row]
    return []


def looks_like(path: Path) -> str | None:
    """The built-in profile whose exports ``path`` looks like, or ``None``."""
    text = head_text(path)
    start = text.lstrip()[:1]
    if start in ("[", "{"):
        return "timemap" if _TIMEMAP.search(text) else None
    header = set(csv_header(text))
    for name, columns in CSV_SIGNATURES:
        if header and {c.strip() for c in columns} <= header:
            return name
    return None


def check_profile(paths: Sequence[Path], profile: str) -> None:
    """Raise :class:`UsageError` when a file given with ``--profile profile`` looks like
    another profile's export, naming that profile."""
    for path in paths:
        seen = looks_like(path)
        if seen is not None and seen != profile:
            raise UsageError(
                f"{path} looks like an export for --profile {seen}, not {profile}: {evidence(path, seen)}",
                f"use --profile {seen} (see `provenance ingest --list-profiles`)",
            )


def check_case_files(paths: Sequence[Path]) -> None:
    """Raise :class:`UsageError` when a file given as a case file (no ``--profile``) is an
    export: one a profile reads, or a CSV file."""
    for path in paths:
        seen = looks_like(path)
        if seen is not None:
            raise UsageError(
                f"{path} is not a case file: it looks like an export for --profile {seen} ({evidence(path, seen)})",
                f"import it with --profile {seen}",
            )
        if path.suffix.lower() not in CASE_FILE_SUFFIXES and csv_header(head_text(path)):
            raise UsageError(
                f"{path} is not a case file: it looks like a CSV export that no built-in"
                " profile reads",
                "import it with --mapping FILE (see examples/mapping-template.yaml), or"
                " --profile NAME (`provenance ingest --list-profiles`)",
            )


def evidence(path: Path, profile: str) -> str:
    """Why ``path`` looks like ``profile``'s export, in a few words."""
    if profile == "timemap":
        return "a JSON document of TimeMap events, sources or associations"
    header = csv_header(head_text(path))
    shown = ", ".join(repr(c) for c in header[:4])
    return f"its header starts {shown}"
