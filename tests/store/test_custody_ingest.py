"""The custody rule at ingest: a captured original is never dropped or replaced by a re-ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.errors import ConflictError
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore

CASE = """format: provenance-case/1
sources:
  - id: s1
    kind: news
    title: first title
"""


def _capture(store: SQLiteStore, digest: str) -> None:
    from provenance.model import Source
    from provenance.store.rows import Batch

    batch = Batch()
    batch.add(
        Source(
            id="s1",
            kind="news",
            title="first title",
            sha256=digest,
            captured_at="2017-06-03T12:00:00Z",
        ),
        "capture",
    )
    store.ingest(batch, actor="t", action="capture")


def test_reingest_keeps_the_capture_and_refuses_another_hash(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE)
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([case]), actor="t")
        _capture(store, "a" * 64)
        events = store.counts().audit_events
        again = store.ingest(load_batch([case]), actor="t")
        assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
        assert store.counts().audit_events == events
        # an edit of another field keeps the capture
        case.write_text(CASE.replace("first title", "corrected title"))
        edited = store.ingest(load_batch([case]), actor="t")
        assert edited.updated == 1
        item = store.get("s1")
        assert item is not None and item.data["sha256"] == "a" * 64 and item.data["captured_at"]
        assert item.data["title"] == "corrected title"
        # a different original is refused, and nothing is written
        case.write_text(CASE + "    sha256: " + "b" * 64 + "\n")
        before = store.counts()
        with pytest.raises(ConflictError, match="never replaced"):
            store.ingest(load_batch([case]), actor="t")
        assert store.counts() == before
