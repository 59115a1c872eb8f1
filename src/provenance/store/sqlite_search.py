"""The embedded store's search index: SQLite FTS5 plus a table of exact keys.

Tables: ``search_docs(rowid, id, label)`` numbers the items for ``search_fts``, an FTS5
table of id words and text words (:mod:`.search`; ``unicode61`` folds case and accents);
``search_keys(key, id)`` holds the exact keys (id, monitor's code, URLs; not an id that
is its own key, which ``nodes`` answers: :func:`stored_keys`). Every write of
nodes indexes them in the same transaction (:func:`index_items`, called by the store's
one node writer), so the index is never stale. Stores made before the index existed get
it when opened (:func:`ensure_search_index`, idempotent), and stores whose index was kept
by triggers on ``nodes`` lose the triggers (their entries stay valid).

Why not triggers (as before): a trigger reads each field with ``json_extract``, which
parses the node's JSON again for every field — twelve parses per node, most of the
indexing's cost: the 1M-source ingest spent 24 s in them, against ≈ 10 s writing the
same entries from the dicts the ingest already holds.
"""

# ruff: noqa: S608 - the SQL here is built from this module's constants; values are bound
from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from provenance.errors import StoreError
from provenance.store.rows import NodeRow
from provenance.store.search import (
    DEFAULT_LIMIT,
    SearchHit,
    describe,
    item_keys,
    item_text,
    last_is_prefix,
    query_keys,
    query_words,
    wants_words,
)
from provenance.store.sqlite_write import IDS_PER_QUERY, chunks, marks

FTS_HASHSIZE = 64 * 1024 * 1024
"""Bytes of pending terms FTS5 keeps in memory in one transaction before writing them."""


_TABLES = (  # prefix='3': a query's last word is a prefix from MIN_PREFIX (3) letters on
    # (stores made before keep a 2-letter prefix index too, which no query reads)
    "CREATE TABLE IF NOT EXISTS search_docs ("
    " rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, label TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    " ids, text, tokenize='unicode61 remove_diacritics 2', prefix='3')",
    "CREATE TABLE IF NOT EXISTS search_keys ("
    " key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS search_keys_id ON search_keys(id)",
    # terms pending in memory before FTS5 writes a segment (default 1 MiB): fewer, larger
    # segments when a large import writes many items in one transaction (a 300k-source
    # index written in 1.55 s instead of 1.84 s); a setting kept in the index
    f"INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', {FTS_HASHSIZE})",
)


INDEX_ROWS = 20_000
"""Items indexed per round of inserts (their rows' tuples are alive one round at a time)."""
OLD_TRIGGERS = ("search_insert", "search_update", "search_delete")
"""The triggers that kept the index before it was written with the nodes (dropped on open)."""


def index_items(db: sqlite3.Connection, rows: Sequence[NodeRow], replaced: Sequence[str]) -> None:
    """Index ``rows`` (nodes just written, in the order written), after taking the
    entries of ``replaced`` (the ids among them that were stored before) out.

    Called inside the writing transaction with every node write, so the index is never
    stale. Text and keys come from :func:`~provenance.store.search.item_text` and
    :func:`~provenance.store.search.item_keys`, the definitions the Neo4j backend indexes
    by too. New entries are numbered after the highest, in the order of ``rows``.
    """
    for ids in chunks(replaced, IDS_PER_QUERY):
        m = marks(len(ids))
        db.execute(
            "DELETE FROM search_fts WHERE rowid IN"
            f" (SELECT rowid FROM search_docs WHERE id IN ({m}))",
            ids,
        )
        db.execute(f"DELETE FROM search_keys WHERE id IN ({m})", ids)
        db.execute(f"DELETE FROM search_docs WHERE id IN ({m})", ids)
    (top,) = db.execute("SELECT coalesce(max(rowid), 0) FROM search_docs").fetchone()
    for start in range(0, len(rows), INDEX_ROWS):
        part = rows[start : start + INDEX_ROWS]
        first = top + start + 1
        db.executemany(
            "INSERT INTO search_docs(rowid, id, label) VALUES (?,?,?)",
            [(first + i, r.id, r.label) for i, r in enumerate(part)],
        )
        db.executemany(
            "INSERT INTO search_fts(rowid, ids, text) VALUES (?,?,?)",
            [(first + i, r.id, item_text(r.data)) for i, r in enumerate(part)],
        )
        keys = sorted([(k, r.id) for r in part for k in stored_keys(r)])
        db.executemany("INSERT OR IGNORE INTO search_keys(key, id) VALUES (?,?)", keys)


def stored_keys(row: NodeRow) -> list[str]:
    """The keys of ``row`` that ``search_keys`` holds: :func:`~.search.item_keys` but the
    id itself when it is its own key (no upper case: :func:`lookup` finds it in ``nodes``)
    — most ids, so most items need no row there."""
    keys = item_keys(row.id, row.label, row.data)
    return [k for k in keys if k != row.id]


def ensure_search_index(db: sqlite3.Connection) -> None:
    """Create the search tables and index the stored nodes, once; drop the triggers that
    kept the index in stores made before (idempotent: a store that has the tables and no
    triggers is left as it is). A store opened read-only keeps its triggers: its index is
    whole, and nothing can be written through that connection to run them."""
    has_tables, has_triggers = _index_state(db)
    if has_tables and not has_triggers:
        return
    if has_tables and db.execute("PRAGMA query_only").fetchone()[0]:
        return
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            has_tables, has_triggers = _index_state(db)
            for name in OLD_TRIGGERS:
                db.execute(f"DROP TRIGGER IF EXISTS {name}")
            if not has_tables:
                for statement in _TABLES:
                    db.execute(statement)
                _backfill(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        if has_tables and getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY":
            return  # a file this process may not write: triggers kept, index whole
        raise StoreError(
            f"cannot add the search index to the store: {exc}",
            "open the store once with write access (or run `provenance init`)",
        ) from exc


def _backfill(db: sqlite3.Connection) -> None:
    """Index every stored node (into empty tables), in id order."""
    last = ""
    while True:
        rows = [
            NodeRow(i, label, json.loads(data), h)
            for i, label, data, h in db.execute(
                "SELECT id, label, data, hash FROM nodes WHERE id > ? ORDER BY id LIMIT ?",
                (last, INDEX_ROWS),
            )
        ]
        index_items(db, rows, [])
        if len(rows) < INDEX_ROWS:
            return
        last = rows[-1].id


def _index_state(db: sqlite3.Connection) -> tuple[bool, bool]:
    """Whether the search tables exist, and whether triggers of an older version do."""
    found = dict(
        db.execute(
            "SELECT type, count(*) FROM sqlite_master WHERE name IN (?,?,?,?,?,?) GROUP BY type",
            ["search_docs", "search_fts", "search_keys", *OLD_TRIGGERS],
        ).fetchall()
    )
    return found.get("table", 0) >= 3, found.get("trigger", 0) > 0


def lookup(db: sqlite3.Connection, ref: str, label: str | None = None) -> list[str]:
    """Ids whose exact keys (id, code, URL) match ``ref``, in id order: from
    ``search_keys``, and the ids that are a key as they are (:func:`stored_keys`)."""
    keys = query_keys(ref)
    if not keys:
        return []
    m = ",".join("?" * len(keys))
    on_label = "" if label is None else " AND label = ?"
    sql = (
        f"SELECT k.id FROM search_keys k JOIN search_docs d ON d.id = k.id WHERE k.key IN ({m})"
        f"{on_label} UNION SELECT id FROM nodes WHERE id IN ({m}){on_label} ORDER BY 1"
    )
    one = [*keys, label] if label is not None else keys
    return [r[0] for r in db.execute(sql, one + one)]


BROAD = 2_000
"""Text matches ranked (bm25) at most; a broader query lists its first ones in index order."""


def fts_query(text: str) -> str | None:
    """An FTS5 query: every word of ``text`` quoted, ANDed, the last as a prefix
    (``"raqq"*``) when it is long enough (:func:`~provenance.store.search.last_is_prefix`)."""
    terms = query_words(text)
    if not terms:
        return None
    return " ".join(f'"{w}"' for w in terms) + ("*" if last_is_prefix(terms) else "")


def search(
    db: sqlite3.Connection, text: str, label: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[SearchHit]:
    """Exact key matches first, then items whose words match, best ranked first."""
    key_ids = lookup(db, text, label)[:limit]
    hits = _hits(db, key_ids, "key")
    match = fts_query(text)
    if match is None or len(hits) >= limit or not wants_words(text, len(hits)):
        return hits
    found = _text_matches(db, match, label, limit + len(key_ids))
    seen = set(key_ids)
    text_ids = [i for i in found if i not in seen][: limit - len(hits)]
    return hits + _hits(db, text_ids, "text")


def _text_matches(db: sqlite3.Connection, match: str, label: str | None, limit: int) -> list[str]:
    """Ids of up to ``limit`` items matching FTS5 query ``match``: best bm25 rank first when
    at most :data:`BROAD` items match, else the first in index order (ranking thousands of
    equally plain matches of one place name costs more than it tells)."""
    sql = (
        "SELECT d.id FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid"
        " WHERE search_fts MATCH ?"
    )
    params: list[object] = [match]
    if label is not None:
        sql += " AND d.label = ?"
        params.append(label)
    some = db.execute(sql + " LIMIT ?", [*params, BROAD + 1]).fetchall()
    if len(some) > BROAD:
        return [r[0] for r in some[:limit]]
    ranked = db.execute(sql + " ORDER BY f.rank, d.id LIMIT ?", [*params, limit])
    return [r[0] for r in ranked]


def _hits(db: sqlite3.Connection, ids: Sequence[str], match: str) -> list[SearchHit]:
    """Hits for ``ids`` (in that order), described from their stored fields."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = db.execute(f"SELECT id, label, data FROM nodes WHERE id IN ({marks})", list(ids))
    found = {i: (label, json.loads(data)) for i, label, data in rows}
    return [
        SearchHit(i, found[i][0], describe(found[i][0], found[i][1]), match)
        for i in ids
        if i in found
    ]


def ids_with_prefix(db: sqlite3.Connection, prefix: str, limit: int) -> list[str]:
    """Up to ``limit`` stored ids that start with ``prefix``, in id order (an index range)."""
    if not prefix:
        rows = db.execute("SELECT id FROM nodes ORDER BY id LIMIT ?", (limit,))
    else:
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = db.execute(
            "SELECT id FROM nodes WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, upper, limit),
        )
    return [r[0] for r in rows]


class SQLiteSearch:
    """The search reads of the embedded store (mixed into its class): :func:`search`,
    :func:`lookup` and :func:`ids_with_prefix` over its connection."""

    _db: sqlite3.Connection

    def search(
        self, text: str, label: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[SearchHit]:
        """See :meth:`provenance.store.contract.Store.search`."""
        return search(self._db, text, label, limit)

    def lookup(self, ref: str, label: str | None = None) -> list[str]:
        """See :meth:`provenance.store.contract.Store.lookup`."""
        return lookup(self._db, ref, label)

    def ids_with_prefix(self, prefix: str, limit: int = 100_000) -> list[str]:
        """See :meth:`provenance.store.contract.Store.ids_with_prefix`."""
        return ids_with_prefix(self._db, prefix, limit)
