"""The CLI's Rich console: whatever it prints passes through :func:`.terminal.terminal_text`.

Imported only when something is printed (Rich is not loaded for ``provenance --help``).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from .terminal import terminal_text


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
