"""``--min-reliability`` as DESIGN pins it, one test per sentence (issue 15):

sources below the threshold are removed first; a source without a reliability counts as F;
statements and witnesses are not filtered; a source whose citations and quotes were all
removed is not an origin; ``supporting_sources`` counts the direct supports that pass."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from corroborate_graphs import Builder, oracle_paths

from provenance.corroborate import Corroboration, corroborate_claim
from provenance.corroborate.analysis import analyse
from provenance.corroborate.index import index_from_graph
from provenance.corroborate.units import check_reliability


def _both(b: Builder, mr: str) -> Iterator[Corroboration]:
    """The claim ``c`` through the graph entry point and through the index."""
    r = corroborate_claim(b.g, "c", min_reliability=mr)
    assert r.independent_paths == oracle_paths(b.g, "c", mr)
    yield r
    yield analyse(index_from_graph(b.g), "c", check_reliability(mr))


def test_sources_below_the_threshold_are_removed_first() -> None:
    b = Builder().witness("w1").witness("w2")
    b.source("good", author="@g", reliability="B", quotes=["w1"])
    b.source("poor", author="@p", reliability="D", quotes=["w2"])
    b.claim("c", ["good", "poor"])
    for r in _both(b, "C"):
        assert r.chains == [["c", "good", "w1"]]
        assert [g.sources for g in r.echo_groups] == [["good"]]
        assert r.critical_sources == ["good"]
        assert "poor" not in r.names and r.suggested_grade == "weak"
    for r in _both(b, "D"):
        assert r.independent_paths == 2


def test_a_source_without_reliability_counts_as_f() -> None:
    b = Builder().witness("w").source("s", author="@s", quotes=["w"]).claim("c", ["s"])
    for mr, paths in (("F", 1), ("E", 0), ("A", 0)):
        for r in _both(b, mr):
            assert r.independent_paths == paths
            assert r.supporting_sources == paths


def test_statements_and_witnesses_are_not_filtered() -> None:
    b = Builder().witness("w").statement("st", family="gov")
    b.source("s", author="@s", reliability="A", quotes=["w"], cites=["st"])
    b.claim("c", ["st", "s"])
    for r in _both(b, "A"):
        assert r.supporting_sources == 2
        assert r.independent_paths == 2
        assert sorted(c[-1] for c in r.chains) == ["st", "w"]


@pytest.mark.parametrize("mr", ["C", "A"])
def test_a_source_whose_citations_and_quotes_were_all_removed_is_not_an_origin(mr: str) -> None:
    b = Builder().witness("w")
    b.source("low1", author="@l1", reliability="E", quotes=["w"])
    b.source("low2", author="@l2", reliability="D")
    b.source("aggregator", author="@agg", reliability="A", cites=["low1", "low2"])
    b.claim("c", ["aggregator"])
    for r in _both(b, mr):
        # it rests on nothing that passes the filter: no path, not even [c, aggregator]
        assert r.independent_paths == 0 and r.chains == []
        assert r.suggested_grade == "unsupported"
        assert [g.model_dump() for g in r.echo_groups] == [
            {"origins": [], "sources": ["aggregator"], "outlets": [], "false_corroboration": False}
        ]
    for r in _both(b, "F"):
        assert r.independent_paths == 1 and r.chains[0][:2] == ["c", "aggregator"]


def test_a_source_keeps_the_citations_that_pass() -> None:
    b = Builder()
    b.source("low", author="@l", reliability="E").source("ok", author="@ok", reliability="B")
    b.source("aggregator", author="@agg", reliability="A", cites=["low", "ok"])
    b.claim("c", ["aggregator"])
    for r in _both(b, "C"):
        assert r.chains == [["c", "aggregator", "ok"]]
        assert r.echo_groups[0].origins == ["ok"]


def test_supporting_sources_counts_the_direct_supports_that_pass() -> None:
    b = Builder().witness("w").statement("st")
    b.source("a", author="@a", reliability="A", quotes=["w"])
    b.source("d", author="@d", reliability="D", quotes=["w"])
    b.source("none", author="@n", quotes=["w"])
    b.claim("c", ["a", "d", "none", "st"])
    for r in _both(b, "C"):
        assert r.supporting_sources == 2  # a and the statement
        assert "2 sources below reliability C set aside" in r.explanation
        assert sorted(s for g in r.echo_groups for s in g.sources) == ["a", "st"]
    for r in _both(b, "F"):
        assert r.supporting_sources == 4
