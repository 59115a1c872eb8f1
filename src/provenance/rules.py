"""The rules of what may be stored, in one place: ids, texts, witness ids, and which fields
of a witness are public (issue 13: hardening).

* **Ids** (:func:`check_id`, used by every model's ``Id``): NFC, no whitespace, no control,
  invisible or bidirectional characters.
* **Texts** (:data:`CONTROL_CHARACTERS`, the models' text fields; :func:`check_text` for the
  actor, reason and tool of an audit event): no control characters but tabs and line breaks.
* **Witness ids** (:func:`check_witness_id`): pseudonyms, never a phone number or an e-mail
  address; one that looks like a personal name is warned about.
* **The witness policy** (:func:`public_fields`): a witness's id and role are public; views,
  ``trace``, bundles and exports show nothing else of it unless an export is asked for
  identities.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from provenance.errors import UsageError

ID_FORBIDDEN = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
"""What an id may not hold: whitespace, C0 and C1 control characters (ESC, CSI U+009B, OSC
U+009D …), and invisible or bidirectional formatting characters (soft hyphen, zero-width
spaces and joiners, LRM/RLM, the bidi embeddings, overrides and isolates, BOM)."""


def check_id(value: str) -> str:
    r"""``value`` if it is a well-formed id, else a ``ValueError`` saying why.

    The one rule for ids (every model's :data:`provenance.model.Id` uses it): 1–200
    characters (checked by the type), none of :data:`ID_FORBIDDEN`, and in Unicode
    normalisation form NFC, so that two ids that look the same are the same string (``é``
    as one code point, never ``e`` and a combining accent).

    >>> check_id("ill-mosul-1")
    'ill-mosul-1'
    >>> check_id("a\u202egpj.exe")
    Traceback (most recent call last):
    ValueError: an id may not hold U+202E (whitespace, control, invisible or bidirectional characters)
    """
    bad = ID_FORBIDDEN.search(value)
    if bad:
        raise ValueError(
            f"an id may not hold U+{ord(bad.group()):04X}"
            " (whitespace, control, invisible or bidirectional characters)"
        )
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        raise ValueError(
            "an id must be in Unicode normalisation form NFC (accents composed), so that ids"
            f" that look alike are equal: use {unicodedata.normalize('NFC', value)!r}"
        )
    return value


CONTROL_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""The control characters no stored text may hold (a regular-expression class body): all of
C0, DEL and C1 except tab, line feed and carriage return."""

_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def check_text(value: str, what: str) -> str:
    r"""``value`` if it holds no control character but tab and line breaks, else a
    :class:`~provenance.errors.UsageError` naming ``what`` (``--reason``, ``--actor``, …).

    The rule of every stored text (the models' text fields use the same class of
    characters), for the texts that are not model fields: the actor, reason and tool of an
    audit event.

    >>> check_text("same rescuer", "--reason")
    'same rescuer'
    >>> check_text("\x1b]0;PWNED\x07", "--reason")
    Traceback (most recent call last):
    provenance.errors.UsageError: --reason holds the control character U+001B
    Hint: remove it: escape sequences are never stored (they would act on a terminal)
    """
    bad = _CONTROL.search(value)
    if bad:
        raise UsageError(
            f"{what} holds the control character U+{ord(bad.group()):04X}",
            "remove it: escape sequences are never stored (they would act on a terminal)",
        )
    return value


def has_controls(value: str) -> bool:
    """Whether ``value`` holds a control character no stored text may hold.

    >>> has_controls("Raqqa\\x1b]0;x\\x07"), has_controls("two\\nlines")
    (True, False)
    """
    return _CONTROL.search(value) is not None


def escape_controls(value: str) -> str:
    r"""``value`` with each control character a stored text may not hold written as its
    escape (``\x1b``): what an import keeps of a cell it could not use, storable and
    harmless on a terminal, the characters still there to read.

    >>> escape_controls("5\x1b[2J"), escape_controls("tab\tkept")
    ('5\\x1b[2J', 'tab\tkept')
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


class IdentifyingIdWarning(UserWarning):
    """A witness id that may name a person (two or more capitalised words in a row): kept,
    and shown to the user as a warning (the CLI prints it as ``Warning: …``)."""


_PHONE_RUN = re.compile(r"\+?\d[\d().\-/+]*\d")
_ISO_DATE = re.compile(r"(?:1[89]|20)\d\d-[01]\d-[0-3]\d[-./]?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD_BREAK = re.compile(r"[\W\d_]+")


def witness_id_refusal(value: str) -> str | None:
    """Why ``value`` cannot be a witness id, or ``None``: a witness id is a pseudonym, never
    an e-mail address or a phone number (7 or more digits with separators or a leading
    ``+``; a leading ISO date such as ``2017-06-12`` does not count).

    >>> witness_id_refusal("Ahmed-Hassan-+964-770-123-4567")
    'it looks like a phone number (+964-770-123-4567)'
    >>> witness_id_refusal("w-2017-06-12-0001"), witness_id_refusal("w-000123")
    (None, None)
    """
    if mail := _EMAIL.search(value):
        return f"it looks like an e-mail address ({mail.group()})"
    for run in _PHONE_RUN.finditer(value):
        text = (
            _ISO_DATE.sub("", run.group(), count=1) if _ISO_DATE.match(run.group()) else run.group()
        )
        digits = sum(c.isdigit() for c in text)
        if digits >= 7 and (text.startswith("+") or not text.isdigit()):
            return f"it looks like a phone number ({run.group()})"
    return None


def witness_id_warning(value: str) -> str | None:
    """A warning when ``value`` looks like a personal name (two or more capitalised words in
    a row, in any script that has capitals), else ``None``. Names in scripts without
    capitals cannot be told apart from pseudonyms and pass.

    >>> witness_id_warning("Ahmed-Hassan-3")
    "witness id 'Ahmed-Hassan-3' looks like a personal name (Ahmed Hassan): witness ids are pseudonyms; keep names in an identities file outside the graph"
    >>> witness_id_warning("ill-w-mosul-resident") is None
    True
    """
    words = [w for w in _WORD_BREAK.split(value) if w]
    for first, second in pairwise(words):
        if all(len(w) > 1 and w[0].isupper() and w[1:].islower() for w in (first, second)):
            return (
                f"witness id {value!r} looks like a personal name ({first} {second}): witness"
                " ids are pseudonyms; keep names in an identities file outside the graph"
            )
    return None


def check_witness_id(value: str) -> str:
    """``value`` if it may be a witness id: refused (``ValueError``) per
    :func:`witness_id_refusal`, warned about (:class:`IdentifyingIdWarning`) per
    :func:`witness_id_warning`."""
    if refusal := witness_id_refusal(value):
        raise ValueError(
            f"a witness id must be a pseudonym, and {refusal}: keep contact details in an"
            " identities file outside the graph"
        )
    if warning := witness_id_warning(value):
        warnings.warn(warning, IdentifyingIdWarning, stacklevel=2)
    return value


WITNESS_PUBLIC_FIELDS: tuple[str, ...] = ("id", "role")
"""The one witness policy: the fields of a witness anyone may see. Views, ``trace``, inquiry
bundles and exports show a witness through :func:`public_fields`; only an export with
``--include-witness-identities`` adds anything (the fields of an identities file kept
outside the graph)."""


def public_fields(label: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a stored item that may be shown or exported without identities: a
    witness's :data:`WITNESS_PUBLIC_FIELDS`, every field of any other item.

    >>> public_fields("Witness", {"id": "w1", "role": "medic", "name": "A. Person"})
    {'id': 'w1', 'role': 'medic'}
    """
    if label != "Witness":
        return dict(data)
    return {k: data[k] for k in WITNESS_PUBLIC_FIELDS if k in data}
