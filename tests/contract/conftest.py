"""Fixtures of the contract suite: every test runs on SQLite and on each Neo4j server.

See ``neo4j_support.py`` for how the servers are started. If one cannot start, its tests
FAIL with the reason; they are never skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j_support import BACKENDS, NEO4J, POOL, SERVERS, Neo4jTarget, make_store


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the Neo4j servers in the background while the first tests run."""
    if any(item.get_closest_marker("neo4j") for item in session.items):
        POOL.start_all()


def pytest_sessionfinish(session: pytest.Session) -> None:
    POOL.stop()


RESULTS: dict[str, Counter[str]] = {name: Counter() for name in SERVERS}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count each server's outcomes (its name is in the test's parameter id)."""
    if report.when == "call" or report.outcome != "passed":
        for name in SERVERS:
            if f"[{name}" in report.nodeid or f"-{name}]" in report.nodeid:
                RESULTS[name][report.outcome] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per Neo4j server: what ran on it."""
    if not any(RESULTS.values()):
        return
    terminalreporter.section("Neo4j servers of the contract suite")
    for name, counts in RESULTS.items():
        shown = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        terminalreporter.write_line(f"{name}: {shown or 'no tests'}")


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
