"""The CLI's Rich console: whatever it prints passes through :func:`.terminal.terminal_text`.

Imported only when something is printed (Rich is not loaded for ``provenance --help``).

The output contract (DESIGN.md "CLI"): when the console's stream is not a terminal nothing
is cut or wrapped (tables are as wide as their widest cell, text lines as long as they
are); on a terminal, tables fit its width by wrapping text columns, never by cutting an id
(:func:`id_column`).
"""

from __future__ import annotations

import textwrap
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .terminal import terminal_text

PIPED_WIDTH = 1_000_000
"""The width of a console whose stream is not a terminal: wider than any line the tool
prints, so nothing is wrapped or cut."""


def neutralised(obj: Any) -> Any:
    """``obj`` with its text neutralised: a string or a Rich ``Text`` (styles kept, each
    character replaced one for one); any other renderable (a table, a tree) is returned as
    it is — build its cells with :func:`terminal_text`."""
    if isinstance(obj, str):
        return terminal_text(obj)
    if isinstance(obj, Text):
        safe = obj.copy()
        safe.plain = terminal_text(obj.plain)
        return safe
    return obj


class SafeConsole(Console):
    """A Rich console whose :meth:`print` neutralises every string and ``Text`` it is given."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print ``objects`` (see ``rich.console.Console.print``), neutralised."""
        super().print(*(neutralised(o) for o in objects), **kwargs)


def make_console(*, stderr: bool = False) -> SafeConsole:
    """A :class:`SafeConsole` on stdout (or stderr) that honours NO_COLOR and COLUMNS on a
    terminal; on anything else (a pipe, a file) it neither wraps nor cuts."""
    con = SafeConsole(stderr=stderr, highlight=False, soft_wrap=False)
    if not con.is_terminal:
        con.width = PIPED_WIDTH
        con.soft_wrap = True
    return con


def fitted(text: str, out: Console) -> str:
    """``text`` as a line of ``out``: on a terminal, wrapped at its width between words (an
    id, a word, is never broken, unless it is wider than the terminal), its continued lines
    indented four more than its first; anywhere else as it is (the output contract)."""
    if not out.is_terminal or len(text) <= out.width:
        return text
    lead = " " * (len(text) - len(text.lstrip(" ")))
    return textwrap.fill(
        text,
        width=out.width,
        subsequent_indent=lead + "    ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def id_column(table: Table, header: str, ids: list[str] | None = None) -> None:
    """Add a column of ids to ``table``: never wrapped, never cut (as wide as its longest
    id in ``ids``), so that an id can be copied into the next command."""
    widest = max([len(header), *(len(i) for i in ids or [])])
    table.add_column(header, no_wrap=True, min_width=widest, overflow="ignore")


def text_column(table: Table, header: str) -> None:
    """Add a column of text that wraps on a terminal (long words folded, never cut)."""
    table.add_column(header, overflow="fold")
