"""The one exception hierarchy of the library.

The CLI catches :class:`ProvenanceError` at its boundary and prints ``Error: <message>``
and, on the next line, ``Hint: <hint>`` on stderr, exiting with the error's
:attr:`~ProvenanceError.exit_code`: 2 for a :class:`UsageError` (a bad option value, the same
status a command-line parser gives), 1 for everything else.
"""

from __future__ import annotations


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
        return f"{self.message} — {self.hint}" if self.hint else self.message


class UsageError(ProvenanceError):
    """A command-line option has a value the command cannot take (an unknown grade, ``--from``
    after ``--to``). Exit status 2, like the parser's own usage errors."""

    exit_code = 2


class InputError(ProvenanceError):
    """A file or value given by the user is malformed or invalid. Nothing was written."""


class ReferenceError_(ProvenanceError):
    """A reference names an id that is neither in the input nor in the store."""


class ConflictError(ProvenanceError):
    """An id is already used by another kind of item, or given twice with different content."""


class NotFoundError(ProvenanceError):
    """The requested item does not exist in the store."""


class StoreError(ProvenanceError):
    """The store cannot be opened or used (bad URI, unreachable server, bad credentials)."""
