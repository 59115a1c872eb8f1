"""The items a claim rests on directly, in several rows, spread as a fan from the claim (pure).

Every item of a view's first layer has an edge from the claim above it. Wrapped into rows of
a grid, the items of a lower row sit straight under those of the rows above, so the edge to
one runs through the others: on the page that reads as a chain of citations the evidence
does not contain (the real RS4750's 17 direct sources, in 3 columns, read as 3 chains of
6). :func:`fanned` moves each row so that every item sits on its own line from the claim:
row ``k`` of ``r`` is shifted by ``k / r`` of a cell and widened in proportion to its
distance from the claim, so that a line from the claim to an item of a lower row passes
between the items of the rows above, at least ``1 / r`` of a cell from each.

>>> from provenance.views.layout import Packed
>>> grid = Packed({"a": (62.0, 14.0), "b": (186.0, 14.0), "c": (62.0, 96.0), "d": (186.0, 96.0)},
...               248.0, 138.0)
>>> region, drop = fanned(grid, 80.0)
>>> drop, region.positions  # the apex 150 above, at x = 201.5: slopes -0.57, 0.19, -0.19, 0.57
(70.0, {'a': (108.5, 14.0), 'b': (232.5, 14.0), 'c': (155.0, 96.0), 'd': (341.0, 96.0)})
"""

from __future__ import annotations

from provenance.views.layout import GRID, Grid, Packed

FAN_ROWS = 3
"""The rows a claim's direct sources are wrapped into at most (while a row holds at most
:data:`FAN_COLUMNS` cells): each line from the claim then passes a third of a cell or more
from the items of the rows above."""
FAN_COLUMNS = 12
WIDEST = 1.5
"""How much wider than the first row the last one may grow: the region moves down from the
claim as far as it needs for that (the fan opens less the further it starts)."""


def fan_columns(cells: int) -> int:
    """The least cells a row gets for a first layer as wide as ``cells`` in one row.

    >>> fan_columns(17), fan_columns(4), fan_columns(100)
    (6, 2, 12)
    """
    return min(-(-cells // FAN_ROWS), FAN_COLUMNS)


def fanned(region: Packed, top: float, grid: Grid = GRID) -> tuple[Packed, float]:
    """``region`` (drawn centred under an apex ``top`` units above its top edge, every item
    with an edge from the apex) with its rows spread as a fan from the apex; and how far
    further down its top is to go. One row is returned as it is."""
    rows = sorted({y for _, y in region.positions.values()})
    if len(rows) < 2:
        return region, 0.0
    first, last = rows[0], rows[-1]
    drop = max(0.0, last - WIDEST * first - (WIDEST - 1) * top) / (WIDEST - 1)
    apex = top + drop
    r = len(rows)
    shifted: dict[str, tuple[float, float]] = {}
    for node, (x, y) in region.positions.items():
        k = rows.index(y)
        centre = x - region.width / 2 + (k / r - (r - 1) / (2 * r)) * grid.x_gap
        shifted[node] = (centre * (apex + y) / (apex + first), y)
    half = max(abs(x) for x, _ in shifted.values()) + grid.x_gap / 2
    positions = {n: (round(x + half, 1), y) for n, (x, y) in shifted.items()}
    return Packed(positions, 2 * half, region.height), drop
