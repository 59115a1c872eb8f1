"""Analysts' edits: ``provenance set ID FIELD=VALUE… --reason TEXT``.

:func:`set_fields` checks the new values through the item's model, records each field's
origin as the analyst's (who, when, why: :func:`~provenance.store.origins.analyst_origin`)
and writes the item through :meth:`~provenance.store.contract.Store.ingest` (action
``set``): one transaction, one audit event whose summary lists the values set, on every
backend. An import never overwrites these values (:func:`provenance.store.origins.merge`);
a later ``set`` does, so every edit can be reversed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.errors import NotFoundError, UsageError, expected_text
from provenance.store.events import iso_utc, utc_now
from provenance.store.origins import NOT_FIELDS, ORIGINS, analyst_origin, encode, origins_of
from provenance.store.rows import Batch, model_from_row, restored_row

if TYPE_CHECKING:
    from provenance.store.contract import Store


@dataclass(frozen=True)
class FieldEdit:
    """One field an analyst set: its value before and after."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class SetResult:
    """What :func:`set_fields` did: the item, the fields set, and its audit event (``None``
    when every value was already the analyst's)."""

    id: str
    label: str
    edits: list[FieldEdit]
    actor: str
    at: str
    reason: str
    event_seq: int | None

    def as_dict(self) -> dict[str, Any]:
        """The result as one JSON-ready mapping."""
        return {
            "id": self.id,
            "label": self.label,
            "set": {e.field: {"old": e.old, "new": e.new} for e in self.edits},
            "actor": self.actor,
            "at": self.at,
            "reason": self.reason,
            "audit_event": self.event_seq,
        }


def parse_assignments(assignments: Sequence[str]) -> dict[str, str]:
    """``["grade=fair", "title=A b"]`` as ``{field: text}``; :class:`UsageError` for an
    assignment without ``=``, a field given twice, or none at all."""
    if not assignments:
        raise UsageError("give at least one FIELD=VALUE", "e.g. `provenance set ID grade=fair`")
    out: dict[str, str] = {}
    for text in assignments:
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"{text!r} is not FIELD=VALUE", "e.g. reliability=B or grade=fair")
        if name in out:
            raise UsageError(f"field {name!r} is given twice", "give each field once")
        out[name] = value
    return out


def candidates(text: str) -> list[Any]:
    """The values ``text`` may stand for, in order: empty means none (clears the field);
    else the text itself, then its JSON reading (a number, a list, an object), or where
    it is not JSON a list of its comma-separated parts (``supported_by=src-1,src-2``; an
    id with a comma in it is given as a JSON list).

    >>> candidates(""), candidates("B"), candidates("src-1, src-2"), candidates('["a,b"]')
    ([None], ['B', ['B']], ['src-1, src-2', ['src-1', 'src-2']], ['["a,b"]', ['a,b']])
    """
    if text.strip() == "":
        return [None]
    found: list[Any] = [text]
    try:
        parsed = json.loads(text)
    except ValueError:
        return [*found, [part.strip() for part in text.split(",")]]
    if parsed != text:
        found.append(parsed)
    return found


def checked_value(label: str, fields: dict[str, Any], name: str, text: str) -> Any:
    """The first of :func:`candidates` that makes ``fields`` a valid item with ``name`` set
    to it; :class:`UsageError` naming the field and why otherwise."""
    from pydantic import ValidationError

    from provenance.model import MODELS

    model = MODELS[label]
    first: str | None = None
    for value in candidates(text):
        try:
            item = model.model_validate({**fields, name: value})
        except ValidationError as exc:
            if first is None:
                err = exc.errors()[0]
                where = ".".join(map(str, err["loc"])) or name
                first = f"{where}: {expected_text(err)}"
            continue
        return item.model_dump(mode="json")[name]
    raise UsageError(
        f"bad value {text!r} for {label} field {name!r} ({first})",
        f"give a value {label}.{name} accepts",
    )


def check_names(label: str, names: Sequence[str]) -> None:
    """Raise :class:`UsageError` unless every name is a field an analyst may set on a
    ``label`` (not its id, a claim's incident nor an incident's claims)."""
    from provenance.model import MODELS

    allowed = sorted(set(MODELS[label].model_fields) - NOT_FIELDS)
    for name in names:
        if name not in allowed:
            raise UsageError(
                f"{label} has no field {name!r} that can be set",
                f"use one of: {', '.join(allowed)}",
            )


def set_fields(
    store: Store, item_id: str, assignments: Sequence[str], *, actor: str, reason: str
) -> SetResult:
    """Set fields of item ``item_id`` from ``FIELD=VALUE`` texts, as analyst ``actor`` for
    ``reason``: one audited write (:mod:`provenance.store.edit`).

    Raises :class:`UsageError` for a missing reason, an unknown field or a value the model
    refuses (naming the field), and :class:`NotFoundError` for an unknown id.
    """
    if not reason.strip():
        raise UsageError("--reason is empty", "say why, for the audit log")
    wanted = parse_assignments(assignments)
    item = store.get(item_id)
    if item is None:
        raise NotFoundError(f"no item with id {item_id!r}", "check the id with `provenance show`")
    check_names(item.label, list(wanted))
    fields = model_from_row(item.label, item.data).model_dump(mode="json")
    if item.label == "Incident":
        fields.pop("claims", None)
    values = {n: checked_value(item.label, fields, n, t) for n, t in wanted.items()}
    at = iso_utc(utc_now())
    origin = analyst_origin(actor, at, reason)
    data = {**item.data, **values}
    origins = origins_of(item.data)
    origins.update({name: dict(origin) for name in values})
    data[ORIGINS] = encode(origins)
    row, edges = restored_row(item.label, data, "analyst", frozenset(values))
    batch = Batch()
    batch.add_row(row, edges, f"provenance set {item_id}")
    report = store.ingest(batch, actor=actor, reason=reason, action="set")
    edits = [FieldEdit(n, item.data.get(n), v) for n, v in values.items()]
    return SetResult(item.id, item.label, edits, actor, at, reason, report.event_seq)
