"""The embedded store's bulk writes and version reads: what an ingest costs, made cheap.

Used by :class:`~provenance.store.sqlite.SQLiteStore` inside its write transaction (the
functions never begin or commit one). Measured on the 1M-source synthetic case
(``benchmarks/ingest.py``), the costs they avoid were:

- **One statement per node.** :func:`upsert_nodes` writes :data:`NODES_PER_STATEMENT`
  rows per statement (and :func:`~.sqlite_search.index_items` their search entries from
  the rows' dicts, in bulk).
- **Looking up a million ids in the wide node table.** Planning reads ``(label, hash)`` of
  every id of the batch. The index ``nodes_version`` (:data:`~.sqlitefile.SCHEMA`) covers
  those columns (about a tenth of the table's size), and :func:`stored_versions` scans it
  once when the batch names a large part of the store, instead of a million lookups in
  the wide clustered table (no-change re-ingest of 1M sources: 12.0 -> 5.2 s).
- **Rows out of key order.** Edges go in sorted by their ``src`` (the primary key's first
  column), in chunks (:func:`insert_edges`): the clustered B-tree grows at its right edge,
  and the row tuples of one chunk at a time are alive, not those of every edge.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import Any, TypeVar

from provenance.store.rows import EdgeRow, NodeRow, json_text, props_text

NODES_PER_STATEMENT = 500
"""Node rows per multi-row ``INSERT`` (4 values each: far below SQLite's variable limit)."""
EDGES_PER_CALL = 50_000
"""Edge rows per ``executemany`` (their tuples are built one chunk at a time)."""
IDS_PER_QUERY = 500
"""Ids per ``IN (…)`` query, well below SQLite's variable limit."""
SCAN_SHARE = 0.25
"""Read the versions by scanning the index ``nodes_version`` when the ids asked for are at
least this share of the stored nodes (and at least :data:`SCAN_MIN_IDS`)."""
SCAN_MIN_IDS = 10_000

T = TypeVar("T")

_UPSERT_TAIL = (
    " ON CONFLICT(id) DO UPDATE SET label=excluded.label, data=excluded.data, hash=excluded.hash"
)
_edge_src = attrgetter("src")


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``values`` in consecutive slices of at most ``size``."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def marks(n: int) -> str:
    """``?,?,…`` — ``n`` placeholders, never a value."""
    return ",".join("?" * n)


def upsert_nodes(db: sqlite3.Connection, rows: Sequence[NodeRow]) -> None:
    """Insert ``rows`` (or replace the stored nodes with their ids), in the order given,
    :data:`NODES_PER_STATEMENT` per statement. Ids must be unique among ``rows``."""
    full = None
    for chunk in chunks(rows, NODES_PER_STATEMENT):
        values: list[Any] = []
        for r in chunk:
            values += (r.id, r.label, r.text if r.text is not None else json_text(r.data), r.hash)
        if len(chunk) == NODES_PER_STATEMENT:
            full = full or _upsert_sql(NODES_PER_STATEMENT)
            db.execute(full, values)
        else:
            db.execute(_upsert_sql(len(chunk)), values)


def _upsert_sql(n: int) -> str:
    return "INSERT INTO nodes VALUES " + ",".join(["(?,?,?,?)"] * n) + _UPSERT_TAIL  # noqa: S608


def delete_owned_edges(db: sqlite3.Connection, owners: Sequence[str]) -> None:
    """Delete the edges the nodes ``owners`` own (before their updated edges go in).

    An item owns edges from itself, and a claim its ``HAS_CLAIM`` edge to itself
    (:func:`~.rows.node_and_edges`): they are found by the primary key and by
    ``edges_dst`` (no index on ``owner``: :data:`~.sqlitefile.RETIRED_INDEXES`).
    """
    for chunk in chunks(owners, IDS_PER_QUERY):
        m = marks(len(chunk))
        db.execute(f"DELETE FROM edges WHERE src IN ({m}) AND owner = src", chunk)  # noqa: S608
        db.execute(f"DELETE FROM edges WHERE dst IN ({m}) AND owner = dst", chunk)  # noqa: S608


def insert_edges(db: sqlite3.Connection, edges: Sequence[EdgeRow]) -> None:
    """Insert ``edges``, replacing stored ones with the same ``(src, rel, dst)``.

    Sorted by ``src``, the first column of the key: the few edges of one ``src`` then go
    into the same page whatever their order, and comparing one string instead of three
    sorts 4M edges in 0.4 s instead of 2.0. The sort is stable, so among repeats of one
    edge the last given still wins (``INSERT OR REPLACE``), as in the order given.
    """
    ordered = sorted(edges, key=_edge_src)
    sql = "INSERT OR REPLACE INTO edges VALUES (?,?,?,?,?)"
    for chunk in chunks(ordered, EDGES_PER_CALL):
        db.executemany(sql, [(e.src, e.rel, e.dst, e.owner, props_text(e.props)) for e in chunk])


def stored_versions(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """``id -> (label, hash)`` of the stored nodes among ``ids`` (distinct), read from
    the covering index ``nodes_version``: one scan of it when ``ids`` are a large part of the store
    (:data:`SCAN_SHARE`), else lookups of the sorted ids in chunks."""
    if len(ids) >= SCAN_MIN_IDS:
        (stored,) = db.execute("SELECT count(*) FROM nodes").fetchone()
        if len(ids) >= SCAN_SHARE * stored:
            wanted = set(ids)
            scan = db.execute("SELECT id, label, hash FROM nodes INDEXED BY nodes_version")
            return {i: (label, h) for i, label, h in scan if i in wanted}
    out: dict[str, tuple[str, str]] = {}
    head = "SELECT id, label, hash FROM nodes INDEXED BY nodes_version WHERE id IN "
    for chunk in chunks(sorted(ids), IDS_PER_QUERY):
        for i, label, h in db.execute(f"{head}({marks(len(chunk))})", chunk):
            out[i] = (label, h)
    return out
