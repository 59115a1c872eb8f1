"""Chains show only real links (issue 15): every step is a relationship that exists or is
marked ``same_unit`` in ``links``, and real chains are preferred whenever as many exist."""

from __future__ import annotations

import itertools

import networkx as nx
from corroborate_graphs import Builder, is_origin, keep
from hypothesis import given, settings
from hypothesis import strategies as st
from test_corroborate_properties import MIN_REL, Spec, specs

from provenance.corroborate import Corroboration, corroborate_claim, independence_unit
from provenance.corroborate.analysis import analyse, analyse_json
from provenance.corroborate.index import index_from_graph


def _rels(r: Corroboration) -> list[list[str]]:
    return [[link.rel for link in chain] for chain in r.links]


def test_a_chain_through_another_publisher_is_listed_as_it_is() -> None:
    # a → b → c → w1, a and c of one publisher, b of another: a does not cite c
    b = Builder().witness("w1")
    b.source("a", family="p", cites=["b"]).source("b", family="q", cites=["c"])
    b.source("c", family="p", quotes=["w1"]).claim("k", ["a"])
    r = corroborate_claim(b.g, "k")
    assert r.independent_paths == 1
    assert r.chains == [["k", "a", "b", "c", "w1"]]
    assert _rels(r) == [["SUPPORTED_BY", "CITES", "CITES", "QUOTES"]]
    assert all(link.unit is None for link in r.links[0])


def test_a_step_inside_one_unit_is_shown_as_such_when_the_maximum_needs_it() -> None:
    # two paths only if one enters publisher p at a and leaves it from c (a does not cite
    # c); every real chain passes through e, so no two real chains are disjoint
    b = Builder().witness("w1").witness("w2")
    b.source("a", family="p", cites=["e"]).source("c", family="p", quotes=["w1"])
    b.source("e", family="r", cites=["c"], quotes=["w2"]).claim("k", ["a", "e"])
    r = corroborate_claim(b.g, "k")
    assert r.independent_paths == 2
    assert r.chains == [["k", "a", "c", "w1"], ["k", "e", "w2"]]
    assert _rels(r) == [["SUPPORTED_BY", "same_unit", "QUOTES"], ["SUPPORTED_BY", "QUOTES"]]
    assert r.links[0][1].model_dump() == {"rel": "same_unit", "unit": "p"}
    assert "k → a (p) ·same unit· c (p) → w1" in "\n".join(_detail(r))


def test_same_unit_step_is_named_by_the_unit_and_ids_by_their_outlet() -> None:
    b = Builder().witness("w1").witness("w2")
    b.source("a", family="p", cites=["e"]).source("c", family="p", quotes=["w1"])
    b.source("e", family="r", cites=["c"], quotes=["w2"]).claim("k", ["a", "e"])
    ix = index_from_graph(b.g)
    ix.unit_names = {ix.unit_of("a"): "Public Broadcaster", ix.unit_of("e"): "Radio R"}
    ix.names = {"a": "Public Broadcaster", "c": "Public Broadcaster", "e": "Radio R"}
    r = analyse(ix, "k", 5)
    assert r.links[0][1].model_dump() == {"rel": "same_unit", "unit": "Public Broadcaster"}
    assert r.names == {"a": "Public Broadcaster", "c": "Public Broadcaster", "e": "Radio R"}
    text = "\n".join(_detail(r))
    assert "chain 1: k → a (Public Broadcaster) ·same unit· c (Public Broadcaster) → w1" in text
    assert "chain 2: k → e (Radio R) → w2" in text


def test_links_and_names_are_new_keys_after_the_old_ones_and_json_agrees() -> None:
    b = Builder().witness("w").source("s", author="@x", quotes=["w"]).claim("k", ["s"])
    ix = index_from_graph(b.g)
    ix.names = {"s": "@x"}
    dumped = analyse(ix, "k", 5).model_dump(mode="json")
    assert list(dumped)[-2:] == ["links", "names"]
    assert list(dumped["contradicting"]) == ["sources", "independent_paths", "chains", "links"]
    assert dumped["links"] == [[{"rel": "SUPPORTED_BY"}, {"rel": "QUOTES"}]]
    assert dumped["names"] == {"s": "@x"}
    assert analyse_json(ix, "k", 5) == analyse(ix, "k", 5).model_dump_json()


def test_contradicting_chains_have_links_too() -> None:
    b = Builder().witness("w").source("s", quotes=["w"]).claim("k", [], ["s"])
    r = corroborate_claim(b.g, "k")
    assert [[x.rel for x in c] for c in r.contradicting.links] == [["CONTRADICTED_BY", "QUOTES"]]


def _detail(r: Corroboration) -> list[str]:
    from provenance.corroborate import detail_lines

    return detail_lines(r)


# --- property: random graphs, brute force ---------------------------------------------------


def _real_chains(g: nx.DiGraph, claim: str, mr: str) -> list[frozenset[str]]:
    """The unit sets of every real chain (simple path of kept items) from ``claim`` to an
    origin, inclusion-minimal ones only."""
    found: set[frozenset[str]] = set()

    def walk(path: list[str]) -> None:
        x = path[-1]
        if is_origin(g, x):
            found.add(frozenset(independence_unit(g, y) for y in path))
            return
        for _, y, rel in g.out_edges(x, data="rel"):
            if rel in ("CITES", "QUOTES") and y not in path and keep(g, y, mr):
                walk([*path, y])

    for _, v, rel in g.out_edges(claim, data="rel"):
        if rel == "SUPPORTED_BY" and keep(g, v, mr):
            walk([v])
    return [s for s in found if not any(o < s for o in found)]


def _max_packing(sets: list[frozenset[str]]) -> int:
    """The most pairwise disjoint sets among ``sets`` (plain recursion)."""
    best = 0

    def go(i: int, used: frozenset[str], n: int) -> None:
        nonlocal best
        best = max(best, n)
        if n + len(sets) - i <= best:
            return
        for j in range(i, len(sets)):
            if not sets[j] & used:
                go(j + 1, used | sets[j], n + 1)

    go(0, frozenset(), 0)
    return best


@settings(max_examples=300)
@given(specs(), MIN_REL)
def test_random_graphs_chains_use_real_links_unless_none_achieve_the_maximum(
    spec: Spec, mr: str
) -> None:
    g = spec.build()
    r = corroborate_claim(g, "c", min_reliability=mr)
    # (b) unit-disjoint, as many as independent_paths, one link per step
    assert len(r.chains) == r.independent_paths == len(r.links)
    seen: set[str] = set()
    for chain, links in zip(r.chains, r.links, strict=True):
        units = {independence_unit(g, x) for x in chain[1:]}
        assert not units & seen, "chains share a unit"
        seen |= units
        assert len(links) == len(chain) - 1
        # (a) each step: the relationship that exists, or two items of one unit
        assert links[0].rel == "SUPPORTED_BY" and g.edges["c", chain[1]]["rel"] == "SUPPORTED_BY"
        for (a, b), link in zip(itertools.pairwise(chain[1:]), links[1:], strict=True):
            if link.rel == "same_unit":
                assert independence_unit(g, a) == independence_unit(g, b)
                assert not g.has_edge(a, b) and link.unit
            else:
                assert g.has_edge(a, b), (a, b, link)
                assert g.edges[a, b]["rel"] == link.rel
    # (c) a set of real chains of the maximum size exists: no step inside one unit
    if _max_packing(_real_chains(g, "c", mr)) == r.independent_paths:
        assert all(x.rel != "same_unit" for links in r.links for x in links), r.chains


@given(st.integers(2, 6))
def test_a_flat_claim_has_one_direct_chain_per_source(n: int) -> None:
    b = Builder()
    for i in range(n):
        b.witness(f"w{i}").source(f"s{i}", author=f"@a{i}", quotes=[f"w{i}"])
    b.claim("c", [f"s{i}" for i in range(n)])
    r = corroborate_claim(b.g, "c")
    assert _rels(r) == [["SUPPORTED_BY", "QUOTES"]] * n
