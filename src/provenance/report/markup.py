"""HTML building blocks of a report, safe with untrusted text (pure).

Every string from the data goes through :func:`esc`: HTML-escaped (``<script>`` stays
text), with control characters, bidirectional overrides and isolates and lone surrogates
shown as visible ``[U+202E]`` markers instead of acting (``exe.pdf`` cannot be made to read
as ``fdp.exe``). Unlike the views' labels (:func:`provenance.views.template.clean_text`),
nothing is cut short and no word is altered: an annex prints every URL and text in full.
The report has no ``href`` or ``src`` attribute at all: URLs are printed as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def esc(value: object) -> str:
    r"""``value`` as text to put in HTML: escaped, invisible controls made visible.

    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    >>> esc("a\u202eb\x1bc")
    'a[U+202E]b[U+001B]c'
    """
    text = "" if value is None else str(value)
    text = _INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
    return html.escape(text, quote=True)


Cell = tuple[str, str]
"""A table cell already made safe: ``(html, class)``."""


def cell(value: object, cls: str = "") -> Cell:
    """A cell holding ``value`` as escaped text."""
    return esc(value), cls


def raw(markup: str, cls: str = "") -> Cell:
    """A cell holding markup this module built (never data)."""
    return markup, cls


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    cls: str = "",
    caption: str | None = None,
    row_cls: str = "",
) -> str:
    """A table with a repeated header (``head`` is our own wording, escaped all the same)."""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = []
    for row in rows:
        tds = "".join(f'<td class="{c}">{v}</td>' if c else f"<td>{v}</td>" for v, c in row)
        body.append(f'<tr class="{row_cls}">{tds}</tr>' if row_cls else f"<tr>{tds}</tr>")
    klass = f' class="{cls}"' if cls else ""
    return f"<table{klass}>{cap}<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def pairs(rows: Iterable[tuple[str, str]], *, cls: str = "meta") -> str:
    """A two-column table of ``(our label, data value)``; values are escaped."""
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f'<table class="{cls}"><tbody>{body}</tbody></table>'


def para(text: str, cls: str = "") -> str:
    """A paragraph of escaped text."""
    klass = f' class="{cls}"' if cls else ""
    return f"<p{klass}>{esc(text)}</p>"


def items_list(texts: Iterable[str]) -> str:
    """A bulleted list of escaped texts."""
    return "<ul>" + "".join(f"<li>{esc(t)}</li>" for t in texts) + "</ul>"
