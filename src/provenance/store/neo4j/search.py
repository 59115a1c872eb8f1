"""Search on the Neo4j backend: a full-text index over properties each write sets.

Every item carries ``search_ids`` and ``search_text`` (its folded id words and text words,
:func:`~provenance.store.search.index_document`) and ``search_keys`` (its exact keys, each
hashed to one token so that the index's analyzer keeps a URL whole), set by
:func:`write_search` in the transaction that writes the item. The full-text index
``provenance_search`` (``schema_search.cypher``) covers the three; queries run through
``db.index.fulltext.queryNodes`` with every word escaped for Lucene's syntax
(:func:`~provenance.store.search.lucene_escape`), values only as parameters.
:func:`backfill` indexes the items of a database written before the index existed (run by
``init``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

import neo4j
from neo4j import exceptions as nx_exc

from provenance.errors import StoreError
from provenance.store.catalog import query
from provenance.store.neo4j.session import Bolt, chunks
from provenance.store.rows import NodeRow
from provenance.store.search import (
    DEFAULT_LIMIT,
    SearchHit,
    describe,
    index_document,
    last_is_prefix,
    lucene_escape,
    query_keys,
    query_words,
    wants_words,
)

WRITE_CHUNK = 5_000
"""Items per ``UNWIND`` of search properties."""
INDEX = "provenance_search"
"""The full-text index (``schema_search.cypher``), passed to ``search_items`` as ``$index``."""


def key_token(key: str) -> str:
    """One exact key as a single index token: ``k`` and 24 hex digits of its SHA-256."""
    return "k" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def search_row(item_id: str, label: str, data: dict[str, object]) -> list[str]:
    """``[id, id words, text words, key tokens]`` of one item, as ``set_search`` takes."""
    doc = index_document(item_id, label, data)
    return [item_id, doc.id_words, doc.text_words, " ".join(key_token(k) for k in doc.keys)]


def write_search(tx: neo4j.ManagedTransaction, rows: Sequence[NodeRow]) -> None:
    """Set the search properties of the items ``rows`` (just written) inside ``tx``."""
    values = [search_row(r.id, r.label, r.data) for r in rows]
    for chunk in chunks(values, WRITE_CHUNK):
        tx.run(query("set_search"), rows=list(chunk)).consume()


AWAIT_SECONDS = 300
"""How long ``init`` waits for a new full-text index to come online."""


def backfill(bolt: Bolt) -> int:
    """Wait for the full-text index to be online, then index the items that have no search
    properties yet; return how many."""
    with bolt.errors(), bolt.session() as session:
        session.run(query("await_search_index"), index=INDEX, seconds=AWAIT_SECONDS).consume()
    done = 0
    while True:
        records = bolt.records(query("unindexed_items"), limit=WRITE_CHUNK)
        if not records:
            return done
        rows = [search_row(r["id"], r["label"], json.loads(r["data"])) for r in records]

        def work(tx: neo4j.ManagedTransaction, rows: list[list[str]] = rows) -> None:
            tx.run(query("set_search"), rows=rows).consume()

        bolt.write(work)
        done += len(rows)


def _hits(records: list[neo4j.Record], match: str) -> list[SearchHit]:
    return [
        SearchHit(r["id"], r["label"], describe(r["label"], json.loads(r["data"])), match)
        for r in records
    ]


def lucene_text_query(text: str) -> str | None:
    """Every word of ``text`` must be an id word or text word, the last one as a prefix
    when it is long enough (the word itself ranks higher)."""
    terms = [lucene_escape(w) for w in query_words(text)]
    if not terms:
        return None
    clauses = [f"+(search_ids:{t}^4 search_text:{t}^2)" for t in terms]
    if last_is_prefix(terms):
        t = terms[-1]
        clauses[-1] = f"+(search_ids:{t}^4 search_text:{t}^2 search_ids:{t}* search_text:{t}*)"
    return " ".join(clauses)


def _matching(bolt: Bolt, lucene: str, label: str | None, limit: int) -> list[neo4j.Record]:
    """The records of ``search_items``; a database without the index (made by an older
    version, never ``init``-ed since) is a :class:`StoreError` saying to run ``init``."""
    try:
        return bolt.records(
            query("search_items"), index=INDEX, query=lucene, label=label, limit=limit
        )
    except nx_exc.ClientError as exc:
        if INDEX not in (exc.message or ""):
            raise
        raise StoreError(
            f"database {bolt.database!r} on {bolt.uri} has no search index ({exc.message})",
            "run `provenance init` once (as a user with schema rights)",
        ) from None


def _key_hits(bolt: Bolt, ref: str, label: str | None, limit: int) -> list[SearchHit]:
    tokens = [key_token(k) for k in query_keys(ref)]
    if not tokens:
        return []
    lucene = " ".join(f"search_keys:{t}" for t in tokens)
    records = _matching(bolt, lucene, label, limit)
    return sorted(_hits(records, "key"), key=lambda h: h.id)


def lookup(bolt: Bolt, ref: str, label: str | None = None) -> list[str]:
    """:meth:`Store.lookup`: ids whose exact keys match ``ref``, in id order."""
    return [h.id for h in _key_hits(bolt, ref, label, 10_000)]


def search(
    bolt: Bolt, text: str, label: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[SearchHit]:
    """:meth:`Store.search`: exact key matches first, then word matches by score."""
    hits = _key_hits(bolt, text, label, limit)
    lucene = lucene_text_query(text)
    if lucene is None or len(hits) >= limit or not wants_words(text, len(hits)):
        return hits[:limit]
    records = _matching(bolt, lucene, label, limit + len(hits))
    seen = {h.id for h in hits}
    more = [h for h in _hits(records, "text") if h.id not in seen]
    return hits + more[: limit - len(hits)]


def ids_with_prefix(bolt: Bolt, prefix: str, limit: int) -> list[str]:
    """:meth:`Store.ids_with_prefix`: ids starting with ``prefix``, in id order."""
    return [r["id"] for r in bolt.records(query("ids_with_prefix"), prefix=prefix, limit=limit)]
