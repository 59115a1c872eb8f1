"""Captured originals are checked file by file, and a check that could not run says so."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from audit_helpers import FilelessStore, store_with_events

from provenance.audit.checkpoint import generate_key
from provenance.audit.custody import capture
from provenance.audit.originals import (
    captured_originals,
    check_originals,
    verify_store_originals,
)
from provenance.audit.verify import verify_all


def _captured(tmp_path: Path, n: int = 2) -> tuple[object, list[str]]:
    """A store whose sources s-0 … s-{n-1} are captured (distinct bytes)."""
    store = store_with_events(tmp_path / "s.db", n)
    digests = []
    for i in range(n):
        page = tmp_path / f"p{i}.html"
        page.write_bytes(f"<html>report {i}</html>".encode())
        digests.append(capture(store, page, f"s-{i}", actor="ana").sha256)
    return store, digests


def _replace_by_directory(original: Path) -> None:
    os.chmod(original, 0o644)
    original.unlink()
    original.mkdir()


def test_an_original_replaced_by_a_directory_fails_verification(tmp_path: Path) -> None:
    store, (bad, good) = _captured(tmp_path)
    _replace_by_directory(tmp_path / "originals" / bad)
    report = verify_all(store)  # type: ignore[arg-type]
    assert report.log.ok and not report.ok
    [problem] = report.originals.problems
    assert (problem.file, problem.kind, problem.sources) == (bad, "unreadable", ("s-0",))
    assert "directory" in problem.message
    assert report.originals.checked == 1  # the other original was re-hashed
    assert report.as_dict()["originals"]["problems"][0]["file"] == bad
    assert f"  original {bad}: cannot be read: it is a directory" in report.lines()
    assert good not in "\n".join(report.lines())


def test_each_kind_of_problem_names_its_file(tmp_path: Path) -> None:
    store, (a, b) = _captured(tmp_path)
    directory = tmp_path / "originals"
    os.chmod(directory / a, 0o644)
    (directory / a).write_bytes(b"altered")
    os.chmod(directory / b, 0o644)
    (directory / b).unlink()
    (directory / "notes.txt").write_text("stray")
    (directory / ".capture-unfinished").write_text("hidden: an unfinished capture")
    report = check_originals(directory, captured_originals(store))  # type: ignore[arg-type]
    kinds = {(p.file, p.kind, p.sources) for p in report.problems}
    assert kinds == {
        (b, "missing", ("s-1",)),
        (a, "altered", ("s-0",)),
        ("notes.txt", "unexpected", ()),
    }
    assert (report.recorded, report.checked, report.ok) == (2, 1, False)


def test_unreadable_or_dangling_originals_are_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, (dangling, unreadable) = _captured(tmp_path)
    directory = tmp_path / "originals"
    os.chmod(directory / dangling, 0o644)
    (directory / dangling).unlink()
    (directory / dangling).symlink_to(tmp_path / "gone")
    import provenance.audit.originals as originals
    from provenance.audit.custody import CustodyError, hash_file

    def denied(path: Path) -> tuple[str, int]:
        if path.name != unreadable:
            return hash_file(path)
        try:
            raise PermissionError(13, "Permission denied")
        except OSError as exc:  # as hash_file raises it
            raise CustodyError(f"cannot read {path}: {exc.strerror}", "check the path") from exc

    monkeypatch.setattr(originals, "hash_file", denied)
    report = verify_store_originals(store)  # type: ignore[arg-type]
    found = {(p.file, p.kind, p.message) for p in report.problems}
    assert found == {
        (dangling, "unreadable", "cannot be read: it is not a regular file"),
        (unreadable, "unreadable", "cannot be read (Permission denied)"),
    }


def test_a_store_without_originals_directory_says_they_were_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROVENANCE_ORIGINALS", raising=False)
    store, _ = _captured(tmp_path)  # captured with the embedded store's directory
    store.close()  # type: ignore[attr-defined]
    with FilelessStore(tmp_path / "s.db") as server_like:
        report = verify_all(server_like)
    assert report.ok  # nothing found wrong, and nothing claimed either:
    assert report.originals.checked == 0 and report.originals.recorded == 2
    reason = report.originals.not_checked_reason
    assert reason is not None and "PROVENANCE_ORIGINALS" in reason
    assert "\n" not in reason and " — set PROVENANCE_ORIGINALS" in reason  # one line, with the hint
    assert report.as_dict()["originals"]["not_checked_reason"] == reason
    assert any("originals NOT checked (2 recorded" in line for line in report.lines())
    monkeypatch.setenv("PROVENANCE_ORIGINALS", str(tmp_path / "originals"))
    with FilelessStore(tmp_path / "s.db") as server_like:
        checked = verify_all(server_like).originals
    assert (checked.checked, checked.not_checked_reason, checked.ok) == (2, None, True)


def test_verify_all_decides_ok(tmp_path: Path) -> None:
    """The log, the graph and the originals each can fail the verdict; --no-state skips one."""
    store, _ = _captured(tmp_path, 1)
    key = generate_key("m")
    assert verify_all(store).ok  # type: ignore[arg-type]
    import sqlite3

    con = sqlite3.connect(tmp_path / "s.db")
    con.execute("UPDATE nodes SET data = replace(data, 'news', 'video') WHERE id = 's-0'")
    con.commit()
    con.close()
    edited = verify_all(store)  # type: ignore[arg-type]
    assert edited.log.ok and edited.state and not edited.ok
    unchecked = verify_all(store, check_state=False)  # type: ignore[arg-type]
    assert unchecked.ok and unchecked.as_dict()["state_checked"] is False
    from provenance.audit.log import make_checkpoint

    other = make_checkpoint(store, generate_key("m"))  # type: ignore[arg-type]
    forged = verify_all(store, [("cp", other)], key.public, check_state=False)  # type: ignore[arg-type]
    assert not forged.log.ok and not forged.ok
    message = forged.log.checkpoints[0].message  # one line in the report, with the hint
    assert "\n" not in message and message.endswith(
        " — verify with the public key of the key that signed it"
    )


def test_captured_originals_reads_do_not_grow_with_captures(tmp_path: Path) -> None:
    from audit_helpers import CountingStore

    store_with_events(tmp_path / "s.db", 8).close()
    with CountingStore(tmp_path / "s.db") as store:
        calls = []
        for i in range(8):
            page = tmp_path / f"p{i}"
            page.write_bytes(hashlib.sha256(str(i).encode()).digest())
            capture(store, page, f"s-{i}", actor="ana")
            if i in (0, 7):
                store.calls.clear()
                assert len(captured_originals(store)) == i + 1
                calls.append(dict(store.calls))
    assert calls[0] == calls[1]
