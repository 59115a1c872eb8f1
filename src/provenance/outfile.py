"""Output files at paths the user names, written safely: the one way the tool puts a file
(an export, a page, a checkpoint, a key, a bundle) on the disk.

Three promises, whatever the caller:

* **Never through a symbolic link, never over an existing entry without ``force``.**
  :func:`check_destination` refuses, before any work is done, a path that is a directory,
  lies in a missing directory, or already exists (a file, or a link: with ``force`` the
  entry itself is replaced, its target is never written). The final step re-checks
  atomically: without ``force`` the new file is *linked* into place, which fails if
  anything appeared at the path meanwhile.
* **Whole or not at all.** The bytes go to a temporary file in the same directory,
  ``fsync``-ed, then linked or renamed into place (and the directory ``fsync``-ed).
  Readers see the old file or the new one, never half of one.
* **No leftovers that block or leak.** Where the system allows (Linux ``O_TMPFILE``) the
  temporary file has no name at all until it is committed: a process killed while writing
  leaves nothing. Elsewhere it is a hidden name of the tool's own pattern
  (:data:`TEMP_PATTERN`, carrying the writer's process id), and the next write of the same
  path removes such temporaries left by processes that are gone
  (:func:`remove_stale_temps`).

:class:`OutFile` writes a file in steps (an export, whose audit event is recorded between
writing and committing), :func:`write_file` bytes in one call; :class:`provenance.outdir.OutDirectory` a
directory (a bundle) built hidden and renamed into place, by the same rules.

The path ``-`` (:func:`is_stdout`) means standard output: what :class:`OutFile` writes
goes to an anonymous temporary file and is copied to stdout by :meth:`OutFile.commit`,
so stdout gets the whole output or nothing.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from provenance.errors import InputError

TEMP_PATTERN = re.compile(r"^\.(?P<name>.+)\.provenance-(?P<pid>\d+)-[0-9a-f]{16}\.tmp$")
"""The name of a temporary file or directory of this tool: ``.<name>.provenance-<pid>-<16
hex>.tmp`` beside the output ``<name>``, made by process ``<pid>``."""

STARTED = time.time()
"""When this process started writing (the import of this module): a temporary older than
this, of a process that is gone, is a leftover."""

_PROC_FD = Path("/proc/self/fd")
_NOT_SUPPORTED = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT}
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def is_stdout(path: Path) -> bool:
    """Whether ``path`` is ``-``, standard output (``--out -``)."""
    return str(path) == "-"


def temp_path(path: Path) -> Path:
    """A new hidden name beside ``path`` of this process (:data:`TEMP_PATTERN`)."""
    return path.with_name(f".{path.name}.provenance-{os.getpid()}-{secrets.token_hex(8)}.tmp")


def _process_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def remove_stale_temps(directory: Path, name: str | None = None) -> list[Path]:
    """Remove from ``directory`` the temporaries (files or directories named by
    :data:`TEMP_PATTERN`, of the output ``name`` or of any output when ``None``; never what
    a symbolic link points to) that a killed run left: made by a process that no longer
    exists, and last changed before this one started. Returns what was removed; what
    cannot be removed is left as it is."""
    removed: list[Path] = []
    try:
        entries = list(directory.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = TEMP_PATTERN.match(entry.name)
        if match is None or name not in (None, match["name"]):
            continue
        if _process_gone(int(match["pid"])) and remove_if_older(entry, STARTED):
            removed.append(entry)
    return removed


def remove_if_older(entry: Path, started: float) -> bool:
    """Remove the file, link or directory tree ``entry`` if it was last changed before
    ``started``; whether it was removed."""
    try:
        if entry.lstat().st_mtime >= started:
            return False
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    except OSError:
        return False
    return True


def _lstat(path: Path) -> os.stat_result | None:
    """The entry at ``path`` itself (a link not followed), or ``None`` when there is none."""
    try:
        return path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}", "check the path") from exc


def path_exists(path: Path) -> bool:
    """Whether anything is at ``path``, a dangling link included (never followed)."""
    return _lstat(path) is not None


def check_destination(path: Path, *, force: bool = False) -> Path:
    """``path`` if a new file can be put there; else an
    :class:`~provenance.errors.InputError` naming it: a directory, a device, pipe or
    socket, a path in a missing or unwritable directory, or (without ``force``) an existing
    file or symbolic link. ``-`` (standard output) is always a destination."""
    if is_stdout(path):
        return path
    entry = _lstat(path)
    if entry is not None and stat.S_ISLNK(entry.st_mode):
        if not force:
            raise InputError(
                f"{path} is a symbolic link; output is never written through one",
                "use --force to replace the link itself, or choose another path",
            )
    elif entry is not None and stat.S_ISDIR(entry.st_mode):
        raise InputError(f"{path} is a directory", "give the path of a file to write")
    elif entry is not None and not stat.S_ISREG(entry.st_mode):
        raise InputError(
            f"{path} is not a regular file (a device, a pipe or a socket)",
            "give the path of a file to write",
        )
    elif entry is not None and not force:
        raise InputError(
            f"{path} already exists", "use --force to replace it, or choose another path"
        )
    parent = path.parent
    if not parent.is_dir():
        state = "is not a directory" + ("" if path_exists(parent) else " (it does not exist)")
        raise InputError(f"cannot write {path}: {parent} {state}", "create it first")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(
            f"cannot write {path}: {parent} is not writable", "give a path in a writable directory"
        )
    return path


def write_error(path: Path, exc: OSError) -> InputError:
    """The error a user reads when writing ``path`` failed with ``exc``."""
    if exc.errno == errno.EEXIST:
        return InputError(
            f"{path} already exists (it appeared while the output was written)",
            "use --force to replace it, or choose another path",
        )
    return InputError(
        f"cannot write {path}: {exc.strerror or exc}",
        "check that the directory is writable and the disk not full",
    )


def fsync_directory(directory: Path) -> None:
    """``fsync`` a directory, so that a rename in it lasts (best effort)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _link_magic(proc: str, dest: Path) -> None:
    """Give the open file ``proc`` (``/proc/self/fd/N``) the name ``dest``: ``linkat`` with
    ``AT_SYMLINK_FOLLOW`` (plain ``link`` would link the magic link itself), which Python
    calls only when a directory descriptor is given."""
    directory = os.open(dest.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.link(proc, dest.name, dst_dir_fd=directory, follow_symlinks=True)
    finally:
        os.close(directory)


def _default_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


class OutFile:
    """A file written to ``path`` whole or not at all (see the module docstring).

    ``with OutFile(path) as f:`` checks the destination, removes stale temporaries and
    opens the temporary file (``f.file``, binary); :meth:`commit` puts it in place with
    ``mode`` (default: ``0666`` less the umask). Leaving the block without :meth:`commit`
    (an error, a refused event) discards it: nothing appears at ``path``."""

    def __init__(self, path: Path, *, force: bool = False, mode: int | None = None) -> None:
        self.path = path
        self.force = force
        self.mode = _default_mode() if mode is None else mode
        self._named: Path | None = None
        self._file: BinaryIO | None = None
        self.committed = False

    @property
    def file(self) -> BinaryIO:
        """The temporary file, open for writing."""
        assert self._file is not None, "use OutFile as a context manager"
        return self._file

    def __enter__(self) -> OutFile:
        if is_stdout(self.path):
            self._file = tempfile.TemporaryFile()  # closed by __exit__
            return self
        check_destination(self.path, force=self.force)
        remove_stale_temps(self.path.parent, self.path.name)
        try:
            fd = self.open_anonymous()
            if fd is None:
                self._named = temp_path(self.path)
                flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                fd = os.open(self._named, flags, 0o600)
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        self._file = os.fdopen(fd, "w+b")
        return self

    def open_anonymous(self) -> int | None:
        """A file without a name in the output's directory (``O_TMPFILE``, Linux), or
        ``None`` where the system cannot make one: then a named hidden file is used."""
        flag = getattr(os, "O_TMPFILE", 0)
        if not flag or not _PROC_FD.is_dir():
            return None
        try:
            return os.open(self.path.parent, flag | os.O_RDWR, 0o600)
        except OSError as exc:
            if exc.errno in _NOT_SUPPORTED:
                return None
            raise

    def sync(self) -> None:
        """Flush and ``fsync`` what was written, and give the file its mode: after this,
        only :meth:`commit`'s one link or rename is left (a full disk shows here)."""
        f = self.file
        try:
            f.flush()
            os.fchmod(f.fileno(), self.mode)
            os.fsync(f.fileno())
        except OSError as exc:
            raise write_error(self.path, exc) from exc

    def sha256(self) -> str:
        """The SHA-256 (hex) of what was written, read back from the file."""
        f = self.file
        f.flush()
        f.seek(0)
        digest = hashlib.sha256()
        while block := f.read(1 << 20):
            digest.update(block)
        return digest.hexdigest()

    def commit(self) -> Path:
        """:meth:`sync`, then put the file at ``path`` (replacing what is there only with
        ``force``); raise :class:`~provenance.errors.InputError` when it cannot be."""
        self.sync()
        f = self.file
        if is_stdout(self.path):
            self._copy_to_stdout(f)
            return self.path
        try:
            if self._named is None:
                self._link_anonymous(f.fileno())
            else:
                self._place(self._named)
                self._named = None
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        fsync_directory(self.path.parent)
        self.committed = True
        return self.path

    def _copy_to_stdout(self, f: BinaryIO) -> None:
        """Copy what was written to standard output (``--out -``)."""
        f.seek(0)
        try:
            sys.stdout.flush()
            shutil.copyfileobj(f, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        self.committed = True

    def _link_anonymous(self, fd: int) -> None:
        proc = f"{_PROC_FD}/{fd}"
        if not self.force:
            _link_magic(proc, self.path)  # fails if anything is at path: never over or through
            return
        tmp = temp_path(self.path)
        _link_magic(proc, tmp)
        try:
            os.replace(tmp, self.path)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise

    def _place(self, tmp: Path) -> None:
        if self.force:
            os.replace(tmp, self.path)
            return
        try:
            os.link(tmp, self.path)
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            if path_exists(self.path):  # a file system without hard links: check, then rename
                raise FileExistsError(errno.EEXIST, "exists", str(self.path)) from exc
            os.replace(tmp, self.path)
            return
        tmp.unlink()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._file is not None:
            self._file.close()
        if self._named is not None:
            self._named.unlink(missing_ok=True)
            self._named = None


def write_file(path: Path, data: bytes, *, force: bool = False, mode: int | None = None) -> Path:
    """Write ``data`` to ``path`` with :class:`OutFile`; return ``path``."""
    with OutFile(path, force=force, mode=mode) as out:
        out.file.write(data)
        return out.commit()
