"""Property: random case files give the same results on SQLite and on the Bolt server.

The same writes (an ingest, then an ingest that changes some items) must give the same
counts, items in the same id order, the same audit events (ids and items), the same
upstream evidence as plain data (``Store.upstream``) and as graphs (whole store and per
claim, nodes and edges with every attribute) and the same corroboration results.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from casedata import example, small
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j_support import Neo4jTarget, make_store, wipe

from provenance.corroborate import corroborate_claim, corroborate_store
from provenance.model import CASE_FORMAT, CaseFile
from provenance.store.rows import Batch, batch_from_case
from provenance.store.sqlite import SQLiteStore

pytestmark = pytest.mark.neo4j

TAGS = ["s", "S", "ß", "é", "Ω-", "a'b\"", "`x`", "z_", "日"]
RELIABILITY = [None, "A", "B", "C", "D", "E", "F"]


def _subset(draw: st.DrawFn, pool: list[str], most: int = 3) -> list[str]:
    if not pool:
        return []
    return draw(st.lists(st.sampled_from(pool), max_size=most, unique=True))


@st.composite
def case_files(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A random case file and a second version of it with some items changed."""
    tag = draw(st.sampled_from(TAGS))
    orgs = [f"{tag}org{i}" for i in range(draw(st.integers(0, 4)))]
    wits = [f"{tag}w{i}" for i in range(draw(st.integers(0, 3)))]
    srcs = [f"{tag}src{i}" for i in range(draw(st.integers(1, 8)))]
    stmts = [f"{tag}st{i}" for i in range(draw(st.integers(0, 2)))]
    incs = [f"{tag}inc{i}" for i in range(draw(st.integers(1, 3)))]
    evidence = srcs + stmts
    doc: dict[str, Any] = {
        "format": CASE_FORMAT,
        "organisations": [
            {"id": o, "name": f"Org {o}", "part_of": draw(st.sampled_from([None, *orgs]))}
            for o in orgs
        ],
        "witnesses": [{"id": w} for w in wits],
        "sources": [
            {
                "id": s,
                "kind": draw(st.sampled_from(["news", "social_media", "video"])),
                "publisher": draw(st.sampled_from([None, *orgs])),
                "author": draw(st.sampled_from([None, "@a", "@b"])),
                "reliability": draw(st.sampled_from(RELIABILITY)),
                "cites": _subset(draw, [e for e in evidence if e != s]),
                "quotes": _subset(draw, wits, 2),
            }
            for s in srcs
        ],
        "statements": [
            {
                "id": s,
                "issuer": draw(st.sampled_from([None, *orgs])),
                "assessments": [
                    {"incident": i, "verdict": draw(st.sampled_from(["credible", "non_credible"]))}
                    for i in _subset(draw, incs, 2)
                ],
            }
            for s in stmts
        ],
        "incidents": [
            {
                "id": i,
                "title": f"Incident {i}",
                "date": "2017-06-01",
                "grade": draw(st.sampled_from([None, "fair", "weak"])),
                "claims": [
                    {
                        "id": f"{i}-c{j}",
                        "belligerent": draw(st.sampled_from([None, "Coalition", "ISIS"])),
                        "supported_by": _subset(draw, evidence, 4),
                        "contradicted_by": _subset(draw, evidence, 2),
                    }
                    for j in range(draw(st.integers(1, 3)))
                ],
            }
            for i in incs
        ],
    }
    changed = {**doc, "sources": [dict(s) for s in doc["sources"]]}
    for s in changed["sources"]:
        if draw(st.booleans()):
            s["reliability"] = draw(st.sampled_from(RELIABILITY))
            s["cites"] = _subset(draw, [e for e in evidence if e != s["id"]])
    return doc, changed


def _batch(doc: dict[str, Any]) -> Batch:
    return batch_from_case(CaseFile.model_validate(doc), "random.yaml")


def _graph(g: nx.DiGraph) -> tuple[dict[str, Any], set[tuple[str, str, str]]]:
    return dict(g.nodes(data=True)), set(g.edges(data="rel"))


def _timeless(event: dict[str, Any]) -> dict[str, Any]:
    """An event without what depends on the clock (its time, and the hash chain over it)."""
    return {k: v for k, v in event.items() if k not in ("at", "prev", "event_id")}


def _observe(store: Any) -> dict[str, Any]:
    claims = [c.id for c in store.iter_items("Claim")]
    whole = store.upstream_graph()
    return {
        "counts": store.counts().as_dict(),
        "items": {
            label: [(i.id, i.data, i.hash) for i in store.iter_items(label, batch_size=3)]
            for label in ("Organisation", "Source", "Witness", "Incident", "Claim", "Statement")
        },
        "events": [_timeless(e.decoded()) for e in store.audit_events()],
        "audit_items": [store.audit_items(e.seq) for e in store.audit_events()],
        "upstream": store.upstream(),
        "upstream_per_claim": {c: store.upstream([c]) for c in claims},
        "whole": _graph(whole),
        "per_claim": {c: _graph(store.upstream_graph([c])) for c in claims},
        "corroborate": {
            c: corroborate_claim(whole, c, min_reliability=r).model_dump(mode="json")
            for c in claims
            for r in ("F", "C")
        },
        "corroborate_store": [c.model_dump(mode="json") for c in corroborate_store(store)],
    }


# neo4j_target only names a server that lives for the whole session: safe to share.
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=case_files())
def test_same_results_on_both_backends(neo4j_target: Neo4jTarget, docs: Any) -> None:
    from provenance.store.neo4j import Neo4jStore

    first, second = docs
    with tempfile.TemporaryDirectory() as tmp:
        lite = SQLiteStore(Path(tmp) / "s.db", create=True)
        bolt = Neo4jStore(_driver(neo4j_target), neo4j_target.uri, neo4j_target.database)
        try:
            wipe(bolt)
            bolt.init()
            for doc in (first, second):
                r1 = lite.ingest(_batch(doc), actor="prop", reason="r")
                r2 = bolt.ingest(_batch(doc), actor="prop", reason="r")
                assert r1 == r2
            assert _observe(lite) == _observe(bolt)
        finally:
            lite.close()
            bolt.close()


def _driver(target: Neo4jTarget) -> Any:
    import neo4j

    return neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password))


def test_same_upstream_on_the_contract_data(
    neo4j_target: Neo4jTarget, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """``Store.upstream`` as plain data, equal on both backends: the June 2017 example and
    the small case (publisher families, incident context, edges in the same order)."""
    lite = make_store("sqlite", request, tmp_path)
    bolt = make_store(neo4j_target.name, request, tmp_path)
    try:
        for store in (lite, bolt):
            store.ingest(example(), actor="a")
            store.ingest(small("x-"), actor="a")
        claims = [c.id for c in lite.iter_items("Claim")]
        assert len(claims) == 8
        whole = lite.upstream()
        assert whole == bolt.upstream()
        assert whole.claims == tuple(claims) and whole.families and whole.incidents
        for c in claims:
            assert lite.upstream([c]) == bolt.upstream([c])
        assert lite.upstream(claims[::-1]) == bolt.upstream(claims[::-1])
    finally:
        lite.close()
        bolt.close()
