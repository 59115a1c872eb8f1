"""The streamed whole-store path gives exactly what the networkx graph path gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from paths import EXAMPLE, REPO

from provenance.corroborate import (
    Corroboration,
    corroborate_all,
    corroborate_claims,
    corroborate_store,
    store_run,
)
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


def _same(store: SQLiteStore, min_reliability: str = "F") -> int:
    graph = store.upstream_graph(None)
    via_graph = [
        r.model_dump(mode="json") for r in corroborate_all(graph, min_reliability=min_reliability)
    ]
    streamed = [
        r.model_dump(mode="json") for r in corroborate_store(store, min_reliability=min_reliability)
    ]
    assert streamed == via_graph
    # the fast JSON text of `--all --json` is byte for byte the models' JSON, in id order,
    # in this process and from forked workers
    as_json = [
        r.model_dump_json() for r in corroborate_store(store, min_reliability=min_reliability)
    ]
    run = store_run(store, min_reliability=min_reliability)
    assert len(run) == len(via_graph)
    assert list(run.rendered(workers=1)) == as_json
    assert list(run.rendered(workers=2, chunk=7)) == as_json
    lines = [f"{r.claim} {r.independent_paths}" for r in corroborate_store(store)]
    rendered = store_run(store, min_reliability="F").rendered(_line, workers=2)
    assert list(rendered) == lines
    ids = [r["claim"] for r in via_graph][::7]
    few = corroborate_claims(store, ids, min_reliability=min_reliability)
    assert [r.model_dump(mode="json") for r in few] == [r for r in via_graph if r["claim"] in ids]
    return len(streamed)


def _line(r: Corroboration) -> str:
    return f"{r.claim} {r.independent_paths}"


def test_demo_case(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="tester")
        assert _same(store) == 6
        assert _same(store, "C") == 6


def test_synthetic_case(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate_batch  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - the shared generator is part of the repo
        pytest.fail("benchmarks/generate.py is missing")
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(generate_batch(3_000, seed=3), actor="tester")
        assert _same(store) > 300
        _same(store, "B")
