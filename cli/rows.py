"""Printing rows (a list of flat dicts with the same keys) as a table, JSON, JSON Lines,
CSV or TSV: ``--format`` of the listing commands. The table is aligned plain text: on a
terminal it fits the width (long text cut with …, ids whole); piped, nothing is cut or
wrapped, so ids stay whole and copyable."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer

from .common import print_json


class RowFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


FormatOpt = Annotated[
    RowFormat | None,
    typer.Option("--format", help="table (default), json, jsonl, csv or tsv."),
]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def print_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: RowFormat | None,
    *,
    json_: bool = False,
    title: str = "",
) -> None:
    """Print ``rows`` (their ``columns``, in order) in ``fmt``; ``--json`` is ``json``."""
    chosen = RowFormat.json if json_ and fmt is None else (fmt or RowFormat.table)
    if chosen is RowFormat.json:
        print_json([{c: r.get(c) for c in columns} for r in rows])
    elif chosen is RowFormat.jsonl:
        for r in rows:
            line = json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False, default=str)
            sys.stdout.write(line + "\n")
    elif chosen in (RowFormat.csv, RowFormat.tsv):
        delimiter = "," if chosen is RowFormat.csv else "\t"
        writer = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_text(r.get(c)) for c in columns] for r in rows])
    else:
        _table(rows, columns, title)


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str) -> None:
    """Aligned plain text, one line per row (tabs and line breaks in the data become
    spaces). Piped, nothing is cut; on a terminal, the widest columns other than ``id`` are
    cut with … until the table fits its width (ids stay whole)."""
    cells = [[" ".join(_text(r.get(c)).split()) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    if sys.stdout.isatty():
        fit(widths, [c == "id" for c in columns], shutil.get_terminal_size().columns)
    lines = [title] if title else []
    for row in [list(columns), *cells]:
        cut = [v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(row, widths, strict=True)]
        lines.append("  ".join(v.ljust(w) for v, w in zip(cut, widths, strict=True)).rstrip())
    sys.stdout.write("\n".join(lines) + "\n")


MIN_WIDTH = 6
"""A column is never cut narrower than this."""


def fit(widths: list[int], fixed: list[bool], total: int) -> None:
    """Narrow ``widths`` in place (the widest column that is not ``fixed`` first, down to
    :data:`MIN_WIDTH`) until they and their 2-space gaps fit in ``total``."""
    while sum(widths) + 2 * (len(widths) - 1) > total:
        free = [i for i, w in enumerate(widths) if not fixed[i] and w > MIN_WIDTH]
        if not free:
            return
        widest = max(free, key=lambda i: widths[i])
        widths[widest] -= 1
