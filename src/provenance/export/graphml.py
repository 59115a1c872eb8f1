"""GraphML export, streamed: node and edge attributes as GraphML scalars.

Lists and objects are written as JSON strings; absent values are left out. Two passes over
the store: the first declares every attribute key (GraphML wants them before the graph), the
second writes nodes and edges as it reads them, so memory does not grow with the graph.

XML 1.0 cannot hold some characters at all (C0 controls other than tab, newline and carriage
return, U+FFFE, U+FFFF, lone surrogates). Such a character in the data is written as the
six characters ``\\uXXXX`` (its code point in hex), so the file always parses; the JSON Lines
export keeps the exact text.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

from provenance.export.common import WitnessPolicy, export_data, iter_edges, iter_nodes

if TYPE_CHECKING:
    from collections.abc import Iterator

    from provenance.store import Store

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 does not allow in a document."""
HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 forbids written as ``\\uXXXX``.

    >>> xml_safe("a\\ufffeb\\x01")
    'a\\\\uFFFEb\\\\u0001'
    """
    return NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def scalar(value: Any) -> bool | int | float | str:
    """A GraphML value: scalars as they are, lists and objects as JSON text."""
    if isinstance(value, bool | int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def text(value: bool | int | float | str) -> str:
    """The XML text of a GraphML value."""
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return escape(xml_safe(shown))


def node_attrs(store: Store, policy: WitnessPolicy) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(id, attributes)`` of every node, ``label`` first."""
    for item in iter_nodes(store):
        attrs = {k: scalar(v) for k, v in export_data(item, policy).items() if v is not None}
        attrs.pop("id", None)
        yield item.id, {"label": item.label, **attrs}


def edge_attrs(store: Store) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(src, dst, rel, attributes)`` of every edge, ``rel`` first."""
    for e in iter_edges(store):
        attrs = {k: scalar(v) for k, v in e.props.items() if v is not None}
        yield e.src, e.dst, e.rel, {"rel": e.rel, **attrs}


def declare_keys(store: Store, policy: WitnessPolicy) -> dict[tuple[str, str], tuple[str, str]]:
    """``(domain, name) → (key id, GraphML type)`` in order of first use; a name whose
    values have several types is a string."""
    keys: dict[tuple[str, str], tuple[str, str]] = {}

    def see(domain: str, attrs: dict[str, Any]) -> None:
        for name, value in attrs.items():
            kind = GRAPHML_TYPES[type(value)]
            known = keys.get((domain, name))
            if known is None:
                keys[(domain, name)] = (f"d{len(keys)}", kind)
            elif known[1] != kind:
                keys[(domain, name)] = (known[0], "string")

    for _, attrs in node_attrs(store, policy):
        see("node", attrs)
    for *_, attrs in edge_attrs(store):
        see("edge", attrs)
    return keys


def data_lines(domain: str, attrs: dict[str, Any], keys: dict[Any, tuple[str, str]]) -> str:
    return "".join(
        f'      <data key="{keys[(domain, name)][0]}">{text(value)}</data>\n'
        for name, value in attrs.items()
    )


def write_graphml(store: Store, out: BinaryIO, policy: WitnessPolicy) -> tuple[int, int]:
    """Write the whole graph; return ``(nodes, edges)``."""
    keys = declare_keys(store, policy)
    head = [HEADER]
    for (domain, name), (key, kind) in reversed(keys.items()):
        head.append(
            f'  <key id="{key}" for="{domain}" attr.name={quoteattr(xml_safe(name))}'
            f' attr.type="{kind}" />\n'
        )
    head.append('  <graph edgedefault="directed">\n')
    out.write("".join(head).encode())
    nodes = edges = 0
    for item_id, attrs in node_attrs(store, policy):
        body = data_lines("node", attrs, keys)
        out.write(f"    <node id={quoteattr(xml_safe(item_id))}>\n{body}    </node>\n".encode())
        nodes += 1
    for src, dst, rel, attrs in edge_attrs(store):
        ends = f"source={quoteattr(xml_safe(src))} target={quoteattr(xml_safe(dst))}"
        body = data_lines("edge", attrs, keys)
        out.write(f'    <edge {ends} id="{rel}">\n{body}    </edge>\n'.encode())
        edges += 1
    out.write(b"  </graph>\n</graphml>\n")
    return nodes, edges
