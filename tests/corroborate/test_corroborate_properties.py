"""Properties of corroboration on random upstream graphs, with networkx as the oracle."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import networkx as nx
from corroborate_graphs import Builder, contracted, is_origin, keep, oracle_paths, upstream
from hypothesis import given
from hypothesis import strategies as st

from provenance.corroborate import corroborate_claim, independence_unit

FAMILIES = [None, None, "f1", "f2", "f3"]
AUTHORS = [None, None, "@a1", "@a2"]
RELIABILITY = [None, "A", "B", "C", "D", "E", "F"]


@dataclass
class Spec:
    """A random case: sources with attributes and citations, witnesses, one claim."""

    sources: list[dict[str, Any]]
    witnesses: list[str]
    statements: list[tuple[str, str | None]]
    supported_by: list[str]
    contradicted_by: list[str]

    def build(self, order: list[int] | None = None) -> nx.DiGraph:
        b = Builder()
        for w in self.witnesses:
            b.witness(w)
        for sid, fam in self.statements:
            b.statement(sid, family=fam)
        srcs = self.sources if order is None else [self.sources[i] for i in order]
        for s in srcs:
            b.source(**s)
        b.claim("c", self.supported_by, self.contradicted_by)
        return b.g


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    n = draw(st.integers(1, 10))
    nw = draw(st.integers(0, 4))
    ns = draw(st.integers(0, 2))
    ids = [f"s{i}" for i in range(n)]
    witnesses = [f"w{i}" for i in range(nw)]
    statements = [(f"st{i}", draw(st.sampled_from([None, "gov"]))) for i in range(ns)]
    targets = ids + [s for s, _ in statements]
    sources = []
    for sid in ids:
        sources.append(
            {
                "sid": sid,
                "family": draw(st.sampled_from(FAMILIES)),
                "author": draw(st.sampled_from(AUTHORS)),
                "reliability": draw(st.sampled_from(RELIABILITY)),
                "cites": draw(st.lists(st.sampled_from(targets), max_size=3, unique=True)),
                "quotes": draw(st.lists(st.sampled_from(witnesses), max_size=2, unique=True))
                if witnesses
                else [],
            }
        )
    supported = draw(st.lists(st.sampled_from(targets), max_size=5, unique=True))
    # a DiGraph holds one edge per pair: a claim cannot both cite and contradict one item
    others = [t for t in targets if t not in supported] or ["none"]
    contradicted = [
        t for t in draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if t != "none"
    ]
    return Spec(sources, witnesses, statements, supported, contradicted)


MIN_REL = st.sampled_from(["F", "F", "C", "A"])


def _edge_or_same_unit(g: nx.DiGraph, a: str, b: str) -> bool:
    return g.has_edge(a, b) or independence_unit(g, a) == independence_unit(g, b)


@given(specs(), MIN_REL)
def test_chains_are_unit_disjoint_end_at_origins_and_match_node_connectivity(
    spec: Spec, mr: str
) -> None:
    g = spec.build()
    r = corroborate_claim(g, "c", min_reliability=mr)
    assert r.independent_paths == len(r.chains) == oracle_paths(g, "c", mr)
    items = upstream(g, "c", mr)
    seen_units: set[str] = set()
    for chain in r.chains:
        assert chain[0] == "c"
        assert g.has_edge("c", chain[1]) and g.edges["c", chain[1]]["rel"] == "SUPPORTED_BY"
        assert is_origin(g, chain[-1])
        assert all(x in items for x in chain[1:])
        for a, b in itertools.pairwise(chain):
            assert _edge_or_same_unit(g, a, b)
        units = {independence_unit(g, x) for x in chain[1:]}
        assert not units & seen_units, "chains share a unit"
        seen_units |= units
    # the cut: as many units as paths, and removing them leaves no path
    cut_units = {independence_unit(g, x) for x in r.critical_sources}
    assert len(cut_units) == r.independent_paths
    h = contracted(g, "c", mr)
    h.remove_nodes_from(cut_units)
    assert not nx.has_path(h, "CLAIM", "SINK")
    # contradicting side: the same count over CONTRADICTED_BY
    rev = g.copy()
    for u, v, rel in list(g.edges(data="rel")):
        if u == "c":
            rev.edges[u, v]["rel"] = (
                "SUPPORTED_BY" if rel == "CONTRADICTED_BY" else "CONTRADICTED_BY"
            )
    assert r.contradicting.independent_paths == oracle_paths(rev, "c", mr)


@given(specs(), MIN_REL)
def test_count_is_bounded_by_origin_units_and_direct_units(spec: Spec, mr: str) -> None:
    g = spec.build()
    r = corroborate_claim(g, "c", min_reliability=mr)
    items = upstream(g, "c", mr)
    origin_units = {independence_unit(g, x) for x in items if is_origin(g, x)}
    direct_units = {
        independence_unit(g, v)
        for v in g.successors("c")
        if g.edges["c", v]["rel"] == "SUPPORTED_BY" and keep(g, v, mr)
    }
    assert r.independent_paths <= len(origin_units)
    assert r.independent_paths <= len(direct_units)
    assert r.supporting_sources == len([v for v in spec.supported_by if keep(g, v, mr)])
    # echo groups partition the supporting sources
    grouped = sorted(s for grp in r.echo_groups for s in grp.sources)
    assert grouped == sorted(v for v in spec.supported_by if keep(g, v, mr))


@given(specs(), st.data())
def test_a_source_that_only_cites_an_existing_source_never_raises_the_count(
    spec: Spec, data: st.DataObject
) -> None:
    g = spec.build()
    before = corroborate_claim(g, "c").independent_paths
    existing = data.draw(
        st.sampled_from(sorted(n for n in g if n != "c" and g.nodes[n].get("label") != "Witness"))
    )
    g.add_node("echo", label="Source", id="echo", family=None, author=None, reliability="A")
    g.add_edge("echo", existing, rel="CITES")
    g.add_edge("c", "echo", rel="SUPPORTED_BY")
    after = corroborate_claim(g, "c").independent_paths
    if g.has_edge("c", existing) and g.edges["c", existing]["rel"] == "SUPPORTED_BY":
        assert after == before  # an echo of a direct supporter adds nothing
    assert after == oracle_paths(g, "c")
    if existing in spec.supported_by:
        assert after <= before


@given(specs(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_ingest(spec: Spec, rnd: Any) -> None:
    order = list(range(len(spec.sources)))
    rnd.shuffle(order)
    g1 = spec.build()
    g2 = spec.build(order)
    # rebuild g2 with nodes and edges inserted in a shuffled order
    nodes = list(g2.nodes(data=True))
    edges = list(g2.edges(data=True))
    rnd.shuffle(nodes)
    rnd.shuffle(edges)
    g3 = nx.DiGraph()
    g3.add_nodes_from(nodes)
    g3.add_edges_from(edges)
    first = corroborate_claim(g1, "c").model_dump(mode="json")
    assert corroborate_claim(g3, "c").model_dump(mode="json") == first
