"""The upstream traversal gives the unit rule the organisations' aliases and domains, on
every backend: per claim (:meth:`Store.upstream`), as a graph and streamed, the same units."""

from __future__ import annotations

from typing import Any

from casedata import batch

from provenance.corroborate import corroborate_claims, independence_unit
from provenance.corroborate.index import index_from_graph, index_from_upstream
from provenance.corroborate.load import corroborate_store, index_from_store

ORGS = [
    {"id": "net", "name": "Network"},
    {"id": "scd", "name": "Syrian Civil Defence", "part_of": "net", "aliases": ["SCD"]},
    {"id": "sana", "name": "SANA", "domains": ["sana.sy"], "aliases": ["twitter:SANA_English"]},
    {"id": "bbc", "name": "BBC"},
]
SOURCES = [
    {"id": "a1", "kind": "social_media", "author": "'@scd"},
    {"id": "a2", "kind": "news", "author": "Syrian Civil Defence news", "publisher": "net"},
    {"id": "b1", "kind": "news", "url": "https://www.sana.sy/en/?p=1"},
    {"id": "b2", "kind": "social_media", "url": "https://twitter.com/SANA_English/status/1"},
    {"id": "c1", "kind": "social_media", "author": "@Hawar", "url": "https://x.com/Hawar/1"},
    {"id": "c2", "kind": "social_media", "url": "https://twitter.com/hawar/status/2"},
    {"id": "d1", "kind": "news", "publisher": "bbc"},
]
CLAIMS = [
    {"id": "i1-c1", "belligerent": "b", "supported_by": ["a1", "a2", "b1", "b2"]},
    {"id": "i1-c2", "belligerent": "b", "supported_by": ["c1", "c2", "d1"]},
]


def case() -> Any:
    incident = {"id": "i1", "title": "t", "date": "2017-06-01", "claims": CLAIMS}
    return batch(organisations=ORGS, sources=SOURCES, incidents=[incident])


def test_upstream_carries_the_organisations_the_rule_reads(store: Any) -> None:
    store.ingest(case(), actor="a")
    up = store.upstream(["i1-c2"])
    assert set(up.organisations) == {"bbc"}
    assert set(up.outlets) == {"net", "scd", "sana"}  # aliases, domains and their ancestors
    names = up.organisation_names()
    assert names["scd"] == {
        "name": "Syrian Civil Defence",
        "family": "net",
        "aliases": ["SCD"],
        "domains": [],
    }
    graph = store.upstream_graph(["i1-c1"])
    assert graph.graph["organisations"]["sana"]["domains"] == ["sana.sy"]
    units = {n: independence_unit(graph, n) for n in ("a1", "a2", "b1", "b2")}
    assert units == {
        "a1": "family:net",
        "a2": "family:net",
        "b1": "family:sana",
        "b2": "family:sana",
    }


def test_every_path_gives_the_same_units_and_counts(store: Any) -> None:
    store.ingest(case(), actor="a")
    whole = index_from_store(store)
    assert whole.unit["c1"] == whole.unit["c2"] == "author twitter:hawar"
    assert whole.names["a1"] == "Syrian Civil Defence"
    assert whole.unit_names["family net"] == "Network"
    for ix in (index_from_graph(store.upstream_graph()), index_from_upstream(store.upstream())):
        assert (ix.unit, ix.names, ix.unit_names) == (whole.unit, whole.names, whole.unit_names)
    results = corroborate_claims(store, ["i1-c1", "i1-c2"])
    assert [r.independent_paths for r in results] == [2, 2]  # was 4 and 3
    assert [r.model_dump() for r in corroborate_store(store)] == [r.model_dump() for r in results]
