"""Duplicate listing and judgements through the library (what the CLI calls)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from paths import EXAMPLE

from provenance.dedupe import duplicate_pairs, record_judgement
from provenance.dedupe.arrays import shared_keys
from provenance.errors import UsageError
from provenance.store import Store


@pytest.fixture
def store(sqlite_store: object) -> Store:
    from provenance.ingest.casefile import load_batch

    assert isinstance(sqlite_store, Store)
    sqlite_store.ingest(load_batch([EXAMPLE]), actor="t")
    return sqlite_store


def test_duplicate_pairs_carry_their_judgement(store: Store) -> None:
    pairs = duplicate_pairs(store, 0.5)
    assert [(p.a, p.b, p.judgement) for p in pairs] == [("ill-mawsil-2b", "ill-mosul-2", None)]
    outcome = record_judgement(
        store, "ill-mosul-2", "ill-mawsil-2b", "same", actor="ana", reason="same rescuer"
    )
    assert outcome.cluster == ["ill-mawsil-2b", "ill-mosul-2"] and outcome.conflicts == []
    assert outcome.as_dict()["judgement"] == "same" and outcome.as_dict()["actor"] == "ana"
    assert duplicate_pairs(store, 0.5) == []
    judged = duplicate_pairs(store, 0.5, include_judged=True)
    assert [(p.a, p.b, p.judgement) for p in judged] == [("ill-mawsil-2b", "ill-mosul-2", "same")]
    # a judged pair blocking would not propose is still listed, scored the same way
    record_judgement(store, "ill-mosul-1", "ill-raqqa-1", "different", actor="ana", reason="r")
    listed = duplicate_pairs(store, 0.0, include_judged=True)
    assert ("ill-mosul-1", "ill-raqqa-1", "different") in [(p.a, p.b, p.judgement) for p in listed]


@pytest.mark.parametrize(("value", "reason"), [("maybe", "x"), ("same", "  ")])
def test_bad_judgements_are_usage_errors(store: Store, value: str, reason: str) -> None:
    with pytest.raises(UsageError):
        record_judgement(store, "ill-mosul-1", "ill-mosul-2", value, actor="a", reason=reason)
    assert store.judgements() == []


@given(st.lists(st.sets(st.integers(0, 6), max_size=4), min_size=1, max_size=8), st.data())
def test_shared_keys_counts_the_common_keys(keysets: list[set[int]], data: st.DataObject) -> None:
    n = len(keysets)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))))
    keys = np.array([k for ks in keysets for k in sorted(ks)], dtype=np.int64)
    inc = np.array([i for i, ks in enumerate(keysets) for _ in ks], dtype=np.int64)
    weight = keys.astype(np.float64) + 0.5
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    sums, counts = shared_keys(keys, inc, a, b, n, weight)
    common = [keysets[x] & keysets[y] for x, y in pairs]
    assert counts.tolist() == [len(c) for c in common]
    assert sums.tolist() == pytest.approx([sum(k + 0.5 for k in c) for c in common])
