"""A stored field's value as a person reads it (``show``, ``set``): ``12–18`` for a range,
a list as its items (counts and numbers: :mod:`provenance.wording`)."""

from __future__ import annotations

from typing import Any


def human_value(value: Any) -> str:
    """A field's value in words: a range ``{"min": 2, "max": 7}`` as ``2–7`` (``2`` when
    both ends are equal), a list as its items separated by commas, any other object as
    ``key: value`` pairs, ``None`` as nothing.

    >>> human_value({"min": 2, "max": 7}), human_value(["a", "b"]), human_value({"lat": 1})
    ('2–7', 'a, b', 'lat: 1')
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        if set(value) == {"min", "max"}:
            low, high = value["min"], value["max"]
            return human_value(low) if low == high else f"{human_value(low)}–{human_value(high)}"
        shown = {k: v for k, v in value.items() if v not in (None, "", [], {})}
        return "; ".join(f"{k}: {human_value(v)}" for k, v in shown.items())
    if isinstance(value, list | tuple):
        return ", ".join(human_value(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
