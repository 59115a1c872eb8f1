"""The catalog of Cypher queries: one ``.cypher`` file per operation, shipped as package data.

Queries are read once from the installed package :mod:`provenance.cypher` (via
``importlib.resources``) and returned as ``LiteralString``: values always travel as
``$parameters``. The only identifiers that cannot be parameters — node labels and
relationship types — select one of the per-label / per-type files through the allow-lists
of :mod:`provenance.store.rows`; nothing is ever interpolated into query text.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import LiteralString, cast

from provenance.errors import StoreError
from provenance.store.rows import NODE_LABELS, RELATIONSHIPS

PACKAGE = "provenance.cypher"

SCHEMA: tuple[str, ...] = (
    "schema_item_id",
    "schema_item_label",
    "schema_audit_seq",
    "schema_audit_event_id",
    "schema_audit_item_key",
    "schema_audit_item_item",
    "schema_audit_item_seq",
    "schema_meta_key",
    "schema_search",
    "schema_outlet_judgement_key",
)
"""Constraints and indexes, in the order the Neo4j backend's ``init`` runs them."""

EDGE_RELS: tuple[str, ...] = tuple(r for r in RELATIONSHIPS if r != "JUDGED")
"""Relationship types written by ingest (``JUDGED`` has its own query)."""

OPERATIONS: tuple[str, ...] = (
    "set_meta",
    "update_items",
    "delete_owned_edges",
    "merge_judged",
    "judgements",
    "merge_outlet_judgement",
    "outlet_judgements",
    "get_items",
    "item_versions",
    "any_item",
    "edges_out",
    "edges_out_with_targets",
    "edges_in",
    "neighbours",
    "iter_items",
    "iter_edges",
    "iter_edge_rows",
    "count_items",
    "count_edges",
    "count_audit_events",
    "audit_head",
    "append_audit_event",
    "append_audit_items",
    "audit_events",
    "audit_events_by_seq",
    "audit_items_by_seq",
    "audit_items_by_item",
    "iter_audit_items",
    "set_search",
    "await_search_index",
    "unindexed_items",
    "search_items",
    "ids_with_prefix",
)

NAMES: tuple[str, ...] = (
    SCHEMA
    + OPERATIONS
    + tuple(f"create_{label}" for label in NODE_LABELS)
    + tuple(f"merge_{rel}" for rel in EDGE_RELS)
    + tuple(f"create_{rel}" for rel in EDGE_RELS)
    + tuple(f"create_into_{rel}" for rel in EDGE_RELS)
)
"""Every query of the catalog; each is the file ``<name>.cypher``."""


class UnknownQueryError(StoreError):
    """A query name (or label / relationship type) that is not in the catalog."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "use a query, node label or relationship type of the catalog")


@cache
def query(name: str) -> LiteralString:
    """The text of query ``name`` (read once, then cached)."""
    if name not in NAMES:
        raise UnknownQueryError(f"no Cypher query named {name!r} in the catalog")
    text = files(PACKAGE).joinpath(f"{name}.cypher").read_text(encoding="utf-8")
    # The file is part of the package, not input: it is as literal as a string constant.
    return cast(LiteralString, text)  # type: ignore[redundant-cast]  # mypy: LiteralString is str


def create_query(label: str) -> LiteralString:
    """The batched create of nodes with ``label`` (one of ``NODE_LABELS``)."""
    if label not in NODE_LABELS:
        raise UnknownQueryError(f"node label {label!r} is not in the allow-list")
    return query(f"create_{label}")


def create_edges_query(rel: str, *, into: bool = False) -> LiteralString:
    """The batched create of ``rel`` relationships that cannot exist yet (of new items).

    Rows are grouped by source node, or by target node when ``into``.
    """
    if rel not in EDGE_RELS:
        raise UnknownQueryError(f"relationship type {rel!r} is not in the allow-list")
    return query(f"create_into_{rel}" if into else f"create_{rel}")


def merge_edges_query(rel: str) -> LiteralString:
    """The batched upsert of ``rel`` relationships (one of :data:`EDGE_RELS`)."""
    if rel not in EDGE_RELS:
        raise UnknownQueryError(f"relationship type {rel!r} is not in the allow-list")
    return query(f"merge_{rel}")
