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


@pytest.fixture(scope="session")
def real_airwars_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the real Airwars Syria import (made once per run, ~10 s);
    the test is skipped where the real data is absent (it is present in CI)."""
    import subprocess
    import sys

    from paths import REAL_AIRWARS

    if not REAL_AIRWARS.is_dir():
        pytest.skip(f"real data not present at {REAL_AIRWARS}")
    db = tmp_path_factory.mktemp("real-airwars") / "airwars.db"
    script = Path(sys.executable).parent / "provenance"
    files = [str(REAL_AIRWARS / n) for n in ("incidents_flat.csv", "incident_sources_flat.csv")]
    subprocess.run(
        [str(script), "--store", f"sqlite:///{db}", "ingest", "--profile", "airwars", *files],
        check=True,
        capture_output=True,
        env={**os.environ, "PROVENANCE_ACTOR": "tester"},
    )
    return db
