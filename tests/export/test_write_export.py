"""``write_export``: an export with witness identities and its audit event come together,
and a failed export leaves no file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from audit_helpers import EXAMPLE

from provenance.errors import InputError, StoreError
from provenance.export import ExportFormat
from provenance.export.common import WitnessPolicy
from provenance.export.write import FAILED_ACTION, IDENTITIES_ACTION, write_export
from provenance.ingest.casefile import load_batch
from provenance.outfile import OutFile
from provenance.store.sqlite import SQLiteStore

IDENTITIES = {"ill-w-mosul-resident": {"name": "A. Person", "phone": "+000"}}


class NoLogStore(SQLiteStore):
    """A real store whose audit log refuses events recorded outside an ingest."""

    def record_event(
        self,
        action: str,
        items: Sequence[tuple[str, str, str, str]],
        *,
        actor: str,
        reason: str | None,
        summary: dict[str, Any] | None = None,
    ) -> int:
        raise StoreError("the audit log cannot be written", "injected failure")


class BrokenReadsStore(SQLiteStore):
    """A real store whose edges cannot be read: every export fails after its nodes."""

    def iter_edges(self, rels: Sequence[str], batch_size: int = 50_000) -> Any:
        raise StoreError("the server went away", "injected failure")


def _store(path: Path, cls: type[SQLiteStore] = SQLiteStore) -> SQLiteStore:
    if not path.exists():
        with SQLiteStore(path, create=True) as store:
            store.ingest(load_batch([EXAMPLE]), actor="ana", reason="case")
    return cls(path)


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != "s.db" and "s.db-" not in p.name)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_identity_export_logs_its_event_and_is_owner_only(
    tmp_path: Path, fmt: ExportFormat
) -> None:
    out = tmp_path / "w.out"
    with _store(tmp_path / "s.db") as store:
        policy = WitnessPolicy(True, IDENTITIES)
        result = write_export(store, fmt, out, policy, actor="ana")
        events = list(store.audit_events())
        witnesses = {w.id for w in store.iter_items("Witness")}
        rows = store.audit_items(seq=events[-1].seq)
    assert result.event_seq == events[-1].seq == 2 and result.records > 0
    assert result.as_dict()["identities_logged_in"] == "audit-log"
    entry = events[-1].decoded()
    assert entry["action"] == IDENTITIES_ACTION and entry["actor"] == "ana"
    assert entry["summary"] == {"format": fmt.value, "witnesses": len(witnesses)}
    assert {r.item_id for r in rows} == witnesses
    assert out.stat().st_mode & 0o777 == 0o600
    assert _files(tmp_path) == ["w.out"]  # no temporary file left
    if fmt is ExportFormat.jsonl:
        assert "A. Person" in out.read_text()


def test_a_failing_audit_log_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "w.jsonl"
    with _store(tmp_path / "s.db", NoLogStore) as store:
        with pytest.raises(StoreError, match="audit log cannot be written"):
            write_export(store, ExportFormat.jsonl, out, WitnessPolicy(True, IDENTITIES), actor="a")
        assert store.counts().audit_events == 1
        redacted = write_export(store, ExportFormat.jsonl, out, WitnessPolicy(), actor="a")
    assert redacted.event_seq is None and redacted.as_dict()["identities_logged_in"] is None
    assert "A. Person" not in out.read_text()  # a redacted export needs no event
    assert out.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_leaves_no_file_and_logs_no_disclosure(tmp_path: Path) -> None:
    """The file is complete before its event: an export that fails while it is written
    discloses nothing, so nothing is logged (before: an event, then a "failed" event)."""
    out = tmp_path / "w.jsonl"
    with _store(tmp_path / "s.db", BrokenReadsStore) as store:
        with pytest.raises(StoreError, match="went away"):
            write_export(store, ExportFormat.jsonl, out, WitnessPolicy(True, IDENTITIES), actor="a")
        events = [e.decoded() for e in store.audit_events()]
    assert _files(tmp_path) == []
    assert [e["action"] for e in events] == ["ingest"]


def test_a_failed_rename_after_the_event_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the last step (putting the file in place) can fail after the event: then a
    ``failed`` event names the first, and no file appears."""
    out = tmp_path / "w.jsonl"

    def refuse(self: OutFile) -> Path:
        raise InputError(f"cannot write {out}: No space left on device", "injected failure")

    monkeypatch.setattr(OutFile, "commit", refuse)
    with _store(tmp_path / "s.db") as store:
        with pytest.raises(InputError, match="No space"):
            write_export(store, ExportFormat.jsonl, out, WitnessPolicy(True, IDENTITIES), actor="a")
        events = [e.decoded() for e in store.audit_events()]
    assert _files(tmp_path) == []
    assert [e["action"] for e in events] == ["ingest", IDENTITIES_ACTION, FAILED_ACTION]
    assert events[2]["summary"] == {"event": 2} and "wrote no file" in events[2]["reason"]


def test_never_writes_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("not to be overwritten")
    out = tmp_path / "w.jsonl"
    out.symlink_to(target)
    with _store(tmp_path / "s.db") as store:
        policy = WitnessPolicy(True, IDENTITIES)
        with pytest.raises(InputError, match="symbolic link"):  # not replaced unasked
            write_export(store, ExportFormat.jsonl, out, policy, actor="a")
        assert store.counts().audit_events == 1
        write_export(store, ExportFormat.jsonl, out, policy, actor="a", force=True)
    assert target.read_text() == "not to be overwritten"
    assert not out.is_symlink() and json.loads(out.read_text().splitlines()[0])["kind"] == "node"


def test_a_directory_or_a_missing_directory_is_refused_before_anything(tmp_path: Path) -> None:
    with _store(tmp_path / "s.db") as store:
        policy = WitnessPolicy(True, IDENTITIES)
        with pytest.raises(InputError, match="is a directory"):
            write_export(store, ExportFormat.jsonl, tmp_path, policy, actor="a")
        assert store.counts().audit_events == 1
        with pytest.raises(InputError, match="cannot write"):
            write_export(
                store, ExportFormat.jsonl, tmp_path / "no" / "w", WitnessPolicy(), actor="a"
            )


def test_an_identity_export_to_a_missing_directory_logs_nothing(tmp_path: Path) -> None:
    """No disclosure is recorded for an export that could never be written."""
    with _store(tmp_path / "s.db") as store:
        with pytest.raises(InputError, match="is not a directory"):
            write_export(
                store,
                ExportFormat.jsonl,
                tmp_path / "no" / "w.jsonl",
                WitnessPolicy(True, IDENTITIES),
                actor="a",
            )
        assert store.counts().audit_events == 1
    assert not (tmp_path / "no").exists()


def test_identities_need_the_flag() -> None:
    with pytest.raises(InputError, match="--include-witness-identities"):
        WitnessPolicy.from_options(False, Path("ids.json"))
    assert WitnessPolicy.from_options(True, None) == WitnessPolicy(True, {})
