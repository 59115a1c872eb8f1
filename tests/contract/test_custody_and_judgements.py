"""Rules that protect analysts' records, on every backend.

* Updating an item never takes duplicate judgements with it, whatever its id.
* A captured original (a source's ``sha256``) survives a re-ingest that leaves it out, and
  an input with a different ``sha256`` is refused.
"""

from __future__ import annotations

from typing import Any

import pytest

from provenance.errors import ConflictError
from provenance.model import Incident, Source
from provenance.store.rows import Batch


def _batch(*models: Any) -> Batch:
    b = Batch()
    for i, m in enumerate(models):
        b.add(m, f"test[{i}]")
    return b


def test_judgements_survive_an_update_of_any_item(store: Any) -> None:
    a = Incident(id="i-a", title="a", date="2017-06-01")
    b = Incident(id="i-b", title="b", date="2017-06-01")
    named = Incident(id="judgement", title="v1", date="2017-06-01")
    store.ingest(_batch(a, b, named), actor="t")
    store.judge("i-a", "i-b", "same", actor="t", reason="one strike")
    report = store.ingest(_batch(named.model_copy(update={"title": "v2"})), actor="t")
    assert report.updated == 1
    assert [(j.a, j.b, j.judgement) for j in store.judgements()] == [("i-a", "i-b", "same")]


def test_a_captured_original_is_kept_and_never_replaced(store: Any) -> None:
    plain = Source(id="s-cap", kind="news", title="t")
    store.ingest(_batch(plain), actor="t")
    captured = plain.model_copy(update={"sha256": "a" * 64})
    store.ingest(_batch(captured), actor="t", action="capture")
    again = store.ingest(_batch(plain), actor="t")
    assert (again.updated, again.unchanged, again.event_seq) == (0, 1, None)
    assert store.get("s-cap").data["sha256"] == "a" * 64
    before = store.counts()
    with pytest.raises(ConflictError, match="never replaced"):
        store.ingest(_batch(plain.model_copy(update={"sha256": "b" * 64})), actor="t")
    assert store.counts() == before
