"""Issue 13, items 5 and 15 for custody: a working copy is never written through a link or
over a file without --force, and what a killed capture left in the originals directory is
removed by the next capture.

These need the change to ``provenance.audit.custody`` (``store_original`` through
:class:`provenance.outfile.OutFile` with ``remove_leftovers``; ``working_copy(force=)``) and
``audit working-copy --force`` given in the outputs helper's report: until it is applied
they are expected failures (strict, so that applying it shows here)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from audit_helpers import store_with_events
from cli_helpers import run_cli

from provenance.audit.custody import CustodyError, capture, working_copy


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(proc.stdout)


def aged(path: Path, seconds: float) -> Path:
    then = path.stat().st_mtime - seconds
    os.utime(path, (then, then))
    return path


def test_a_killed_captures_leftovers_are_removed_by_the_next_capture(tmp_path: Path) -> None:
    """Before: hidden ``originals/.capture-*`` files of killed captures stayed, up to the
    full size of what was captured. After: the next capture removes them (earlier
    versions' names, and this version's of processes that are gone), nothing else."""
    originals = tmp_path / "originals"
    originals.mkdir()
    legacy = originals / ".capture-k3j4h5g6"
    legacy.write_bytes(b"x" * 1000)
    aged(legacy, 3600)
    killed = originals / f".{'0' * 64}.provenance-{dead_pid()}-{'ab' * 8}.tmp"
    killed.write_bytes(b"y" * 1000)
    aged(killed, 3600)
    fresh = originals / ".capture-abcdefgh"  # changed after this process started: kept
    fresh.write_bytes(b"")
    aged(fresh, -60)
    page = tmp_path / "page.html"
    page.write_bytes(b"<html>report</html>")
    with store_with_events(tmp_path / "s.db", 1) as store:
        result = capture(store, page, "s-0", actor="ana")
    assert result.sha256 == hashlib.sha256(page.read_bytes()).hexdigest()
    assert sorted(p.name for p in originals.iterdir()) == [fresh.name, result.sha256]
    assert (originals / result.sha256).stat().st_mode & 0o777 == 0o444


def test_a_working_copy_is_never_written_through_a_link(tmp_path: Path) -> None:
    """Before: a dangling link at --out was followed (the copy created at its target).
    After: refused naming it and --force; with force the link itself is replaced."""
    page = tmp_path / "page.html"
    page.write_bytes(b"<html>report</html>")
    out = tmp_path / "copy.html"
    out.symlink_to(tmp_path / "planted.html")
    with store_with_events(tmp_path / "s.db", 1) as store:
        capture(store, page, "s-0", actor="ana")
        with pytest.raises(CustodyError, match="symbolic link") as err:
            working_copy(store, "s-0", out, actor="ana")
        assert "--force" in err.value.hint
        assert not (tmp_path / "planted.html").exists()
        assert store.counts().audit_events == 2  # nothing logged
        working_copy(store, "s-0", out, actor="ana", force=True)  # type: ignore[call-arg]
        assert store.counts().audit_events == 3
    assert not out.is_symlink() and out.read_bytes() == page.read_bytes()
    assert not (tmp_path / "planted.html").exists()


def test_working_copy_force_is_documented() -> None:
    assert "--force" in run_cli("audit", "working-copy", "--help", check=True).stdout
