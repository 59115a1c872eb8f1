"""Echo groups of two or more sources are false corroboration, named by their outlet
(issue 15): many reports of one account never raise a grade."""

from __future__ import annotations

from corroborate_graphs import Builder
from hypothesis import given
from test_corroborate_properties import Spec, specs

from provenance.corroborate import corroborate_claim, detail_lines
from provenance.corroborate.analysis import analyse
from provenance.corroborate.index import index_from_graph

HASHES = [f"aw-src-{i:02d}f3a9c1" for i in range(12)]  # ids as an import makes them from URLs


def _twelve_reports_of_one_post() -> Builder:
    b = Builder().witness("w")
    b.source("aw-src-77e0b2d4", author="@SyriaCivilDefe", quotes=["w"])
    for i, sid in enumerate(HASHES):
        b.source(sid, author=f"@outlet{i}", cites=["aw-src-77e0b2d4"])
    return b.claim("c", HASHES)


def test_twelve_sources_one_origin_is_flagged_and_named_by_its_outlet() -> None:
    b = _twelve_reports_of_one_post()
    ix = index_from_graph(b.g)
    ix.unit_names = {ix.unit_of("aw-src-77e0b2d4"): "Syrian Civil Defence"}
    ix.names = {"aw-src-77e0b2d4": "Syrian Civil Defence"}
    r = analyse(ix, "c", 5)
    assert r.independent_paths == 1 and r.suggested_grade == "weak"  # never raised
    [g] = r.echo_groups
    assert g.sources == HASHES and g.origins == ["w"]
    assert g.false_corroboration is True
    assert g.outlets == ["w"]  # the origin is the witness the post quotes


def test_an_echo_of_one_account_is_named_by_the_account_not_its_hash() -> None:
    b = Builder()
    b.source("aw-src-77e0b2d4", author="@SyriaCivilDefe")  # an origin: cites nobody
    for i, sid in enumerate(HASHES):
        b.source(sid, author=f"@outlet{i}", cites=["aw-src-77e0b2d4"])
    b.claim("c", HASHES)
    r = corroborate_claim(b.g, "c")
    [g] = r.echo_groups
    assert g.origins == ["aw-src-77e0b2d4"] and g.outlets == ["@SyriaCivilDefe"]
    ix = index_from_graph(b.g)
    ix.unit_names = {ix.unit_of("aw-src-77e0b2d4"): "Syrian Civil Defence"}
    named = analyse(ix, "c", 5)
    assert named.echo_groups[0].outlets == ["Syrian Civil Defence"]
    assert (
        "  echo: 12 sources, 1 origin: Syrian Civil Defence — false corroboration "
        "(many reports, one account)" in detail_lines(named)
    )
    assert named.suggested_grade == "weak"


def test_a_single_source_is_not_an_echo() -> None:
    b = Builder().witness("w1").witness("w2")
    b.source("a", author="@a", quotes=["w1"]).source("b", author="@b", quotes=["w2"])
    r = corroborate_claim(b.claim("c", ["a", "b"]).g, "c")
    assert [g.false_corroboration for g in r.echo_groups] == [False, False]
    assert "  echo: 1 source, 1 origin: w1" in detail_lines(r)
    assert not any("false corroboration" in line for line in detail_lines(r))
    assert r.suggested_grade == "fair"


def test_echo_json_keeps_its_keys_and_adds_the_new_ones_after() -> None:
    r = corroborate_claim(_twelve_reports_of_one_post().g, "c")
    assert list(r.model_dump(mode="json")["echo_groups"][0]) == [
        "origins",
        "sources",
        "outlets",
        "false_corroboration",
    ]


@given(specs())
def test_flag_is_two_or_more_sources_and_the_grade_follows_the_paths_only(spec: Spec) -> None:
    r = corroborate_claim(spec.build(), "c")
    for g in r.echo_groups:
        assert g.false_corroboration == (len(g.sources) >= 2)
        assert len(g.outlets) <= max(len(g.origins), 0) and (not g.origins) == (not g.outlets)
    if r.suggested_grade in ("fair", "weak", "unsupported"):
        expected = {0: "unsupported", 1: "weak"}.get(r.independent_paths, "fair")
        assert r.suggested_grade == expected
