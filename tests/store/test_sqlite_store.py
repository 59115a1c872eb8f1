"""The embedded store: idempotence, updates, references, the audit chain, the graph view."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from paths import EXAMPLE

from provenance.canonical import canonical_bytes, content_hash
from provenance.errors import ConflictError, NotFoundError, ReferenceError_, StoreError
from provenance.ingest.casefile import load_batch
from provenance.model import Claim, Organisation, Source, Witness
from provenance.store import fields_of, items_digest
from provenance.store.rows import Batch
from provenance.store.sqlite import SQLiteStore


def batch_of(*models: object, incident: str | None = None) -> Batch:
    batch = Batch()
    for i, m in enumerate(models):
        kw = {"incident": incident} if isinstance(m, Claim) else {}
        batch.add(m, f"test[{i}]", **kw)  # type: ignore[arg-type]
    return batch


@pytest.fixture
def demo(sqlite_store: SQLiteStore) -> SQLiteStore:
    sqlite_store.ingest(load_batch([EXAMPLE]), actor="tester", reason="demo")
    return sqlite_store


def test_reingest_is_a_noop(demo: SQLiteStore) -> None:
    before = demo.counts()
    report = demo.ingest(load_batch([EXAMPLE]), actor="tester")
    assert (report.created, report.updated, report.event_seq) == (0, 0, None)
    assert report.unchanged == sum(before.nodes.values())
    assert demo.counts() == before
    assert before.audit_events == 1


def test_first_ingest_report_and_audit_items(sqlite_store: SQLiteStore) -> None:
    batch = load_batch([EXAMPLE])
    report = sqlite_store.ingest(batch, actor="tester", reason="demo")
    assert report.created == len(batch.nodes) and report.event_seq == 1
    assert report.created_by_label["Claim"] == 6
    items = sqlite_store.audit_items(seq=1)
    assert {(i.item_id, i.hash) for i in items} == {(r.id, r.hash) for r in batch.nodes}
    assert {i.change for i in items} == {"created"}
    body = next(sqlite_store.audit_events()).decoded()
    assert body["actor"] == "tester" and body["reason"] == "demo" and body["action"] == "ingest"
    assert body["items"] == {
        "count": len(items),
        "digest": items_digest([(i.item_id, i.label, i.hash, i.change) for i in items]),
    }


def test_stored_item_round_trip(demo: SQLiteStore) -> None:
    item = demo.get("ill-mosul-1-c1")
    assert item is not None and item.label == "Claim"
    assert item.data["incident"] == "ill-mosul-1"
    assert item.hash == content_hash(item.data)
    assert demo.get("nope") is None


def test_update_replaces_owned_edges(demo: SQLiteStore) -> None:
    old = demo.get("ill-src-mosul-agg-1")
    assert old is not None
    assert [e.dst for e in demo.edges(["ill-src-mosul-agg-1"], ["CITES"])] == ["ill-src-mosul-wire"]
    data = {k: v for k, v in fields_of(old.data).items() if v not in (None, [])}
    data["cites"] = ["ill-src-mosul-post"]
    data["publisher"] = None
    report = demo.ingest(batch_of(Source.model_validate(data)), actor="editor")
    assert (report.created, report.updated, report.event_seq) == (0, 1, 2)
    out = demo.edges(["ill-src-mosul-agg-1"], ["CITES", "PUBLISHED_BY"])
    assert [(e.rel, e.dst) for e in out] == [("CITES", "ill-src-mosul-post")]
    # edges owned by others into it are kept
    assert any(
        e.src == "ill-mosul-1-c1"
        for e in demo.edges(["ill-src-mosul-agg-1"], ["SUPPORTED_BY"], "in")
    )
    [row] = demo.audit_items(seq=2)
    assert (row.item_id, row.change) == ("ill-src-mosul-agg-1", "updated")
    assert [i.change for i in demo.audit_items(item_id="ill-src-mosul-agg-1")] == [
        "created",
        "updated",
    ]


def test_updated_claim_keeps_its_incident_edge(demo: SQLiteStore) -> None:
    claim = Claim(id="ill-mosul-2-c1", supported_by=["ill-src-mosul2-daily"])
    demo.ingest(batch_of(claim, incident="ill-mosul-2"), actor="editor")
    has = demo.edges(["ill-mosul-2"], ["HAS_CLAIM"])
    assert [e.dst for e in has] == ["ill-mosul-2-c1"]
    sup = demo.edges(["ill-mosul-2-c1"], ["SUPPORTED_BY"])
    assert [e.dst for e in sup] == ["ill-src-mosul2-daily"]


def test_references_to_stored_items_resolve(demo: SQLiteStore) -> None:
    src = Source(
        id="new-src",
        kind="news",
        publisher="ill-org-wire",
        cites=["ill-src-mosul-post"],
        quotes=["ill-w-mosul-resident"],
    )
    report = demo.ingest(batch_of(src), actor="x")
    assert report.created == 1
    edges = {(e.rel, e.dst) for e in demo.edges(["new-src"], ["CITES", "QUOTES", "PUBLISHED_BY"])}
    assert edges == {
        ("CITES", "ill-src-mosul-post"),
        ("QUOTES", "ill-w-mosul-resident"),
        ("PUBLISHED_BY", "ill-org-wire"),
    }


def test_wrong_label_reference_fails(demo: SQLiteStore) -> None:
    before = demo.counts()
    src = Source(id="new-src", kind="news", publisher="ill-src-mosul-post")
    with pytest.raises(
        ReferenceError_,
        match="'publisher' refers to 'ill-src-mosul-post', which is a Source, expected Organisation",
    ):
        demo.ingest(batch_of(src), actor="x")
    quote = Source(id="new-src", kind="news", quotes=["airwars"])
    with pytest.raises(ReferenceError_, match="expected Witness"):
        demo.ingest(batch_of(quote), actor="x")
    assert demo.counts() == before


def test_label_conflict_fails(demo: SQLiteStore) -> None:
    before = demo.counts()
    with pytest.raises(
        ConflictError, match="'airwars' is already a Organisation in the store, not a Witness"
    ):
        demo.ingest(batch_of(Witness(id="airwars")), actor="x")
    assert demo.counts() == before


def test_batch_conflict_within_input() -> None:
    with pytest.raises(ConflictError, match="with different content"):
        batch_of(Organisation(id="o", name="a"), Organisation(id="o", name="b"))
    assert len(batch_of(Organisation(id="o", name="a"), Organisation(id="o", name="a")).nodes) == 1


def test_audit_chain_links(demo: SQLiteStore) -> None:
    demo.ingest(batch_of(Witness(id="w-new")), actor="x", reason="second")
    demo.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="analyst", reason="same strike")
    events = list(demo.audit_events())
    assert [e.seq for e in events] == [1, 2, 3]
    prev = ""
    for e in events:
        assert e.prev_hash == prev
        assert e.hash == hashlib.sha256(e.body).hexdigest()
        body = json.loads(e.body)
        assert canonical_bytes(body) == e.body
        assert (body["seq"], body["prev"], body["event_id"]) == (e.seq, prev, e.event_id)
        prev = e.hash
    assert [e.seq for e in demo.audit_events(2, 2)] == [2]


def test_audit_tables_are_append_only(demo: SQLiteStore, tmp_path: Path) -> None:
    db = sqlite3.connect(demo.path)
    for sql in (
        "UPDATE audit_events SET hash='x'",
        "DELETE FROM audit_events",
        "UPDATE audit_items SET hash='x'",
        "DELETE FROM audit_items",
    ):
        with pytest.raises(sqlite3.DatabaseError):
            db.execute(sql)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_events WHERE seq=1")
    db.close()
    assert demo.counts().audit_events == 1


def test_upstream_graph_attributes(demo: SQLiteStore) -> None:
    g = demo.upstream_graph(["ill-mosul-2-c1"])
    claim = g.nodes["ill-mosul-2-c1"]
    assert claim["label"] == "Claim"
    assert claim["incident"] == "ill-mosul-2"
    assert claim["incident_grade"] == "weak"
    assert claim["incident_belligerents"] == ["US-led coalition"]
    assert claim["incident_verdicts"] == ["non_credible"]
    ar = g.nodes["ill-src-mosul2-broadcaster-ar"]
    assert ar["family"] == "ill-org-broadcaster"
    assert ar["publisher_name"] == "Illustrative Broadcaster Arabic"
    assert g.nodes["ill-src-mosul2-broadcaster"]["family"] == "ill-org-broadcaster"
    assert g.nodes["ill-w-mosul-rescuer"]["label"] == "Witness"
    assert g.edges["ill-src-mosul2-daily", "ill-w-mosul-rescuer"]["rel"] == "QUOTES"
    assert g.edges["ill-mosul-2-c1", "ill-src-mosul2-daily"]["rel"] == "SUPPORTED_BY"


def test_upstream_graph_follows_chains_and_cycles(demo: SQLiteStore) -> None:
    g = demo.upstream_graph(["ill-mosul-1-c1", "ill-raqqa-2-c1"])
    assert g.edges["ill-src-mosul-agg-1", "ill-src-mosul-wire"]["rel"] == "CITES"
    assert g.edges["ill-src-mosul-wire", "ill-src-mosul-post"]["rel"] == "CITES"
    assert g.has_edge("ill-src-mosul-post", "ill-w-mosul-resident")
    assert g.has_edge("ill-src-raqqa2-page-a", "ill-src-raqqa2-page-b")
    assert g.has_edge("ill-src-raqqa2-page-b", "ill-src-raqqa2-page-a")
    post = g.nodes["ill-src-mosul-post"]
    assert post["family"] is None and post["publisher_name"] is None
    assert g.nodes["ill-raqqa-2-c1"]["incident_belligerents"] == [
        "Russian military",
        "US-led coalition",
    ]
    assert "ill-mosul-2-c1" not in g


def test_upstream_graph_all_claims_and_unknown(demo: SQLiteStore) -> None:
    g = demo.upstream_graph()
    assert sum(1 for _, d in g.nodes(data=True) if d["label"] == "Claim") == 6
    with pytest.raises(NotFoundError, match="no claim with id 'ill-mosul-1'"):
        demo.upstream_graph(["ill-mosul-1"])


def test_judge_and_judgements(demo: SQLiteStore) -> None:
    first = demo.judge("ill-mosul-2", "ill-mawsil-2b", "unsure", actor="a", reason="maybe")
    assert (first.a, first.b) == ("ill-mawsil-2b", "ill-mosul-2")  # ordered pair
    second = demo.judge("ill-mawsil-2b", "ill-mosul-2", "same", actor="b", reason="same strike")
    [current] = demo.judgements()
    assert current == second and current.judgement == "same" and current.seq == 3
    assert demo.counts().edges["JUDGED"] == 1
    items = demo.audit_items(seq=3)
    assert {(i.item_id, i.change) for i in items} == {
        ("ill-mawsil-2b", "judged"),
        ("ill-mosul-2", "judged"),
    }
    summary = next(iter(demo.audit_events(3))).decoded()["summary"]
    assert summary == {"a": "ill-mawsil-2b", "b": "ill-mosul-2", "judgement": "same"}


def test_judge_refuses_non_incidents(demo: SQLiteStore) -> None:
    before = demo.counts()
    with pytest.raises(NotFoundError, match="no incident with id 'ill-mosul-1-c1'"):
        demo.judge("ill-mosul-1", "ill-mosul-1-c1", "same", actor="a", reason="r")
    with pytest.raises(NotFoundError, match="itself"):
        demo.judge("ill-mosul-1", "ill-mosul-1", "same", actor="a", reason="r")
    with pytest.raises(Exception, match="unknown judgement"):
        demo.judge("ill-mosul-1", "ill-mosul-2", "maybe", actor="a", reason="r")  # type: ignore[arg-type]
    assert demo.counts() == before


def test_iteration_and_counts(demo: SQLiteStore) -> None:
    ids = [i.id for i in demo.iter_items("Incident", batch_size=2)]
    assert ids == sorted(ids) and len(ids) == 5
    cites = list(demo.iter_edges(["CITES"], batch_size=3))
    assert len(cites) == demo.counts().edges["CITES"]
    assert {e.rel for e in demo.neighbours("ill-src-mosul-wire")} >= {
        "CITES",
        "PUBLISHED_BY",
        "SUPPORTED_BY",
    }


def test_open_missing_and_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        SQLiteStore(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        SQLiteStore(junk)


def test_durability_pragmas(demo: SQLiteStore) -> None:
    db = demo._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_items_digest_is_the_canonical_sorted_list() -> None:
    items = [("b", "Source", "h2", "created"), ("a", "Claim", "h1", "updated")]
    expected = hashlib.sha256(
        b'[["a","Claim","h1","updated"],["b","Source","h2","created"]]'
    ).hexdigest()
    assert items_digest(items) == expected
    assert items_digest(list(reversed(items))) == expected


def test_update_of_one_among_many(demo: SQLiteStore) -> None:
    batch = load_batch([EXAMPLE])
    changed = Organisation(id="ill-org-wire", name="Renamed wire", kind="media")
    fresh = Batch()
    for row in batch.nodes:
        if row.id != "ill-org-wire":
            fresh.add_row(row, [e for e in batch.edges if e.owner == row.id], batch.where[row.id])
    fresh.add(changed, "edit[0]")
    fresh.add(Witness(id="w-extra"), "edit[1]")
    report = demo.ingest(fresh, actor="x")
    assert (report.created, report.updated) == (1, 1)
    assert report.unchanged == len(batch.nodes) - 1
    changes = {(i.item_id, i.change) for i in demo.audit_items(seq=report.event_seq)}
    assert changes == {("ill-org-wire", "updated"), ("w-extra", "created")}
    item = demo.get("ill-org-wire")
    assert item is not None and item.data["name"] == "Renamed wire"


def test_repeated_edge_last_one_wins(sqlite_store: SQLiteStore) -> None:
    from provenance.model import Incident, Statement

    stmt = Statement.model_validate(
        {
            "id": "st",
            "assessments": [
                {"incident": "i1", "verdict": "under_review"},
                {"incident": "i1", "verdict": "credible", "civilians_killed_acknowledged": 2},
            ],
        }
    )
    inc = Incident.model_validate({"id": "i1", "title": "t", "date": "2017-06-01"})
    sqlite_store.ingest(batch_of(inc, stmt), actor="x")
    [edge] = sqlite_store.edges(["st"], ["ASSESSES"])
    assert edge.props == {"verdict": "credible", "civilians_killed_acknowledged": 2}


def test_large_write_cache_is_restored(
    sqlite_store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance.store import sqlitefile

    monkeypatch.setattr(sqlitefile, "BIG_WRITE_ROWS", 1)
    before = sqlite_store._db.execute("PRAGMA cache_size").fetchone()[0]
    report = sqlite_store.ingest(load_batch([EXAMPLE]), actor="x")
    assert report.created > 0
    assert sqlite_store._db.execute("PRAGMA cache_size").fetchone()[0] == before


def test_batched_audit_reads_across_chunks(sqlite_store: SQLiteStore) -> None:
    """More seqs and ids than one ``IN (...)`` query takes: still every row, in log order."""
    n = 505  # one more than a chunk of 500, and then some
    for i in range(n):
        row = (f"x{i:03}", "Witness", f"h{i}", "noted")
        sqlite_store.record_event(
            "note", [row, (f"y{i:03}", "Witness", "h", "noted")], actor="a", reason=None
        )
    seqs = list(range(n, 0, -1))
    events = sqlite_store.audit_events_by_seq(seqs)
    assert [e.seq for e in events] == list(range(1, n + 1))
    assert events == list(sqlite_store.audit_events())
    rows = sqlite_store.audit_items_by_seq(seqs)
    assert rows == list(sqlite_store.iter_audit_items())
    assert [(r.seq, r.item_id) for r in rows[:3]] == [(1, "x000"), (1, "y000"), (2, "x001")]
    by_item = sqlite_store.audit_items_by_item([f"x{i:03}" for i in range(n)])
    assert [(r.seq, r.item_id) for r in by_item] == [(i + 1, f"x{i:03}") for i in range(n)]
