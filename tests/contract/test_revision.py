"""``Store.revision`` on every backend: ``None`` (nothing is cached), or a token that every
mutation changes and nothing else does; and ``corroborate --all``'s index, cached or not,
is the one read from the store."""

from __future__ import annotations

from typing import Any

from casedata import batch

from provenance.corroborate.load import cached_index, index_from_store

SOURCES = [
    {"id": "s1", "kind": "news", "reliability": "B", "cites": ["s2"]},
    {"id": "s2", "kind": "social_media", "author": "@someone"},
]


def _case(reliability: str) -> Any:
    sources = [dict(SOURCES[0], reliability=reliability), SOURCES[1]]
    claims = [{"id": "i1-c1", "belligerent": "b", "supported_by": ["s1"]}]
    incident = {"id": "i1", "title": "t", "date": "2017-06-01", "claims": claims}
    return batch(sources=sources, incidents=[incident])


def test_revision_follows_every_mutation_and_the_cached_index_follows_it(store: Any) -> None:
    first = store.revision()
    store.ingest(_case("B"), actor="a")
    assert cached_index(store) == index_from_store(store)
    second = store.revision()
    assert cached_index(store) == index_from_store(store)  # warm, where there is a cache
    store.ingest(_case("B"), actor="a")  # nothing changes
    assert store.revision() == second
    store.ingest(_case("E"), actor="a")
    third = store.revision()
    assert cached_index(store).rank["s1"] == 4
    store.record_event("export", [], actor="a", reason=None)
    fourth = store.revision()
    revisions = [first, second, third, fourth]
    if any(r is not None for r in revisions):
        assert len(set(revisions)) == len(revisions)
