"""What every import profile shares: rows, rejections, the import result, the profile API.

A profile turns one or more export files into a :class:`~provenance.store.rows.Batch` of
validated models. A row that cannot be used is *rejected* (file, row number, column, reason)
and the rest goes on; the caller decides whether any rejection fails the import
(``--strict``). Ids are derived from upstream ids, so importing the same export twice
changes nothing and a newer export updates the same items in place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from pydantic import ValidationError

from provenance.errors import ConflictError, InputError
from provenance.model import Model
from provenance.store.rows import Batch

from .transforms import CellError, parse_coordinate, parse_count, parse_date, parse_range

M = TypeVar("M", bound=Model)


class RowError(Exception):
    """Raised while building one row: ``column`` (or ``None``) and a reason."""

    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


@dataclass(frozen=True)
class Rejection:
    """One rejected row: where, which column, and why."""

    file: str
    row: int
    column: str | None
    reason: str

    def text(self) -> str:
        col = f", column {self.column!r}" if self.column else ""
        return f"{self.file} row {self.row}{col}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class ImportResult:
    """A profile's output: the batch, rows read per file, rejections and decisions applied."""

    profile: str
    batch: Batch = field(default_factory=Batch)
    rows_read: dict[str, int] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def reject(self, file: str, row: int, column: str | None, reason: str) -> None:
        self.rejections.append(Rejection(file, row, column, reason))

    def rejected_by_reason(self) -> dict[str, int]:
        """Rejection counts by reason kind (the reason up to its first quoted value)."""
        return dict(Counter(reason_kind(r) for r in self.rejections).most_common())

    def add(self, model: Model, where: str, *, incident: str | None = None) -> None:
        """Add a model to the batch; an id clash with other content becomes an error."""
        self.batch.add(model, where, incident=incident)


def reason_kind(rejection: Rejection) -> str:
    """A rejection's reason with its row-specific values blanked, for counting by reason."""
    reason = re.sub(r"'[^']*'|\"[^\"]*\"", "…", rejection.reason)
    reason = re.sub(r"\d+(\.\d+)?", "N", reason)
    column = f"{rejection.column}: " if rejection.column else ""
    return f"{column}{reason}"


@dataclass(frozen=True)
class ImportContext:
    """What a profile may need besides the files."""

    encoding: str | None = None
    id_prefix: str | None = None
    existing: Callable[[Iterable[str]], set[str]] = lambda ids: set()
    """Which of the given ids are already in the store (statements link to stored incidents)."""


class Row:
    """One record of an export with typed accessors; errors name the column."""

    __slots__ = ("data", "file", "number")

    def __init__(self, file: str, number: int, data: dict[str, str]) -> None:
        self.file = file
        self.number = number
        self.data = data

    @property
    def where(self) -> str:
        return f"{self.file} row {self.number}"

    def text(self, column: str) -> str | None:
        """The trimmed cell, ``None`` when blank (or a lone dash)."""
        value = self.data.get(column)
        if value is None:
            return None
        value = value.strip()
        return None if value in ("", "-", "—", "–") else value

    def count(self, column: str) -> int | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            return parse_count(value)
        except CellError as exc:
            raise RowError(column, str(exc)) from None

    def range(self, low: str, high: str) -> tuple[int, int] | None:
        try:
            return parse_range(self.text(low), self.text(high))
        except CellError as exc:
            raise RowError(f"{low}/{high}" if low != high else low, str(exc)) from None

    def date(self, column: str, formats: Sequence[str]) -> Any:
        value = self.text(column)
        if value is None:
            return None
        return self.date_of(value, column, formats)

    @staticmethod
    def date_of(value: str, column: str, formats: Sequence[str]) -> Any:
        """Parse ``value`` (taken from ``column``) as a date."""
        try:
            return parse_date(value, formats)
        except CellError as exc:
            raise RowError(column, str(exc)) from None

    def coordinates(self, lat: str, lon: str) -> tuple[float, float] | None:
        """Both coordinates or ``None``; one without the other is an error."""
        a, b = self.text(lat), self.text(lon)
        if a is None and b is None:
            return None
        if a is None or b is None:
            raise RowError(
                lat if a is None else lon, "latitude and longitude must be given together"
            )
        try:
            return parse_coordinate(a, "lat"), parse_coordinate(b, "lon")
        except CellError as exc:
            col = lat if "latitude" in str(exc) or "lat" in str(exc)[:3] else lon
            raise RowError(col, str(exc)) from None


def build(cls: type[M], columns: dict[str, str] | None = None, **fields: Any) -> M:
    """Validate a model; a validation error becomes a :class:`RowError` naming the column.

    ``columns`` maps model field names to the export column they came from.
    """
    try:
        return cls.model_validate(fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        column = None
        for i in range(len(loc), 0, -1):
            column = (columns or {}).get(".".join(loc[:i]))
            if column:
                break
        shown = repr(err.get("input"))[:80]
        raise RowError(column or ".".join(loc), f"{err['msg']} (got {shown})") from None


class Profile:
    """A built-in import profile. Subclasses set the class attributes and :meth:`run`."""

    name: ClassVar[str]
    description: ClassVar[str]
    """One line for ``--list-profiles``."""
    files: ClassVar[str]
    """Which files it reads, for help and errors."""

    def run(self, paths: Sequence[Path], ctx: ImportContext) -> ImportResult:
        """Read ``paths`` and build the batch; rows that cannot be used are rejections."""
        raise NotImplementedError


def add_checked(
    result: ImportResult, model: Model, row: Row, *, incident: str | None = None
) -> bool:
    """Add ``model`` for ``row``; an id clash with different content rejects the row."""
    try:
        result.add(model, row.where, incident=incident)
    except ConflictError as exc:
        result.reject(row.file, row.number, None, exc.message.split(": ", 1)[-1])
        return False
    return True


def wrong_files(profile: Profile, paths: Sequence[Path], detail: str) -> InputError:
    """The error for a profile given the wrong number or kind of files."""
    return InputError(
        f"profile {profile.name!r} reads {profile.files}; {detail}",
        "give the export files named above, or see `provenance ingest --list-profiles`",
    )
