"""Fixtures of the contract suite: every test runs on SQLite and on each Neo4j server.

See ``neo4j_support.py`` for how the servers are started. If one cannot start, its tests
FAIL with the reason; they are never skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j_support import BACKENDS, NEO4J, POOL, Neo4jTarget, make_store


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the Neo4j servers in the background while the first tests run."""
    if any(item.get_closest_marker("neo4j") for item in session.items):
        POOL.start_all()


def pytest_sessionfinish(session: pytest.Session) -> None:
    POOL.stop()


@pytest.fixture(params=NEO4J)
def neo4j_target(request: pytest.FixtureRequest) -> Neo4jTarget:
    """One Neo4j server of this run (each test using it runs on every server)."""
    return POOL.target(request.param)


@pytest.fixture
def neo4j_env(neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch) -> Neo4jTarget:
    """The credentials of the server in the environment, as the CLI reads them."""
    for key, value in neo4j_target.env().items():
        monkeypatch.setenv(key, value)
    return neo4j_target


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
