"""Helpers of the contract suite (the fixtures are in conftest.py): Neo4j servers and stores.

Every pinned Neo4j version (``NEO4J_VERSIONS`` in ``scripts/neo4j_server.py``: 5.26 LTS on
Java 17 and the newest calendar release on Java 25) is started once per test session, all at
once in the background as soon as collection finds a test marked ``neo4j``, and stopped by
its PID at the end. Each backend-parametrised test runs on SQLite and on every server; the
parameter ids name the version (``[neo4j-5.26.30]``). Where ``NEO4J_URI`` is set (with
``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``) the suite runs against that server
instead (id ``[neo4j-env]``) — a disposable database: every test starts by deleting everything
in it. A server that cannot start makes its tests FAIL with the reason; they are never skipped.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def server_module() -> ModuleType:
    """``scripts/neo4j_server.py`` (the scripts directory is not a package)."""
    name = "provenance_neo4j_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "neo4j_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ENV_SERVER = "neo4j-env"
SERVERS: list[str] = (
    [ENV_SERVER]
    if os.environ.get("NEO4J_URI")
    else [f"neo4j-{version}" for version in server_module().NEO4J_VERSIONS]
)
"""The Neo4j servers of this run, by parameter id."""
NEO4J = [pytest.param(name, marks=pytest.mark.neo4j, id=name) for name in SERVERS]
BACKENDS = ["sqlite", *NEO4J]


@dataclass(frozen=True)
class Neo4jTarget:
    """Where one Neo4j server of this run answers, and how to log in."""

    name: str
    uri: str
    user: str
    password: str
    database: str

    def env(self) -> dict[str, str]:
        return {
            "NEO4J_USER": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }


class ServerPool:
    """The session's Neo4j servers: installed one after the other (one Maven cache), then
    started in parallel in the background; :meth:`target` waits for one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: dict[str, Future[Any]] = {}
        self._executor: ThreadPoolExecutor | None = None

    def start_all(self) -> None:
        with self._lock:
            if self._executor is not None or SERVERS == [ENV_SERVER]:
                return
            mod = server_module()
            versions = list(mod.NEO4J_VERSIONS)
            self._executor = ThreadPoolExecutor(len(versions), thread_name_prefix="neo4j")
            installed = self._executor.submit(lambda: [mod.install(v) for v in versions])

            def start(version: str) -> Any:
                installed.result()
                return mod.Neo4jServer.start(version)

            for version in versions:
                self._futures[f"neo4j-{version}"] = self._executor.submit(start, version)

    def target(self, name: str) -> Neo4jTarget:
        if name == ENV_SERVER:
            env = os.environ
            return Neo4jTarget(
                name,
                env["NEO4J_URI"],
                env.get("NEO4J_USER", "neo4j"),
                env.get("NEO4J_PASSWORD", ""),
                env.get("NEO4J_DATABASE", "neo4j"),
            )
        self.start_all()
        try:
            server = self._futures[name].result()
        except Exception as exc:
            pytest.fail(f"Neo4j server {name} could not start: {exc}", pytrace=False)
        return Neo4jTarget(name, server.uri, server.user, server.password, server.database)

    def servers(self) -> list[Any]:
        """The servers that started (for tests that look at the processes)."""
        return [f.result() for f in self._futures.values() if f.done() and not f.exception()]

    def stop(self) -> None:
        with self._lock:
            for future in self._futures.values():
                try:
                    future.result()
                except Exception:
                    continue
                future.result().stop()
            self._futures.clear()
            if self._executor is not None:
                self._executor.shutdown()
                self._executor = None


POOL = ServerPool()


def wipe(store: Any) -> None:
    """Delete every node of the (small) test graph."""
    with store.bolt.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


def make_store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A fresh, initialised store of ``backend`` (closed by the caller); for a Neo4j
    backend its credentials are put in the environment, as the CLI reads them."""
    if backend == "sqlite":
        from provenance.store.sqlite import SQLiteStore

        return SQLiteStore(tmp_path / "store.db", create=True)
    target = POOL.target(backend)
    monkeypatch: pytest.MonkeyPatch = request.getfixturevalue("monkeypatch")
    for key, value in target.env().items():
        monkeypatch.setenv(key, value)
    from provenance.store.neo4j import Neo4jStore

    store = Neo4jStore.from_uri(target.uri)
    wipe(store)
    store.init()
    return store
