"""Storage: the contract (:mod:`.contract`) and what it returns (:mod:`.types`), the
planning of writes (:mod:`.plan`) and their audit events (:mod:`.events`), the one upstream
traversal (:mod:`.upstream`), graph rows (:mod:`.rows`), the Cypher catalog (:mod:`.catalog`),
the embedded SQLite backend (:mod:`.sqlite`) and the Neo4j backend (:mod:`.neo4j`); who
set each field (:mod:`.origins`), analysts' edits (:mod:`.edit`), outlet judgements
(:mod:`.outlets`) and data derived from a whole store, cached beside it (:mod:`.snapshot`).

Other packages import the store's public names from here (``from provenance.store import
Store, StoredItem``), never from its modules, so the store can arrange its modules freely.

:func:`open_store` is the factory: ``sqlite:///relative.db`` / ``sqlite:////abs.db`` (or a
bare path) opens the embedded store; ``neo4j://`` / ``bolt://`` (and their ``+s`` / ``+ssc``
variants) open the Neo4j backend with credentials from ``NEO4J_USER`` / ``NEO4J_PASSWORD``.
"""

from __future__ import annotations

from pathlib import Path

from provenance.errors import StoreError
from provenance.settings import DEFAULT_STORE_URI
from provenance.store.contract import Store
from provenance.store.edit import SetResult, set_fields
from provenance.store.events import build_event, default_actor, iso_utc, items_digest, utc_now
from provenance.store.origins import (
    ORIGINS,
    analyst_fields,
    fields_of,
    import_origin,
    origins_of,
)
from provenance.store.rows import (
    JUDGEMENT_OWNER,
    NODE_LABELS,
    RELATIONSHIPS,
    Batch,
    batch_from_case,
    model_from_row,
    node_and_edges,
    restored_row,
)
from provenance.store.search import SearchHit, code_of
from provenance.store.snapshot import Snapshot
from provenance.store.types import (
    AuditEvent,
    AuditItem,
    AuditRow,
    Counts,
    Disagreement,
    Edge,
    IngestReport,
    Judgement,
    StoredItem,
)
from provenance.store.upstream import (
    IncidentContext,
    Upstream,
    family_roots,
    find_incident,
    organisation_ancestry,
    to_graph,
)

__all__ = [
    "DEFAULT_STORE_URI",
    "JUDGEMENT_OWNER",
    "NODE_LABELS",
    "ORIGINS",
    "RELATIONSHIPS",
    "AuditEvent",
    "AuditItem",
    "AuditRow",
    "Batch",
    "Counts",
    "Disagreement",
    "Edge",
    "IncidentContext",
    "IngestReport",
    "Judgement",
    "SearchHit",
    "SetResult",
    "Snapshot",
    "Store",
    "StoredItem",
    "Upstream",
    "analyst_fields",
    "batch_from_case",
    "build_event",
    "code_of",
    "default_actor",
    "family_roots",
    "fields_of",
    "find_incident",
    "import_origin",
    "iso_utc",
    "items_digest",
    "model_from_row",
    "node_and_edges",
    "open_store",
    "organisation_ancestry",
    "origins_of",
    "restored_row",
    "set_fields",
    "to_graph",
    "utc_now",
]

BOLT_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(uri: str = DEFAULT_STORE_URI, *, create: bool = False) -> Store:
    """Open the store at ``uri``; ``create`` makes an embedded store that does not exist yet."""
    if uri.startswith(BOLT_SCHEMES):
        from provenance.store.neo4j import Neo4jStore

        store: Store = Neo4jStore.from_uri(uri)
        if create:
            store.init()
        return store
    if uri.startswith("sqlite://"):
        rest = uri.removeprefix("sqlite://")
        if not rest.startswith("/"):
            raise StoreError(
                f"bad store URI {uri!r}",
                "write sqlite:///relative/path.db or sqlite:////absolute/path.db",
            )
        path = Path(rest[1:])
    elif "://" in uri:
        raise StoreError(
            f"unsupported store URI {uri!r}",
            "use sqlite:///path.db, neo4j://host:7687 or bolt://host:7687",
        )
    else:
        path = Path(uri)
    from provenance.store.sqlite import SQLiteStore

    return SQLiteStore(path, create=create)
