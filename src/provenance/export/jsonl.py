"""JSON Lines export: one node or edge per line, streamed, then the outlet judgements
(``{"kind": "outlet_judgement", "a", "b", "verdict", "actor", "at", "reason", …}``: the
cannot-links ``outlets suggest`` respects live only there)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, BinaryIO

from provenance.export.common import WitnessPolicy, export_data, iter_edges, iter_nodes
from provenance.judgements import OUTLET_JUDGEMENT_KIND

if TYPE_CHECKING:
    from provenance.store import Store


def write_jsonl(store: Store, out: BinaryIO, policy: WitnessPolicy) -> int:
    """Write every node then every edge; return the number of lines."""
    n = 0
    for item in iter_nodes(store):
        data = export_data(item, policy)
        row = {"kind": "node", "id": item.id, "label": item.label, "data": data}
        if item.label != "Witness" or policy.include_identities:
            row["hash"] = item.hash
        out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        n += 1
    for e in iter_edges(store):
        row = {"kind": "edge", "src": e.src, "rel": e.rel, "dst": e.dst, "props": e.props}
        out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        n += 1
    for j in sorted(store.outlet_judgements(), key=lambda j: (j.a, j.b)):
        row = {"kind": OUTLET_JUDGEMENT_KIND, **j.as_dict()}
        out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        n += 1
    return n
