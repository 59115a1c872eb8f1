"""Reading exports: encoding detection, CSV with header checks, JSON.

Monitors' spreadsheets arrive as UTF-8, UTF-8 with a byte-order mark, UTF-16 (Excel's
"Unicode text") or Windows-1252 (older Excel on Windows). :func:`decode` accepts UTF-8 by
default; anything else is named in the error together with the ``--encoding`` to try, so a
file is never silently read as mojibake. A profile may list further encodings it accepts
without asking (the Yemen Data Project publishes Windows-1252).

Row numbers are spreadsheet rows: the header is row 1, the first record row 2 (a record
with a line break inside a quoted cell still counts as one row).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.errors import InputError
from provenance.ingest.csvscan import line_at, scan_record
from provenance.ingest.documents import parse_json

MAX_EXPORT_BYTES = 512 * 1024 * 1024
"""Largest export read (bounded memory)."""

MAX_CELL_CHARS = 10 * 1024 * 1024
"""Longest cell read (the ``csv`` module's field size limit)."""

csv.field_size_limit(MAX_CELL_CHARS)

MIN_ROW_SHAPE = 5
"""A quoted cell holding lines with as many cells as a header this wide (or wider) is taken
as rows joined by stray quotes; narrower tables are not checked (prose has a few commas)."""


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", "check the path") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", "check the path") from None
    if path.is_dir():
        raise InputError(f"{path}: is a directory", "give the export files themselves")
    if size > MAX_EXPORT_BYTES:
        raise InputError(
            f"{path}: {size:,} bytes is larger than the {MAX_EXPORT_BYTES:,}-byte limit",
            "split the export into several files",
        )
    return path.read_bytes()


def guess_encoding(raw: bytes) -> str:
    """A best guess at a non-UTF-8 encoding: ``utf-16`` (BOM), ``cp1252`` or ``latin-1``."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if raw[:200].count(b"\x00") > len(raw[:200]) // 4:
        return "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"
    try:
        raw.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


ENCODING_HINT = "try utf-8, utf-16, cp1252 or latin-1"


def encoding_problem(encoding: object) -> str | None:
    """Why ``encoding`` cannot read a text file (unknown, or a codec such as ``rot13`` or
    ``base64`` that does not turn bytes into text); ``None`` when it can."""
    if not isinstance(encoding, str) or not encoding:
        return f"the encoding must be a name such as utf-8, not {encoding!r}"
    try:
        b"a".decode(encoding)  # b"" would not even look the codec up
    except (UnicodeError, ValueError):
        pass  # a text encoding that cannot read this byte alone (utf-16)
    except LookupError:
        try:
            codecs.lookup(encoding)
        except LookupError:
            return f"unknown encoding {encoding!r}"
        return f"{encoding!r} is not a text encoding (it does not turn bytes into text)"
    return None


def decode(
    raw: bytes, path: Path, encoding: str | None, accept: Sequence[str] = ()
) -> tuple[str, str]:
    """Decode ``raw``; return ``(text, encoding used)``.

    With ``encoding`` given, exactly that codec (errors name the byte). Otherwise UTF-8
    (a BOM is dropped); when that fails, the guessed encoding is used only if it is in
    ``accept``, else :class:`InputError` names it and the ``--encoding`` to try.
    """
    if encoding:
        problem = encoding_problem(encoding)
        if problem:
            raise InputError(problem, ENCODING_HINT)
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            guess = guess_encoding(raw)
            raise InputError(
                f"{path}: not valid {encoding} (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})",
                f"try --encoding {guess}",
            ) from None
        except UnicodeError as exc:
            raise InputError(f"{path}: not valid {encoding} ({exc})", ENCODING_HINT) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        guess = "utf-16"
    else:
        try:
            return raw.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as exc:
            guess = guess_encoding(raw)
            bad = raw[exc.start : exc.start + 1]
            line = raw.count(b"\n", 0, exc.start) + 1
            if guess in accept:
                return raw.decode(guess), guess
            raise InputError(
                f"{path}: not UTF-8 (line {line}, byte {exc.start}: {bad!r}); it looks like {guess}",
                f"run again with --encoding {guess}, or save the file as UTF-8",
            ) from None
    if guess in accept:
        return raw.decode(guess), guess
    raise InputError(
        f"{path}: not UTF-8; it looks like {guess} (it starts with a UTF-16 byte-order mark)",
        f"run again with --encoding {guess}, or save the file as UTF-8",
    )


@dataclass
class CsvFile:
    """A decoded CSV export: its header and its records with their row numbers."""

    path: Path
    encoding: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]

    @property
    def name(self) -> str:
        return self.path.name


def read_csv(
    path: Path,
    *,
    required: Sequence[str],
    profile: str,
    encoding: str | None = None,
    accept: Sequence[str] = (),
    delimiter: str | None = None,
) -> CsvFile:
    """Read a CSV export whose header must contain ``required`` (compared trimmed).

    Header names are trimmed (``"Fatalities "`` is ``Fatalities``); unnamed columns are
    kept as ``column N``. A missing column raises :class:`InputError` naming the missing
    columns, the columns found, and the profile that expected them; so do a column named
    twice, a cell over :data:`MAX_CELL_CHARS` and a quote that is never closed (which would
    make the rest of the file one cell), each naming the row, line and column.
    """
    text, used = decode(_read_bytes(path), path, encoding, accept)
    if not text.strip():
        raise InputError(f"{path}: the file is empty", f"profile {profile!r} expects a CSV header")
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)
    records = _Records(path, text, delimiter)
    header = [h.strip() or f"column {i + 1}" for i, h in enumerate(records.header())]
    _unique_header(path, header)
    require_columns(path, header, required, profile)
    rows: list[tuple[int, dict[str, str]]] = []
    width = len(header)
    for number, record in records.rows(header):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < width:
            record = record + [""] * (width - len(record))
        rows.append((number, dict(zip(header, record, strict=False))))
    return CsvFile(path=path, encoding=used, header=header, rows=rows)


def _unique_header(path: Path, header: Sequence[str]) -> None:
    """Raise :class:`InputError` naming two columns with one name (one would hide the other)."""
    first: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if name in first:
            raise InputError(
                f"{path}: columns {first[name]} and {i} are both named {name!r}; only one"
                " could be read",
                "rename one of them in the header",
            )
        first[name] = i


class _Records:
    """The records of a CSV text with their row numbers, keeping where each one starts so
    that a record the ``csv`` module reads wrongly can be named (row, line, column)."""

    def __init__(self, path: Path, text: str, delimiter: str) -> None:
        self.path, self.text, self.delimiter = path, text, delimiter
        self.pos = 0
        self.reader = csv.reader(self._lines(), delimiter=delimiter)

    def _lines(self) -> Iterator[str]:
        for line in io.StringIO(self.text, newline=""):
            self.pos += len(line)
            yield line

    def header(self) -> list[str]:
        try:
            return next(self.reader)
        except csv.Error as exc:
            raise self._error(1, 0, [], exc) from None

    def rows(self, header: list[str]) -> Iterator[tuple[int, list[str]]]:
        number, last, lines = 1, self.pos, self.reader.line_num
        while True:
            start = self.pos
            try:
                record = next(self.reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise self._error(number + 1, start, header, exc) from None
            number, last = number + 1, start
            if self.reader.line_num - lines > 1:
                self._check_swallowed(number, start, record, header)
            lines = self.reader.line_num
            yield number, record
        self._check_last(number, last, header)

    def _check_swallowed(
        self, number: int, start: int, record: list[str], header: list[str]
    ) -> None:
        """Refuse a record spanning lines whose quoted cell holds lines shaped like whole
        rows (as many cells as the header, five or more): two stray quotes joined the rows
        between them into one cell."""
        width = len(header)
        if width < MIN_ROW_SHAPE:
            return
        for index, cell in enumerate(record):
            if "\n" not in cell:
                continue
            inner = cell.split("\n")[1:]
            shaped = sum(line.count(self.delimiter) == width - 1 for line in inner)
            if not shaped:
                continue
            self._check_last(number, start, header)  # a quote never closed says more
            first = line_at(self.text, start)
            raise InputError(
                f"{self.path}: row {number} (line {first}), column"
                f" {self._column(header, index)!r}: this quoted cell runs over lines"
                f" {first}–{first + len(inner)}, {shaped} of them shaped like whole rows: a stray"
                " quote probably joined those rows into one cell",
                'check the quotes on the lines named (a quote inside a quoted cell is written "")',
            )

    def _column(self, header: list[str], index: int) -> str:
        return header[index] if index < len(header) else f"column {index + 1}"

    def _check_last(self, number: int, start: int, header: list[str]) -> None:
        """Refuse a last record whose quote is never closed: it swallowed the rest."""
        scan = scan_record(self.text, start, self.delimiter)
        if scan.open_quote is None:
            return
        end = len(self.text)
        while end and self.text[end - 1] in "\r\n":
            end -= 1
        line, last = line_at(self.text, scan.open_quote), line_at(self.text, end)
        rest = f"lines {line}–{last}" if last > line else f"line {line}"
        raise InputError(
            f"{self.path}: row {number} (line {line}), column"
            f" {self._column(header, len(scan.cells) - 1)!r}: a quote opens this cell and is"
            f" never closed, so the rest of the file ({rest}) would be read as one cell",
            'close the quote, or remove the stray " (a quote inside a quoted cell is written "")',
        )

    def _error(self, number: int, start: int, header: list[str], exc: csv.Error) -> InputError:
        """The error for a record the ``csv`` module refused (a cell over the size limit)."""
        scan = scan_record(self.text, start, self.delimiter)
        if scan.open_quote is not None:
            try:
                self._check_last(number, start, header)
            except InputError as unclosed:
                return unclosed
        big = [i for i, (a, b) in enumerate(scan.cells) if b - a > MAX_CELL_CHARS]
        if not big:
            line = line_at(self.text, start)
            return InputError(f"{self.path}: row {number} (line {line}): {exc}", "fix the row")
        a, b = scan.cells[big[0]]
        return InputError(
            f"{self.path}: row {number} (line {line_at(self.text, a)}), column"
            f" {self._column(header, big[0])!r}: a cell of {b - a:,} characters is larger than"
            f" the {MAX_CELL_CHARS:,}-character limit",
            "check the export: a cell this long is not a field of an incident",
        )


def require_columns(
    path: Path, header: Sequence[str], required: Sequence[str], profile: str
) -> None:
    """Raise :class:`InputError` naming the missing columns, the header and the profile."""
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"{path}: missing {'column' if len(missing) == 1 else 'columns'}"
            f" {', '.join(repr(c) for c in missing)} expected by profile"
            f" {profile!r}; the header has {', '.join(repr(h) for h in header[:30])}",
            "choose the profile that matches this export (`provenance ingest --list-profiles`),"
            " or write a --mapping file for it",
        )


def read_json(path: Path, *, encoding: str | None = None) -> tuple[Any, str]:
    """Parse a JSON export; return ``(document, encoding used)``."""
    text, used = decode(_read_bytes(path), path, encoding)
    return parse_json(text, str(path), unique_keys=False), used
