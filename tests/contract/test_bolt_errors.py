"""Connecting to the Bolt server: each failure says what to check (bolt only)."""

from __future__ import annotations

import pytest
from bolt_support import BoltTarget, bolt_server_module

from provenance.errors import StoreError
from provenance.store import open_store

pytestmark = pytest.mark.bolt


def test_open_store_with_both_schemes(bolt_env: BoltTarget) -> None:
    with open_store(bolt_env.uri, create=True) as store:
        assert store.uri == bolt_env.uri
        store.init()
        events = store.counts().audit_events
    routed = "neo4j://" + bolt_env.uri.split("://", 1)[1]
    with open_store(routed) as store:
        assert store.counts().audit_events == events


def test_wrong_password(bolt_env: BoltTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", bolt_env.password + "-wrong")
    with pytest.raises(StoreError) as info:
        open_store(bolt_env.uri)
    assert "NEO4J_PASSWORD" in info.value.hint and "credentials" in info.value.message


def test_unreachable_server(bolt_env: BoltTarget) -> None:
    port = bolt_server_module().free_port()
    with pytest.raises(StoreError) as info:
        open_store(f"bolt://127.0.0.1:{port}")
    assert "cannot reach" in info.value.message and "running" in info.value.hint


def test_missing_database(bolt_env: BoltTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_DATABASE", "no-such-database")
    with pytest.raises(StoreError) as info:
        open_store(bolt_env.uri)
    assert "no-such-database" in info.value.message and "NEO4J_DATABASE" in info.value.hint


def test_missing_credentials(bolt_env: BoltTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD")
    with pytest.raises(StoreError, match="NEO4J_PASSWORD"):
        open_store(bolt_env.uri)
