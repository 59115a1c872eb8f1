"""The Neo4j backend's upstream traversal reads in one transaction (Neo4j only)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from casedata import small
from neo4j_support import NEO4J, make_store

from provenance.errors import NotFoundError
from provenance.store import Store, to_graph

pytestmark = pytest.mark.neo4j


@pytest.fixture(params=NEO4J)
def neo4j_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    s = make_store(request.param, request, tmp_path)
    try:
        yield s
    finally:
        s.close()


def test_upstream_reads_in_one_transaction(neo4j_store: Any) -> None:
    store = neo4j_store
    store.ingest(small(), actor="a")
    opened: list[dict[str, Any]] = []
    session = store.bolt.session

    def counting(**config: Any) -> Any:
        opened.append(config)
        return session(**config)

    store.bolt.session = counting
    graph = store.upstream_graph(["c1"])
    assert len(opened) == 1, "one read transaction for the whole traversal"
    opened.clear()
    per_query = to_graph(Store.upstream(store, ["c1"]))  # the contract's default: a tx per read
    assert len(opened) > 3
    assert nx.utils.graphs_equal(graph, per_query)
    assert dict(graph.nodes(data=True)) == dict(per_query.nodes(data=True))

    with pytest.raises(NotFoundError):
        store.upstream_graph(["nope"])
    assert getattr(store.bolt._local, "tx", None) is None, "the read transaction is unbound"
    assert set(store.upstream_graph(["c1", "c2"])) >= set(graph)


def test_reads_inside_a_write_stay_in_it(neo4j_store: Any) -> None:
    """``reading`` inside a bound (write) transaction adds none of its own."""
    store = neo4j_store
    store.ingest(small(), actor="a")

    def work(tx: Any) -> int:
        bound = store.bolt._local.tx
        with store.bolt.reading():
            assert store.bolt._local.tx is bound
            return len(store.upstream(["c1"]).items)

    assert store.bolt.write(work) == 6
    assert store.bolt._local.tx is None
