"""Every backend stores and returns the owner of each edge (`iter_edge_rows`), and the
graph check of `audit verify` passes on a clean store (issue 13, item 6)."""

from __future__ import annotations

from typing import Any

from casedata import example

from provenance.audit.state import verify_state
from provenance.store import JUDGEMENT_OWNER, RELATIONSHIPS


def test_every_edge_is_returned_with_its_owner(store: Any) -> None:
    batch = example()
    store.ingest(batch, actor="ana")
    store.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="ana", reason="one strike")
    rels = [r for r in RELATIONSHIPS if r != "JUDGED"]
    rows = {(e.src, e.rel, e.dst, e.owner) for e in store.iter_edge_rows(rels, batch_size=7)}
    assert rows == {(e.src, e.rel, e.dst, e.owner) for e in batch.edges}
    assert all(e.owner == e.dst for e in batch.edges if e.rel == "HAS_CLAIM")
    [judged] = store.iter_edge_rows(["JUDGED"])
    assert (judged.rel, judged.owner) == ("JUDGED", JUDGEMENT_OWNER)
    assert judged.props["judgement"] == "same"
    assert verify_state(store) == []
