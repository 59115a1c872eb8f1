"""Issue 13, items 5, 9 (--out) and 15 through the real console script: no output is
written through a symbolic link or over an existing file without --force, every error
names the path, and what a killed run leaves does not block the next one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from audit_helpers import EXAMPLE
from cli_helpers import run_cli, run_json

from provenance.audit.checkpoint import generate_key, load_public_key, write_keypair
from provenance.audit.verify_bundle import verify_bundle


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("outfile")
    run_cli("ingest", str(EXAMPLE), store=work / "s.db", check=True)
    write_keypair(generate_key("monitor"), work / "k.key", work / "k.pub")
    return work


def refused(proc: subprocess.CompletedProcess[str], path: Path, what: str) -> None:
    shown = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in shown, shown
    assert str(path) in proc.stderr and what in proc.stderr and "--force" in proc.stderr, shown


COMMANDS = {
    "checkpoint": lambda w, out: ["audit", "checkpoint", "--key", str(w / "k.key"), "--out", str(out)],
    "export": lambda w, out: ["export", "--format", "jsonl", "--out", str(out)],
    "view": lambda w, out: ["view", "incident", "ill-mosul-1", "--out", str(out)],
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_existing_file_or_link_is_kept_unless_force(work: Path, command: str) -> None:
    """Before: the file was overwritten (checkpoint, view, export) or written through the
    link (checkpoint). After: refused, naming it and --force; --force replaces the entry."""
    args = COMMANDS[command]
    earlier = work / f"{command}-earlier.html"
    earlier.write_text("an earlier checkpoint: an outside anchor")
    target = work / f"{command}-target.html"
    target.write_text("keep")
    link = work / f"{command}-link.html"
    link.symlink_to(target)
    refused(run_cli(*args(work, earlier), store=work / "s.db"), earlier, "already exists")
    refused(run_cli(*args(work, link), store=work / "s.db"), link, "symbolic link")
    assert earlier.read_text().startswith("an earlier") and target.read_text() == "keep"
    for path in (earlier, link):
        run_cli(*args(work, path), "--force", store=work / "s.db", check=True)
        assert not path.is_symlink() and "an earlier" not in path.read_text()
    assert target.read_text() == "keep"


def test_keygen_writes_neither_key_through_a_link_or_over_a_file(work: Path) -> None:
    """Before: the .pub was written through a (dangling) link. After: neither key is
    written; --force replaces both."""
    prefix = work / "new"
    (work / "new.pub").symlink_to(work / "planted.pub")
    refused(run_cli("audit", "keygen", "--out", str(prefix)), work / "new.pub", "symbolic link")
    assert not (work / "new.key").exists() and not (work / "planted.pub").exists()
    keys = run_json("audit", "keygen", "--out", str(prefix), "--force")
    assert not (work / "new.pub").is_symlink() and not (work / "planted.pub").exists()
    assert (work / "new.key").stat().st_mode & 0o777 == 0o600
    refused(run_cli("audit", "keygen", "--out", str(prefix)), work / "new.key", "already exists")
    assert load_public_key(work / "new.pub").id.hex() == keys["key_id"]


def bundle(work: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = ["audit", "bundle", "ill-mosul-1", "--key", str(work / "k.key"), "--out", str(out)]
    return run_cli(*args, *extra, store=work / "s.db")


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(proc.stdout)


def test_a_killed_bundle_does_not_block_the_rerun(work: Path) -> None:
    """Item 15. Before: a bundle directory without its manifest (a killed run) blocked the
    rerun ("not empty"). After: a bundle is built in a hidden directory and renamed into
    place; the next run removes a killed run's hidden directory, and replaces an
    unfinished bundle directory an earlier version left (bundle files, no manifest)."""
    out = work / "b"
    out.mkdir()
    (out / "claims.json").write_text("[]")
    (out / "log").mkdir()
    (out / "log" / "events.jsonl").write_text("")
    hidden = work / f".b.provenance-{dead_pid()}-{'0f' * 8}.tmp"
    hidden.mkdir()
    (hidden / "incident.json").write_text("{}")
    os.utime(hidden, (1_000_000_000, 1_000_000_000))
    proc = bundle(work, out)
    assert proc.returncode == 0, proc.stderr
    assert not hidden.exists() and not [p for p in work.iterdir() if ".provenance-" in p.name]
    assert verify_bundle(out, load_public_key(work / "k.pub")).ok
    again = bundle(work, out)
    assert again.returncode == 1 and "holds a bundle" in again.stderr and "--force" in again.stderr
    assert bundle(work, out, "--force").returncode == 0
    assert verify_bundle(out, load_public_key(work / "k.pub")).ok


def test_a_bundle_is_never_written_over_other_files_or_through_a_link(work: Path) -> None:
    mine = work / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    for extra in ((), ("--force",)):
        proc = bundle(work, mine, *extra)
        assert (
            proc.returncode == 1 and "notes.txt" in proc.stderr and "Traceback" not in proc.stderr
        )
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    empty = work / "empty"
    empty.mkdir()
    link = work / "bundle-link"
    link.symlink_to(empty)
    refused(bundle(work, link), link, "symbolic link")
    assert list(empty.iterdir()) == []
    file = work / "a-file"
    file.write_text("x")
    proc = bundle(work, file)
    assert proc.returncode == 1 and f"{file} is a file" in proc.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["export"],
        ["view", "claim"],
        ["audit", "keygen"],
        ["audit", "checkpoint"],
        ["audit", "bundle"],
    ],
)
def test_force_is_documented(command: list[str]) -> None:
    assert "--force" in run_cli(*command, "--help", check=True).stdout
