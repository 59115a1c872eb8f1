"""Custody: capture hashes and keeps originals read-only; they are never replaced."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from audit_helpers import store_with_events

from provenance.audit.custody import CustodyError, capture, working_copy
from provenance.audit.originals import check_originals
from provenance.audit.verify import verify_log


def test_capture_hashes_stores_read_only_and_logs(tmp_path: Path) -> None:
    store = store_with_events(tmp_path / "s.db", 2)
    page = tmp_path / "page.html"
    page.write_bytes(b"<html>strike report</html>")
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    result = capture(store, page, "s-1", actor="ana", url="https://example.org/a", tool="wget")
    assert result.sha256 == digest and result.event_seq == 3
    kept = tmp_path / "originals" / digest
    assert kept.read_bytes() == page.read_bytes()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o444
    item = store.get("s-1")
    assert item is not None and item.data["sha256"] == digest and item.data["captured_at"]
    assert item.data["url"] == "https://example.org/a"
    event = next(iter(store.audit_events(3, 3))).decoded()
    assert event["action"] == "capture" and event["actor"] == "ana"
    assert (
        digest in event["reason"]
        and "wget" in event["reason"]
        and "page.html" not in event["reason"]
    )
    # same bytes again: nothing new
    assert capture(store, page, "s-1", actor="ana").already_captured
    assert store.counts().audit_events == 3
    # other bytes for the same source: refused and recorded, original untouched
    page.write_bytes(b"<html>edited</html>")
    offered = hashlib.sha256(page.read_bytes()).hexdigest()
    with pytest.raises(CustodyError, match=r"never modified.*audit log as event 4"):
        capture(store, page, "s-1", actor="mallory")
    current = store.get("s-1")
    assert current is not None and current.data["sha256"] == digest
    assert store.counts().audit_events == 4  # the refusal: in the signed log, nowhere else
    refused = next(iter(store.audit_events(4, 4))).decoded()
    assert refused["action"] == "capture-refused" and refused["actor"] == "mallory"
    assert refused["summary"] == {"source": "s-1", "captured": digest, "offered": offered}
    [row] = store.audit_items(seq=4)
    assert (row.item_id, row.hash, row.change) == ("s-1", current.hash, "refused")
    assert sorted(p.name for p in (tmp_path / "originals").iterdir()) == [digest]
    assert verify_log(store).ok and not check_originals(tmp_path / "originals").problems
    store.close()


def test_working_copy_records_its_origin_and_tampered_original_is_found(tmp_path: Path) -> None:
    store = store_with_events(tmp_path / "s.db", 1)
    page = tmp_path / "v.mp4"
    page.write_bytes(os.urandom(3000))
    digest = capture(store, page, "s-0", actor="ana").sha256
    copy = working_copy(store, "s-0", tmp_path / "work.mp4", actor="ana")
    side = json.loads((tmp_path / "work.mp4.provenance.json").read_text())
    assert side["derived_from"] == {"sha256": digest, "source": "s-0"}
    logged = next(iter(store.audit_events(3, 3))).decoded()  # 1 ingest, 2 capture
    assert logged["action"] == "working-copy" and logged["actor"] == "ana"
    assert logged["summary"] == {"source": "s-0", "sha256": digest}
    assert [r.change for r in store.audit_items(item_id="s-0")] == ["created", "updated", "copied"]
    with pytest.raises(CustodyError, match="already exists"):
        working_copy(store, "s-0", copy, actor="ana")
    assert store.counts().audit_events == 3
    copy.write_bytes(b"cropped")  # working copies are writable; the original is not touched
    assert not check_originals(tmp_path / "originals").problems
    original = tmp_path / "originals" / digest
    os.chmod(original, 0o644)
    original.write_bytes(b"altered")
    assert any(
        "no longer match" in str(p) for p in check_originals(tmp_path / "originals").problems
    )
    with pytest.raises(CustodyError, match="missing or altered"):
        working_copy(store, "s-0", tmp_path / "again.mp4", actor="ana")
    store.close()
