"""An :class:`~provenance.corroborate.index.EvidenceIndex` as bytes and back (pure).

``corroborate --all`` reads a whole store into an index; :mod:`provenance.corroborate.load`
keeps the index as a :class:`~provenance.store.Snapshot` beside the store, so the next run
at the same store revision loads it instead (a million sources: about a second instead of
reading and parsing every node). The bytes are :mod:`marshal` (version 4: equal strings are
written once and shared again when loaded) of plain containers: dicts, tuples, strings and
ints, no code, no classes. :func:`unpack_index` checks the shape of what it loads and returns
``None`` for anything else, so a damaged or foreign payload is rebuilt, never used.

>>> from provenance.corroborate.index import ClaimContext, EvidenceIndex
>>> ix = EvidenceIndex(succ={"a": ("w",)}, supported_by={"c": ("a",)}, contradicted_by={"c": ()},
...                    rank={"a": 1}, claims={"c": ClaimContext("i", "fair", ("X",), ())},
...                    witnesses={"w"})
>>> unpack_index(pack_index(ix)) == ix
True
>>> unpack_index(b"not an index") is None
True
"""

from __future__ import annotations

import marshal
from typing import Any

from provenance.corroborate.index import ClaimContext, EvidenceIndex

FORMAT = "evidence-index 1"
"""The version of the layout below (part of every snapshot's key)."""

_DICTS = ("succ", "supported_by", "contradicted_by", "unit", "rank", "names", "unit_names")
"""The index's dict fields, packed as they are."""


def pack_index(ix: EvidenceIndex) -> bytes:
    """``ix`` as bytes for :func:`unpack_index`; claims sharing one context object (the
    claims of one incident) share it again once unpacked."""
    contexts: dict[int, int] = {}
    table: list[tuple[Any, ...]] = []
    claims: dict[str, int] = {}
    for cid, ctx in ix.claims.items():
        i = contexts.get(id(ctx))
        if i is None:
            i = contexts[id(ctx)] = len(table)
            table.append((ctx.incident, ctx.grade, ctx.belligerents, ctx.verdicts))
        claims[cid] = i
    fields = tuple(getattr(ix, name) for name in _DICTS)
    return marshal.dumps((FORMAT, fields, table, claims, frozenset(ix.witnesses)), 4)


def unpack_index(data: bytes) -> EvidenceIndex | None:
    """The index :func:`pack_index` packed, or ``None`` when ``data`` is not one."""
    try:
        loaded = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 5 and loaded[0] == FORMAT):
        return None
    _, fields, table, claims, witnesses = loaded
    shapes = (tuple, list, dict, frozenset)
    if not all(isinstance(x, t) for x, t in zip(loaded[1:], shapes, strict=True)):
        return None
    if len(fields) != len(_DICTS) or not all(isinstance(d, dict) for d in fields):
        return None
    try:
        contexts = [ClaimContext(*row) for row in table]
        ix = EvidenceIndex(**dict(zip(_DICTS, fields, strict=True)))
        ix.claims = {cid: contexts[i] for cid, i in claims.items()}
    except (TypeError, IndexError):
        return None
    ix.witnesses = set(witnesses)
    return ix
