"""Printing rows (a list of flat dicts) as a table, JSON, JSON Lines, CSV or TSV: the one
``--format`` of every command that prints rows.

A command adopts it in two lines::

    from ..rows import FormatOpt, print_rows

    def cmd(..., fmt: FormatOpt = None, json_: JsonOpt = False) -> None:
        ...
        print_rows(rows, ["a", "b", "score"], fmt, json_=json_, ids=("a", "b"))

``rows`` are dicts (of JSON values); ``columns`` name the keys printed, in order; ``ids``
the columns that hold ids (never cut, never wrapped). ``--json`` prints the rows as one
JSON list unless ``--format`` says otherwise; a command whose ``--json`` document is not a
list of rows prints it itself and calls :func:`print_rows` only when :func:`chosen_format`
is not ``None``.

The table is aligned plain text: piped, nothing is cut or wrapped; on a terminal it fits
the width by wrapping text columns (ids whole). CSV and TSV cells never start a spreadsheet
formula (:func:`spreadsheet_safe`)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer

from .terminal import terminal_text


class RowFormat(StrEnum):
    """The output formats of ``--format``."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


FormatOpt = Annotated[
    RowFormat | None,
    typer.Option(
        "--format",
        metavar="table|json|jsonl|csv|tsv",
        help="table (default), json, jsonl, csv or tsv; piped, nothing is cut or wrapped.",
    ),
]


def chosen_format(fmt: RowFormat | None, json_: bool) -> RowFormat | None:
    """The format asked for: ``--format``, else ``json`` for ``--json``, else ``None``
    (the command's own text)."""
    return fmt if fmt is not None else (RowFormat.json if json_ else None)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP CSV
injection)."""

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def cell_text(value: Any) -> str:
    """A value as one cell's text: nothing for ``None``, lists joined with ``; ``, objects
    as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


def spreadsheet_safe(value: Any) -> str:
    """``value`` as a CSV/TSV cell that a spreadsheet never runs as a formula: text that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'``; numbers (``-3``, ``1e5``) stay numbers.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe(-3), spreadsheet_safe("-2.5")
    ("'=HYPERLINK(1)", '-3', '-2.5')
    """
    text = cell_text(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def flat_row(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``record`` with nested objects flattened into ``key_sub`` columns (a range
    ``{"min": 2, "max": 7}`` becomes ``key_min`` and ``key_max``)."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flat_row(value, f"{name}_"))
        else:
            flat[name] = value
    return flat


def own_text(fmt: RowFormat | None, json_: bool) -> bool:
    """Whether a command with its own text rendering prints it: neither ``--json`` nor a
    ``--format`` other than ``table``."""
    return not json_ and fmt in (None, RowFormat.table)


def print_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: RowFormat | None,
    *,
    json_: bool = False,
    title: str = "",
    ids: Sequence[str] = ("id",),
) -> None:
    """Print ``rows`` (their ``columns``, in order) in ``fmt``; ``--json`` is ``json``.
    Every format but the table is streamed: rows are written as they come."""
    chosen = chosen_format(fmt, json_) or RowFormat.table
    picked = ({c: r.get(c) for c in columns} for r in rows)
    write = sys.stdout.write
    if chosen is RowFormat.json:
        write("[")
        for i, r in enumerate(picked):
            text = json.dumps(r, ensure_ascii=False, indent=2, default=str)
            write(("\n" if i == 0 else ",\n") + textwrap.indent(text, "  "))
        write("\n]\n")
    elif chosen is RowFormat.jsonl:
        for r in picked:
            write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    elif chosen in (RowFormat.csv, RowFormat.tsv):
        delimiter = "," if chosen is RowFormat.csv else "\t"
        writer = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        for r in picked:
            writer.writerow([spreadsheet_safe(r[c]) for c in columns])
    else:
        write(table_text(list(picked), columns, title, ids=ids))


def table_text(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    title: str = "",
    *,
    ids: Sequence[str] = ("id",),
    width: int | None = None,
) -> str:
    """Aligned plain text, one line per row (line breaks in the data become spaces, control
    characters pictures). Piped (``width`` None and stdout not a terminal) nothing is cut
    or wrapped; on a terminal the widest columns other than ``ids`` are narrowed until the
    table fits and their cells wrap over several lines (ids stay whole)."""
    cells = [[terminal_text(" ".join(cell_text(r.get(c)).split())) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    if width is None and sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
    if width is not None:
        fit(widths, [c in ids for c in columns], width)
    lines = [terminal_text(" ".join(title.split()))] if title else []
    for row in [list(columns), *cells]:
        wrapped = [textwrap.wrap(v, w) or [""] for v, w in zip(row, widths, strict=True)]
        for i in range(max(len(w) for w in wrapped)):
            parts = [
                (w[i] if i < len(w) else "").ljust(n) for w, n in zip(wrapped, widths, strict=True)
            ]
            lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


MIN_WIDTH = 6
"""A column is never narrowed below this."""


def fit(widths: list[int], fixed: list[bool], total: int) -> None:
    """Narrow ``widths`` in place (the widest column that is not ``fixed`` first, down to
    :data:`MIN_WIDTH`) until they and their 2-space gaps fit in ``total``."""
    while sum(widths) + 2 * (len(widths) - 1) > total:
        free = [i for i, w in enumerate(widths) if not fixed[i] and w > MIN_WIDTH]
        if not free:
            return
        widest = max(free, key=lambda i: widths[i])
        widths[widest] -= 1
