"""Issue 13, items 5 and 15: the one output-file helper (:mod:`provenance.outfile`) — never
through a symbolic link, never over a file without ``force``, whole or not at all, and
leftovers of killed runs removed by the next one."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.errors import InputError
from provenance.outdir import OutDirectory
from provenance.outfile import (
    TEMP_PATTERN,
    OutFile,
    check_destination,
    remove_stale_temps,
    write_file,
)


@pytest.fixture(params=[True, False], ids=["O_TMPFILE", "named-temporary"])
def tmpfile(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if not request.param:
        monkeypatch.setattr(OutFile, "open_anonymous", lambda self: None)
    return bool(request.param)


def dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(proc.stdout)


def leftover(path: Path, pid: int, *, directory: bool = False, age: float = 3600) -> Path:
    """A temporary of ``path`` as a run of process ``pid`` killed ``age`` seconds ago left."""
    tmp = path.with_name(f".{path.name}.provenance-{pid}-{'ab' * 8}.tmp")
    if directory:
        tmp.mkdir()
        (tmp / "claims.json").write_text("[]")
    else:
        tmp.write_text("half an export")
    then = os.stat(tmp).st_mtime - age
    os.utime(tmp, (then, then))
    return tmp


def test_writes_whole_files_and_leaves_nothing_else(tmp_path: Path, tmpfile: bool) -> None:
    out = tmp_path / "a.txt"
    with OutFile(out, mode=0o600) as f:
        f.file.write(b"hello")
        assert f.sha256() == hashlib.sha256(b"hello").hexdigest()
        assert not out.exists()  # nothing at the path until commit
        assert len(list(tmp_path.iterdir())) == (0 if tmpfile else 1)
        f.commit()
    assert out.read_bytes() == b"hello" and out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_an_unfinished_file_leaves_nothing(tmp_path: Path, tmpfile: bool) -> None:
    with pytest.raises(RuntimeError), OutFile(tmp_path / "a.txt") as f:
        f.file.write(b"half")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_never_over_a_file_or_through_a_link_without_force(tmp_path: Path, tmpfile: bool) -> None:
    """Before: checkpoint, view, export and keygen's .pub replaced a file or wrote through
    a link. After: refused, naming the path and --force; with force the entry is replaced,
    a link's target never written."""
    existing = tmp_path / "checkpoint.txt"
    existing.write_text("an earlier checkpoint")
    target = tmp_path / "target"
    target.write_text("keep")
    link, dangling = tmp_path / "link", tmp_path / "dangling"
    link.symlink_to(target)
    dangling.symlink_to(tmp_path / "created-through-the-link")
    for path, what in ((existing, "already exists"), (link, "symbolic link"),
                       (dangling, "symbolic link")):  # fmt: skip
        with pytest.raises(InputError, match=what) as err:
            write_file(path, b"new")
        assert str(path) in err.value.message and "--force" in err.value.hint
    assert existing.read_text() == "an earlier checkpoint" and target.read_text() == "keep"
    assert not (tmp_path / "created-through-the-link").exists()
    for path in (existing, link, dangling):
        write_file(path, b"new", force=True)
        assert not path.is_symlink() and path.read_bytes() == b"new"
    assert target.read_text() == "keep" and not (tmp_path / "created-through-the-link").exists()


def test_a_file_that_appears_meanwhile_is_not_overwritten(tmp_path: Path, tmpfile: bool) -> None:
    out = tmp_path / "a.txt"
    with pytest.raises(InputError, match="appeared while"), OutFile(out) as f:
        f.file.write(b"mine")
        out.write_text("someone else's")
        f.commit()
    assert out.read_text() == "someone else's" and list(tmp_path.iterdir()) == [out]


def test_directories_and_missing_directories_are_named(tmp_path: Path) -> None:
    """Item 9 (--out): a directory, a missing directory, a file as directory: an error
    naming the path, before anything is written."""
    with pytest.raises(InputError, match="is a directory") as err:
        check_destination(tmp_path, force=True)
    assert str(tmp_path) in err.value.message
    with pytest.raises(InputError, match="does not exist") as err:
        check_destination(tmp_path / "missing" / "x.txt")
    assert str(tmp_path / "missing") in err.value.message
    (tmp_path / "file").write_text("")
    with pytest.raises(InputError, match="is not a directory"):
        write_file(tmp_path / "file" / "x.txt", b"")
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(InputError, match="not a regular file"):
        write_file(tmp_path / "fifo", b"", force=True)


def test_stale_temporaries_of_the_path_are_removed_on_the_next_write(
    tmp_path: Path, tmpfile: bool
) -> None:
    """Item 15: only the path's own temporaries, of a process that is gone, older than
    this one; a live process's, another path's or a look-alike are kept."""
    out = tmp_path / "x.jsonl"
    gone = leftover(out, dead_pid())
    gone_dir = leftover(out, dead_pid(), directory=True)
    live = leftover(out, os.getppid())
    fresh = leftover(out, dead_pid(), age=-60)
    other = leftover(tmp_path / "y.jsonl", dead_pid())
    lookalike = tmp_path / ".x.jsonl.provenance-1-notours.tmp"
    lookalike.write_text("")
    assert all(TEMP_PATTERN.match(p.name) for p in (gone, gone_dir, live, fresh, other))
    write_file(out, b"{}\n")
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {out.name, live.name, fresh.name, other.name, lookalike.name}
    assert remove_stale_temps(tmp_path, "y.jsonl") == [other]


def test_a_directory_appears_whole_and_replaces_only_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    with OutDirectory(out) as d:
        (d.tmp / "a.json").write_text("{}")
        assert not out.exists()
        d.commit()
    assert [p.name for p in out.iterdir()] == ["a.json"]
    with pytest.raises(InputError, match="cannot write"), OutDirectory(out) as d:
        (d.tmp / "b.json").write_text("{}")
        d.commit()  # a non-empty directory is only replaced when the caller says so
    with OutDirectory(out, replace=True) as d:
        (d.tmp / "b.json").write_text("{}")
        d.commit()
    assert [p.name for p in out.iterdir()] == ["b.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["bundle"]
    with pytest.raises(RuntimeError), OutDirectory(tmp_path / "never") as d:
        raise RuntimeError
    assert [p.name for p in tmp_path.iterdir()] == ["bundle"]
