"""Fixtures of the contract suite: every test runs on SQLite and on a Bolt server.

See ``bolt_support.py`` for how the Bolt server is found or started. If it cannot start, the
bolt tests FAIL with the reason; they are never skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bolt_support import BACKENDS, REPO, BoltTarget, bolt_server_module, make_store


@pytest.fixture(scope="session")
def bolt_target() -> Iterator[BoltTarget]:
    """The Bolt server of this run: ``NEO4J_URI`` or the ArcadeDB server started here."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield BoltTarget(
            uri,
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
        return
    venv = Path(os.environ.get("PROVENANCE_BOLT_VENV", REPO / ".venv-bolt"))
    mod = bolt_server_module()
    try:
        server = mod.BoltServer.start(venv)
    except Exception as exc:
        pytest.fail(f"the Bolt server for the contract suite could not start: {exc}", pytrace=False)
    try:
        yield BoltTarget(server.uri, server.user, server.password, server.database)
    finally:
        server.stop()


@pytest.fixture
def bolt_env(bolt_target: BoltTarget, monkeypatch: pytest.MonkeyPatch) -> BoltTarget:
    """The credentials of the Bolt server in the environment, as the CLI reads them."""
    for key, value in bolt_target.env().items():
        monkeypatch.setenv(key, value)
    return bolt_target


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A fresh store on each backend."""
    s = make_store(request.param, request, tmp_path)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend name, for tests that open several stores themselves."""
    name: str = request.param
    return name
