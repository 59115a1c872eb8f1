"""Output directories written whole (the inquiry bundle): :class:`OutDirectory`, built under
a hidden temporary name beside its path and renamed into place, with the same rules as
the files of :mod:`provenance.outfile`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import TracebackType

from provenance.outfile import (
    fsync_directory,
    path_exists,
    remove_stale_temps,
    temp_path,
    write_error,
)


class OutDirectory:
    """A directory built under a hidden temporary name beside ``path``
    (:func:`temp_path`, mode 0700 while it is built) and renamed into place whole by
    :meth:`commit`: ``path`` never holds half of it, and a killed run leaves only the
    hidden directory, which the next one removes (:func:`remove_stale_temps`).

    The caller decides first whether ``path`` may be replaced (``replace``): then an
    existing directory or symbolic link at ``path`` is swapped out and deleted; otherwise
    ``path`` must be missing or an empty directory. Leaving the block without
    :meth:`commit` deletes the temporary directory."""

    def __init__(self, path: Path, *, replace: bool = False) -> None:
        self.path = path
        self.replace = replace
        self.tmp = temp_path(path)
        self.committed = False

    def __enter__(self) -> OutDirectory:
        remove_stale_temps(self.path.parent, self.path.name)
        try:
            self.tmp.mkdir(mode=0o700)
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        return self

    def commit(self) -> Path:
        """``fsync`` every file, then rename the directory into place (mode 0755)."""
        try:
            for directory, _, names in os.walk(self.tmp):
                for name in names:
                    fsync_file(Path(directory) / name)
                fsync_directory(Path(directory))
            os.chmod(self.tmp, 0o755)
            self._place()
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        fsync_directory(self.path.parent)
        self.committed = True
        return self.path

    def _place(self) -> None:
        old: Path | None = None
        if self.replace and path_exists(self.path):
            old = temp_path(self.path)
            os.rename(self.path, old)  # the link itself, or the directory: never followed
        try:
            os.rename(self.tmp, self.path)  # fails on a file, a link or a non-empty directory
        except OSError:
            if old is not None:
                os.rename(old, self.path)
            raise
        if old is not None:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.committed:
            shutil.rmtree(self.tmp, ignore_errors=True)


def fsync_file(path: Path) -> None:
    """``fsync`` the regular file at ``path`` (never through a link)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
