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
