"""Judgements, clusters, cannot-link conflicts and reversal."""

from __future__ import annotations

from dataclasses import dataclass

from paths import EXAMPLE

from provenance.dedupe.clusters import cluster


@dataclass(frozen=True)
class J:
    a: str
    b: str
    judgement: str
    seq: int


def test_same_judgements_chain_into_clusters() -> None:
    c = cluster(
        [
            J("a", "b", "same", 1),
            J("c", "b", "same", 2),
            J("x", "y", "same", 3),
            J("p", "q", "unsure", 4),
        ]
    )
    assert c.clusters == [["a", "b", "c"], ["x", "y"]]
    assert c.conflicts == []
    assert c.cluster_of() == {"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}


def test_different_blocks_a_chain_and_reports_the_conflict() -> None:
    c = cluster(
        [
            J("a", "c", "different", 1),
            J("a", "b", "same", 2),
            J("b", "c", "same", 3),
            J("c", "d", "same", 4),
        ]
    )
    assert c.clusters == [["a", "b"], ["c", "d"]]
    assert len(c.conflicts) == 1
    conflict = c.conflicts[0]
    assert conflict.same == ("b", "c") and conflict.different == ("a", "c")
    assert "judged 'different'" in conflict.message


def test_later_judgement_reverses_an_earlier_one() -> None:
    history = [J("a", "b", "same", 1), J("b", "a", "different", 2)]
    assert cluster(history).clusters == []
    assert cluster([*history, J("a", "b", "same", 3)]).clusters == [["a", "b"]]
    # a reversed cannot-link no longer blocks
    blocked = [J("a", "c", "different", 1), J("a", "b", "same", 2), J("b", "c", "same", 3)]
    assert cluster(blocked).conflicts
    freed = cluster([*blocked, J("a", "c", "unsure", 4)])
    assert freed.clusters == [["a", "b", "c"]] and not freed.conflicts


def test_store_judgements_feed_clusters(sqlite_store: object) -> None:
    from provenance.ingest.casefile import load_batch
    from provenance.store import Store

    assert isinstance(sqlite_store, Store)
    sqlite_store.ingest(load_batch([EXAMPLE]), actor="t")
    sqlite_store.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="ana", reason="same rescuer")
    sqlite_store.judge(
        "ill-mosul-1", "ill-mosul-2", "different", actor="ana", reason="9 days apart"
    )
    sqlite_store.judge("ill-mosul-1", "ill-mawsil-2b", "same", actor="bo", reason="mistake")
    c = cluster(sqlite_store.judgements())
    assert c.clusters == [["ill-mawsil-2b", "ill-mosul-2"]]
    assert c.conflicts[0].same == ("ill-mawsil-2b", "ill-mosul-1")
    sqlite_store.judge("ill-mawsil-2b", "ill-mosul-1", "different", actor="bo", reason="reversed")
    c = cluster(sqlite_store.judgements())
    assert c.conflicts == [] and c.clusters == [["ill-mawsil-2b", "ill-mosul-2"]]
    actions = [e.decoded()["action"] for e in sqlite_store.audit_events()]
    assert actions.count("judge") == 4
