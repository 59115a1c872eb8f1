"""The embedded store's search index: SQLite FTS5 plus a table of exact keys.

Tables: ``search_docs(rowid, id, label)`` numbers the items for ``search_fts``, an FTS5
table of id words and text words (:mod:`.search`; ``unicode61`` folds case and accents);
``search_keys(key, id)`` holds the exact keys (id, monitor's code, URLs). Triggers on
``nodes`` keep all three in step with every insert, update and delete, inside the writing
transaction (an ingest, an analyst's edit, anything that writes a node), so the index is
never stale. Stores made before the index existed get it when opened
(:func:`ensure_search_index`, idempotent).
"""

# ruff: noqa: S608 - the SQL here is built from this module's constants; values are bound
from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from provenance.errors import StoreError
from provenance.store.search import (
    CODE_LABELS,
    DEFAULT_LIMIT,
    TEXT_FIELDS,
    URL_FIELDS,
    SearchHit,
    describe,
    last_is_prefix,
    query_keys,
    query_words,
    wants_words,
)

_TABLES = (
    "CREATE TABLE IF NOT EXISTS search_docs ("
    " rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, label TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    " ids, text, tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TABLE IF NOT EXISTS search_keys ("
    " key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS search_keys_id ON search_keys(id)",
)


def _path(field: str) -> str:
    return "$." + field


def _text_sql(r: str) -> str:
    """The text words of row ``r`` (``new`` in a trigger): the fields joined by spaces.

    A list field's JSON text (``["Raqqa","Al-Raqqah"]``) tokenizes to its words."""
    parts = [f"coalesce(json_extract({r}.data, '{_path(f)}'), '')" for f in TEXT_FIELDS]
    return " || ' ' || ".join(parts)


def url_key_sql(expr: str) -> str:
    """SQL for :func:`provenance.store.search.url_key` of ``expr``."""
    low = f"lower({expr})"
    no_scheme = (
        f"(CASE WHEN {low} LIKE 'https://%' THEN substr({low}, 9)"
        f" WHEN {low} LIKE 'http://%' THEN substr({low}, 8) ELSE {low} END)"
    )
    no_www = (
        f"(CASE WHEN {no_scheme} LIKE 'www.%' THEN substr({no_scheme}, 5) ELSE {no_scheme} END)"
    )
    return f"rtrim({no_www}, '/')"


def _code_sql(r: str) -> str:
    """SQL for :func:`provenance.store.search.code_of` of row ``r``'s id, for code labels."""
    rest = f"substr({r}.id, instr({r}.id, ':') + 1)"
    labels = ", ".join(f"'{label}'" for label in CODE_LABELS)
    return (
        f"(CASE WHEN {r}.label IN ({labels}) AND instr({r}.id, ':') > 0 THEN lower(substr("
        f"{rest}, 1, CASE WHEN instr({rest}, ':') > 0 THEN instr({rest}, ':') - 1"
        f" ELSE length({rest}) END)) END)"
    )


def _key_exprs(r: str) -> list[str]:
    """SQL expressions of row ``r``'s exact keys: id, code and URLs (NULL or '' for none)."""
    keys = [f"lower({r}.id)", _code_sql(r)]
    return keys + [url_key_sql(f"json_extract({r}.data, '{_path(f)}')") for f in URL_FIELDS]


def _keys_select(r: str) -> str:
    """SELECT of ``(key, id)`` rows for row ``r``: id, code and URL keys (non-empty)."""
    union = " UNION ".join(f"SELECT {k} AS k" for k in _key_exprs(r))
    return f"SELECT k, {r}.id FROM ({union}) WHERE k IS NOT NULL AND k <> ''"


def _index_row(r: str) -> list[str]:
    """Statements that index row ``r`` (``new`` in a trigger)."""
    return [
        f"INSERT INTO search_docs(id, label) VALUES ({r}.id, {r}.label)",
        "INSERT INTO search_fts(rowid, ids, text) VALUES ("
        f"(SELECT rowid FROM search_docs WHERE id = {r}.id), {r}.id, {_text_sql(r)})",
        f"INSERT OR IGNORE INTO search_keys(key, id) {_keys_select(r)}",
    ]


_UNINDEX_OLD = [
    "DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE id = old.id)",
    "DELETE FROM search_keys WHERE id = old.id",
    "DELETE FROM search_docs WHERE id = old.id",
]


def _trigger(name: str, event: str, body: list[str]) -> str:
    statements = "".join(s + "; " for s in body)
    return f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON nodes BEGIN {statements}END"


TRIGGERS = (
    _trigger("search_insert", "INSERT", _index_row("new")),
    _trigger("search_update", "UPDATE OF id, label, data", _UNINDEX_OLD + _index_row("new")),
    _trigger("search_delete", "DELETE", _UNINDEX_OLD),
)

_BACKFILL = (
    "INSERT INTO search_docs(id, label) SELECT id, label FROM nodes ORDER BY id",
    "INSERT INTO search_fts(rowid, ids, text) SELECT d.rowid, n.id, "
    + _text_sql("n")
    + " FROM search_docs d JOIN nodes n ON n.id = d.id",
    *(
        "INSERT OR IGNORE INTO search_keys(key, id) SELECT k, id FROM"
        f" (SELECT {k} AS k, n.id AS id FROM nodes n) WHERE k IS NOT NULL AND k <> ''"
        for k in _key_exprs("n")
    ),
)


def ensure_search_index(db: sqlite3.Connection) -> None:
    """Create the search tables and triggers and index the stored nodes, once (idempotent:
    a store that has them is left as it is)."""
    if _has_index(db):
        return
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            if not _has_index(db):
                for statement in _TABLES:
                    db.execute(statement)
                db.execute("DELETE FROM search_docs")
                db.execute("DELETE FROM search_fts")
                db.execute("DELETE FROM search_keys")
                for statement in _BACKFILL + TRIGGERS:
                    db.execute(statement)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(
            f"cannot add the search index to the store: {exc}",
            "open the store once with write access (or run `provenance init`)",
        ) from exc


def _has_index(db: sqlite3.Connection) -> bool:
    names = {"search_delete", "search_insert", "search_update"}
    found = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name IN (?,?,?)",
        sorted(names),
    ).fetchone()[0]
    return bool(found == len(names))


def lookup(db: sqlite3.Connection, ref: str, label: str | None = None) -> list[str]:
    """Ids whose exact keys (id, code, URL) match ``ref``, in id order."""
    keys = query_keys(ref)
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    sql = f"SELECT DISTINCT k.id FROM search_keys k JOIN search_docs d ON d.id = k.id WHERE k.key IN ({marks})"
    params: list[str] = list(keys)
    if label is not None:
        sql += " AND d.label = ?"
        params.append(label)
    return [r[0] for r in db.execute(sql + " ORDER BY k.id", params)]


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
