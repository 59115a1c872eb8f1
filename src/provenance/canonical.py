"""Canonical bytes and content hashes.

Every content hash in the system is SHA-256 over RFC 8785 (JCS) canonical JSON bytes, so
the same item always hashes the same, whatever produced it. ``json.dumps(sort_keys=True)``
is not canonical in general (floats, non-ASCII escapes, key order of non-ASCII keys) and is
never used for hashing on its own.

Fast path: for values whose keys are ASCII strings, whose integers are within ±(2**53 - 1)
and whose floats are non-integral with ``1e-4 <= |x| < 1e16`` (where Python's shortest
``repr`` and the ES6 number format coincide), RFC 8785 output is exactly
``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``: JCS and
the stdlib both escape only ``"``, ``\\`` and control characters (``\\b \\t \\n \\f \\r``,
others as lower-case ``\\u00xx``). Anything else goes through the ``rfc8785`` library.
``tests/test_canonical.py`` checks the equality with hypothesis.
"""

from __future__ import annotations

import hashlib
import json
from itertools import chain
from typing import Any

import rfc8785

_MAX_INT = 2**53 - 1
_encode = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
).encode


def _simple(value: Any) -> bool:
    """True when the stdlib encoding of ``value`` is its RFC 8785 encoding."""
    t = type(value)
    if t is dict:
        try:
            if not "".join(value).isascii():
                return False
        except TypeError:  # a key that is not a string
            return False
        values: Any = value.values()
    elif t is list or t is tuple:
        values = value
    else:
        return _simple((value,))
    if _plain(values):
        return True
    for v in values:
        tv = type(v)
        if tv is str or v is None or tv is bool:
            continue
        if tv is int:
            if -_MAX_INT <= v <= _MAX_INT:
                continue
            return False
        if tv is float:
            a = abs(v)
            if 1e-4 <= a < 1e16 and not v.is_integer():
                continue
            return False
        if tv is dict or tv is list or tv is tuple:
            if _simple(v):
                continue
        return False
    return True


_PLAIN = frozenset({str, bool, type(None)})
_ROWS = frozenset({list, tuple})


def _plain(values: Any) -> bool:
    """True when ``values`` are all strings, booleans or null, or all lists or tuples of
    them (rows of an audit event): their encodings coincide. Checked by type in C-level
    loops, so a million rows cost no Python call each (the rows of a 1M-source import's
    event are checked in 0.4 s)."""
    types = set(map(type, values))
    if types <= _PLAIN:
        return True
    return types <= _ROWS and set(map(type, chain.from_iterable(values))) <= _PLAIN


def fast_canonical_text(value: Any) -> str | None:
    """The canonical JSON text of ``value`` when the fast path applies, else ``None``.

    When not ``None`` it is also exactly ``json.dumps(value, sort_keys=True,
    separators=(",", ":"), ensure_ascii=False)``.
    """
    if _simple(value):
        text = _encode(value)
        if text.isascii():
            return text
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: not representable
            return None
        return text
    return None


def canonical_bytes(value: Any) -> bytes:
    """Return the RFC 8785 canonical JSON encoding of ``value`` (JSON types only)."""
    if _simple(value):
        try:
            return _encode(value).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: let rfc8785 report them
            pass
    return bytes(rfc8785.dumps(value))


def text_and_hash(value: Any) -> tuple[str | None, str]:
    """``(fast_canonical_text(value), content_hash(value))``, encoding only once."""
    text = fast_canonical_text(value)
    if text is None:
        return None, content_hash(value)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def content_hash(value: Any) -> str:
    """Hex SHA-256 of the canonical JSON of ``value``."""
    return sha256_hex(canonical_bytes(value))
