"""Hostile strings are stored verbatim as data on every backend; nothing is executed."""

from __future__ import annotations

from typing import Any

from casedata import batch, small

CORPUS = [
    "' OR 1=1 //",
    '"}) RETURN 1 UNION MATCH (n) DETACH DELETE n //',
    "`) DETACH DELETE n //",
    "``Item`` `` ` `",
    "LOAD CSV FROM 'http://127.0.0.1:1/x.csv' AS row CREATE (:Pwned)",
    "$rows {id} %s {0} ${label}",
    "\\' \\\" \\u0000 \u202e \U0001f4a3",
    "MATCH (n) SET n.hash = 'x' RETURN n",
    "// comment\n;DROP CONSTRAINT provenance_item_id",
]
IDS = [
    "'OR1=1//",
    '"})RETURN/**/1/**/UNION/**/MATCH/**/(n)/**/DETACH/**/DELETE/**/n//',
    "`)-[:PART_OF]->(n)//",
    "${id}{0}%s",
]


def test_hostile_values_are_data(store: Any) -> None:
    store.ingest(small(), actor="seed")
    before = store.counts()
    sources = [
        {"id": f"evil-{i}", "kind": "other", "title": text, "author": text, "url": text}
        for i, text in enumerate(CORPUS)
    ]
    orgs = [{"id": ident, "name": ident} for ident in IDS]
    hostile = batch(
        organisations=orgs,
        sources=[
            *sources,
            {
                "id": "evil-chain",
                "kind": "news",
                "publisher": IDS[1],
                "cites": [s["id"] for s in sources],
            },
        ],
    )
    report = store.ingest(hostile, actor=CORPUS[1], reason=CORPUS[4])
    assert report.created == len(CORPUS) + len(IDS) + 1
    after = store.counts()
    assert sum(after.nodes.values()) == sum(before.nodes.values()) + report.created
    assert after.edges["CITES"] == before.edges["CITES"] + len(CORPUS)
    for i, text in enumerate(CORPUS):
        item = store.get(f"evil-{i}")
        assert item.data["title"] == text and item.data["author"] == text
    for ident in IDS:
        assert store.get(ident).data["name"] == ident
    assert store.edges(["evil-chain"], ["PUBLISHED_BY"])[0].dst == IDS[1]
    event = list(store.audit_events())[-1].decoded()
    assert event["actor"] == CORPUS[1] and event["reason"] == CORPUS[4]
    # the seed data is intact and the schema still rejects a duplicate id
    seed = small()
    stored = store.get_many([row.id for row in seed.nodes])
    assert {i: item.hash for i, item in stored.items()} == {row.id: row.hash for row in seed.nodes}
    assert store.ingest(small(), actor="seed").event_seq is None
    g = store.upstream_graph(["c1"])
    assert set(g.nodes) >= {"c1", "s-agg", "s-post"}
