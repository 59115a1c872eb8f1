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

from provenance.errors import ConflictError, InputError, expected_text
from provenance.model import Location, Model
from provenance.rules import escape_controls, has_controls
from provenance.store import Batch, import_origin

from .transforms import CellError, parse_coordinate, parse_count, parse_date, parse_range

M = TypeVar("M", bound=Model)
T = TypeVar("T")


class RowError(InputError):
    """Raised while building one row: ``column`` (or ``None``) and a reason.

    A profile turns it into a :class:`Rejection` of the row; the message names the column.
    """

    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(f"column {column!r}: {reason}" if column else reason)
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
    warnings: list[str] = field(default_factory=list)
    """What the user should know before trusting the result (e.g. a file not given)."""
    field_problems: list[dict[str, Any]] = field(default_factory=list)
    """Items kept with a field left empty: ``{id, label, file, row, problems}``."""

    def kept_with_problems(self, model: Model, row: Row, problems: list[dict[str, Any]]) -> None:
        """Count ``model`` (added for ``row``) as kept with the fields in ``problems`` empty."""
        if problems:
            self.field_problems.append(
                {
                    "id": getattr(model, "id", None),
                    "label": type(model).__name__,
                    "file": row.file,
                    "row": row.number,
                    "problems": problems,
                }
            )

    def reject(self, file: str, row: int, column: str | None, reason: str) -> None:
        self.rejections.append(Rejection(file, row, column, reason))

    def rejected_by_reason(self) -> dict[str, int]:
        """Rejection counts by reason kind (the reason up to its first quoted value)."""
        return dict(Counter(reason_kind(r) for r in self.rejections).most_common())

    def add(
        self, model: Model, where: str, *, incident: str | None = None, file: str | None = None
    ) -> None:
        """Add a model to the batch, its values stamped as imported by this profile from
        ``file`` (:func:`~provenance.store.import_origin`); an id clash with other content
        becomes an error."""
        origin = import_origin(self.profile, file)
        self.batch.add(model, where, incident=incident, origin=origin)


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
    captured: Callable[[Iterable[str]], dict[str, str]] = lambda ids: {}
    """The stored ``sha256`` of those of the given sources that have one (a source's hash is
    never replaced: ``auto-archiver`` leaves another hash out as an import problem)."""


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
            raise RowError(column, exc.message) from None

    def range(self, low: str, high: str) -> tuple[int, int] | None:
        """The range in columns ``low`` and ``high``; an error names the column at fault
        (both, ``low/high``, when the minimum is larger than the maximum)."""
        try:
            return parse_range(self.text(low), self.text(high))
        except CellError as exc:
            column = {"min": low, "max": high}.get(exc.part or "", f"{low}/{high}")
            raise RowError(low if low == high else column, exc.message) from None

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
            raise RowError(column, exc.message) from None

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
            raise RowError(lat if exc.part == "lat" else lon, exc.message) from None


class FieldProblems:
    """The values of one row an import leaves empty, each with its problem.

    :meth:`keep` runs a field's reader; a :class:`RowError` leaves the field empty
    (``None``) and records ``{field, value, problem}`` in :attr:`found` instead of
    rejecting the row (DESIGN "Who set each field": a record is never dropped for one bad
    field).
    """

    def __init__(self, row: Row) -> None:
        self.row = row
        self.found: list[dict[str, Any]] = []

    def keep(self, name: str, columns: str | tuple[str, ...], read: Callable[[], T]) -> T | None:
        """``read()``, or ``None`` with the problem recorded for field ``name``."""
        try:
            return read()
        except RowError as exc:
            cols = (columns,) if isinstance(columns, str) else columns
            at = [exc.column] if exc.column in cols else list(cols)
            value = " / ".join(self.row.data.get(c, "").strip() for c in at)
            where = "/".join(at)
            self.add(name, where, f"{exc.reason}: left empty", value[:500] or None)
            return None

    def text(self, name: str, column: str) -> str | None:
        """The free text of ``column`` (:meth:`Row.text`) for field ``name``; a text holding
        a control character no stored text may hold (an escape sequence, a spreadsheet's
        vertical tab, doubly encoded UTF-8) is left empty and recorded, not stored."""
        value = self.row.text(column)
        return None if value is None else self.checked(name, column, value)

    def checked(self, name: str, column: str, value: str) -> str | None:
        """``value`` (made from ``column``) for field ``name``, or ``None`` with the problem
        recorded when it holds a control character no stored text may hold."""
        if not has_controls(value):
            return value
        self.add(
            name,
            column,
            "holds control characters, which no stored text may hold: left empty",
            value,
        )
        return None

    def add(self, name: str, column: str, problem: str, value: str | None = None) -> None:
        """Record that field ``name`` (from ``column``) was left empty because of ``problem``;
        control characters in the value and the problem are kept as their escapes
        (:func:`~provenance.rules.escape_controls`), so the record they belong to stays
        storable: a cell holding an escape sequence costs its field, never the row."""
        self.found.append(
            {
                "field": name,
                "value": escape_controls(value)[:500] if value is not None else None,
                "problem": escape_controls(f"column {column!r}: {problem}")[:500],
            }
        )

    def has(self, name: str) -> bool:
        return any(p["field"] == name for p in self.found)

    def build(
        self,
        cls: type[M],
        columns: dict[str, str],
        *,
        within: str = "",
        keep: dict[str, Any] | None = None,
        whole: tuple[str, ...] = (),
        **fields: Any,
    ) -> M:
        """:func:`build`, leaving out each field the model refuses — recorded with the cell
        it came from, as ``within.field`` when ``within`` names the part of an item ``cls``
        is — instead of rejecting the row. ``keep`` gives the value a required field takes
        when the model refuses it (an incident's title: its record's id); ``whole`` names
        the fields left out, the first given, when the model refuses them together (an end
        date before the start). A refused ``id``, or a refusal neither covers, rejects it."""
        keep = keep or {}
        for _ in range(2 * len(fields) + 1):
            try:
                return cls.model_validate(fields)
            except ValidationError as exc:
                problem = refusal(exc, columns)
                loc = exc.errors()[0]["loc"]
                name = str(loc[0]) if loc else next((f for f in whole if f in fields), None)
                if name is None or name == "id" or name not in fields:
                    raise problem from None
                column = problem.column or columns.get(name, name)
                cell = self.row.data.get(column, "").strip()[:500] or None
                shown = f"{within}.{name}" if within else name
                if name in keep and fields[name] != keep[name]:
                    fields[name] = keep[name]
                    self.add(shown, column, f"{problem.reason}: {keep[name]!r} instead", cell)
                else:
                    del fields[name]
                    self.add(shown, column, f"{problem.reason}: left empty", cell)
        raise AssertionError("unreachable: each round changes one field")  # pragma: no cover


def build(cls: type[M], columns: dict[str, str] | None = None, **fields: Any) -> M:
    """Validate a model; a validation error becomes a :class:`RowError` naming the column.

    ``columns`` maps model field names to the export column they came from.
    """
    try:
        return cls.model_validate(fields)
    except ValidationError as exc:
        raise refusal(exc, columns) from None


def refusal(exc: ValidationError, columns: dict[str, str] | None) -> RowError:
    """The :class:`RowError` of a model's first validation error, naming the export column
    of the refused field (``columns``: model field → column), else its dotted path."""
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    column = None
    for i in range(len(loc), 0, -1):
        column = (columns or {}).get(".".join(loc[:i]))
        if column:
            break
    shown = repr(err.get("input"))[:80]
    return RowError(column or ".".join(loc), f"{expected_text(err)} (got {shown})")


def place_location(
    place: str | None, coords: tuple[float, float] | None, columns: dict[str, str]
) -> Location | None:
    """The location of a place name and/or coordinates (named by its coordinates when there
    is no place name); ``None`` when there is neither. ``columns`` as for :func:`build`."""
    if place is None and coords is None:
        return None
    return build(
        Location,
        columns,
        name=(place or f"{coords[0]}, {coords[1]}" if coords else place or "")[:500],
        lat=coords[0] if coords else None,
        lon=coords[1] if coords else None,
    )


def range_fields(pair: tuple[int, int] | None) -> dict[str, int] | None:
    """A ``(min, max)`` pair as the fields of a :class:`~provenance.model.Range`.

    Give these (not a ``Range``) to :func:`build`, so that a count the model refuses (over
    its bound) rejects the row naming the column, instead of escaping as a validation error.
    """
    return None if pair is None else {"min": pair[0], "max": pair[1]}


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
    """Add ``model`` for ``row``; an id clash with different content rejects the row.

    The rejection's reason is the conflict's :attr:`~provenance.errors.ConflictError.reason`
    (the row itself is named by the rejection).
    """
    try:
        result.add(model, row.where, incident=incident, file=row.file)
    except ConflictError as exc:
        result.reject(row.file, row.number, None, exc.reason)
        return False
    return True


def wrong_files(profile: Profile, paths: Sequence[Path], detail: str) -> InputError:
    """The error for a profile given the wrong number or kind of files."""
    return InputError(
        f"profile {profile.name!r} reads {profile.files}; {detail}",
        "give the export files named above, or see `provenance ingest --list-profiles`",
    )
