"""Derived data cached beside a store, valid for one revision of it.

A whole-store computation (the corroboration index of ``corroborate --all``, say) reads
every node; its result only changes when the store does. :class:`Snapshot` keeps such a
result as bytes in a file beside an embedded store (``STORE.db`` → ``STORE.db.cache/NAME``),
keyed by the store's :meth:`~provenance.store.Store.revision` (the head of the audit log:
every mutation appends an event in its own transaction) and by a ``version`` the caller
gives (its format and code). The file is never trusted beyond what it proves:

* a file whose key differs (another revision, another version), whose length or BLAKE2b
  digest does not match, or which cannot be read, is ignored (:meth:`Snapshot.load` returns
  ``None``) and replaced by the next :meth:`Snapshot.save`;
* :meth:`Snapshot.save` writes a temporary file in the cache directory and renames it over
  the old one (readers see the old file or the new one, never half of one), and only when
  the store's revision is still the one read before the data was computed (a write in
  between would have mixed two states);
* the cache is optional: a store without a revision (``None``: the server store), a
  directory that cannot be made or written, or a symbolic link where the directory or
  file should be, only costs the time to compute the data again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from provenance.store.contract import Store

MAGIC = b"provenance-snapshot 1\n"
"""The first line of every snapshot file."""

SQLITE_PREFIX = "sqlite:///"
"""The start of an embedded store's :attr:`~provenance.store.Store.uri`, before its path."""


def cache_dir(store: Store) -> Path | None:
    """Where ``store``'s snapshots live (``STORE.db.cache`` beside an embedded store, whose
    :attr:`~provenance.store.Store.uri` is ``sqlite:///`` and its path), or ``None`` for a
    store without a file."""
    if not store.uri.startswith(SQLITE_PREFIX):
        return None
    path = Path(store.uri.removeprefix(SQLITE_PREFIX))
    return path.with_name(path.name + ".cache")


class Snapshot:
    """The snapshot ``name`` of ``store`` for ``version`` at the store's current revision
    (read once, here: compute the data after this, then :meth:`save` it)."""

    def __init__(self, store: Store, name: str, version: str) -> None:
        self.store = store
        folder = cache_dir(store)
        self.path = folder / name if folder is not None else None
        self.revision = store.revision() if folder is not None else None
        self.key = f"{version}\n{self.revision}"

    def load(self) -> bytes | None:
        """The payload saved for this revision and version, or ``None`` (none saved, stale,
        corrupt or unreadable)."""
        if self.path is None or self.revision is None:
            return None
        try:
            if self.path.parent.is_symlink() or self.path.is_symlink():
                return None
            data = self.path.read_bytes()
        except OSError:
            return None
        return _payload(data, self.key)

    def save(self, payload: bytes) -> bool:
        """Save ``payload`` atomically when the store is still at the revision read at
        construction; whether it was saved (a failure to write only costs time later)."""
        if self.path is None or self.revision is None or self.store.revision() != self.revision:
            return False
        header = json.dumps(
            {"key": self.key, "size": len(payload), "blake2b": _digest(payload)},
            separators=(",", ":"),
        ).encode()
        folder = self.path.parent
        try:
            folder.mkdir(exist_ok=True)
            if folder.is_symlink() or self.path.is_symlink():
                return False
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=folder)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + header + b"\n")
                fh.write(payload)
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return False
        return True


def _digest(payload: bytes) -> str:
    return hashlib.blake2b(payload, digest_size=32).hexdigest()


def _payload(data: bytes, key: str) -> bytes | None:
    """The payload of snapshot file ``data`` when it is whole and saved under ``key``."""
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        header = json.loads(data[len(MAGIC) : end])
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("key") != key:
        return None
    payload = data[end + 1 :]
    if header.get("size") != len(payload) or header.get("blake2b") != _digest(payload):
        return None
    return payload
