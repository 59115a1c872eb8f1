"""Who set each field: the origin of every stored value, and how inputs merge by it.

Like followthemoney's statements, every value of a stored item knows where it came from.
The origins are kept beside the item's fields, under the key :data:`ORIGINS` of its stored
data, so the item's content hash (and with it the audit log that records the hash, and
``audit verify``) covers them. They are stored grouped, one entry per origin with the fields
it set (``[{"by": "import", "source": "airwars", "file": "x.csv", "fields": [...]}, …]``,
:func:`encode`: a third of the size of one entry per field), and read as one origin per
field (:func:`origins_of`). An origin is one of

- ``{"by": "import", "source": PROFILE, "file": NAME}`` — a monitor's export, read with a
  profile or a mapping (``source``) from the file ``NAME``;
- ``{"by": "case"}`` — a case file (not named: the same item given by two case files, or
  by a file renamed, is one content);
- ``{"by": "analyst", "actor": WHO, "at": ISO-UTC, "reason": WHY}`` — ``provenance set``.

A field with no origin was set by nobody (its default), or by a write made before origins
existed. Inputs rank import < case < analyst (:data:`RANK`): an input never overwrites a
value set by a higher rank, and :func:`merge` reports where it disagrees with one
(:class:`~provenance.store.types.Disagreement`). An import states every field of its items
(a value it no longer gives is cleared when the import set it); a case file states only
the fields it gives (``model_fields_set``); ``provenance set`` states the fields it names.

Pure functions on plain dicts; :mod:`provenance.store.plan` applies them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from provenance.store.types import Disagreement

ORIGINS = "origins"
"""The key of an item's stored data that holds its fields' origins (never a model field)."""

RANK = {"import": 1, "case": 2, "analyst": 3}
"""How much an origin outranks others: a write never overwrites a field of higher rank."""

EMPTY: tuple[Any, ...] = (None, [], {}, "")
"""Values that state nothing: an import giving one does not take ownership of the field."""

NOT_FIELDS = frozenset({"id", ORIGINS, "incident", "claims"})
"""Keys of stored data that have no origin of their own (the key, the origins, structure)."""


def import_origin(source: str, file: str | None) -> dict[str, str]:
    """The origin of values read from an export ``file`` with profile or mapping ``source``."""
    origin = {"by": "import", "source": source}
    if file:
        origin["file"] = PurePath(file).name
    return origin


CASE_ORIGIN = {"by": "case"}
"""The origin of values a case file gives (which file is in the audit event of the ingest:
naming it here would make the same item given by two files two contents)."""


def analyst_origin(actor: str, at: str, reason: str) -> dict[str, str]:
    """The origin of a value an analyst set with ``provenance set``."""
    return {"by": "analyst", "actor": actor, "at": at, "reason": reason}


def stamp(
    data: dict[str, Any], origin: Mapping[str, str], given: Iterable[str] | None
) -> dict[str, Any]:
    """``data`` with the origins of the fields an input gave with a value (``given``;
    ``None``: every field, as an import states them) set to ``origin``, in place.

    A field given empty (``url: null``) gets no origin: it states that nothing is known,
    which is what a field nobody set says too (so a case file giving every field, empty
    ones included, stores the same item as one giving only those with values).
    """
    names = [
        k
        for k, v in data.items()
        if k not in NOT_FIELDS and v not in EMPTY and (given is None or k in given)
    ]
    if names:
        data[ORIGINS] = encode({name: origin for name in names})
    return data


def encode(origins: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
    """``{field: origin}`` as stored: one entry per distinct origin with the sorted
    ``fields`` it set, the entries in a fixed order (by rank, then content), so the same
    origins always give the same data and content hash."""
    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for name, origin in origins.items():
        groups.setdefault(tuple(sorted(origin.items())), []).append(name)
    entries = [{**dict(key), "fields": sorted(names)} for key, names in groups.items()]
    return sorted(entries, key=lambda e: (rank(e), sorted((k, str(v)) for k, v in e.items())))


def origins_of(data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The origin of each field of an item's stored data (:func:`encode` undone; empty for
    an item stored without origins)."""
    out: dict[str, dict[str, str]] = {}
    for entry in data.get(ORIGINS) or ():
        origin = {k: v for k, v in entry.items() if k != "fields"}
        for name in entry.get("fields", ()):
            out[name] = origin
    return out


def fields_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """An item's fields without their origins."""
    return {k: v for k, v in data.items() if k != ORIGINS}


def analyst_fields(data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The fields an analyst set (``provenance set``) with who, when and why."""
    return {f: o for f, o in origins_of(data).items() if o.get("by") == "analyst"}


def rank(origin: Mapping[str, str] | None) -> int:
    """The rank of ``origin`` (0 for a field nobody set)."""
    return RANK.get(origin.get("by", ""), 0) if origin else 0


def merge(
    label: str,
    stored: Mapping[str, Any],
    new: Mapping[str, Any],
    by: str | None,
    given: frozenset[str] | None,
) -> tuple[dict[str, Any], list[Disagreement]]:
    """The data to store when an input gives ``new`` for an item stored as ``stored``.

    ``new`` carries the input's origins (:func:`stamp`); ``given`` names the fields the
    input states (``None``: all of them, as an import) and ``by`` its kind (``import``,
    ``case``, ``analyst``; ``None`` for a write without origins). Each stated field takes the new
    value and origin unless its stored origin outranks the input's; then the stored value
    stays and, when the input gives another non-empty value, a :class:`Disagreement` says
    so. Fields not stated keep their stored value and origin. Input without origins (a
    capture, a program's write) states every field and keeps the stored origins.
    """
    new_origins = origins_of(new)
    old_origins = origins_of(stored)
    if by is None:
        data = dict(new)
        if old_origins:
            data[ORIGINS] = stored[ORIGINS]
        return data, []
    mine = RANK[by]
    names = given if given is not None else (set(new) | set(stored)) - NOT_FIELDS
    data, origins = dict(stored), dict(old_origins)
    found: list[Disagreement] = []
    for name in sorted(names - NOT_FIELDS):
        held = old_origins.get(name)
        value = new.get(name)
        if rank(held) > mine:
            if value not in EMPTY and value != stored.get(name):
                assert held is not None
                found.append(
                    Disagreement(stored["id"], label, name, value, stored.get(name), dict(held), by)
                )
            continue
        data[name] = value
        if name in new_origins:
            origins[name] = new_origins[name]
        else:
            origins.pop(name, None)
    if "incident" in new:  # a claim's incident: structure, always the input's
        data["incident"] = new["incident"]
    data.pop(ORIGINS, None)
    if origins:
        data[ORIGINS] = encode(origins)
    return data, found
