"""A maximum set of unit-disjoint chains through real relationships only, when one exists (pure).

The flow (:mod:`provenance.corroborate.flow`) runs on the graph contracted to independence
units; a unit path may need to enter a unit at one item and leave it from another that the
first does not cite. :mod:`provenance.corroborate.chains` then shows that step as a step
inside one unit. But a set of as many chains that follow only real relationships may still
exist elsewhere — ``a → b → c → w`` with ``a`` and ``c`` of one publisher and ``b`` of
another is one real chain, while the flow's path is ``[a, c] → w`` — and DESIGN prefers it.

:func:`complete_greedily` first tries the cheap way: keep the real chains found inside
the flow's paths and add, for each path without one, the shortest real chain through units
no other chain uses. Failing that, :func:`real_chain_set` looks for one: it lists the real
chains (simple paths of items from a
direct source to an origin) whose set of units is minimal — a chain whose units include
another chain's units can always be swapped for it — and packs ``k`` of them with pairwise
disjoint units. Both steps are exponential in the worst case and stop after a budget of
steps (``None``: the caller falls back to the flow's chains); on the small graphs behind a
claim the search is exhaustive, so ``None`` within the budget means no such set exists.

Examples
--------
>>> from collections.abc import Callable

from provenance.corroborate.index import EvidenceIndex
>>> ix = EvidenceIndex(succ={"a": ("b",), "b": ("c",), "c": ("w",)})
>>> uof = {"a": "P", "b": "Q", "c": "P", "w": "w"}
>>> real_chain_set(ix, uof, "k", ["a"], 1)
[['k', 'a', 'b', 'c', 'w']]
"""

from __future__ import annotations

from collections.abc import Callable

from provenance.corroborate.index import EvidenceIndex

SEARCH_BUDGET = 50_000
"""Steps each phase of :func:`real_chain_set` may take before it gives up."""


class _OutOfBudget(Exception):
    """The search took more than :data:`SEARCH_BUDGET` steps."""


def real_chain_set(
    ix: EvidenceIndex,
    uof: dict[str, str],
    claim: str,
    roots: list[str],
    k: int,
    budget: int = SEARCH_BUDGET,
) -> list[list[str]] | None:
    """``k`` chains from ``claim`` to origins through real relationships whose units are
    pairwise disjoint, or ``None`` when there is none (or the search ran out of budget).

    ``uof``: the unit of every item kept (the items a chain may use); ``roots``: the
    claim's direct sources kept, sorted. A chain may pass through one unit twice (the
    units of two chains never meet). The chains found are sorted.
    """
    units = sorted(set(uof.values()))
    bit = {u: 1 << i for i, u in enumerate(units)}
    try:
        candidates = minimal_chains(ix, uof, roots, bit, budget)
        picked = _pack(candidates, k, budget)
    except _OutOfBudget:
        return None
    if picked is None:
        return None
    return sorted([[claim, *chain] for chain in picked])


def complete_greedily(
    ix: EvidenceIndex,
    uof: dict[str, str],
    claim: str,
    roots: list[str],
    found: list[list[str] | None],
) -> list[list[str]] | None:
    """``found`` (real chains, ``None`` where a flow path has none) completed by the
    shortest real chains through units no other chain uses, one at a time; ``None`` when
    one cannot be found that way. The chains found are sorted."""
    used = {uof[x] for chain in found if chain is not None for x in chain[1:]}
    succ_get = ix.succ.get
    out = []
    for chain in found:
        if chain is None:
            chain = _shortest_outside(succ_get, uof, claim, roots, used)
            if chain is None:
                return None
            used.update(uof[x] for x in chain[1:])
        out.append(chain)
    return sorted(out)


def _shortest_outside(
    succ_get: Callable[[str], tuple[str, ...] | None],
    uof: dict[str, str],
    claim: str,
    roots: list[str],
    used: set[str],
) -> list[str] | None:
    """The shortest real chain from ``claim`` through items of ``uof`` whose units are not
    in ``used`` (breadth first), or ``None``."""
    parent: dict[str, str] = {}
    queue = []
    for r in roots:
        if uof[r] not in used and r not in parent:
            parent[r] = claim
            queue.append(r)
    for x in queue:  # breadth first: the list grows while it is walked
        out = succ_get(x)
        if not out:
            chain = [x]
            while chain[-1] != claim:
                chain.append(parent[chain[-1]])
            return chain[::-1]
        for y in out:
            if y not in parent:
                u = uof.get(y)
                if u is not None and u not in used:
                    parent[y] = x
                    queue.append(y)
    return None


def _alive(ix: EvidenceIndex, uof: dict[str, str]) -> set[str]:
    """The items of ``uof`` from which an origin (an item citing and quoting nothing) is
    reachable through items of ``uof``."""
    succ_get = ix.succ.get
    pred: dict[str, list[str]] = {}
    todo: list[str] = []
    for x in uof:
        out = succ_get(x)
        if not out:
            todo.append(x)
        else:
            for y in out:
                if y in uof:
                    pred.setdefault(y, []).append(x)
    alive = set(todo)
    while todo:
        for p in pred.get(todo.pop(), ()):
            if p not in alive:
                alive.add(p)
                todo.append(p)
    return alive


def minimal_chains(
    ix: EvidenceIndex, uof: dict[str, str], roots: list[str], bit: dict[str, int], budget: int
) -> list[tuple[int, list[str]]]:
    """``(unit mask, items)`` of real chains from ``roots`` to origins, such that every real
    chain's mask includes one of theirs (depth first; a prefix whose mask already includes
    a chain's is not extended). Raises :class:`_OutOfBudget` past ``budget`` steps."""
    succ_get = ix.succ.get
    alive = _alive(ix, uof)
    found: list[tuple[int, list[str]]] = []
    steps = 0
    for r in roots:
        m0 = bit[uof[r]]
        if r not in alive or _dominated(m0, found):
            continue
        if not succ_get(r):
            _add(found, m0, [r])
            continue
        path, masks, on = [r], [m0], {r}
        stack = [iter(succ_get(r, ()))]
        while stack:
            for y in stack[-1]:
                steps += 1
                if steps > budget:
                    raise _OutOfBudget
                if y in on or y not in alive:
                    continue
                m = masks[-1] | bit[uof[y]]
                if _dominated(m, found):
                    continue
                if not succ_get(y):
                    _add(found, m, [*path, y])
                    continue
                path.append(y)
                masks.append(m)
                on.add(y)
                stack.append(iter(succ_get(y, ())))
                break
            else:
                stack.pop()
                masks.pop()
                on.discard(path.pop())
    return found


def _dominated(m: int, found: list[tuple[int, list[str]]]) -> bool:
    """Whether mask ``m`` includes the mask of a chain found."""
    for f, _ in found:
        if f & m == f:
            return True
    return False


def _add(found: list[tuple[int, list[str]]], m: int, chain: list[str]) -> None:
    """Add a chain, dropping the chains whose masks include its mask."""
    found[:] = [(f, c) for f, c in found if f & m != m]
    found.append((m, chain))


def _pack(candidates: list[tuple[int, list[str]]], k: int, budget: int) -> list[list[str]] | None:
    """``k`` candidates with pairwise disjoint masks (fewest units first), or ``None``."""
    cands = sorted(candidates, key=lambda c: (c[0].bit_count(), len(c[1]), c[1]))
    n = len(cands)
    if n < k:
        return None
    chosen: list[int] = []
    steps = 0

    def extend(start: int, used: int) -> bool:
        nonlocal steps
        if len(chosen) == k:
            return True
        for i in range(start, n - (k - len(chosen)) + 1):
            steps += 1
            if steps > budget:
                raise _OutOfBudget
            m = cands[i][0]
            if m & used:
                continue
            chosen.append(i)
            if extend(i + 1, used | m):
                return True
            chosen.pop()
        return False

    if not extend(0, 0):
        return None
    return [cands[i][1] for i in chosen]
