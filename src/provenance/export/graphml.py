"""GraphML export (networkx): node and edge attributes as GraphML scalars.

Lists and objects are written as JSON strings; absent values are left out.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, BinaryIO

from provenance.export.common import WitnessPolicy, export_data, iter_edges, iter_nodes

if TYPE_CHECKING:
    from provenance.store import Store


def _scalar(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def write_graphml(store: Store, out: BinaryIO, policy: WitnessPolicy) -> tuple[int, int]:
    """Write the whole graph; return ``(nodes, edges)``."""
    import networkx as nx

    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    for item in iter_nodes(store):
        attrs = {k: _scalar(v) for k, v in export_data(item, policy).items() if v is not None}
        attrs.pop("id", None)
        graph.add_node(item.id, label=item.label, **attrs)
    for e in iter_edges(store):
        attrs = {k: _scalar(v) for k, v in e.props.items() if v is not None}
        graph.add_edge(e.src, e.dst, key=e.rel, rel=e.rel, **attrs)
    nx.write_graphml(graph, out, encoding="utf-8")
    return graph.number_of_nodes(), graph.number_of_edges()
