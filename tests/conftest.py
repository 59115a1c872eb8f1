"""Shared test configuration: a deterministic hypothesis profile and small fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[object]:
    """A fresh embedded store in a temporary directory."""
    from provenance.store.sqlite import SQLiteStore

    with SQLiteStore(tmp_path / "store.db", create=True) as store:
        yield store
