"""Connecting to a Neo4j server: each failure says what to check (Neo4j only)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

import pytest
from casedata import small
from neo4j_support import Neo4jTarget, server_module, wipe

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


class Proxy:
    """A TCP relay to a real server that can be cut: to the client, a server that stopped."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self.listener.close()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


def test_server_stopped_while_the_store_is_open(neo4j_env: Neo4jTarget) -> None:
    """Reads and writes after the server went away say so, at once, without a traceback."""
    port = int(neo4j_env.uri.rsplit(":", 1)[1])
    proxy = Proxy(port)
    uri = f"bolt://127.0.0.1:{proxy.port}"
    with open_store(uri, create=True) as store:
        store.init()
        store.ingest(small("stop-"), actor="a")
        proxy.stop()
        started = time.monotonic()
        for attempt in (store.counts, lambda: store.ingest(small("stop2-"), actor="a")):
            with pytest.raises(StoreError) as info:
                attempt()
            assert "cannot reach" in info.value.message or "lost" in info.value.message
            assert "running" in info.value.hint
        assert time.monotonic() - started < 30  # not retried for a minute as a conflict


def _schema_names(store: Any) -> set[str]:
    with store.bolt.session() as session:
        constraints = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
        indexes = {r["name"] for r in session.run("SHOW INDEXES YIELD name")}
    return {n for n in constraints | indexes if n.startswith("provenance_")}


def _drop_schema(store: Any) -> None:
    with store.bolt.session() as session:
        for r in list(session.run("SHOW CONSTRAINTS YIELD name")):
            if r["name"].startswith("provenance_"):
                session.run("DROP CONSTRAINT $name", name=r["name"]).consume()
        for r in list(session.run("SHOW INDEXES YIELD name, owningConstraint")):
            if r["name"].startswith("provenance_") and r["owningConstraint"] is None:
                session.run("DROP INDEX $name", name=r["name"]).consume()


def test_init_on_a_fresh_and_on_an_existing_database(neo4j_env: Neo4jTarget) -> None:
    """A database without the schema gets every constraint and index; a second init on a
    database holding data changes nothing and loses nothing."""
    with open_store(neo4j_env.uri, create=True) as store:
        wipe(store)
        _drop_schema(store)
        assert _schema_names(store) == set()
        store.init()
        created = _schema_names(store)
        assert {"provenance_item_id", "provenance_audit_seq", "provenance_meta_key"} <= created
        store.ingest(small("keep-"), actor="a")
        before = store.counts()
        store.init()
        assert _schema_names(store) == created and store.counts() == before


def test_init_refuses_data_that_breaks_a_constraint(neo4j_env: Neo4jTarget) -> None:
    """Two nodes with one id, made before the constraint: init names the constraint and
    what to do, and leaves the data alone."""
    with open_store(neo4j_env.uri, create=True) as store:
        wipe(store)
        _drop_schema(store)
        try:
            with store.bolt.session() as session:
                session.run("CREATE (:Item {id: 'dup'}), (:Item {id: 'dup'})").consume()
            with pytest.raises(StoreError) as info:
                store.init()
            assert "provenance_item_id" in info.value.message
            assert "NEO4J_DATABASE" in info.value.hint
            with store.bolt.session() as session:
                left = session.run("MATCH (n:Item {id: 'dup'}) RETURN count(n) AS n").single()
            assert left is not None and left["n"] == 2
        finally:
            wipe(store)
            store.init()
