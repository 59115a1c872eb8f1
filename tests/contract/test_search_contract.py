"""Search, exact lookups and listing on every backend (SQLite FTS5, Neo4j full-text).

The index is kept in step with every write (an update re-indexes, a new item is found at
once), codes and URLs are exact keys, place names are found by their transliteration
variants, Lucene's syntax characters in a query are text, and both backends agree.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from casedata import batch, example

from provenance.errors import StoreError
from provenance.store import NODE_LABELS, Store
from provenance.store.search import index_document, last_is_prefix, query_words

MONITOR = {
    "organisations": [{"id": "org-a", "name": "Aleppo Media Centre"}],
    "sources": [
        {
            "id": "url:0123abcd",
            "kind": "social_media",
            "author": "Moaaz",
            "url": "https://www.facebook.com/watch/?v=27733878282922884",
            "archive_url": "https://archive.is/Hfz0a",
        },
        {"id": "s-b", "kind": "news", "publisher": "org-a", "title": "Strike (on) [Raqqa]: +10!"},
    ],
    "incidents": [
        {
            "id": "airwars:RS4720",
            "title": "RS4720: Hafsarja",
            "date": "2022-09-08",
            "location": {"name": "Hafsarja", "name_variants": ["Ḥafṣarjah", "حفصرجة"]},
            "claims": [{"id": "airwars:RS4720:c:x", "supported_by": ["url:0123abcd"]}],
        },
        {"id": "airwars:RS4721", "title": "RS4721: Raqqa city", "date": "2022-09-09"},
    ],
}


def ids(hits: list[Any]) -> list[str]:
    return [h.id for h in hits]


def test_codes_ids_and_urls_are_exact_keys(store: Store) -> None:
    store.ingest(batch(**MONITOR), actor="a")
    assert store.lookup("RS4720") == ["airwars:RS4720"]
    assert store.lookup("rs4720") == ["airwars:RS4720"]
    assert store.lookup("AIRWARS:rs4720") == ["airwars:RS4720"]
    url = "https://www.facebook.com/watch/?v=27733878282922884"
    assert store.lookup(url) == ["url:0123abcd"]
    assert store.lookup("http://facebook.com/watch/?v=27733878282922884/") == ["url:0123abcd"]
    assert store.lookup("archive.is/Hfz0a") == ["url:0123abcd"]
    assert store.lookup("RS47") == []
    assert store.lookup("RS4720", "Source") == []
    hits = store.search(url)
    assert hits[0].id == "url:0123abcd" and hits[0].match == "key"


def test_words_places_variants_and_authors(store: Store) -> None:
    store.ingest(batch(**MONITOR), actor="a")
    assert ids(store.search("hafsarja")) == ["airwars:RS4720"]
    assert ids(store.search("Hafsarjah")) == ["airwars:RS4720"]  # accents folded
    assert ids(store.search("حفصرجة")) == ["airwars:RS4720"]
    assert ids(store.search("moaaz")) == ["url:0123abcd"]
    assert set(ids(store.search("raqq"))) == {"s-b", "airwars:RS4721"}  # a prefix
    assert ids(store.search("raqqa cit")) == ["airwars:RS4721"]  # every word, the last a prefix
    assert ids(store.search("raqq city")) == []
    assert ids(store.search("raqqa", "Incident")) == ["airwars:RS4721"]
    assert ids(store.search("aleppo media")) == ["org-a"]
    assert store.search("nowhere") == []
    assert len(store.search("rs47", limit=1)) == 1


@pytest.mark.parametrize(
    "text", ["Strike (on) [Raqqa]: +10!", 'raqqa" OR *', "a:b AND NOT c~", "\\", "))(("]
)
def test_query_syntax_is_text(store: Store, text: str) -> None:
    store.ingest(batch(**MONITOR), actor="a")
    found = ids(store.search(text))
    assert found in ([], ["s-b"])
    if text.startswith("Strike"):
        assert found == ["s-b"]


def test_index_follows_updates(store: Store) -> None:
    store.ingest(batch(**MONITOR), actor="a")
    changed: dict[str, Any] = {**MONITOR}
    changed["incidents"] = [
        {
            **MONITOR["incidents"][0],
            "title": "RS4720: Kafr Nabl",
            "location": {"name": "Kafr Nabl"},
        },
        MONITOR["incidents"][1],
    ]
    store.ingest(batch(**changed), actor="a")
    assert ids(store.search("hafsarja")) == []
    assert ids(store.search("kafr nabl")) == ["airwars:RS4720"]
    assert store.lookup("RS4720") == ["airwars:RS4720"]


def reference(store: Store, text: str) -> list[str]:
    """The ids whose index words (:func:`index_document`) hold every word of ``text``, the
    last as a prefix."""
    found = []
    for label in NODE_LABELS:
        for item in store.iter_items(label):
            doc = index_document(item.id, item.label, item.data)
            indexed = (doc.id_words + " " + doc.text_words).split()
            terms = query_words(text)
            *whole, last = terms
            prefix = any(w.startswith(last) for w in indexed) if last_is_prefix(terms) else None
            if set(whole) <= set(indexed) and (prefix or last in indexed):
                found.append(item.id)
    return sorted(found)


@pytest.mark.parametrize(
    "text",
    [
        "mosul",
        "raqqa",
        "Mossoul",
        "الموصل",
        "ill src",
        "al-maw",
        "old cit",
        "nineveh mos",
        "al mas",
        "city, mosul",
    ],
)
def test_search_is_the_documented_index(store: Store, text: str) -> None:
    store.ingest(example(), actor="a")
    want = reference(store, text)
    assert want
    assert sorted(ids(store.search(text, limit=1_000))) == want


def test_ids_with_prefix_and_list(store: Store) -> None:
    store.ingest(batch(**MONITOR), actor="a")
    assert store.ids_with_prefix("airwars:RS472") == [
        "airwars:RS4720",
        "airwars:RS4720:c:x",
        "airwars:RS4721",
    ]
    assert store.ids_with_prefix("airwars:", limit=1) == ["airwars:RS4720"]
    assert store.ids_with_prefix("zz") == []
    listed = store.list_items("Source", [("author", "MOAAZ")])
    assert [i.id for i in listed] == ["url:0123abcd"]
    assert [i.id for i in store.list_items("Incident", [("location.name_variants", "حفصرجة")])] == [
        "airwars:RS4720"
    ]
    assert [i.id for i in store.list_items("Incident", limit=1)] == ["airwars:RS4720"]


def test_init_indexes_items_written_before_the_index(store: Any) -> None:
    """A store made by a version without search gets its index from ``init``."""
    store.ingest(batch(**MONITOR), actor="a")
    if hasattr(store, "bolt"):
        with store.bolt.session() as session:
            session.run(
                "MATCH (n:Item) REMOVE n.search_ids, n.search_text, n.search_keys"
            ).consume()
            session.run("DROP INDEX provenance_search").consume()
        with pytest.raises(StoreError, match="no search index") as info:
            store.search("hafsarjah")
        assert "provenance init" in info.value.hint
    else:
        con = sqlite3.connect(store.path)
        for table in ("search_fts", "search_docs", "search_keys"):
            con.execute(f"DROP TABLE {table}")
        con.commit()
        con.close()
    store.init()
    store.init()  # idempotent
    assert store.lookup("RS4720") == ["airwars:RS4720"]
    assert ids(store.search("hafsarjah")) == ["airwars:RS4720"]
