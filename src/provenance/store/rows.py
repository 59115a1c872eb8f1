"""Validated models → graph rows (nodes and edges), shared by every backend.

A :class:`Batch` is what a store ingests in one transaction: node rows with their content
hash, the edges each node owns (its outgoing references; a claim also owns the
``HAS_CLAIM`` edge from its incident), and where each item came from, for error messages.

Which labels each reference may point to is fixed here (:data:`REFERENCE_TARGETS`); the
store checks every edge against it. So are the allow-lists of labels, relationship types
and field names that a backend may put into a query (:data:`NODE_LABELS`,
:data:`RELATIONSHIPS`, :func:`check_fields`), and the JSON text the backends store
(:func:`json_text`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.canonical import text_and_hash
from provenance.errors import ConflictError, InputError, ProvenanceError
from provenance.store.origins import CASE_ORIGIN, NOT_FIELDS, ORIGINS, stamp

if TYPE_CHECKING:
    from provenance.model import CaseFile, Model

# The models (provenance.model) are imported by the functions that build or check them,
# not here: reading a store never needs them, and a command that only reads (``corroborate
# ID --json``) starts without pydantic's model machinery.

RELATIONSHIPS = (
    "HAS_CLAIM",
    "SUPPORTED_BY",
    "CONTRADICTED_BY",
    "CITES",
    "QUOTES",
    "PUBLISHED_BY",
    "PART_OF",
    "LINKED_TO",
    "REPORTED_BY",
    "ASSESSES",
    "JUDGED",
)
"""Every relationship type of the graph (the allow-list for backends that interpolate)."""

JUDGEMENT_OWNER = "analyst judgement"
"""Owner of ``JUDGED`` edges: contains a space, so no item id can equal it (an item's update
deletes the edges it owns, and must never take judgements with it)."""

NODE_LABELS = ("Organisation", "Source", "Witness", "Incident", "Claim", "Strike", "Statement")
"""Every node label of the graph (the allow-list for backends that interpolate), in the
order of :data:`provenance.model.LABELS` (a test keeps the two the same)."""

EVIDENCE = frozenset({"Source", "Statement"})

REFERENCE_TARGETS: dict[tuple[str, str], frozenset[str]] = {
    ("Organisation", "PART_OF"): frozenset({"Organisation"}),
    ("Source", "PUBLISHED_BY"): frozenset({"Organisation"}),
    ("Source", "CITES"): EVIDENCE,
    ("Source", "QUOTES"): frozenset({"Witness"}),
    ("Claim", "SUPPORTED_BY"): EVIDENCE,
    ("Claim", "CONTRADICTED_BY"): EVIDENCE,
    ("Claim", "HAS_CLAIM"): frozenset({"Incident"}),
    ("Strike", "REPORTED_BY"): EVIDENCE,
    ("Strike", "LINKED_TO"): frozenset({"Incident"}),
    ("Statement", "PUBLISHED_BY"): frozenset({"Organisation"}),
    ("Statement", "ASSESSES"): frozenset({"Incident"}),
}
"""(owner label, relationship) → labels the referenced id may have."""

FIELD_OF_REL: dict[tuple[str, str], str] = {
    ("Organisation", "PART_OF"): "part_of",
    ("Source", "PUBLISHED_BY"): "publisher",
    ("Source", "CITES"): "cites",
    ("Source", "QUOTES"): "quotes",
    ("Claim", "SUPPORTED_BY"): "supported_by",
    ("Claim", "CONTRADICTED_BY"): "contradicted_by",
    ("Claim", "HAS_CLAIM"): "incident",
    ("Strike", "REPORTED_BY"): "reported_by",
    ("Strike", "LINKED_TO"): "incidents",
    ("Statement", "PUBLISHED_BY"): "issuer",
    ("Statement", "ASSESSES"): "assessments",
}
"""(owner label, relationship) → the model field the reference was given in."""

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def json_text(value: Any) -> str:
    """``value`` as the JSON text the backends store: compact, sorted keys, not ASCII-escaped.

    >>> json_text({"b": 1, "a": "é"})
    '{"a":"é","b":1}'
    """
    return _ENCODER.encode(value)


def props_text(props: dict[str, Any]) -> str:
    """An edge's properties as stored: :func:`json_text`, or ``"{}"`` when there are none."""
    return _ENCODER.encode(props) if props else "{}"


def check_fields(label: str, fields: Sequence[str]) -> tuple[str, ...]:
    """``fields`` as a tuple, checked against the field names of ``label``'s model (and a
    claim's stored ``incident`` key).

    The allow-list for :meth:`~provenance.store.contract.Store.iter_fields` (backends may
    put the names in a query); raises :class:`ProvenanceError` for an unknown label or
    field, or no field.
    """
    from provenance.model import MODELS

    model = MODELS.get(label)
    if model is None:
        raise ProvenanceError(f"unknown node label {label!r}", f"use one of {sorted(MODELS)}")
    allowed = {*model.model_fields, *(("incident",) if label == "Claim" else ())}
    names = tuple(fields)
    unknown = [f for f in names if f not in allowed]
    if unknown or not names:
        raise ProvenanceError(
            f"{label} has no {'field' if len(unknown) == 1 else 'fields'} {unknown!r}"
            if unknown
            else "no fields asked for",
            f"use field names of {label}: {sorted(allowed)}",
        )
    return names


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One node: its id, label, JSON properties (the model's fields) and content hash.

    ``text`` optionally carries ``data`` already encoded as canonical JSON (when that is
    also the stdlib's sorted compact encoding, see :func:`~provenance.canonical.text_and_hash`)
    so that a backend storing JSON text need not encode it again.
    """

    id: str
    label: str
    data: dict[str, Any]
    hash: str
    text: str | None = field(default=None, compare=False, repr=False)
    by: str | None = field(default=None, compare=False)
    """What kind of input gave the row (``import``, ``case``, ``analyst``; see
    :mod:`~provenance.store.origins`), ``None`` for a write that records no origins."""
    given: frozenset[str] | None = field(default=None, compare=False, repr=False)
    """The fields the input states (``None``: every field, as an import states them)."""


@dataclass(frozen=True, slots=True)
class EdgeRow:
    """One relationship ``(src)-[rel props]->(dst)``, owned by the node ``owner``.

    ``ref`` is the id the owner referenced (``dst``, except for ``HAS_CLAIM``, where the
    claim references its incident, the edge's ``src``).
    """

    src: str
    rel: str
    dst: str
    owner: str
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return self.src if self.rel == "HAS_CLAIM" else self.dst


@dataclass
class Batch:
    """Nodes and edges to ingest in one transaction, and where each item came from."""

    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)
    replace: bool = False
    """Replace stored items whole (``ingest --replace``) instead of merging the fields each
    row states with the stored ones (:func:`provenance.store.origins.merge`)."""
    _index: dict[str, NodeRow] = field(default_factory=dict, repr=False)

    def add(
        self,
        model: Model,
        where: str,
        *,
        incident: str | None = None,
        origin: Mapping[str, str] | None = None,
        partial: bool = False,
    ) -> None:
        """Add one model (a claim with its ``incident``), deduplicating identical repeats.

        ``origin`` and ``partial`` as in :func:`node_and_edges`. Raises
        :class:`ConflictError` when the id was already added with other content.
        """
        row, edges = node_and_edges(model, incident=incident, origin=origin, partial=partial)
        self.add_row(row, edges, where)

    def add_row(self, row: NodeRow, edges: list[EdgeRow], where: str) -> None:
        """Add a node row with the edges it owns (see :meth:`add`)."""
        seen = self._index.get(row.id)
        if seen is not None:
            if seen.hash == row.hash and seen.label == row.label:
                return
            raise ConflictError(
                f"id {row.id!r} is also used by {self.where[row.id]} with different content",
                "ids are unique across the whole store: rename one of them or merge the two",
                where=where,
            )
        self._index[row.id] = row
        self.where[row.id] = where
        self.nodes.append(row)
        self.edges.extend(edges)

    def merge(self, other: Batch) -> None:
        """Add every node of ``other`` with its edges, with the checks of :meth:`add`."""
        owned: dict[str, list[EdgeRow]] = {}
        for e in other.edges:
            owned.setdefault(e.owner, []).append(e)
        for row in other.nodes:
            self.add_row(row, owned.get(row.id, []), other.where[row.id])

    def labels(self) -> dict[str, str]:
        """Id → label of every node in the batch."""
        return {row.id: row.label for row in self.nodes}


def node_and_edges(
    model: Model,
    *,
    incident: str | None = None,
    origin: Mapping[str, str] | None = None,
    partial: bool = False,
) -> tuple[NodeRow, list[EdgeRow]]:
    """The node row of ``model`` and the edges it owns.

    With ``origin`` (:mod:`~provenance.store.origins`) the row records it for the fields
    the input states: with ``partial`` the fields the model was given
    (``model_fields_set``, as a case file states them), else every field with a value.
    A witness records none: it is only a pseudonymous id and a role, and exports give
    exactly those.
    """
    from provenance.model import LABELS, Claim, Incident

    label = LABELS[type(model)]
    exclude = {"claims"} if isinstance(model, Incident) else None
    data = model.model_dump(mode="json", exclude=exclude, exclude_defaults=False)
    if isinstance(model, Claim):
        if incident is None:
            raise InputError(
                f"claim {model.id!r} belongs to no incident",
                "give the claim inside its incident's `claims` list",
            )
        data["incident"] = incident
    given = frozenset(model.model_fields_set - NOT_FIELDS) if partial else None
    if origin is not None and label != "Witness":
        stamp(data, origin, given)
    text, digest = text_and_hash(data)
    by = origin["by"] if origin is not None else None
    row = NodeRow(data["id"], label, data, digest, text, by, given)
    return row, _edges(model, row.id, incident)


def restored_row(
    label: str, data: dict[str, Any], by: str | None, given: frozenset[str] | None = None
) -> tuple[NodeRow, list[EdgeRow]]:
    """The row and owned edges of stored ``data`` (with its origins), checked by the model.

    For merged data (:func:`provenance.store.origins.merge`) and analysts' edits; raises
    pydantic's ``ValidationError`` when the fields are not a valid item.
    """
    model = model_from_row(label, data)
    row, edges = node_and_edges(model, incident=data.get("incident"))
    full = dict(row.data)
    if ORIGINS in data:
        full[ORIGINS] = data[ORIGINS]
    text, digest = text_and_hash(full)
    return NodeRow(row.id, label, full, digest, text, by, given), edges


def _edges(model: Model, oid: str, incident: str | None) -> list[EdgeRow]:
    from provenance.model import Claim, Incident, Organisation, Source, Statement, Strike, Witness

    out: list[EdgeRow] = []

    def link(rel: str, targets: Iterable[str | None]) -> None:
        out.extend(EdgeRow(oid, rel, t, oid) for t in dict.fromkeys(targets) if t is not None)

    if isinstance(model, Organisation):
        link("PART_OF", [model.part_of])
    elif isinstance(model, Source):
        link("PUBLISHED_BY", [model.publisher])
        link("CITES", model.cites)
        link("QUOTES", model.quotes)
    elif isinstance(model, Claim):
        assert incident is not None
        out.append(EdgeRow(incident, "HAS_CLAIM", oid, oid))
        link("SUPPORTED_BY", model.supported_by)
        link("CONTRADICTED_BY", model.contradicted_by)
    elif isinstance(model, Strike):
        link("REPORTED_BY", [model.reported_by])
        link("LINKED_TO", model.incidents)
    elif isinstance(model, Statement):
        link("PUBLISHED_BY", [model.issuer])
        for a in model.assessments:
            props: dict[str, Any] = {"verdict": a.verdict.value}
            if a.civilians_killed_acknowledged is not None:
                props["civilians_killed_acknowledged"] = a.civilians_killed_acknowledged
            out.append(EdgeRow(oid, "ASSESSES", a.incident, oid, props))
    elif not isinstance(model, Witness | Incident):  # pragma: no cover - exhaustive
        raise TypeError(type(model).__name__)
    return out


def batch_from_case(case: CaseFile, origin: str) -> Batch:
    """Turn a validated case file into a batch; ``origin`` names the file in messages.

    Each item states the fields it gives, with a case-file origin
    (:data:`~provenance.store.origins.CASE_ORIGIN`).
    """
    from provenance.model import Incident

    batch = Batch()
    for section in ("organisations", "sources", "witnesses", "incidents", "strikes", "statements"):
        for i, item in enumerate(getattr(case, section)):
            where = f"{origin}: {section}[{i}] (id {item.id!r})"
            batch.add(item, where, origin=CASE_ORIGIN, partial=True)
            if isinstance(item, Incident):
                for j, claim in enumerate(item.claims):
                    where = f"{origin}: incidents[{i}].claims[{j}] (id {claim.id!r})"
                    batch.add(claim, where, incident=item.id, origin=CASE_ORIGIN, partial=True)
    return batch


def model_from_row(label: str, data: dict[str, Any]) -> Model:
    """Rebuild the model of a stored node (a claim's ``incident`` key and the fields'
    origins are dropped)."""
    from provenance.model import MODELS

    fields = {
        k: v for k, v in data.items() if k != ORIGINS and not (label == "Claim" and k == "incident")
    }
    return MODELS[label].model_validate(fields)
