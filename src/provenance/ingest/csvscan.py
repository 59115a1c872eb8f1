"""Finding where a CSV record goes wrong, read the way Python's ``csv`` module reads it.

The ``csv`` module (its default, forgiving dialect) never says that a quote was left open:
a stray ``"`` at the start of a cell makes everything up to the end of the file one cell,
and the rows after it vanish without a word. :func:`scan_record` re-reads one record (the
last one, or the one that failed) with the same rules and tells where each cell starts and
ends, and whether the text ends inside a quoted cell. It jumps from quote to quote with
``str.find``, so even a record of hundreds of megabytes is scanned in milliseconds.

>>> text = 'a,"b\\nc,d\\n'
>>> scan = scan_record(text, 0, ",")
>>> scan.open_quote, len(scan.cells)
(2, 2)
>>> scan_record('a,"x""y",c\\nnext', 0, ",").cells
[(0, 1), (2, 8), (9, 10)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

QUOTE = '"'


@dataclass(frozen=True)
class RecordScan:
    """The cells of one record as ``(start, end)`` offsets into the text (quotes included),
    and the offset of the quote that is never closed (``None`` when the record ends)."""

    cells: list[tuple[int, int]]
    open_quote: int | None


@lru_cache(maxsize=8)
def _cell_end(delimiter: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(delimiter)}\r\n]")


def scan_record(text: str, start: int, delimiter: str) -> RecordScan:
    """Scan the record that starts at offset ``start`` (see the module docstring)."""
    cells: list[tuple[int, int]] = []
    end_of_cell = _cell_end(delimiter)
    i, n = start, len(text)
    while True:
        begin = i
        if i < n and text[i] == QUOTE:
            j = i + 1
            while True:
                k = text.find(QUOTE, j)
                if k == -1:
                    cells.append((begin, n))
                    return RecordScan(cells, begin)
                if text.startswith(QUOTE, k + 1):  # "" is a quote inside the cell
                    j = k + 2
                    continue
                i = k + 1
                break
        m = end_of_cell.search(text, i)
        if m is None:
            cells.append((begin, n))
            return RecordScan(cells, None)
        cells.append((begin, m.start()))
        if m.group() != delimiter:
            return RecordScan(cells, None)
        i = m.end()


def line_at(text: str, offset: int) -> int:
    """The 1-based line number of ``offset``."""
    return text.count("\n", 0, offset) + 1
