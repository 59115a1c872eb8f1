"""Helpers of the contract suite (the fixtures are in conftest.py): Bolt server and stores.

The Bolt server is the pinned ArcadeDB server from PyPI, started once per session by
``scripts/bolt_server.py`` (virtualenv ``PROVENANCE_BOLT_VENV``, default ``.venv-bolt`` at the
repository root; installed there if missing) and stopped by its PID at the end. Where
``NEO4J_URI`` is set (with ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``) the
suite runs against that server instead — it must be a disposable database: every test
starts by deleting everything in it. If the Bolt server cannot start, the bolt tests FAIL
with the reason; they are never skipped.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
BACKENDS = ["sqlite", pytest.param("bolt", marks=pytest.mark.bolt)]


@dataclass(frozen=True)
class BoltTarget:
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


def bolt_server_module() -> ModuleType:
    """``scripts/bolt_server.py`` (the scripts directory is not a package)."""
    name = "provenance_bolt_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "bolt_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def wipe(store: Any) -> None:
    """Delete every node of the (small) test graph."""
    with store.bolt.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


def make_store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A fresh, initialised store of ``backend`` (closed by the caller)."""
    if backend == "sqlite":
        from provenance.store.sqlite import SQLiteStore

        return SQLiteStore(tmp_path / "store.db", create=True)
    target: BoltTarget = request.getfixturevalue("bolt_env")
    from provenance.store.neo4j import Neo4jStore

    store = Neo4jStore.from_uri(target.uri)
    wipe(store)
    store.init()
    return store
