"""The analysis of one claim on an :class:`~provenance.corroborate.index.EvidenceIndex` (pure).

The semantics are documented in :mod:`provenance.corroborate`; this module is the fast
path shared by every entry point (one claim, ``--all`` over a million sources): one
depth-first pass per side (supporting, contradicting) collects the graph contracted to
independence units, :mod:`~provenance.corroborate.flow` counts the unit-disjoint paths,
:mod:`~provenance.corroborate.chains` lists them as item chains, and
:mod:`~provenance.corroborate.grading` suggests the grade. Everything visits items in
sorted order, so the result does not depend on the order of ingest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from provenance.corroborate.chains import item_chains
from provenance.corroborate.cycles import CYCLE_BUDGET, MAX_CYCLES, find_cycles
from provenance.corroborate.flow import disjoint_paths
from provenance.corroborate.grading import suggest
from provenance.corroborate.index import EvidenceIndex
from provenance.corroborate.kernel import native
from provenance.corroborate.links import chain_links, claim_names, link_of, outlets_of
from provenance.corroborate.realchains import SEARCH_BUDGET
from provenance.vocab import RELIABILITY

if TYPE_CHECKING:
    from provenance.corroborate.result import Corroboration


def analyse(ix: EvidenceIndex, claim: str, max_rank: int) -> Corroboration:
    """Corroborate one claim of an :class:`EvidenceIndex` (``max_rank`` 0 = A … 5 = F)."""
    # the models are imported when first built: ``corroborate ID --json`` and the
    # ``--all --json`` workers never build them, and start faster without pydantic's
    # model machinery
    from provenance.corroborate.result import from_analysis

    return from_analysis(analyse_dict(ix, claim, max_rank))


def analyse_json(ix: EvidenceIndex, claim: str, max_rank: int) -> str:
    """:func:`analyse` as compact JSON text, the same as ``analyse(…).model_dump_json()``
    without building the models."""
    return compact_json(analyse_dict(ix, claim, max_rank)).decode()


def analyse_json_bytes(ix: EvidenceIndex, claim: str, max_rank: int) -> bytes:
    """:func:`analyse_json` as UTF-8 bytes (the hot path of ``--all --json``)."""
    return compact_json(analyse_dict(ix, claim, max_rank))


def compact_json(value: Any) -> bytes:
    """``value`` as compact JSON in UTF-8: the bytes of ``json.dumps(value,
    ensure_ascii=False, separators=(",", ":"))``, by :mod:`orjson` (several times faster;
    the same escapes, key order and numbers for the plain data of a result). Text that is
    not valid Unicode (a lone surrogate) falls back to :mod:`json`, and fails to encode
    the same way."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return _encode(value).encode()


def indented_json(value: Any) -> bytes:
    """``value`` as the one JSON document a command prints: the bytes of ``json.dumps(value,
    ensure_ascii=False, indent=2)`` and a newline, by :mod:`orjson` (as :func:`compact_json`)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:
        return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode()


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def analyse_dict(ix: EvidenceIndex, claim: str, max_rank: int) -> dict[str, Any]:
    """The ``--json`` object of one claim as plain data, keys in the order of
    :class:`~provenance.corroborate.result.Corroboration`'s fields."""
    ctx = ix.claims[claim]
    sup = analyse_side(ix, claim, ix.supported_by.get(claim, ()), max_rank, full=True)
    con = analyse_side(ix, claim, ix.contradicted_by.get(claim, ()), max_rank, full=False)
    echo = [
        {"origins": o, "sources": s, "outlets": outlets, "false_corroboration": len(s) > 1}
        for (o, s), outlets in zip(sup.echo, sup.outlets, strict=True)
    ]
    if sup.cycles or con.chains:
        names = claim_names(ix, sup.chains, sup.cut, sup.echo, sup.cycles, con.chains)
    else:
        names = sup.names
    grade, explanation, disagreement = suggest(
        ctx,
        supporting=len(sup.roots),
        paths=len(sup.chains),
        critical=sup.cut,
        cycles=sup.cycles,
        set_aside=sup.set_aside,
        min_reliability=RELIABILITY[max_rank],
        names=names,
    )
    return {
        "claim": claim,
        "incident": ctx.incident,
        "supporting_sources": len(sup.roots),
        "independent_paths": len(sup.chains),
        "chains": sup.chains,
        "critical_sources": sup.cut,
        "echo_groups": echo,
        "cycles": sup.cycles,
        "contradicting": {
            "sources": len(con.roots),
            "independent_paths": len(con.chains),
            "chains": con.chains,
            "links": con.links,
        },
        "suggested_grade": grade,
        "explanation": explanation,
        "analyst_grade": ctx.grade,
        "grade_disagreement": disagreement,
        "min_reliability": RELIABILITY[max_rank],
        "links": sup.links,
        "names": names,
    }


# --- one side of a claim ------------------------------------------------------------------


@dataclass(slots=True)
class Side:
    """The result for one side: kept roots, chains, and (supporting side) the rest."""

    roots: list[str]
    set_aside: int
    chains: list[list[str]]
    links: list[list[dict[str, Any]]] = field(default_factory=list)
    """Per chain, the relationship of each step (:mod:`provenance.corroborate.links`)."""
    cut: list[str] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)
    echo: list[tuple[list[str], list[str]]] = field(default_factory=list)
    """``(origin ids, direct source ids)`` per echo group."""
    outlets: list[list[str]] = field(default_factory=list)
    """Per echo group, the names of its origins' units (:func:`~.links.outlets_of`)."""
    names: dict[str, str] = field(default_factory=dict)
    """The outlets of the ids its chains, cut and echo groups name, sorted by id
    (:func:`~.links.claim_names` of those alone; supporting side)."""


def analyse_side(
    ix: EvidenceIndex, claim: str, roots: tuple[str, ...], max_rank: int, *, full: bool
) -> Side:
    """Chains and their links (and with ``full``, for the supporting side, the cut,
    cycles, echo groups and their outlets) from ``claim`` via ``roots``: by the compiled
    kernel where it is built (:mod:`provenance.corroborate.kernel`), which leaves the
    rare sides with more than 64 origins (or units, where a path needs completing), or
    with so many cycles that networkx picks them, to :func:`python_analyse_side`, the
    definition."""
    rank = ix.rank
    kept = list(roots) if max_rank == 5 else [r for r in roots if rank.get(r, 0) <= max_rank]
    if not kept:
        return Side(kept, len(roots), [])
    if native is not None:
        fast = native.analyse_side(
            ix.succ, ix.unit, ix.rank, ix.names, ix.unit_names, ix.witnesses, claim, kept,
            max_rank, full, _FIRST_LINKS[full], *_KERNEL_TAIL
        )  # fmt: skip
        if fast is not None:
            chains, links, cut, cycles, echo, outlets, names = fast
            set_aside = len(roots) - len(kept)
            return Side(kept, set_aside, chains, links, cut, cycles, echo, outlets, names)
    return python_analyse_side(ix, claim, kept, len(roots) - len(kept), max_rank, full=full)


SIDE_RELS = {True: "SUPPORTED_BY", False: "CONTRADICTED_BY"}
"""The relationship from the claim on each side (``full``: the supporting side)."""
_FIRST_LINKS = {full: link_of(rel) for full, rel in SIDE_RELS.items()}
_KERNEL_TAIL = (link_of("CITES"), link_of("QUOTES"), SEARCH_BUDGET, MAX_CYCLES, CYCLE_BUDGET)
"""The kernel's arguments after the first link: the other links it puts in chains
(:func:`~provenance.corroborate.links.link_of`) and its budgets."""


def python_analyse_side(
    ix: EvidenceIndex, claim: str, kept: list[str], set_aside: int, max_rank: int, *, full: bool
) -> Side:
    """:func:`analyse_side` for the sources ``kept`` (``set_aside`` others below
    ``max_rank``), in Python: the definition."""
    seen = explore(ix, kept, max_rank)
    first = sorted({seen.unit[r] for r in kept})
    flow = disjoint_paths(first, seen.adj, seen.sinks)
    chains = item_chains(ix, seen.unit, claim, kept, seen.order, flow.paths)
    links = [chain_links(ix, seen.unit, c, SIDE_RELS[full]) for c in chains]
    side = Side(kept, set_aside, chains, links)
    if full:
        cut_units = set(flow.cut)
        side.cut = sorted([x for x in seen.order if seen.unit[x] in cut_units])
        masks = seen.masks
        if seen.has_cycle:
            side.cycles = find_cycles(ix, seen.unit, seen.order)
            masks = masks_with_cycles(ix, seen.unit, kept, seen.origins)
        side.echo = echo_groups(seen.unit, kept, seen.origins, masks)
        side.outlets = [outlets_of(ix, seen.unit, o) for o, _ in side.echo]
        side.names = claim_names(ix, chains, side.cut, side.echo, [], [])
    return side


@dataclass(slots=True)
class Explored:
    """What one depth-first pass from a side's roots collects (see :func:`explore`)."""

    unit: dict[str, str] = field(default_factory=dict)
    """Every item reached -> its internal unit key."""
    order: list[str] = field(default_factory=list)
    """The items reached, in post-order."""
    adj: dict[str, list[str]] = field(default_factory=dict)
    """The contracted graph: unit -> the other units its items cite or quote (sorted)."""
    sinks: set[str] = field(default_factory=set)
    """Units holding an origin."""
    masks: dict[str, int] = field(default_factory=dict)
    """Item finished -> the origins it reaches (bit ``i`` is ``origins[i]``; exact when
    acyclic)."""
    origins: list[str] = field(default_factory=list)
    """The origins, in the order met."""
    has_cycle: bool = False


def explore(ix: EvidenceIndex, roots: list[str], max_rank: int) -> Explored:
    """:func:`python_explore`, by the compiled kernel where it is built
    (:mod:`provenance.corroborate.kernel`)."""
    if native is None:
        return python_explore(ix, roots, max_rank)
    unit, order, adj, sinks, masks, origins, has_cycle = native.explore(
        ix.succ, ix.unit, ix.rank, roots, max_rank
    )
    return Explored(unit, order, adj, sinks, masks, origins, has_cycle)


def python_explore(ix: EvidenceIndex, roots: list[str], max_rank: int) -> Explored:
    """One depth-first pass from ``roots`` over the items kept at ``max_rank``.

    An item whose successors were all set aside is not an origin: it no longer rests on
    anything (see :mod:`provenance.corroborate`).
    """
    rank, succ_get, unit_get = ix.rank, ix.succ.get, ix.unit.get
    all_ranks = max_rank == 5
    e = Explored()
    uof, order, sinks, masks, origins = e.unit, e.order, e.sinks, e.masks, e.origins
    for r in roots:
        if r in uof:
            continue
        uof[r] = unit_get(r, r)
        out = succ_get(r)
        stack = [(r, out, iter(out or ()))]
        while stack:
            node, out, it = stack[-1]
            for y in it:
                if y in uof:
                    if y not in masks:
                        e.has_cycle = True
                elif all_ranks or rank.get(y, 0) <= max_rank:
                    unit = uof[y] = unit_get(y, y)
                    y_out = succ_get(y)
                    if y_out:
                        stack.append((y, y_out, iter(y_out)))
                        break
                    # an origin: finished at once (the post-order is unchanged)
                    order.append(y)
                    sinks.add(unit)
                    masks[y] = 1 << len(origins)
                    origins.append(y)
            else:
                stack.pop()
                order.append(node)
                if not out:
                    sinks.add(uof[node])
                    masks[node] = 1 << len(origins)
                    origins.append(node)
                else:
                    _finish(e, node, out)
    for units in e.adj.values():
        units.sort()
    return e


def _finish(e: Explored, node: str, out: tuple[str, ...]) -> None:
    """Record the contracted edges and the origin mask of ``node``, its successors done."""
    uof, masks, adj = e.unit, e.masks, e.adj
    ux = uof[node]
    m = 0
    for y in out:
        uy = uof.get(y)
        if uy is not None:
            m |= masks.get(y, 0)
            if uy != ux:
                units = adj.get(ux)
                if units is None:
                    adj[ux] = [uy]
                elif uy not in units:
                    units.append(uy)
    masks[node] = m


def reach(ix: EvidenceIndex, roots: list[str], max_rank: int) -> tuple[list[str], bool]:
    """Items reachable from ``roots`` in post-order, and whether a citation cycle was met."""
    succ, rank = ix.succ, ix.rank
    state: dict[str, bool] = {}  # False while on the stack, True when finished
    order: list[str] = []
    has_cycle = False
    for r in roots:
        if r in state:
            continue
        state[r] = False
        stack = [(r, iter(succ.get(r, ())))]
        while stack:
            node, it = stack[-1]
            for y in it:
                seen = state.get(y)
                if seen is None:
                    if max_rank == 5 or rank.get(y, 0) <= max_rank:
                        state[y] = False
                        stack.append((y, iter(succ.get(y, ()))))
                        break
                elif not seen:
                    has_cycle = True
            else:
                stack.pop()
                state[node] = True
                order.append(node)
    return order, has_cycle


def masks_with_cycles(
    ix: EvidenceIndex, uof: dict[str, str], roots: list[str], origins: list[str]
) -> dict[str, int]:
    """The origins each root reaches (bit ``i`` is ``origins[i]``), one search per root."""
    succ_get = ix.succ.get
    bit = {o: 1 << i for i, o in enumerate(origins)}
    masks: dict[str, int] = {}
    for r in roots:
        seen = {r}
        todo = [r]
        m = 0
        while todo:
            x = todo.pop()
            m |= bit.get(x, 0)
            for y in succ_get(x, ()):
                if y not in seen and y in uof:
                    seen.add(y)
                    todo.append(y)
        masks[r] = m
    return masks


def echo_groups(
    uof: dict[str, str], roots: list[str], origins: list[str], masks: dict[str, int]
) -> list[tuple[list[str], list[str]]]:
    """:func:`python_echo_groups`, by the compiled kernel where it is built and there are
    at most 64 origins (:mod:`provenance.corroborate.kernel`)."""
    if native is None or len(origins) > 64:
        return python_echo_groups(uof, roots, origins, masks)
    return native.echo_groups(uof, roots, origins, masks)


def python_echo_groups(
    uof: dict[str, str], roots: list[str], origins: list[str], masks: dict[str, int]
) -> list[tuple[list[str], list[str]]]:
    """Direct supporting items grouped by the set of origin units they trace back to.

    ``masks``: per root, the origins it reaches (bit ``i`` is ``origins[i]``).
    """
    unit_bits: dict[str, int] = {}
    for i, o in enumerate(origins):
        u = uof[o]
        unit_bits[u] = unit_bits.get(u, 0) | (1 << i)
    per_item = len(unit_bits) == len(origins)  # every origin its own unit: key = mask
    bits = list(unit_bits.values())
    groups: dict[int, tuple[int, list[str]]] = {}
    for r in roots:
        m = masks[r]
        key = m
        if not per_item:
            key = 0  # the mask of every origin in the units reached
            for ub in bits:
                if m & ub:
                    key |= ub
        group = groups.get(key)
        if group is None:
            groups[key] = (m, [r])
        else:
            group[1].append(r)
            groups[key] = (group[0] | m, group[1])
    by_id = sorted([(o, 1 << i) for i, o in enumerate(origins)])
    result = [([o for o, b in by_id if m & b], sorted(members)) for m, members in groups.values()]
    result.sort(key=lambda g: (-len(g[1]), g[0], g[1]))
    return result
