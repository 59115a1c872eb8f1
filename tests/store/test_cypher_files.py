"""The Cypher files, checked without a server (the contract suite runs each on one)."""

from __future__ import annotations

import re

import pytest
from paths import REPO

from provenance.errors import ProvenanceError, StoreError
from provenance.store import catalog
from provenance.store.rows import NODE_LABELS, RELATIONSHIPS

CYPHER_DIR = REPO / "cypher"
FILES = sorted(p.stem for p in CYPHER_DIR.glob("*.cypher"))


def _code(text: str) -> str:
    """The query without ``//`` comment lines and string literals."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    return re.sub(r"'[^']*'|\"[^\"]*\"", "''", "\n".join(lines))


def test_every_file_is_in_the_catalog_and_vice_versa() -> None:
    assert sorted(catalog.NAMES) == FILES
    assert len(set(catalog.NAMES)) == len(catalog.NAMES)


@pytest.mark.parametrize("name", catalog.NAMES)
def test_query_loads_and_uses_only_parameters(name: str) -> None:
    text = catalog.query(name)
    assert text == (CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8")
    code = _code(text)
    assert code.strip(), "a file with no query"
    # no placeholders of str.format ({}, {0}, {name!r}), % or string.Template ($name is a
    # Cypher parameter, ${name} is not); braces only around Cypher maps ({key: value})
    assert not re.search(r"\{\s*[\w.\[\]]*\s*(![rsa])?\s*\}", code), "format placeholder"
    assert not re.search(r"%[sdrif(]|\$\{|\$\(", code), "format placeholder"
    for inner in re.findall(r"\{([^{}]*)\}", code):
        assert re.fullmatch(r"\s*\w+: [^,]+(,\s*\w+: [^,]+)*\s*", inner), inner
    # values only as $parameters: no literal values beyond small integers and the empty map
    assert "''" not in code, "string literal in a query: pass it as a parameter"
    for param in re.findall(r"\$(\w+)", code):
        assert re.fullmatch(r"[a-z_]+", param)
    assert "apoc." not in code.lower() and not re.search(r"\bid\(", code), "not portable"


def test_interpolated_identifiers_come_from_the_allow_lists() -> None:
    for label in NODE_LABELS:
        assert f"(n:Item:{label} {{" in catalog.create_query(label)
    for rel in catalog.EDGE_RELS:
        assert f"[r:{rel}]" in catalog.merge_edges_query(rel)
    assert set(catalog.EDGE_RELS) | {"JUDGED"} == set(RELATIONSHIPS)
    with pytest.raises(catalog.UnknownQueryError):
        catalog.create_query("Item) DETACH DELETE (n")
    with pytest.raises(catalog.UnknownQueryError):
        catalog.merge_edges_query("JUDGED]->() DETACH DELETE n //")
    with pytest.raises(catalog.UnknownQueryError):
        catalog.query("../pyproject")


def test_unknown_query_is_a_provenance_error() -> None:
    """One error root: an unknown query is a StoreError with a hint, not a bare KeyError."""
    with pytest.raises(ProvenanceError, match="no Cypher query named 'nope'") as info:
        catalog.query("nope")
    assert isinstance(info.value, StoreError) and info.value.hint
    assert not isinstance(info.value, KeyError)


def test_per_label_and_per_type_files_differ_only_in_the_identifier() -> None:
    creates = {catalog.create_query(label).replace(label, "LABEL") for label in NODE_LABELS}
    merges = {catalog.merge_edges_query(rel).replace(rel, "REL") for rel in catalog.EDGE_RELS}
    assert len(creates) == 1 and len(merges) == 1


def test_node_labels_are_the_models_labels_in_order() -> None:
    from provenance.model import LABELS

    assert tuple(LABELS.values()) == NODE_LABELS
