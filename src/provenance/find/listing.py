"""Rows for ``list KIND [--where FIELD=VALUE]`` and ``search TEXT [--kind KIND]``.

Kinds are the node labels in any case, singular or plural (``incident``, ``Sources``).
Each row is a flat dict of strings and numbers with the same keys for every item of a
kind (:data:`COLUMNS`), ready for a table, JSON Lines or CSV; a source's row carries its
author beside its id, as every output that prints a source id does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

from provenance.errors import UsageError
from provenance.store import NODE_LABELS

if TYPE_CHECKING:
    from provenance.store import Store, StoredItem

KINDS: tuple[str, ...] = tuple(sorted(NODE_LABELS))
"""Every kind of item (node label)."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "Incident": ("date", "country", "grade", "title"),
    "Claim": ("belligerent", "civilians_killed", "civilians_injured", "incident"),
    "Source": ("kind", "author", "reliability", "url"),
    "Organisation": ("name", "kind", "part_of"),
    "Statement": ("date", "issuer", "url"),
    "Strike": ("date", "belligerent", "target"),
    "Witness": ("role",),
}
"""The fields shown for each kind, after its id."""

SEARCH_COLUMNS: tuple[str, ...] = ("id", "kind", "match", "title", "author")
"""The keys of a search row."""


def label_of(kind: str) -> str:
    """The node label a user's ``kind`` names; a :class:`UsageError` for an unknown one."""
    wanted = kind.strip().lower()
    for label in KINDS:
        if wanted in (label.lower(), label.lower() + "s"):
            return label
    raise UsageError(f"unknown kind {kind!r}", "use one of " + ", ".join(k.lower() for k in KINDS))


def parse_where(label: str, conditions: list[str]) -> list[tuple[str, str]]:
    """``FIELD=VALUE`` conditions as pairs; the field (dotted: ``location.name``) must start
    with a field of ``label`` (or be ``id``)."""
    from provenance.model import MODELS

    allowed = {"id", *MODELS[label].model_fields, *(("incident",) if label == "Claim" else ())}
    pairs = []
    for text in conditions:
        field, eq, value = text.partition("=")
        field = field.strip()
        if not eq or not field:
            raise UsageError(f"--where {text!r} is not FIELD=VALUE", "e.g. --where country=SY")
        if field.split(".")[0] not in allowed:
            raise UsageError(
                f"{label} has no field {field!r}", "use one of " + ", ".join(sorted(allowed))
            )
        info = MODELS[label].model_fields.get(field)
        choices = _choices(info.annotation) if info is not None else None
        if choices and value.strip() not in choices:
            raise UsageError(
                f"{label}.{field} is never {value.strip()!r}", "use one of " + ", ".join(choices)
            )
        pairs.append((field, value.strip()))
    return pairs


def _choices(annotation: Any) -> list[str] | None:
    """The values a field of this type takes, where they are a closed set (an enumeration,
    a ``Literal``, either of them optional or in a list); else ``None``."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(e.value) for e in annotation]
    if get_origin(annotation) is Literal:
        return [str(a) for a in get_args(annotation)]
    for arg in get_args(annotation):  # X | None, list[X]
        found = _choices(arg) if arg is not type(None) else None
        if found:
            return found
    return None


def _cell(value: Any) -> Any:
    if isinstance(value, dict) and {"min", "max"} <= value.keys():
        lo, hi = value["min"], value["max"]
        return str(lo) if lo == hi else f"{lo}–{hi}"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def row_of(item: StoredItem) -> dict[str, Any]:
    """One item as a flat row: ``id`` then its kind's :data:`COLUMNS`."""
    row: dict[str, Any] = {"id": item.id}
    for name in COLUMNS.get(item.label, ()):
        row[name] = _cell(item.data.get(name))
    return row


@dataclass(frozen=True)
class ListResult:
    """What ``list`` prints: the kind, its columns and the rows."""

    label: str
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]


def list_rows(
    store: Store, kind: str, where: list[str] | None = None, limit: int | None = None
) -> ListResult:
    """The items of ``kind`` matching every ``FIELD=VALUE`` of ``where``, in id order."""
    label = label_of(kind)
    if limit is not None and limit < 1:
        raise UsageError(f"--limit {limit} is not a positive number", "e.g. --limit 50")
    items = store.list_items(label, parse_where(label, where or []), limit)
    return ListResult(label, ("id", *COLUMNS[label]), [row_of(i) for i in items])


def search_rows(
    store: Store, text: str, kind: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """The hits of ``text`` (exact id, code or URL first, then words) as rows: id, kind,
    how it matched, a description and a source's author or publisher (empty for other
    kinds)."""
    if not text.strip():
        raise UsageError("nothing to search for", "give a word, a code or a URL")
    if limit < 1:
        raise UsageError(f"--limit {limit} is not a positive number", "e.g. --limit 50")
    label = label_of(kind) if kind else None
    hits = store.search(text, label, limit)
    details = store.get_many([h.id for h in hits if h.label == "Source"])
    rows = []
    for h in hits:
        data = details[h.id].data if h.id in details else {}
        author = data.get("author") or data.get("publisher")
        rows.append(
            {"id": h.id, "kind": h.label.lower(), "match": h.match, "title": h.title}
            | {"author": author}
        )
    return rows
