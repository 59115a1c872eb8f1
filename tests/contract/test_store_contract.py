"""The store contract, on every backend (SQLite and the Bolt server)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from casedata import batch, example, small

from provenance.errors import ConflictError, NotFoundError, ReferenceError_
from provenance.store import Edge


def test_init_is_idempotent_and_empty(store: Any) -> None:
    store.init()
    store.init()
    counts = store.counts()
    assert counts.nodes == {} and counts.edges == {} and counts.audit_events == 0
    assert list(store.audit_events()) == []


def test_ingest_counts_and_reingest_is_a_noop(store: Any) -> None:
    report = store.ingest(example(), actor="alice", reason="first")
    assert (report.created, report.updated, report.unchanged, report.event_seq) == (55, 0, 0, 1)
    assert report.created_by_label == {
        "Organisation": 15,
        "Source": 18,
        "Witness": 4,
        "Incident": 5,
        "Claim": 6,
        "Strike": 1,
        "Statement": 6,
    }
    again = store.ingest(example(), actor="alice")
    assert (again.created, again.updated, again.unchanged, again.event_seq) == (0, 0, 55, None)
    counts = store.counts()
    assert sum(counts.nodes.values()) == 55
    assert counts.edges == {
        "ASSESSES": 4,
        "CITES": 11,
        "HAS_CLAIM": 6,
        "LINKED_TO": 1,
        "PART_OF": 3,
        "PUBLISHED_BY": 20,
        "QUOTES": 6,
        "REPORTED_BY": 1,
        "SUPPORTED_BY": 15,
    }
    assert counts.audit_events == 1


def test_update_replaces_owned_edges_and_is_audited(store: Any) -> None:
    store.ingest(small(), actor="a")
    changed = batch(sources=[{"id": "s-agg", "kind": "news", "cites": ["s-other"]}])
    changed.replace = True  # the whole item (`ingest --replace`; see test_field_origins.py)
    report = store.ingest(changed, actor="b", reason="fix")
    assert (report.created, report.updated, report.unchanged, report.event_seq) == (0, 1, 0, 2)
    assert report.updated_by_label == {"Source": 1}
    out = store.edges(["s-agg"], ["CITES", "PUBLISHED_BY"])
    assert out == [Edge("s-agg", "CITES", "s-other", {})]
    assert store.get("s-agg").data["cites"] == ["s-other"]
    items = store.audit_items(2)
    assert [(i.item_id, i.label, i.change) for i in items] == [("s-agg", "Source", "updated")]
    history = store.audit_items(item_id="s-agg")
    assert [(i.seq, i.change) for i in history] == [(1, "created"), (2, "updated")]
    # edges owned by others survive: HAS_CLAIM is owned by the claim, not the incident
    store.ingest(small(title="Renamed"), actor="c")
    assert {e.dst for e in store.edges(["inc-1"], ["HAS_CLAIM"])} == {"c1", "c2"}
    assert store.get("inc-1").data["title"] == "Renamed"


def test_reference_and_conflict_errors_leave_the_store_unchanged(store: Any) -> None:
    store.ingest(small(), actor="a")
    before = store.counts()
    with pytest.raises(ReferenceError_, match="nope"):
        store.ingest(batch(sources=[{"id": "s-new", "kind": "news", "cites": ["nope"]}]), actor="a")
    with pytest.raises(ReferenceError_, match="expected"):
        store.ingest(
            batch(sources=[{"id": "s-new", "kind": "news", "quotes": ["s-post"]}]), actor="a"
        )
    with pytest.raises(ConflictError, match="already a Source"):
        store.ingest(batch(witnesses=[{"id": "s-post"}]), actor="a")
    assert store.counts() == before
    assert store.get("s-new") is None


def test_reads(store: Any) -> None:
    store.ingest(small(), actor="a")
    item = store.get("c1")
    assert item.label == "Claim" and item.data["incident"] == "inc-1"
    assert item.data["civilians_killed"] == {"min": 3, "max": 9}
    assert len(item.hash) == 64
    assert store.get("missing") is None
    assert set(store.get_many(["c1", "w1", "missing"])) == {"c1", "w1"}
    assert store.edges(["c1", "c2"], ["SUPPORTED_BY", "CONTRADICTED_BY"]) == [
        Edge("c1", "SUPPORTED_BY", "s-agg"),
        Edge("c1", "SUPPORTED_BY", "s-other"),
        Edge("c2", "CONTRADICTED_BY", "st-1"),
    ]
    assert store.edges(["inc-1"], ["ASSESSES"], "in") == [
        Edge("st-1", "ASSESSES", "inc-1", {"verdict": "non_credible"})
    ]
    around = store.neighbours("s-wire")
    assert {(e.src, e.rel, e.dst) for e in around} == {
        ("s-wire", "PUBLISHED_BY", "org-child"),
        ("s-wire", "CITES", "s-post"),
        ("s-agg", "CITES", "s-wire"),
    }
    assert [i.id for i in store.iter_items("Source", batch_size=2)] == [
        "s-agg",
        "s-other",
        "s-post",
        "s-wire",
    ]
    assert sorted((e.src, e.dst) for e in store.iter_edges(["CITES"], batch_size=1)) == [
        ("s-agg", "s-wire"),
        ("s-wire", "s-post"),
    ]


def test_judgements(store: Any) -> None:
    store.ingest(small(), actor="a")
    first = store.judge("inc-2", "inc-1", "same", actor="bob", reason="same rubble")
    assert (first.a, first.b, first.seq) == ("inc-1", "inc-2", 2)
    second = store.judge("inc-1", "inc-2", "different", actor="eve", reason="other street")
    assert [(j.judgement, j.actor, j.seq) for j in store.judgements()] == [("different", "eve", 3)]
    assert second.seq == 3
    assert store.counts().edges["JUDGED"] == 1
    assert [(i.item_id, i.change) for i in store.audit_items(3)] == [
        ("inc-1", "judged"),
        ("inc-2", "judged"),
    ]
    with pytest.raises(NotFoundError):
        store.judge("inc-1", "c1", "same", actor="bob", reason="x")
    with pytest.raises(NotFoundError):
        store.judge("inc-1", "inc-1", "same", actor="bob", reason="x")
    assert store.counts().audit_events == 3


def test_audit_chain(store: Any) -> None:
    store.ingest(small(), actor="a", reason="r1")
    store.ingest(small(title="t2"), actor="b")
    store.judge("inc-1", "inc-2", "unsure", actor="c", reason="r3")
    events = list(store.audit_events())
    assert [e.seq for e in events] == [1, 2, 3]
    prev = ""
    for e in events:
        assert e.prev_hash == prev
        assert hashlib.sha256(e.body).hexdigest() == e.hash
        body = e.decoded()
        assert body["seq"] == e.seq and body["event_id"] == e.event_id and body["prev"] == prev
        prev = e.hash
    assert [e.decoded()["action"] for e in events] == ["ingest", "ingest", "judge"]
    assert events[0].decoded()["items"]["count"] == 14
    assert [e.seq for e in store.audit_events(2, 2)] == [2]
    assert [e.seq for e in store.audit_events(2)] == [2, 3]


def test_upstream_graph(store: Any) -> None:
    store.ingest(small(), actor="a")
    g = store.upstream_graph(["c1"])
    assert set(g.nodes) == {"c1", "s-agg", "s-other", "s-wire", "s-post", "w1"}
    assert {(u, v, r) for u, v, r in g.edges(data="rel")} == {
        ("c1", "s-agg", "SUPPORTED_BY"),
        ("c1", "s-other", "SUPPORTED_BY"),
        ("s-agg", "s-wire", "CITES"),
        ("s-wire", "s-post", "CITES"),
        ("s-post", "w1", "QUOTES"),
    }
    c1 = g.nodes["c1"]
    assert c1["label"] == "Claim" and c1["incident_grade"] == "fair"
    assert c1["incident_belligerents"] == ["Coalition", "ISIS"]
    assert c1["incident_verdicts"] == ["non_credible"]
    assert (
        g.nodes["s-wire"]["family"] == "org-root" and g.nodes["s-wire"]["publisher_name"] == "Child"
    )
    assert g.nodes["s-post"]["family"] is None
    everything = store.upstream_graph()
    assert "st-1" in everything and everything.edges["c2", "st-1"]["rel"] == "CONTRADICTED_BY"
    assert len(store.upstream_graph([])) == 0
    with pytest.raises(NotFoundError):
        store.upstream_graph(["s-post"])
    with pytest.raises(NotFoundError):
        store.upstream_graph(["nope"])


def test_step_is_edges_then_their_targets(store: Any) -> None:
    """``step`` (one round trip per depth on a server) answers what ``edges`` and
    ``get_many`` answer together."""
    store.ingest(small(), actor="a")
    for ids, rels in [
        (["c1", "c2"], ["SUPPORTED_BY", "CONTRADICTED_BY"]),
        (["s-agg", "s-wire", "s-post", "s-other"], ["CITES", "QUOTES"]),
        (["nope"], ["CITES"]),
    ]:
        found, targets = store.step(ids, rels)
        expected = sorted(store.edges(ids, rels, "out"), key=lambda e: (e.src, e.rel, e.dst))
        assert found == expected
        assert targets == store.get_many({e.dst for e in expected})
    assert store.step([], ["CITES"]) == ([], {})
