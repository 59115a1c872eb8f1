"""Where the items of a claim view go (pure): layers below the claim, and in each layer the
items of one echo group or one independence unit packed together in a named box.

An echo group (two or more direct sources tracing back to the same origin units) is one
block at the layer of its first member, its members in rows by their own layer (copies
above what they copy); the other items of a layer are grouped by unit (a unit of two or
more items is a boxed block), the rest one cell each. Blocks are shelf-packed
(:func:`~provenance.views.layout.pack_blocks`) into rows about as wide as the page is
(:func:`~provenance.views.layout.grid_columns`), so a large claim fills the page's height
instead of a thin band, and each box holds exactly its members. Contradicting items are
packed the same way in a column to the right.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.views.fan import fan_columns, fanned
from provenance.views.layout import (
    GRID,
    Block,
    Packed,
    grid_columns,
    name_room,
    pack_blocks,
    stack_regions,
)
from provenance.views.template import clean_text

if TYPE_CHECKING:
    from provenance.views.chains import ChainMarks
    from provenance.views.naming import Names

ECHO_FILL, ECHO_STROKE = "rgba(255, 193, 7, 0.10)", "#b38600"
UNIT_FILL, UNIT_STROKE = "rgba(84, 110, 122, 0.07)", "#455A64"
SIDE_GAP = 220.0
"""Horizontal space between the supporting side and the contradicting column."""
SCREEN = (990.0, 700.0)
"""The drawing area of a page at 1280×800 (beside the side panel, below the heading):
the shape a view's rows are wrapped to fill."""
READABLE = 0.72
"""The least scale at which every layer is still drawn in one row (a 13-unit label is then
about 9.4 px): items of one layer in several rows, one below another, let an edge to a
lower one run through an upper one, which reads as a citation; below it a view is too
wide to read, and its layers are wrapped into rows that fill the page."""


@dataclass
class Placement:
    """Positions of every drawn item and the named boxes (vis ``groups`` of the page)."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    boxes: list[dict[str, Any]] = field(default_factory=list)


def _box(nodes: list[str], label: str, kind: str) -> dict[str, Any]:
    fill, stroke = (ECHO_FILL, ECHO_STROKE) if kind == "echo" else (UNIT_FILL, UNIT_STROKE)
    return {
        "nodes": nodes,
        "label": clean_text(label, 120),
        "fill": fill,
        "stroke": stroke,
        "kind": kind,
    }


def _echo_label(i: int, members: list[str], marks: ChainMarks, names: Names) -> str:
    origins, sources, outlets = marks.echo[i]
    units = {names.unit_of(m) for m in members}
    if len(units) == 1:
        name = clean_text(names.name_of_unit(members[0]), 18)
        return f"{name} ×{len(sources)}, one account"
    shown = outlets or [names.label(o) for o in origins]
    more = f" +{len(shown) - 2}" if len(shown) > 2 else ""
    return f"echo: {len(sources)} sources → {', '.join(shown[:2])}{more}"


def _sort_key(names: Names) -> Any:
    return lambda n: (names.name_of_unit(n).casefold(), names.label(n).casefold(), n)


def _side_blocks(
    layer_of: Mapping[str, int], marks: ChainMarks | None, names: Names
) -> tuple[dict[int, list[Block]], list[dict[str, Any]]]:
    """The blocks of each layer of one side, and the boxes to draw around them."""
    by_layer: dict[int, list[Block]] = defaultdict(list)
    boxes: list[dict[str, Any]] = []
    placed: set[str] = set()
    key = _sort_key(names)
    for i, (_, sources, _) in enumerate(marks.echo if marks is not None else []):
        members = [s for s in dict.fromkeys(sources) if s in layer_of and s not in placed]
        if marks is None or len(members) < 2:
            continue
        placed.update(members)
        layers = sorted({layer_of[m] for m in members})
        rows = tuple(
            tuple(sorted((m for m in members if layer_of[m] == L), key=key)) for L in layers
        )
        box = _box(members, _echo_label(i, members, marks, names), "echo")
        by_layer[layers[0]].append(Block(rows, boxed=True, name=box["label"]))
        boxes.append(box)
    units: dict[tuple[int, str], list[str]] = defaultdict(list)
    for n in layer_of:
        if n not in placed:
            units[(layer_of[n], names.unit_of(n))].append(n)
    for (layer, _), members in units.items():
        members.sort(key=key)
        if len(members) == 1:
            by_layer[layer].append(Block((tuple(members),)))
            continue
        name = clean_text(names.name_of_unit(members[0]), 18)
        box = _box(members, f"{name} ×{len(members)}, one unit", "unit")
        by_layer[layer].append(Block((tuple(members),), boxed=True, name=box["label"]))
        boxes.append(box)
    for blocks in by_layer.values():
        blocks.sort(key=lambda b: (not b.boxed, -b.size, key(b.rows[0][0])))
    return by_layer, boxes


def one_row(blocks: list[Block]) -> int:
    """Cells per row that hold ``blocks`` side by side in one row, with the gaps a boxed
    block keeps from its neighbours (:func:`~provenance.views.layout.pack_blocks`).

    >>> one_row([Block((("a", "b"),), boxed=True), Block((("c",),)), Block((("d",),))])
    5
    """
    cells = sum(
        max(max((len(r) for r in b.rows), default=1), math.ceil(name_room(b.name) / GRID.x_gap))
        for b in blocks
    )
    gaps = sum(1 for a, b in itertools.pairwise(blocks) if a.boxed or b.boxed)
    return cells + math.ceil(GRID.gap * gaps / GRID.x_gap)


def _regions(
    by_layer: Mapping[int, list[Block]],
    n: int,
    top: float,
    extra_width: float = 0.0,
    least: int = 1,
) -> list[Packed]:
    """The packed layers, ``top`` units below the claim and ``extra_width`` beside: each
    in one row where the drawing then fits :data:`SCREEN` at :data:`READABLE` scale or
    more, else wrapped at the row width (tried around :func:`grid_columns`, ``least``
    cells at least) whose drawing fits it at the largest scale."""
    if n == 0 or not any(by_layer.values()):
        return []

    def packed(columns: int) -> tuple[float, list[Packed]]:
        regions = [pack_blocks(by_layer[layer], columns) for layer in sorted(by_layer)]
        return _scale(regions, top, extra_width), regions

    rows = packed(max(one_row(blocks) for blocks in by_layer.values()))
    if rows[0] >= READABLE:
        return rows[1]
    best: tuple[float, list[Packed]] | None = None
    for columns in _widths(n, least):
        scale, regions = packed(columns)
        if best is None or scale > best[0] + 1e-9:
            best = (scale, regions)
    return best[1] if best is not None else []


def _widths(n: int, least: int = 1) -> range:
    """The row widths :func:`_regions` tries for a view of ``n`` items wrapped into rows:
    about 16 around :func:`grid_columns`, so that a 5,000-item view is placed in a fraction
    of a second; never one column for several (a layer's nodes one under another read as
    a chain), and ``least`` cells at least."""
    guess = grid_columns(n)
    start = max(min(n, 2), guess // 2, least)
    return range(start, max(start, min(n, guess * 2)) + 1, max(1, guess // 10))


def place_claim(
    claim: str,
    supporting: Mapping[str, int],
    contradicting: Mapping[str, int],
    marks: ChainMarks,
    names: Names,
) -> Placement:
    """Positions and boxes of a claim view: ``claim`` on top, below it the ``supporting``
    items (id → layer, 1 nearest) and in a column to the right the ``contradicting`` ones."""
    sup_blocks, boxes = _side_blocks(supporting, marks, names)
    con_blocks, con_boxes = _side_blocks(contradicting, None, names)
    top = GRID.layer_gap * 1.1
    con = _regions(con_blocks, len(contradicting), top)
    side = max((r.width for r in con), default=0.0) + SIDE_GAP if con else 0.0
    n = len(supporting)
    direct = fan_columns(one_row(sup_blocks[min(sup_blocks)])) if sup_blocks else 1
    grid = _regions(sup_blocks, n, top, side)
    # the first layer in fewer rows, where the widths tried then differ (else the same)
    wide = _regions(sup_blocks, n, top, side, direct) if _widths(n, direct) != _widths(n) else grid
    sup, below = _fan_or_grid(grid, wide, top, side)
    positions = {claim: (0.0, 0.0), **stack_regions(sup, top=below)}
    if con:
        right = max((r.width for r in sup), default=0.0) / 2
        shift = right + SIDE_GAP + max(r.width for r in con) / 2
        for node, (x, y) in stack_regions(con, top=top).items():
            positions[node] = (round(x + shift, 1), y)
    return Placement(positions, boxes + con_boxes)


def _scale(regions: list[Packed], top: float, extra_width: float = 0.0) -> float:
    """The scale at which ``regions``, stacked ``top`` below a claim with ``extra_width``
    beside, fit :data:`SCREEN`."""
    width = max(r.width for r in regions) + extra_width
    height = top + sum(r.height for r in regions) + GRID.layer_gap * (len(regions) - 1)
    return min(SCREEN[0] / width, SCREEN[1] / height)


def _fan_or_grid(
    grid: list[Packed], wide: list[Packed], top: float, extra_width: float = 0.0
) -> tuple[list[Packed], float]:
    """A claim's layers: ``wide`` (its direct sources, the first layer, in
    :data:`~provenance.views.fan.FAN_ROWS` rows at most, ``top`` below it) with that
    layer spread as a fan (:func:`~provenance.views.fan.fanned`) where the drawing still
    reads (:data:`READABLE`, or as well as ``grid``), else ``grid`` (the layers wrapped to
    fill the page: the colours of the claim view's chains, and the highlight on click,
    then tell its lines apart); and how far below the claim the first layer starts."""
    if not wide:
        return grid, top
    first, drop = fanned(wide[0], top)
    fan = [first, *wide[1:]]
    if _scale(fan, top + drop, extra_width) >= min(READABLE, _scale(grid, top, extra_width)):
        return fan, top + drop
    return grid, top


CLAIM_WIDTH = 300.0
"""The room a claim's box needs in the incident view (its label is wrapped to fit)."""


def _shared_label(group: tuple[str, ...], claims: list[str], claim_names: Mapping[str, str]) -> str:
    if len(group) == len(claims):
        return f"supports all {len(claims)} claims"
    return "supports " + " and ".join(claim_names.get(c, c) for c in group)


def _split_evidence(
    claims: list[str], evidence: Mapping[str, int], owner: Mapping[str, set[str]]
) -> tuple[dict[str, dict[str, int]], dict[tuple[str, ...], dict[str, int]]]:
    """The items only one claim rests on (per claim), and those several share (per set)."""
    exclusive: dict[str, dict[str, int]] = {c: {} for c in claims}
    shared: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    for n, layer in evidence.items():
        mine = tuple(c for c in claims if c in owner.get(n, ()))
        if len(mine) == 1:
            exclusive[mine[0]][n] = layer
        elif mine:
            shared[mine][n] = layer
    return exclusive, shared


def _column(x: float, items: list[str], y: float) -> dict[str, tuple[float, float]]:
    return {n: (round(x, 1), round(y + i * GRID.row * 1.4, 1)) for i, n in enumerate(items)}


def place_incident(
    incident: str,
    claims: list[str],
    evidence: Mapping[str, int],
    owner: Mapping[str, set[str]],
    sides: tuple[list[str], list[str]],
    names: Names,
    claim_names: Mapping[str, str],
) -> Placement:
    """Positions and boxes of an incident view: the incident on top; its ``claims`` side by
    side below it, each above the ``evidence`` (id → layer) only it rests on; under them,
    in a named box per set of claims, the evidence several claims share; ``sides`` (the
    assessments, the strikes) in a column to the left and to the right."""
    exclusive, shared = _split_evidence(claims, evidence, owner)
    boxes: list[dict[str, Any]] = []
    columns: list[tuple[str, float, list[Packed], float]] = []
    blocks_of = {c: _side_blocks(exclusive[c], None, names) for c in claims}
    in_rows = {c: max((one_row(b) for b in blocks_of[c][0].values()), default=1) for c in claims}
    wide = sum(max(CLAIM_WIDTH, in_rows[c] * GRID.x_gap) for c in claims)
    wide += GRID.gap * 2 * max(len(claims) - 1, 0)
    for c in claims:  # each layer in one row while the claims side by side still read
        by_layer, bxs = blocks_of[c]
        boxes += bxs
        if SCREEN[0] / max(wide, 1.0) >= READABLE:
            cols = in_rows[c]
        else:
            cols = grid_columns(len(exclusive[c]), aspect=1.0)
        direct = fan_columns(one_row(by_layer[min(by_layer)])) if by_layer else 1
        grid = [pack_blocks(by_layer[layer], cols) for layer in sorted(by_layer)]
        fewer = grid
        if direct > cols:  # the first layer in fewer rows
            fewer = [pack_blocks(by_layer[layer], direct) for layer in sorted(by_layer)]
        regions, below = _fan_or_grid(grid, fewer, GRID.layer_gap)
        width = max([CLAIM_WIDTH, *(r.width for r in regions)])
        columns.append((c, width, regions, below))
    total = sum(w for _, w, _, _ in columns) + GRID.gap * 2 * max(len(columns) - 1, 0)
    claim_y = GRID.layer_gap * 1.6
    positions: dict[str, tuple[float, float]] = {incident: (0.0, 0.0)}
    x, bottom = -total / 2, claim_y + GRID.row
    for c, width, regions, below in columns:
        centre = x + width / 2
        positions[c] = (round(centre, 1), claim_y)
        for node, (px, py) in stack_regions(regions, top=claim_y + below).items():
            positions[node] = (round(px + centre, 1), py)
            bottom = max(bottom, py + GRID.row)
        x += width + GRID.gap * 2
    blocks = []
    key = _sort_key(names)
    for group in sorted(shared, key=lambda g: (-len(g), [claims.index(c) for c in g])):
        items = shared[group]
        rows = tuple(
            tuple(sorted((n for n in items if items[n] == L), key=key))
            for L in sorted(set(items.values()))
        )
        box = _box(list(items), _shared_label(group, claims, claim_names), "unit")
        blocks.append(Block(rows, boxed=True, name=box["label"]))
        boxes.append(box)
    top = bottom + GRID.layer_gap
    packed = _regions({0: blocks}, sum(len(v) for v in shared.values()), top)
    positions.update(stack_regions(packed, top=top))
    left, right = sides
    positions.update(_column(-total / 2 - SIDE_GAP, left, claim_y))
    positions.update(_column(total / 2 + SIDE_GAP, right, claim_y))
    return Placement(positions, boxes)
