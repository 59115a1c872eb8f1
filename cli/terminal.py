"""Text from the data on the terminal: never as control characters (DESIGN.md "CLI").

:func:`terminal_text` is the CLI's one terminal-neutralising function. Every text the CLI
prints that comes from a store, an input file or an error message goes through it: directly
(``typer.echo`` lines, table cells, tree labels) or through the console of
:func:`provenance_cli.common.console`, which passes every string and ``Text`` it prints
through it. The stores refuse control characters on the way in (ids, item text, actor,
reason, tool); this is the second line, for anything that got in before or elsewhere.
"""

from __future__ import annotations

_PICTURES = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421}
"""C0 controls and DEL as their Unicode control pictures (ESC → ␛, BEL → ␇)."""

_INVISIBLE = [
    *range(0x80, 0xA0),
    *(0x061C, 0x200E, 0x200F, 0x2028, 0x2029),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
"""C1 controls (CSI U+009B, OSC U+009D …), line separators and the bidirectional marks,
embeddings, overrides and isolates: shown as U+FFFD."""

_MULTI_LINE = str.maketrans(
    {c: p for c, p in _PICTURES.items() if c not in (0x09, 0x0A)}
    | dict.fromkeys(_INVISIBLE, 0xFFFD)
)
_ONE_LINE = str.maketrans(_PICTURES | dict.fromkeys(_INVISIBLE, 0xFFFD))


def terminal_text(value: object, *, one_line: bool = False) -> str:
    r"""``str(value)`` with every control character made visible and inert.

    C0 controls and DEL become their control pictures (``␛`` for ESC), C1 controls and
    bidirectional or line-separating characters become ``�``. Tabs and line feeds are kept
    unless ``one_line`` (a line of a listing), which pictures them too. Each character is
    replaced by one character, so styled text keeps its styles where they were.

    >>> terminal_text("\x1b]0;PWNED\x07 title")
    '␛]0;PWNED␇ title'
    >>> terminal_text("a\u202eb\x9bc\nd"), terminal_text("a\nb", one_line=True)
    ('a�b�c\nd', 'a␊b')
    """
    return str(value).translate(_ONE_LINE if one_line else _MULTI_LINE)
