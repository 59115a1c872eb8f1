"""Issue 13, item 1: an identity export and its audit event come together or not at all,
with another process holding the store's write lock (``BEGIN IMMEDIATE``) or a SIGKILL
while the export waits for it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from audit_helpers import EXAMPLE
from cli_helpers import run_cli

from provenance.export.write import IDENTITIES_ACTION
from provenance.outfile import TEMP_PATTERN
from provenance.store.sqlite import SQLiteStore

HOOKED_CLI = Path(__file__).resolve().parent / "locked_store_cli.py"
IDS = '{"ill-w-mosul-resident": {"name": "A. Person"}}'


@pytest.fixture
def work(tmp_path: Path) -> Path:
    run_cli("ingest", str(EXAMPLE), store=tmp_path / "s.db", check=True)
    (tmp_path / "ids.json").write_text(IDS)
    return tmp_path


@contextmanager
def write_lock(db: Path) -> Iterator[None]:
    """Hold the store's write lock from another connection."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        con.execute("ROLLBACK")
        con.close()


def export_args(work: Path) -> list[str]:
    return [
        "--store",
        f"sqlite:///{work / 's.db'}",
        "export",
        "--format",
        "jsonl",
        "--include-witness-identities",
        "--identities",
        str(work / "ids.json"),
        "--out",
        str(work / "x.jsonl"),
    ]


def hooked(hook: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PROVENANCE_ACTOR": "tester"}
    argv = [sys.executable, str(HOOKED_CLI), hook, *args]
    return subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def actions(db: Path) -> list[str]:
    with SQLiteStore(db) as store:
        return [e.decoded()["action"] for e in store.audit_events()]


def listing(work: Path) -> list[str]:
    return sorted(p.name for p in work.iterdir() if not p.name.startswith("s.db"))


def test_a_locked_store_gives_an_error_and_no_identity_file(work: Path) -> None:
    """Before: "database is locked" traceback. After: an error naming the store, saying no
    file was written and what to do; no file, no temporary, no event; a rerun works."""
    with write_lock(work / "s.db"):
        proc = hooked("impatient", *export_args(work))
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert "Traceback" not in err + out
    assert err.startswith("Error: ") and f"sqlite:///{work / 's.db'}" in err
    assert "locked" in err and "no file was written" in err
    assert "another process is writing to the store" in err
    assert listing(work) == ["ids.json"]
    assert actions(work / "s.db") == ["ingest"]
    run_cli(*export_args(work), check=True)
    assert listing(work) == ["ids.json", "x.jsonl"]
    assert actions(work / "s.db") == ["ingest", IDENTITIES_ACTION]


@pytest.mark.parametrize("tmpfile", [True, False], ids=["O_TMPFILE", "named-temporary"])
def test_a_kill_while_waiting_for_the_log_leaves_no_identity_file(
    work: Path, tmpfile: bool
) -> None:
    """SIGKILL once the export is written and its event waits for the lock: no file at
    --out and no event. With O_TMPFILE nothing at all is left; with a named temporary, the
    hidden leftover is removed by the next export to the same path (item 15)."""
    extra = [] if tmpfile else ["--no-tmpfile"]
    with write_lock(work / "s.db"):
        proc = hooked("announce", *extra, *export_args(work))
        assert proc.stderr is not None
        assert proc.stderr.readline() == "recording\n"  # the file is complete: the window
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert not (work / "x.jsonl").exists()
    assert actions(work / "s.db") == ["ingest"]
    left = [n for n in listing(work) if n != "ids.json"]
    if tmpfile:
        assert left == []
    else:
        assert len(left) == 1 and TEMP_PATTERN.match(left[0])
        assert (work / left[0]).stat().st_mode & 0o777 == 0o600  # owner-only meanwhile
    run_cli(*export_args(work), check=True)
    assert listing(work) == ["ids.json", "x.jsonl"]
    assert actions(work / "s.db") == ["ingest", IDENTITIES_ACTION]
    assert "A. Person" in (work / "x.jsonl").read_text()
