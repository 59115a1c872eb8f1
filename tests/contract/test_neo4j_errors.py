"""Connecting to a Neo4j server: each failure says what to check (Neo4j only)."""

from __future__ import annotations

import pytest
from neo4j_support import Neo4jTarget, server_module

from provenance.errors import StoreError
from provenance.store import open_store

pytestmark = pytest.mark.neo4j


def test_open_store_with_both_schemes(neo4j_env: Neo4jTarget) -> None:
    with open_store(neo4j_env.uri, create=True) as store:
        assert store.uri == neo4j_env.uri
        store.init()
        events = store.counts().audit_events
    routed = "neo4j://" + neo4j_env.uri.split("://", 1)[1]
    with open_store(routed) as store:
        assert store.counts().audit_events == events


def test_wrong_password(neo4j_env: Neo4jTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_env.password + "-wrong")
    with pytest.raises(StoreError) as info:
        open_store(neo4j_env.uri)
    assert "NEO4J_PASSWORD" in info.value.hint and "credentials" in info.value.message


def test_unreachable_server(neo4j_env: Neo4jTarget) -> None:
    port = server_module().free_port()
    with pytest.raises(StoreError) as info:
        open_store(f"bolt://127.0.0.1:{port}")
    assert "cannot reach" in info.value.message and "running" in info.value.hint


def test_missing_database(neo4j_env: Neo4jTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_DATABASE", "no-such-database")
    with pytest.raises(StoreError) as info:
        open_store(neo4j_env.uri)
    assert "no-such-database" in info.value.message and "NEO4J_DATABASE" in info.value.hint


def test_missing_credentials(neo4j_env: Neo4jTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD")
    with pytest.raises(StoreError, match="NEO4J_PASSWORD"):
        open_store(neo4j_env.uri)
