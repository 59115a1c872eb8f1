"""The shared synthetic generator: fast path equals the model path; deterministic; shape."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from paths import REPO

from provenance.model import CaseFile
from provenance.store.rows import batch_from_case

sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # type: ignore[import-not-found]


@pytest.mark.parametrize(("n", "seed"), [(10, 0), (60, 1), (700, 7)])
def test_fast_path_equals_models(n: int, seed: int) -> None:
    fast = generate.generate_batch(n, seed)
    slow = batch_from_case(generate.generate_case(n, seed), "synthetic")
    assert fast.nodes == slow.nodes
    assert fast.edges == slow.edges
    assert fast.where == slow.where


def test_deterministic_and_seed_dependent() -> None:
    a = generate.generate_batch(300, 5)
    assert [r.hash for r in a.nodes] == [r.hash for r in generate.generate_batch(300, 5).nodes]
    assert [r.hash for r in a.nodes] != [r.hash for r in generate.generate_batch(300, 6).nodes]


def test_shape() -> None:
    batch = generate.generate_batch(3_300, 0)
    shape = generate.stats(batch)
    assert shape["nodes"]["Source"] == 3_300
    assert shape["nodes"]["Incident"] == 100
    assert 300 <= shape["nodes"]["Claim"] <= 700
    for rel in ("CITES", "QUOTES", "PUBLISHED_BY", "PART_OF", "ASSESSES", "SUPPORTED_BY"):
        assert shape["edges"].get(rel, 0) > 0, rel
    data = {r.id: r.data for r in batch.nodes}
    sources = [d for r in batch.nodes if r.label == "Source" for d in [data[r.id]]]
    assert any(s["publisher"] is None and s["author"] for s in sources)
    assert any(s["reliability"] is None for s in sources)
    # circular reporting exists somewhere: a pair of sources citing each other
    cites = {(e.src, e.dst) for e in batch.edges if e.rel == "CITES"}
    assert any((b, a) in cites for a, b in cites)


def test_too_small_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        generate.generate_batch(3)


def test_cli_writes_a_valid_case_file(tmp_path: Path) -> None:
    from provenance.ingest.casefile import load_case_file

    out = tmp_path / "case.json"
    assert generate.main(["--sources", "40", "--out", str(out)]) == 0
    case = load_case_file(out)
    assert isinstance(case, CaseFile)
    assert case == generate.generate_case(40)
