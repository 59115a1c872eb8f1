"""Printing rows (a list of flat dicts with the same keys) as a table, JSON, JSON Lines,
CSV or TSV: ``--format`` of the listing commands. On a terminal the table fits the width;
piped, nothing is truncated or wrapped, so ids stay whole and copyable."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer

from .common import console, print_json


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
    from rich.table import Table
    from rich.text import Text

    out = console()
    piped = not sys.stdout.isatty()
    table = Table(title=Text(title) if title else None, title_justify="left", box=None)
    for c in columns:
        # ids never wrap; piped, no column is cut (the table takes its natural width)
        table.add_column(c, no_wrap=piped or c == "id", overflow="fold")
    for r in rows:
        table.add_row(*(Text(_text(r.get(c))) for c in columns))  # data text: never markup
    if piped:
        out.width = max(out.width, table.__rich_measure__(out, out.options).maximum)
    out.print(table)
