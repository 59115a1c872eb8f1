"""The audit step of the demo, as a library function: what it writes and finds."""

from __future__ import annotations

from pathlib import Path

from audit_helpers import EXAMPLE, store_with_events

from provenance.audit.demo import run
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


def test_run_signs_verifies_and_bundles(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="demo")
        (tmp_path / "audit").mkdir()
        (tmp_path / "audit" / "stale").write_text("from an earlier run")
        demo = run(store, tmp_path)
    assert demo.directory == tmp_path / "audit" and not (demo.directory / "stale").exists()
    assert demo.log.ok and demo.log.anchored and demo.checkpoint.is_file()
    assert demo.public_key.is_file() and (demo.directory / "demo.key").is_file()
    assert demo.incident == "ill-mosul-1" and demo.bundle == demo.directory / "bundle-ill-mosul-1"
    assert demo.bundle_report is not None and demo.bundle_report.ok
    assert demo.bundle_report.events == 1


def test_run_without_incidents_bundles_nothing(tmp_path: Path) -> None:
    with store_with_events(tmp_path / "s.db", 2) as store:
        demo = run(store, tmp_path)
    assert demo.log.ok and demo.log.size == 2
    assert (demo.incident, demo.bundle, demo.bundle_report) == (None, None, None)
