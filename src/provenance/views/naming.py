"""What a reader knows each drawn item by, and which independence unit it belongs to (pure).

The names and units are the corroboration's own (:func:`provenance.corroborate.index.
index_from_graph`: an item's outlet, else its author as written; a unit's name, the root
organisation of a family or the author as first written), so a page names an item exactly
as ``provenance corroborate`` prints it. The item's id stays in its tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from provenance.corroborate.index import index_from_graph
from provenance.corroborate.links import unit_name

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class Names:
    """``outlet``: per item, its outlet or author (absent: print the id); ``unit``: per
    item, its unit key (the item itself when alone); ``unit_name``: per unit key, its name."""

    outlet: dict[str, str] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)
    unit_name: dict[str, str] = field(default_factory=dict)

    def unit_of(self, item: str) -> str:
        """The unit key of ``item`` (the item itself when it is its own unit)."""
        return self.unit.get(item, item)

    def name_of_unit(self, item: str) -> str:
        """The name of ``item``'s unit for a reader."""
        return self.unit_name.get(self.unit_of(item), self.outlet.get(item, item))

    def label(self, item: str) -> str:
        """What to call ``item`` on the page: its outlet, else its id."""
        return self.outlet.get(item, item)


def item_names(graph: nx.DiGraph, claims: Iterable[str]) -> Names:
    """The names and units of every item upstream of ``claims`` in ``graph``.

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("c", label="Claim")
    >>> g.add_node("s1", label="Source", author="@SyriaCivilDefe")
    >>> g.add_node("s2", label="Source", author="'@syriacivildefe")
    >>> g.add_edges_from([("c", "s1"), ("c", "s2")], rel="SUPPORTED_BY")
    >>> n = item_names(g, ["c"])
    >>> n.label("s2"), n.unit_of("s1") == n.unit_of("s2"), n.name_of_unit("s2")
    ("'@syriacivildefe", True, '@SyriaCivilDefe')
    """
    ix = index_from_graph(graph, list(claims))
    units: dict[str, str] = {}
    for item, key in ix.unit.items():
        units.setdefault(key, unit_name(ix, key, item))
    return Names(outlet=dict(ix.names), unit=dict(ix.unit), unit_name=units)
