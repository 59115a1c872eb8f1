"""The compiled kernel (``corroborate/csrc/``) returns what the Python definitions return.

:mod:`provenance.corroborate.kernel` falls back to the definitions where the kernel was not
built; here it must be built (``pip install`` of the test command builds it), so a machine
without it fails these tests rather than quietly running the slow path.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.corroborate.analysis import (
    analyse_side,
    echo_groups,
    explore,
    masks_with_cycles,
    python_analyse_side,
    python_echo_groups,
    python_explore,
)
from provenance.corroborate.chains import cited_chains, python_cited_chains, python_complete_chains
from provenance.corroborate.flow import disjoint_paths, python_disjoint_paths
from provenance.corroborate.index import EvidenceIndex
from provenance.corroborate.kernel import native
from provenance.corroborate.links import (
    chain_links,
    claim_names,
    outlets_of,
    python_chain_links,
    python_claim_names,
    python_outlets_of,
)
from provenance.corroborate.realchains import SEARCH_BUDGET

N = 12
ITEMS = [f"i{k:02d}" for k in range(N)]

edges_st = st.sets(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=40)
units_st = st.lists(st.integers(0, 4), min_size=N, max_size=N)
ranks_st = st.lists(st.integers(0, 5), min_size=N, max_size=N)
roots_st = st.lists(st.integers(0, N - 1), min_size=1, max_size=5)


def index(
    edges: set[tuple[int, int]],
    units: list[int],
    ranks: list[int],
    items: list[str] = ITEMS,
    unit_keys: list[str] | None = None,
) -> EvidenceIndex:
    """Items ``i00`` … (or ``items``) cite as ``edges`` say; item ``k`` is in unit
    ``units[k]`` (0: its own unit; unit ``u`` is ``family u{u}``, or ``unit_keys[u]``), of
    rank ``ranks[k]``."""
    out: dict[str, set[str]] = {}
    for a, b in edges:
        out.setdefault(items[a], set()).add(items[b])
    return EvidenceIndex(
        succ={x: tuple(sorted(ys)) for x, ys in out.items()},
        unit={
            x: unit_keys[u] if unit_keys else f"family u{u}"
            for x, u in zip(items, units, strict=True)
            if u
        },
        rank=dict(zip(items, ranks, strict=True)),
    )


def test_the_kernel_is_built() -> None:
    assert native is not None, "provenance.corroborate.native was not built by pip install"


@settings(max_examples=400)
@given(edges_st, units_st, ranks_st, roots_st, st.integers(0, 5))
def test_explore_is_the_definition(
    edges: set[tuple[int, int]], units: list[int], ranks: list[int], roots: list[int], rank: int
) -> None:
    ix = index(edges, units, ranks)
    kept = sorted({ITEMS[r] for r in roots})
    got, want = explore(ix, kept, rank), python_explore(ix, kept, rank)
    assert got == want
    assert list(got.unit) == list(want.unit) and list(got.masks) == list(want.masks)


@settings(max_examples=400)
@given(edges_st, units_st, ranks_st, roots_st, st.integers(0, 5))
def test_cited_chains_are_the_definition(
    edges: set[tuple[int, int]], units: list[int], ranks: list[int], roots: list[int], rank: int
) -> None:
    """On the flow paths of a claim, as the analysis calls it."""
    ix = index(edges, units, ranks)
    kept = sorted({ITEMS[r] for r in roots})
    seen = python_explore(ix, kept, rank)
    first = sorted({seen.unit[r] for r in kept})
    paths = python_disjoint_paths(first, seen.adj, seen.sinks).paths
    got = cited_chains(ix, seen.unit, "claim", kept, paths)
    assert got == python_cited_chains(ix, seen.unit, "claim", kept, paths)


@settings(max_examples=400)
@given(edges_st, units_st, roots_st)
def test_echo_groups_are_the_definition(
    edges: set[tuple[int, int]], units: list[int], roots: list[int]
) -> None:
    ix = index(edges, units, [5] * N)
    kept = sorted({ITEMS[r] for r in roots})
    seen = python_explore(ix, kept, 5)
    masks = masks_with_cycles(ix, seen.unit, kept, seen.origins)
    got = echo_groups(seen.unit, kept, seen.origins, masks)
    assert got == python_echo_groups(seen.unit, kept, seen.origins, masks)


@settings(max_examples=300)
@given(
    edges_st,
    units_st,
    st.lists(st.sampled_from(ITEMS), min_size=1, max_size=6),
    st.dictionaries(st.sampled_from(ITEMS), st.sampled_from(["", "SANA", "Hawar"])),
    st.sampled_from([{}, {"family u1": "Wire"}, {"family u2": ""}]),
)
def test_links_and_outlets_are_the_definition(
    edges: set[tuple[int, int]],
    units: list[int],
    chain: list[str],
    names: dict[str, str],
    unit_names: dict[str, str],
) -> None:
    """Steps that cite, quote or stay inside a unit; units named, unnamed, own."""
    ix = index(edges, units, [5] * N)
    ix.names, ix.unit_names, ix.witnesses = names, unit_names, {ITEMS[0], ITEMS[3]}
    uof = {x: ix.unit_of(x) for x in ITEMS}
    got = chain_links(ix, uof, ["claim", *chain], "SUPPORTED_BY")
    assert got == python_chain_links(ix, uof, ["claim", *chain], "SUPPORTED_BY")
    assert [list(link) for link in got] == [
        list(link) for link in python_chain_links(ix, uof, ["claim", *chain], "SUPPORTED_BY")
    ]
    assert outlets_of(ix, uof, chain) == python_outlets_of(ix, uof, chain)


@settings(max_examples=500)
@given(
    edges_st,
    units_st,
    ranks_st,
    roots_st,
    st.integers(0, 5),
    st.booleans(),
    st.dictionaries(st.sampled_from(ITEMS), st.sampled_from(["", "SANA", "Hawar"])),
    st.booleans(),
)
def test_a_side_is_the_definition(
    edges: set[tuple[int, int]],
    units: list[int],
    ranks: list[int],
    roots: list[int],
    rank: int,
    full: bool,
    names: dict[str, str],
    acyclic: bool,
) -> None:
    """The whole side at once, or left to the definition (which then runs): acyclic and
    cyclic graphs take the compiled path (the definition where a side has more than 64
    origins, or cycles that networkx would pick)."""
    ix = index({(a, b) for a, b in edges if a < b or not acyclic}, units, ranks)
    ix.names, ix.unit_names, ix.witnesses = names, {"family u1": "Wire"}, {ITEMS[2]}
    given = tuple(sorted({ITEMS[r] for r in roots}))
    kept = [r for r in given if ix.rank[r] <= rank]
    got = analyse_side(ix, "claim", given, rank, full=full)
    assert got == python_analyse_side(ix, "claim", kept, len(given) - len(kept), rank, full=full)


def shaped_ids(size: int) -> st.SearchStrategy[list[str]]:
    """``size`` distinct ids of the shapes the kernel orders by their bytes: a shared prefix
    longer or shorter than a word, ids that are prefixes of others or differ only past
    their first 8 characters, NUL characters, and characters past one byte (which the
    kernel orders by comparing the strs)."""
    prefix = st.sampled_from(["", "i", "source-00000000", "family é", "ĳ-"])
    tail = st.text(alphabet="ab\x00\xe9\u0133", max_size=11)
    return prefix.flatmap(
        lambda p: st.lists(tail.map(lambda t: p + t), min_size=size, max_size=size, unique=True)
    )


@settings(max_examples=400)
@given(
    edges_st,
    units_st,
    roots_st,
    st.booleans(),
    shaped_ids(N),
    shaped_ids(5),
    st.booleans(),
)
def test_a_side_orders_ids_of_every_shape_as_python(
    edges: set[tuple[int, int]],
    units: list[int],
    roots: list[int],
    full: bool,
    items: list[str],
    unit_keys: list[str],
    acyclic: bool,
) -> None:
    """The kernel numbers items in the order of their ids and units in the order of their
    keys from a few bytes of each: the same order (and so the same chains, cut and echo
    groups) as Python's for ids of any shape."""
    ix = index({(a, b) for a, b in edges if a < b or not acyclic}, units, [0] * N, items, unit_keys)
    given = tuple(sorted({items[r] for r in roots}))
    got = analyse_side(ix, "claim", given, 5, full=full)
    assert got == python_analyse_side(ix, "claim", list(given), 0, 5, full=full)


ids_st = st.lists(st.sampled_from(ITEMS), max_size=6)


@given(
    st.dictionaries(st.sampled_from(ITEMS), st.text(max_size=3)),
    st.lists(ids_st, max_size=4),
    ids_st,
    st.lists(st.tuples(ids_st, ids_st), max_size=3),
    st.lists(ids_st, max_size=2),
    st.lists(ids_st, max_size=2),
)
def test_claim_names_are_the_definition(
    names: dict[str, str],
    chains: list[list[str]],
    cut: list[str],
    echo: list[tuple[list[str], list[str]]],
    cycles: list[list[str]],
    con_chains: list[list[str]],
) -> None:
    """Every part of a result read; a chain's first id (the claim) never."""
    ix = EvidenceIndex(names=names)
    got = claim_names(ix, chains, cut, echo, cycles, con_chains)
    want = python_claim_names(ix, chains, cut, echo, cycles, con_chains)
    assert got == want and list(got) == list(want)


adj_st = st.dictionaries(
    st.integers(0, N - 1), st.lists(st.integers(0, N - 1), unique=True, max_size=5), max_size=N
)


@settings(max_examples=600)
@given(
    st.lists(st.integers(0, N - 1), min_size=1, max_size=6, unique=True),
    adj_st,
    st.sets(st.integers(0, N - 1), max_size=5),
)
def test_disjoint_paths_are_the_definition(
    first: list[int], adj: dict[int, list[int]], sinks: set[int]
) -> None:
    """Equal paths and cuts, not only as many: the chains listed follow the paths."""
    f = sorted(ITEMS[u] for u in first)
    a = {ITEMS[u]: sorted(ITEMS[v] for v in vs) for u, vs in adj.items()}
    s = {ITEMS[u] for u in sinks}
    got, want = disjoint_paths(f, a, s), python_disjoint_paths(f, a, s)
    assert got == want
    assert len(got.paths) == len(got.cut)  # Menger


def test_a_deep_chain_and_a_wide_graph() -> None:
    """Beyond the kernel's first stack, queue and name-table sizes (64 frames, 64 items,
    32 units)."""
    n = 5000
    ids = [f"x{k:05d}" for k in range(n)]
    ix = EvidenceIndex(succ={ids[k]: (ids[k + 1],) for k in range(n - 1)})
    got = explore(ix, [ids[0]], 5)
    assert got == python_explore(ix, [ids[0]], 5)
    assert got.order == ids[::-1] and got.origins == [ids[-1]]
    side = analyse_side(ix, "claim", (ids[0],), 5, full=True)  # a queue of 5,000 items
    assert side == python_analyse_side(ix, "claim", [ids[0]], 0, 5, full=True)
    assert side.chains == [["claim", *ids]]
    wide = EvidenceIndex(succ={"r": tuple(ids[:100]), "q": ("r", ids[99])})
    got = explore(wide, ["q"], 5)
    assert got == python_explore(wide, ["q"], 5)
    assert got.masks["q"] == (1 << 100) - 1  # more origins than a machine word has bits
    assert echo_groups(got.unit, ["q"], got.origins, got.masks) == [(sorted(ids[:100]), ["q"])]
    first = ids[:300]
    adj = {u: [v for v in ids[300:600:7]] for u in first}
    sinks = set(ids[300:600:14])
    assert disjoint_paths(first, adj, sinks) == python_disjoint_paths(first, adj, sinks)


def test_bad_input_is_a_type_error_not_a_crash() -> None:
    with pytest.raises(TypeError):
        explore(EvidenceIndex(succ={"a": 3}), ["a"], 5)  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        disjoint_paths(["a"], {"a": 3}, set())  # type: ignore[dict-item]


@settings(max_examples=1500)
@given(
    st.sets(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), min_size=8, max_size=40),
    st.lists(st.integers(0, 3), min_size=N, max_size=N),
    roots_st,
    st.booleans(),
    st.sampled_from([1, 4, 30, SEARCH_BUDGET]),
)
def test_completing_chains_is_the_definition(
    edges: set[tuple[int, int]], units: list[int], roots: list[int], acyclic: bool, budget: int
) -> None:
    """Where a flow path has no chain of citations (units 1-3 are families of several
    items, so many do): the greedy completion, the search for a set of real chains (out of
    budget at small budgets) and the paths followed unit by unit all agree."""
    ix = index({(a, b) for a, b in edges if a < b or not acyclic}, units, [5] * N)
    kept = sorted({ITEMS[r] for r in roots})
    seen = python_explore(ix, kept, 5)
    first = sorted({seen.unit[r] for r in kept})
    paths = python_disjoint_paths(first, seen.adj, seen.sinks).paths
    found = python_cited_chains(ix, seen.unit, "claim", kept, paths)
    assert native is not None
    got = native.complete_chains(ix.succ, seen.unit, "claim", kept, paths, found, budget)
    try:
        want = python_complete_chains(
            ix, seen.unit, "claim", kept, seen.order, paths, found, budget
        )
    except (StopIteration, IndexError, KeyError):  # a path the definition cannot follow
        assert got is None
        return
    assert got == want


def test_completing_chains_by_hand() -> None:
    """The three ways a side's chains are completed, and the sides left to the definition."""
    assert native is not None
    # a -> b -> c -> w, a and c of one publisher: the flow's path [P, w] enters P at a and
    # leaves from c, which a does not cite; the one real chain goes through Q
    ix = EvidenceIndex(succ={"a": ("b",), "b": ("c",), "c": ("w",)})
    uof = {"a": "P", "b": "Q", "c": "P", "w": "w"}
    paths, found = [["P", "w"]], [None]
    want = [["k", "a", "b", "c", "w"]]
    assert native.complete_chains(ix.succ, uof, "k", ["a"], paths, found, SEARCH_BUDGET) == want
    assert python_complete_chains(ix, uof, "k", ["a"], list(uof), paths, found) == want
    # a cites only e, whose own source was set aside (not reached): no real chain at all,
    # so the path is followed unit by unit, with a step inside P (from a to c)
    dead = EvidenceIndex(succ={"a": ("e",), "e": ("z",), "c": ("w",)})
    reached = {"a": "P", "c": "P", "e": "E", "w": "w"}
    along = [["k", "a", "c", "w"]]
    for budget in (1, SEARCH_BUDGET):
        got = native.complete_chains(dead.succ, reached, "k", ["a"], paths, found, budget)
        assert got == along
        assert (
            python_complete_chains(dead, reached, "k", ["a"], list(reached), paths, found, budget)
            == along
        )
    # the claim among the items reached, or more than 64 units: left to the definition
    assert native.complete_chains(ix.succ, {**uof, "k": "k"}, "k", ["a"], paths, found, 9) is None
    wide = {f"x{i:02d}": f"u{i:02d}" for i in range(65)}
    assert native.complete_chains({}, {**uof, **wide}, "k", ["a"], paths, found, 9) is None
    with pytest.raises(KeyError):
        native.complete_chains(ix.succ, uof, "k", ["nowhere"], paths, found, 9)
    with pytest.raises(TypeError):
        native.complete_chains(ix.succ, uof, "k", ["a"], [("P", "w")], found, 9)  # type: ignore[list-item]
