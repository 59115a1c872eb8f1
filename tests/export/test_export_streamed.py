"""The streamed GraphML and PROV-JSON exports: what a standard reader makes of them."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from audit_helpers import EXAMPLE
from cli_helpers import run_cli

from provenance.export.common import WitnessPolicy
from provenance.export.graphml import write_graphml, xml_safe
from provenance.export.prov_json import write_prov_json
from provenance.ingest.casefile import load_batch
from provenance.model import CASE_FORMAT
from provenance.rules import public_fields
from provenance.store.sqlite import SQLiteStore

# Characters XML 1.0 forbids that a case file can still carry in a title.
NOT_XML = ["\ufffe", "\uffff"]


@pytest.fixture
def store(tmp_path: Path) -> Any:
    path = tmp_path / "s.db"
    with SQLiteStore(path, create=True) as s:
        s.ingest(load_batch([EXAMPLE]), actor="ana", reason="case")
        s.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="ana", reason="same strike")
        odd = tmp_path / "odd.json"
        odd.write_text(
            json.dumps(
                {
                    "format": CASE_FORMAT,
                    "sources": [
                        {"id": f"odd-{i}", "kind": "news", "title": f"a{ch}b <&> \"q\" 'x'"}
                        for i, ch in enumerate(NOT_XML)
                    ],
                }
            )
        )
        s.ingest(load_batch([odd]), actor="ana")
        yield s


def expected_graph(store: SQLiteStore) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """Nodes and edges as GraphML attributes, straight from the store."""
    nodes: dict[str, Any] = {}
    for label in ("Organisation", "Source", "Witness", "Incident", "Claim", "Strike", "Statement"):
        for item in store.iter_items(label):
            data = item.data if label != "Witness" else public_fields(label, item.data)
            attrs = {
                k: v
                if isinstance(v, str | int | float)
                else json.dumps(v, ensure_ascii=False, sort_keys=True)
                for k, v in data.items()
                if v is not None and k != "id"
            }
            nodes[item.id] = {
                "label": label,
                **{k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()},
            }
    from provenance.store import RELATIONSHIPS

    edges = sorted(
        (e.src, e.dst, e.rel, tuple(sorted({"rel": e.rel, **e.props}.items())))
        for e in store.iter_edges(RELATIONSHIPS)
    )
    return nodes, edges


def test_graphml_is_well_formed_and_holds_the_whole_graph(store: SQLiteStore) -> None:
    out = io.BytesIO()
    n_nodes, n_edges = write_graphml(store, out, WitnessPolicy())
    ET.fromstring(out.getvalue())  # well-formed XML, whatever the data holds
    graph = nx.read_graphml(io.BytesIO(out.getvalue()), force_multigraph=True)
    nodes, edges = expected_graph(store)
    assert dict(graph.nodes(data=True)) == nodes
    got = sorted(
        (u, v, k, tuple(sorted(d.items()))) for u, v, k, d in graph.edges(keys=True, data=True)
    )
    assert got == edges
    assert (n_nodes, n_edges) == (len(nodes), len(edges))


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"])
def test_every_character_xml_forbids_is_written_as_its_code_point(char: str) -> None:
    safe = xml_safe(f"a{char}b")
    assert safe == f"a\\u{ord(char):04X}b"
    ET.fromstring(f"<t>{safe}</t>")


def test_allowed_characters_are_kept() -> None:
    text = "tab\t nl\n cr\r é 日 \U0001f600 \ud7ff \ue000 \ufffd"
    assert xml_safe(text) == text


def without_blank_ids(doc: dict[str, Any]) -> dict[str, Any]:
    """Each section's records, anonymous ids (``_:idN``) replaced by their order."""
    return {
        section: [
            (key if not key.startswith("_:") else "_", value) for key, value in records.items()
        ]
        for section, records in doc.items()
    }


def test_prov_json_is_what_the_prov_package_writes_for_it(store: SQLiteStore) -> None:
    """Read back by ``prov`` and written again by it: the same records, the same values
    (``prov`` renumbers anonymous relations when it writes a document it has read)."""
    from prov.model import ProvDocument

    out = io.BytesIO()
    n = write_prov_json(store, out, WitnessPolicy())
    text = out.getvalue().decode()
    doc = ProvDocument.deserialize(content=text, format="json")
    again = json.loads(str(doc.serialize(indent=1)))
    assert without_blank_ids(again) == without_blank_ids(json.loads(text))
    assert len(list(doc.get_records())) == n


def test_graphml_cli_output_parses(store: SQLiteStore, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    proc = run_cli("export", "--format", "graphml", "--out", str(out), store=store.path)
    assert proc.returncode == 0, proc.stderr
    ET.parse(out)
