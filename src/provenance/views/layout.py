"""Layered layout and size limits for the evidence views, computed in Python.

vis-network's own layouts are either physics (minutes for a few thousand nodes, pyvis
issue #204) or its hierarchical layout (slow and unstable on wide layers). The views are
layered by nature — a claim, the sources supporting it, what those cite, down to the
origins — so we place nodes ourselves: one row band per layer, nodes ordered within a
layer by an explicit key (e.g. echo group) and then by the barycenter of their
neighbours in the layers above (the classic Sugiyama crossing-reduction heuristic), long
layers wrapped into several rows. Separate *bands* (columns) keep, e.g., contradicting
sources apart from supporting ones. Everything is O(V + E) plus sorting.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from provenance.errors import ProvenanceError, UsageError

HARD_MAX_NODES = 5_000
"""Above this many nodes a page is unusable: the views refuse and offer --depth / --max-nodes."""

PHYSICS_MAX_NODES = 150
"""Physics (with every node's layer fixed) only for views up to this size; off above."""


class ViewTooLarge(ProvenanceError):
    """The view would have more nodes than a usable page can hold."""


class MaxNodesOutOfRange(ViewTooLarge, UsageError):
    """``--max-nodes`` outside 1–:data:`HARD_MAX_NODES`: a bad option value (exit 2, like
    every :class:`~provenance.errors.UsageError`)."""


def check_limits(depth: int | None, max_nodes: int | None) -> None:
    """Refuse a negative ``--depth`` or a ``--max-nodes`` outside 1–:data:`HARD_MAX_NODES`.

    >>> check_limits(0, 5_000)
    >>> check_limits(-1, None)
    Traceback (most recent call last):
    provenance.errors.UsageError: --depth -1 is negative
    Hint: --depth 0 draws the top item alone
    """
    if depth is not None and depth < 0:
        raise UsageError(f"--depth {depth} is negative", "--depth 0 draws the top item alone")
    if max_nodes is not None and not 1 <= max_nodes <= HARD_MAX_NODES:
        raise MaxNodesOutOfRange(
            f"--max-nodes {max_nodes} is outside 1–{HARD_MAX_NODES:,}",
            f"pages above {HARD_MAX_NODES:,} nodes are unusable; choose a smaller number",
        )


@dataclass(frozen=True)
class Slot:
    """Where a node goes: its ``layer`` (row band, 0 at the top), its ``band`` (column,
    0 the main one, negative to the left, positive to the right) and an ordering ``key``
    that takes precedence over the barycenter within the layer."""

    layer: int
    band: int = 0
    key: tuple[int | str, ...] = ()


def bfs_depths(
    adjacency: Mapping[str, Iterable[str]], roots: Iterable[str], start: int = 0
) -> dict[str, int]:
    """Breadth-first distance of every node reachable from ``roots`` (which get ``start``)."""
    depth: dict[str, int] = {}
    queue: deque[str] = deque()
    for root in roots:
        if root not in depth:
            depth[root] = start
            queue.append(root)
    while queue:
        node = queue.popleft()
        for nxt in adjacency.get(node, ()):
            if nxt not in depth:
                depth[nxt] = depth[node] + 1
                queue.append(nxt)
    return depth


def longest_path_layers(
    adjacency: Mapping[str, Iterable[str]], roots: Iterable[str], start: int = 0
) -> dict[str, int]:
    """Layer of every node reachable from ``roots``: ``start`` plus its longest distance
    from a root once the edges closing cycles (back edges of a depth-first search) are
    ignored. An item cited by another supporting item so lands below it, and an echo
    chamber reads top-down: copies, then what they copy, then the origin."""
    order: list[str] = []  # reverse postorder = a topological order of the DAG
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[tuple[str, str]] = set()
    root_list = list(dict.fromkeys(roots))
    for root in root_list:
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(adjacency.get(root, ())))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            for nxt in it:
                if state.get(nxt) == 1:
                    back.add((node, nxt))
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(adjacency.get(nxt, ()))))
                    break
            else:
                stack.pop()
                state[node] = 2
                order.append(node)
    layer = {node: start for node in root_list}
    for node in reversed(order):
        here = layer.setdefault(node, start)
        for nxt in adjacency.get(node, ()):
            if (node, nxt) not in back and layer.get(nxt, -1) < here + 1:
                layer[nxt] = here + 1
    return layer


def limit_nodes(
    order: list[str],
    depth_of: Mapping[str, int],
    *,
    depth: int | None,
    max_nodes: int | None,
    what: str,
) -> tuple[list[str], int]:
    """Apply ``--depth`` and ``--max-nodes`` to nodes listed nearest first.

    Returns the kept nodes and how many were left out. Without ``max_nodes``, a view
    larger than :data:`HARD_MAX_NODES` raises :class:`ViewTooLarge` naming its size and
    the options to cut it; bad limits raise as :func:`check_limits` says.
    """
    check_limits(depth, max_nodes)
    kept = [n for n in order if depth is None or depth_of.get(n, 0) <= depth]
    if max_nodes is None and len(kept) > HARD_MAX_NODES:
        deepest = max((depth_of.get(n, 0) for n in kept), default=0)
        raise ViewTooLarge(
            f"the view of {what} would have {len(kept):,} nodes"
            f" ({deepest} levels deep); a page above {HARD_MAX_NODES:,} nodes is unusable",
            "draw part of it: --depth N keeps the first N levels below the top,"
            f" --max-nodes N (at most {HARD_MAX_NODES:,}) keeps the N nearest items",
        )
    if max_nodes is not None:
        kept = kept[:max_nodes]
    return kept, len(order) - len(kept)


def _row_width(n: int, minimum: int) -> int:
    """Nodes per row of a layer of ``n``: at least ``minimum``, and wide enough that a
    huge layer wraps into a block about three times wider than tall (a screen's shape,
    given rows half a layer apart) rather than a tall column."""
    return max(minimum, math.ceil(math.sqrt(n * 3)))


Cells = dict[tuple[int, int], list[str]]
"""Nodes by ``(layer, band)``."""


def _ordered_cells(
    slots: Mapping[str, Slot], edges: Iterable[tuple[str, str]], x_gap: float, row_width: int
) -> tuple[Cells, dict[str, float]]:
    """Each (layer, band)'s nodes in drawing order, and each node's x within its cell.

    Cells are ordered layer by layer, so the barycenter of a node's neighbours above is
    taken from positions already fixed."""
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        if a in slots and b in slots and a != b:
            neighbours[a].append(b)
            neighbours[b].append(a)
    cells: Cells = defaultdict(list)
    for node, slot in slots.items():
        cells[(slot.layer, slot.band)].append(node)

    rel_x: dict[str, float] = {}
    for layer, band in sorted(cells):
        members = cells[(layer, band)]

        def order_key(node: str, layer: int = layer) -> tuple[object, ...]:
            above = [rel_x[m] for m in neighbours[node] if m in rel_x and slots[m].layer < layer]
            bary = sum(above) / len(above) if above else math.inf
            return (slots[node].key, bary, node)

        members.sort(key=order_key)
        rw = _row_width(len(members), row_width)
        width = min(len(members), rw)
        for i, node in enumerate(members):
            rel_x[node] = (i % rw - (width - 1) / 2) * x_gap
    return cells, rel_x


def _band_offsets(cells: Cells, x_gap: float, row_width: int, band_gap: float) -> dict[int, float]:
    """The x of each band's centre: band 0 on zero, the others side by side, each as
    wide as its widest row and ``band_gap`` apart."""
    band_width: dict[int, float] = defaultdict(float)
    for (_, band), members in cells.items():
        rw = _row_width(len(members), row_width)
        band_width[band] = max(band_width[band], (min(len(members), rw) - 1) * x_gap)
    offset: dict[int, float] = {0: 0.0}
    right = band_width[0] / 2
    for band in sorted(b for b in band_width if b > 0):
        offset[band] = right + band_gap + band_width[band] / 2
        right = offset[band] + band_width[band] / 2
    left = -band_width[0] / 2
    for band in sorted((b for b in band_width if b < 0), reverse=True):
        offset[band] = left - band_gap - band_width[band] / 2
        left = offset[band] - band_width[band] / 2
    return offset


def _layer_tops(cells: Cells, y_gap: float, row_width: int) -> dict[int, float]:
    """The y of each layer's first row: a layer is as tall as its longest cell needs."""
    rows_in_layer: dict[int, int] = defaultdict(lambda: 1)
    for (layer, _), members in cells.items():
        rows = math.ceil(len(members) / _row_width(len(members), row_width))
        rows_in_layer[layer] = max(rows_in_layer[layer], rows)
    layer_y: dict[int, float] = {}
    y = 0.0
    for layer in sorted(rows_in_layer):
        layer_y[layer] = y
        y += y_gap + (rows_in_layer[layer] - 1) * y_gap / 2
    return layer_y


def layered_positions(
    slots: Mapping[str, Slot],
    edges: Iterable[tuple[str, str]],
    *,
    x_gap: float = 150.0,
    y_gap: float = 190.0,
    row_width: int = 30,
    band_gap: float = 320.0,
) -> dict[str, tuple[float, float]]:
    """Positions ``{node: (x, y)}`` for every node in ``slots``.

    Within each (layer, band) nodes are sorted by ``(slot.key, barycenter, id)`` where the
    barycenter is the mean x of their neighbours (either edge direction) in earlier
    layers; a long layer wraps into rows ``y_gap / 2`` apart (at least ``row_width`` per row). Bands
    sit side by side, each as wide as its widest row, ``band_gap`` apart, band 0 centred
    on x = 0. Deterministic: equal inputs give equal positions.
    """
    cells, rel_x = _ordered_cells(slots, edges, x_gap, row_width)
    offset = _band_offsets(cells, x_gap, row_width, band_gap)
    layer_y = _layer_tops(cells, y_gap, row_width)
    positions: dict[str, tuple[float, float]] = {}
    for (layer, band), members in cells.items():
        rw = _row_width(len(members), row_width)
        for i, node in enumerate(members):
            row = i // rw
            x = rel_x[node] + offset.get(band, 0.0)
            # stagger alternate rows so that wrapped rows do not hide each other's edges
            if row % 2 == 1:
                x += x_gap / 2
            # zig-zag neighbours in a row so that their two-line labels never collide
            lift = y_gap * 0.22 if (i % rw) % 2 == 1 else 0.0
            positions[node] = (round(x, 1), round(layer_y[layer] + row * y_gap / 2 + lift, 1))
    return positions


# --- blocks: named boxes packed into rows ---------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """The spacing of packed blocks, in canvas units: a cell is ``x_gap`` wide and ``row``
    tall (a small node and a two-line label of at most ``x_gap - 10``), a boxed block
    has a ``header`` for its name, blocks sit ``gap`` apart and layers ``layer_gap``."""

    x_gap: float = 124.0
    row: float = 56.0
    header: float = 26.0
    gap: float = 26.0
    layer_gap: float = 80.0


GRID = Grid()


@dataclass(frozen=True)
class Block:
    """Nodes drawn together: ``rows`` (each a list of node ids, wrapped when longer than
    the block's width), in a named box when ``boxed``."""

    rows: tuple[tuple[str, ...], ...]
    boxed: bool = False
    name: str = ""
    """The box's name: the block is at least as wide as it needs (:func:`name_room`)."""

    @property
    def size(self) -> int:
        """How many nodes the block holds."""
        return sum(len(r) for r in self.rows)


NAME_UNITS = 7.0
"""Canvas units a character of a box's name takes: bold at 10 px, the least size
``view.js`` shrinks a name to before it widens the box to hold it."""


def name_room(name: str) -> float:
    """The width a box needs to show ``name`` whole in its header (none without one).

    >>> name_room(""), name_room("supports all 2 claims")
    (0.0, 159.0)
    """
    return len(name) * NAME_UNITS + 12 if name else 0.0


def grid_columns(n: int, aspect: float = 1.8, grid: Grid = GRID) -> int:
    """Cells per row for ``n`` nodes so that their block is about ``aspect`` times wider
    than tall on the screen (a page, not a thin band); two at least for two or more nodes:
    nodes of one layer stacked in one column would read as a chain (the edge to the lower
    one runs through the upper one).

    >>> grid_columns(1), grid_columns(2, aspect=1.0), grid_columns(26), grid_columns(77)
    (1, 2, 5, 8)
    """
    fill = math.ceil(math.sqrt(n * aspect * grid.row / grid.x_gap))
    return max(min(n, 2), min(n, fill))


@dataclass
class Packed:
    """Positions of packed blocks relative to the region's top-left corner, and its size."""

    positions: dict[str, tuple[float, float]]
    width: float
    height: float

    def moved(self, dx: float, dy: float) -> dict[str, tuple[float, float]]:
        """The positions shifted by ``(dx, dy)``, rounded."""
        return {n: (round(x + dx, 1), round(y + dy, 1)) for n, (x, y) in self.positions.items()}


def _block_shape(block: Block, columns: int) -> tuple[int, int]:
    """Width (cells) and height (rows) of ``block`` wrapped at ``columns``."""
    w = max(1, min(columns, max((len(r) for r in block.rows), default=1)))
    return w, sum(math.ceil(len(r) / w) for r in block.rows if r)


def pack_blocks(blocks: list[Block], columns: int, grid: Grid = GRID) -> Packed:
    """Shelf-pack ``blocks`` in their order into rows at most ``columns`` cells wide.

    A block's nodes fill its own rectangle (``min(columns, longest row)`` cells wide), so
    a box drawn around them holds them and nothing else (widened to its name, centred on
    them, where the name is wider); boxed blocks keep ``grid.gap`` from their neighbours
    and ``grid.header`` above their first row for the name.

    >>> p = pack_blocks([Block((("a", "b", "c"),), boxed=True), Block((("d",),))], 2)
    >>> p.positions["a"], p.positions["c"], p.positions["d"], p.width, p.height
    ((62.0, 40.0), (62.0, 96.0), (62.0, 178.0), 248.0, 220.0)
    """
    limit = columns * grid.x_gap
    pos: dict[str, tuple[float, float]] = {}
    x = y = shelf_h = width = 0.0
    prev_boxed = False
    for block in blocks:
        w, h = _block_shape(block, columns)
        bw = max(w * grid.x_gap, name_room(block.name))
        inset = (bw - w * grid.x_gap) / 2  # members centred under a name wider than they
        bh = h * grid.row + (grid.header if block.boxed else 0.0)
        gap = grid.gap if (block.boxed or prev_boxed) and x > 0 else 0.0
        if x > 0 and x + gap + bw > limit + 1e-6:
            x, y, shelf_h, gap = 0.0, y + shelf_h + grid.gap, 0.0, 0.0
        x += gap
        top = y + (grid.header if block.boxed else 0.0)
        r = 0
        for row in block.rows:
            for k, node in enumerate(row):
                cx = x + inset + (k % w + 0.5) * grid.x_gap
                pos[node] = (cx, top + (r + k // w) * grid.row + grid.row * 0.25)
            r += math.ceil(len(row) / w) if row else 0
        x += bw
        width = max(width, x)
        shelf_h = max(shelf_h, bh)
        prev_boxed = block.boxed
    return Packed(pos, width, y + shelf_h)


def stack_regions(
    regions: list[Packed], grid: Grid = GRID, top: float = 0.0
) -> dict[str, tuple[float, float]]:
    """Regions one below the other, each centred on x = 0, ``grid.layer_gap`` apart,
    the first at ``top``."""
    out: dict[str, tuple[float, float]] = {}
    y = top
    for region in regions:
        if not region.positions:
            continue
        out.update(region.moved(-region.width / 2, y))
        y += region.height + grid.layer_gap
    return out
