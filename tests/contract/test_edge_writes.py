"""Edge writes of ingest, on every backend: the edges of new items are created once (repeats
of one edge in a batch collapse, the last given wins), those of updated items replaced."""

from __future__ import annotations

from typing import Any

from casedata import batch

from provenance.store import Edge


def _case(assessments: list[dict[str, Any]], cites: list[str]) -> Any:
    return batch(
        organisations=[{"id": "org-mil", "name": "Military", "kind": "military"}],
        sources=[
            {"id": "s-a", "kind": "news"},
            {"id": "s-b", "kind": "news", "cites": cites},
        ],
        incidents=[{"id": "inc-1", "title": "Strike", "date": "2017-06-03"}],
        statements=[{"id": "st-1", "issuer": "org-mil", "assessments": assessments}],
    )


def test_repeated_edge_of_a_new_item_is_one_edge_with_the_last_props(store: Any) -> None:
    twice = [
        {"incident": "inc-1", "verdict": "credible"},
        {"incident": "inc-1", "verdict": "non_credible", "civilians_killed_acknowledged": 2},
    ]
    store.ingest(_case(twice, ["s-a", "s-a"]), actor="ana")
    assert store.edges(["inc-1"], ["ASSESSES"], "in") == [
        Edge(
            "st-1",
            "ASSESSES",
            "inc-1",
            {"civilians_killed_acknowledged": 2, "verdict": "non_credible"},
        )
    ]
    assert store.edges(["s-b"], ["CITES"]) == [Edge("s-b", "CITES", "s-a", {})]
    assert store.counts().edges == {"ASSESSES": 1, "CITES": 1, "PUBLISHED_BY": 1}
    # an update replaces the owned edges (and repeats still collapse)
    again = [{"incident": "inc-1", "verdict": "credible"}] * 2
    report = store.ingest(_case(again, []), actor="ana")
    assert (report.created, report.updated) == (0, 2)
    assert store.edges(["inc-1"], ["ASSESSES"], "in") == [
        Edge("st-1", "ASSESSES", "inc-1", {"verdict": "credible"})
    ]
    assert store.counts().edges == {"ASSESSES": 1, "PUBLISHED_BY": 1}
