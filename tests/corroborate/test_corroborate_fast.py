"""The fast paths of the corroboration analysis agree with their plain versions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.corroborate.cycles import MAX_CYCLES, find_cycles, nx_cycles
from provenance.corroborate.index import EvidenceIndex

NAMES = [f"s{i}" for i in range(8)]


def _index(edges: set[tuple[int, int]]) -> tuple[EvidenceIndex, list[str]]:
    ix = EvidenceIndex()
    out: dict[str, set[str]] = {}
    for a, b in edges:
        out.setdefault(NAMES[a], set()).add(NAMES[b])
    ix.succ = {x: tuple(sorted(ys)) for x, ys in out.items()}
    items = sorted({NAMES[a] for a, _ in edges} | {NAMES[b] for _, b in edges})
    return ix, items


@given(st.sets(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=30))
def test_cycle_search_matches_networkx(edges: set[tuple[int, int]]) -> None:
    ix, items = _index(edges)
    uof = {x: x for x in items}
    assert find_cycles(ix, uof, items) == nx_cycles(ix, items)


def test_many_cycles_are_left_to_networkx() -> None:
    ix, items = _index({(a, b) for a in range(6) for b in range(6) if a != b})
    found = find_cycles(ix, {x: x for x in items}, items)
    assert len(found) == MAX_CYCLES
    assert found == nx_cycles(ix, items)
