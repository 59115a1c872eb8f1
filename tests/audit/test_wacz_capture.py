"""capture of a WACZ: checked first, kept as the original, what it holds recorded on the
source and in the custody record; refused with nothing recorded when a check fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_helpers import store_with_events
from wacz_helpers import PAGE, key_fingerprint, make_wacz, new_key, read_zip, write_zip

from provenance.audit.capture import capture_file
from provenance.audit.custody import capture
from provenance.audit.originals import check_originals
from provenance.audit.verify import verify_log
from provenance.audit.wacz import WaczError
from provenance.store import set_fields


def test_a_signed_wacz_is_kept_with_its_url_time_and_signer(tmp_path: Path) -> None:
    store = store_with_events(tmp_path / "s.db", 1)
    key = new_key()
    wacz = make_wacz(tmp_path / "a.wacz", key=key)
    result = capture_file(store, wacz, "s-0", actor="ana", tool="ArchiveWeb.page")
    assert result.checked is not None and result.checked["signature"]["kind"] == "anonymous ECDSA"
    assert (tmp_path / "originals" / result.sha256).read_bytes() == wacz.read_bytes()
    item = store.get("s-0")
    assert item is not None
    assert item.data["url"] == PAGE and item.data["sha256"] == result.sha256
    assert item.data["captured_at"].startswith("2026-03-14T09:30:12")  # the archive's time
    assert item.data.get("archive_url") is None
    event = next(iter(store.audit_events(2, 2))).decoded()
    assert event["action"] == "capture"
    reason = event["reason"]
    assert "datapackage: 3 resources, hashes OK" in reason
    assert "signature: anonymous ECDSA P-384, OK" in reason
    assert f"signer {key_fingerprint(key)}" in reason and f"archived {PAGE}" in reason
    assert "not checked: " in reason and "who holds the signing key" in reason
    assert verify_log(store).ok and not check_originals(tmp_path / "originals").problems
    store.close()


def test_the_sources_own_values_are_kept_and_another_url_is_flagged(tmp_path: Path) -> None:
    store = store_with_events(tmp_path / "s.db", 1)
    set_fields(
        store,
        "s-0",
        ["url=https://example.org/other", "captured_at=2026-03-01T00:00:00Z"],
        actor="ana",
        reason="seen on the day",
    )
    result = capture_file(store, make_wacz(tmp_path / "a.wacz"), "s-0", actor="ana")
    item = store.get("s-0")
    assert item is not None and item.data["url"] == "https://example.org/other"
    assert item.data["captured_at"].startswith("2026-03-01")  # the analyst's, not overwritten
    assert result.checked is not None
    [warning] = result.checked["warnings"]
    assert PAGE in warning and "https://example.org/other" in warning
    store.close()


@pytest.mark.parametrize("how", ["resource", "digest"])
def test_a_refused_wacz_records_nothing_and_keeps_nothing(tmp_path: Path, how: str) -> None:
    store = store_with_events(tmp_path / "s.db", 1)
    wacz = make_wacz(tmp_path / "a.wacz", key=new_key())
    files = read_zip(wacz)
    if how == "resource":
        files["pages/pages.jsonl"] = files["pages/pages.jsonl"].replace(b"Strike", b"Strife")
        expected = "'pages/pages.jsonl' was changed"
    else:
        files["datapackage.json"] = files["datapackage.json"].replace(b"tests 1.0", b"tests 9.9")
        expected = "datapackage.json was changed"
    write_zip(wacz, files)
    before = store.get("s-0")
    with pytest.raises(WaczError, match=expected):
        capture_file(store, wacz, "s-0", actor="ana")
    assert store.counts().audit_events == 1 and store.get("s-0") == before
    assert not (tmp_path / "originals").exists() or not any((tmp_path / "originals").iterdir())
    store.close()


def test_a_plain_file_is_captured_as_before(tmp_path: Path) -> None:
    store = store_with_events(tmp_path / "s.db", 1)
    page = tmp_path / "page.zip"
    page.write_bytes(b"PK not checked: only .wacz files are")
    result = capture_file(store, page, "s-0", actor="ana")
    assert result.checked is None and result.event_seq == 2
    assert capture(store, page, "s-0", actor="ana").already_captured
    store.close()
