"""The one exception hierarchy of the library.

Every error a user can trigger is a :class:`ProvenanceError`. It carries what is wrong
(:attr:`~ProvenanceError.message`) and how to fix it (:attr:`~ProvenanceError.hint`), and
:meth:`~ProvenanceError.display` gives the one text shown for it: the CLI catches
:class:`ProvenanceError` at its boundary, writes that text on stderr and exits with the
error's :attr:`~ProvenanceError.exit_code` (2 for a :class:`UsageError`, the status a
command-line parser gives; 1 for everything else).

>>> err = InputError("cases.yaml:3: field 'kind': not a source kind", "use news, ngo or social_media")
>>> print(err.display())
Error: cases.yaml:3: field 'kind': not a source kind
Hint: use news, ngo or social_media
>>> err.exit_code, UsageError("unknown grade 'great'").exit_code
(1, 2)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ProvenanceError(Exception):
    """Root of every error the library raises on purpose.

    ``message`` says what is wrong (naming the file, row, item and field where known);
    ``hint`` says how to fix it.
    """

    exit_code = 1
    """The CLI's exit status for this kind of error."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        """The message, then ``Hint: <hint>`` on its own line when there is a hint."""
        return f"{self.message}\nHint: {self.hint}" if self.hint else self.message

    def brief(self) -> str:
        """The message and hint on one line (``<message> — <hint>``), for a report that
        records the error among other findings."""
        return f"{self.message} — {self.hint}" if self.hint else self.message

    def display(self) -> str:
        """What the user is shown: ``Error: <message>`` and, on the next line, ``Hint: <hint>``."""
        return f"Error: {self}"


class InputError(ProvenanceError):
    """A file or value given by the user is malformed or invalid. Nothing was written."""


class UsageError(InputError):
    """A command-line option has a value the command cannot take (an unknown grade, a date
    that is not ``YYYY-MM-DD``, two options that exclude each other). Exit status 2, like the parser's own
    usage errors. A kind of :class:`InputError`: code that catches invalid input catches
    these too."""

    exit_code = 2


class ReferenceError_(ProvenanceError):
    """A reference names an id that is neither in the input nor in the store."""


class ConflictError(ProvenanceError):
    """An id is already used by another kind of item, or given twice with different content.

    ``reason`` is what conflicts; ``where`` (optional) names the place of the offending item
    (``cases.yaml: sources[2] (id 's1')``, ``export.csv row 7``). The message is
    ``<where>: <reason>``, or the reason alone.

    >>> err = ConflictError("id 's1' is given twice", where="a: b.csv row 3")
    >>> err.message, err.reason
    ("a: b.csv row 3: id 's1' is given twice", "id 's1' is given twice")
    """

    def __init__(self, reason: str, hint: str = "", *, where: str | None = None) -> None:
        super().__init__(f"{where}: {reason}" if where else reason, hint)
        self.reason = reason
        self.where = where


class NotFoundError(ProvenanceError):
    """The requested item does not exist in the store."""


class StoreError(ProvenanceError):
    """The store cannot be opened or used (bad URI, unreachable server, bad credentials)."""


EXPECTED = {
    "missing": "required, and missing",
    "string_type": "expected text",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "date_parsing": "expected a date as YYYY-MM-DD",
    "date_type": "expected a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date as YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date as YYYY-MM-DD, without a time",
    "datetime_parsing": "expected a date and time (ISO 8601, e.g. 2017-06-03T14:00:00Z)",
    "datetime_type": "expected a date and time (ISO 8601, e.g. 2017-06-03T14:00:00Z)",
    "list_type": "expected a list",
    "dict_type": "expected a mapping (key: value pairs)",
    "url_parsing": "expected a URL",
    "url_scheme": "expected an http(s) URL",
    "url_type": "expected a URL",
    "extra_forbidden": "not a field of this item",
}
"""pydantic's error types and what a person is told was expected instead."""

_BOUNDS = {
    "greater_than": ">",
    "greater_than_equal": "≥",
    "less_than": "<",
    "less_than_equal": "≤",
}


def expected_text(err: Mapping[str, Any]) -> str:
    """What a field expected, in words, for one of pydantic's ``ValidationError.errors()``
    entries: never pydantic's own "Input should be …".

    >>> expected_text({"type": "enum", "msg": "…", "ctx": {"expected": "'fair' or 'weak'"}})
    "expected 'fair' or 'weak'"
    >>> expected_text({"type": "greater_than_equal", "msg": "…", "ctx": {"ge": 0}})
    'expected a number ≥ 0'
    """
    kind, ctx = str(err.get("type")), err.get("ctx") or {}
    if kind in ("enum", "literal_error") and "expected" in ctx:
        return f"expected {ctx['expected']}"
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()), "")
        return f"expected a number {_BOUNDS[kind]} {bound}"
    if kind in ("too_short", "string_too_short", "too_long", "string_too_long"):
        longest = "at least" if "short" in kind else "at most"
        size = ctx.get("min_length", ctx.get("max_length", ""))
        return f"expected {longest} {size} {'characters' if 'string' in kind else 'items'}"
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])
    if kind in ("model_type", "model_attributes_type"):
        name = str(ctx.get("class_name") or "object")
        return "expected a range (min and max)" if name == "Range" else f"expected a {name}"
    if kind in EXPECTED:
        return EXPECTED[kind]
    msg = str(err.get("msg", "invalid value"))
    return msg.replace("Input should be", "expected", 1).removeprefix("Value error, ")


def field_problem(err: Mapping[str, Any], *, value: bool = True) -> str:
    """``FIELD: what was expected (got VALUE)`` for one pydantic error entry: the field's
    dotted path, :func:`expected_text`, and (``value``) the value given, bounded.

    >>> field_problem({"type": "int_parsing", "loc": ("claim", "killed"), "msg": "…",
    ...                "input": "many"})
    "claim.killed: expected a whole number (got 'many')"
    """
    where = ".".join(str(p) for p in err.get("loc") or ()) or "value"
    text = f"{where}: {expected_text(err)}"
    if value and "input" in err and err.get("type") != "missing":
        shown = repr(err["input"])
        text += f" (got {shown[:80]}{'…' if len(shown) > 80 else ''})"
    return text
