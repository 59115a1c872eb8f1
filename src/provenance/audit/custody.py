"""Chain of custody for captured originals.

``capture`` hashes a file's bytes once, stores them content-addressed and read-only
(``<originals>/<sha256>``, mode 0444) and records the capture in the audit log by ingesting
the updated Source (``sha256``, ``captured_at``, and ``url`` when it had none) with action
``capture``; the event's reason records the size, hash, URL and tool. The local file name is
not logged (names of files often name people). A captured original is never replaced: a
second capture of other bytes for the same source is refused and the refusal recorded.

Working copies (``working_copy``) are writable copies of an original with a sidecar
``<copy>.provenance.json`` naming the original's hash, the source, who made it and when.

Acts that change no graph item — a refused capture (action ``capture-refused``), a working
copy (``working-copy``) — are appended to the same signed audit log with
:meth:`Store.record_event`, naming the source and its content hash: the log is the one
record of custody.

The originals directory: ``PROVENANCE_ORIGINALS`` if set, else ``originals/`` beside an
embedded store's file. :mod:`provenance.audit.originals` checks the originals kept there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from pydantic import ValidationError

from provenance.errors import InputError, NotFoundError, ProvenanceError, UsageError, expected_text
from provenance.outfile import (
    STARTED,
    OutFile,
    check_destination,
    remove_if_older,
    remove_stale_temps,
)

if TYPE_CHECKING:
    from provenance.model import Source
    from provenance.store import Store

ENV_ORIGINALS = "PROVENANCE_ORIGINALS"
_BLOCK = 1 << 20


class CustodyError(ProvenanceError):
    """A capture was refused, or an original is missing or altered."""


def originals_dir(store: Store) -> Path:
    """Where captured originals live for ``store``."""
    env = os.environ.get(ENV_ORIGINALS)
    if env:
        return Path(env)
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        return path.parent / "originals"
    raise CustodyError(
        "this store has no directory for captured originals",
        f"set {ENV_ORIGINALS} to a directory (a server store keeps no files)",
    )


MAX_CAPTURE_BYTES = 64 * 1024**3
"""The largest file ``capture`` takes (64 GiB): a bound on what one command reads."""


def open_regular(path: Path, limit: int = MAX_CAPTURE_BYTES) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file of at most ``limit`` bytes.

    A FIFO, a device such as ``/dev/zero``, a socket or a directory is refused before a
    byte is read (a read from it could block or never end): the file is opened without
    blocking and checked by what it is once open, so it cannot be swapped in between.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise CustodyError(f"cannot read {path}: {exc.strerror}", "check the path") from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise CustodyError(
            f"{path} is not a regular file ({_kind(info.st_mode)})",
            "capture a file: save the stream or device contents to a file first",
        )
    if info.st_size > limit:
        os.close(fd)
        raise CustodyError(
            f"{path} is {info.st_size:,} bytes, more than the {limit:,} bytes capture takes",
            "split the original or capture a smaller file",
        )
    return os.fdopen(fd, "rb")


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return name
    return "not a plain file"


def hash_file(path: Path, limit: int = MAX_CAPTURE_BYTES) -> tuple[str, int]:
    """``(sha256 hex, size)`` of a regular file (:func:`open_regular`), read in 1 MiB
    blocks; a file that grows past ``limit`` while it is read is refused."""
    h = hashlib.sha256()
    size = 0
    try:
        with open_regular(path, limit) as f:
            while block := f.read(_BLOCK):
                h.update(block)
                size += len(block)
                if size > limit:
                    raise CustodyError(
                        f"{path} grew past {limit:,} bytes while it was read",
                        "capture a file that is not being written",
                    )
    except OSError as exc:
        raise CustodyError(f"cannot read {path}: {exc.strerror}", "check the path") from exc
    return h.hexdigest(), size


def store_original(src: Path, digest: str, directory: Path) -> Path:
    """Copy ``src`` to ``directory/<digest>`` read-only; an existing copy is re-checked.

    The copy appears whole or not at all (:class:`~provenance.outfile.OutFile`: a file
    without a name until it is complete, or a hidden temporary carrying the process id);
    what killed captures left in ``directory`` is removed first (:func:`remove_leftovers`).
    """
    directory.mkdir(parents=True, exist_ok=True)
    remove_leftovers(directory)
    dest = directory / digest
    if dest.exists():
        if hash_file(dest)[0] != digest:
            raise CustodyError(
                f"the stored original {dest} no longer matches its hash",
                "the original was altered: restore it from a backup and investigate",
            )
        return dest
    mode = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
    with OutFile(dest, force=True, mode=mode) as out:
        try:
            with open_regular(src) as f:
                shutil.copyfileobj(f, out.file, _BLOCK)
        except OSError as exc:
            raise CustodyError(f"cannot read {src}: {exc.strerror}", "check the path") from exc
        out.sync()
        if out.sha256() != digest:
            raise CustodyError(f"{src} changed while it was captured", "capture it again")
        out.commit()
    return dest


LEGACY_TEMP = re.compile(r"^\.capture-[a-z0-9_]{8}$")
"""A capture's temporary file as earlier versions named it (``mkstemp(prefix=".capture-")``)."""


def remove_leftovers(directory: Path) -> list[Path]:
    """Remove what killed captures left in the originals ``directory``: this tool's
    temporaries of processes that are gone (:func:`~provenance.outfile.remove_stale_temps`),
    and earlier versions' ``.capture-*`` temporaries last changed before this process
    started. Captured originals (named by their hash) are never touched."""
    removed = remove_stale_temps(directory)
    for entry in directory.iterdir():
        if LEGACY_TEMP.match(entry.name) and remove_if_older(entry, STARTED):
            removed.append(entry)
    return removed


@dataclass(frozen=True)
class CaptureResult:
    source: str
    sha256: str
    size: int
    path: str
    event_seq: int | None
    already_captured: bool
    checked: dict[str, Any] | None = None
    """What a format check found (a WACZ: :meth:`provenance.audit.wacz.WaczCheck.as_dict`)."""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CheckedFile:
    """What a check of the file's format (a WACZ: :mod:`provenance.audit.wacz`) found
    before :func:`capture` keeps it."""

    sha256: str
    """The SHA-256 of the bytes that were checked: other bytes are refused."""
    fill: dict[str, Any]
    """Source fields to set where the source has no value (never over a value it has)."""
    note: str
    """Added to the capture event's reason: what was checked, the signer."""
    detail: dict[str, Any]
    """The check, JSON-ready, for :attr:`CaptureResult.checked`."""


TOOL_MAX = 500
"""The longest ``--tool`` name."""


def check_capture_options(url: str | None, tool: str | None) -> None:
    """Refuse a ``--url`` the source model would not take (checked again by
    :func:`captured_source`) and a ``--tool`` with control characters or over
    :data:`TOOL_MAX` characters, before anything is read or written
    (:class:`~provenance.errors.UsageError`)."""
    from provenance.rules import check_text

    if url is not None:
        captured_source({"id": "-", "kind": "other"}, {"url": url}, option="--url")
    if tool is not None:
        check_text(tool, "--tool")
        if len(tool) > TOOL_MAX:
            raise UsageError(
                f"--tool is {len(tool):,} characters long, more than {TOOL_MAX}",
                "name the capture tool (and its version) in a few words",
            )


def captured_source(data: dict[str, Any], update: dict[str, Any], option: str = "") -> Source:
    """The stored source ``data`` with the fields of ``update``, validated by the model like
    every write (a value it refuses is a :class:`~provenance.errors.UsageError` naming
    ``option`` or the field)."""
    from provenance.model import Source

    fields = {k: v for k, v in data.items()} | update
    try:
        return Source.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = option or ".".join(str(p) for p in first["loc"])
        problem = expected_text(first)
        bad = next((c for c in str(first["input"]) if unicodedata.category(c) == "Cc"), None)
        if first["type"] == "string_pattern_mismatch" and bad is not None:
            problem = f"holds the control character U+{ord(bad):04X}"
        raise UsageError(
            f"{name}: {problem}", "give a URL of at most 2,000 characters, no control characters"
        ) from exc


def capture(
    store: Store,
    file: Path,
    source_id: str,
    *,
    actor: str,
    url: str | None = None,
    tool: str | None = None,
    directory: Path | None = None,
    checked: CheckedFile | None = None,
) -> CaptureResult:
    """Hash ``file``, keep it as the original of source ``source_id`` and log the capture.

    With ``checked`` (the file's format was checked first), the file must still be the
    bytes checked; the fields of :attr:`CheckedFile.fill` are set where the source has
    none (``captured_at`` included: then it is the time the check found, not now) and
    :attr:`CheckedFile.note` is added to the event's reason.
    """
    from provenance.store import Batch, fields_of, utc_now

    check_capture_options(url, tool)
    open_regular(file).close()  # a FIFO or device is refused before anything else
    item = store.get(source_id)
    if item is None or item.label != "Source":
        raise NotFoundError(f"no source with id {source_id!r}", "ingest the source first")
    directory = directory or originals_dir(store)
    digest, size = hash_file(file)
    if checked is not None and checked.sha256 != digest:
        raise CustodyError(f"{file} changed while it was checked", "capture it again")
    detail = checked.detail if checked is not None else None
    old = item.data.get("sha256")
    if old and old != digest:
        seq = store.record_event(
            "capture-refused",
            [(source_id, "Source", item.hash, "refused")],
            actor=actor,
            reason=f"refused: new bytes sha256={digest} for a source captured as sha256={old}",
            summary={"source": source_id, "captured": old, "offered": digest},
        )
        raise CustodyError(
            f"source {source_id!r} already has a captured original (sha256 {old[:16]}…);"
            f" the offered file differs (sha256 {digest[:16]}…). Originals are never modified;"
            f" the refusal was recorded in the audit log as event {seq}",
            "capture the new version as a new source that cites this one",
        )
    path = store_original(file, digest, directory)
    if old == digest:
        return CaptureResult(source_id, digest, size, str(path), None, True, detail)
    update: dict[str, Any] = {"sha256": digest, "captured_at": utc_now()}
    if checked is not None:
        update |= {k: v for k, v in checked.fill.items() if v is not None}
        update |= {k: item.data[k] for k in checked.fill if item.data.get(k)}
    if url and not item.data.get("url"):
        update["url"] = url
    batch = Batch()
    batch.add(captured_source(fields_of(item.data), update), f"capture of source {source_id!r}")
    reason = (
        f"capture: {size} bytes, sha256={digest}, url={url or item.data.get('url') or '-'},"
        f" tool={tool or '-'}" + (f"; {checked.note}" if checked is not None else "")
    )
    report = store.ingest(batch, actor=actor, reason=reason, action="capture")
    return CaptureResult(source_id, digest, size, str(path), report.event_seq, False, detail)


def working_copy(
    store: Store, source_id: str, out: Path, *, actor: str, force: bool = False
) -> Path:
    """Copy a source's captured original to ``out`` (writable) with a provenance sidecar.

    Both are written whole, never through a symbolic link nor over an existing file unless
    ``force`` (:mod:`provenance.outfile`), and put in place only once the ``working-copy``
    event is in the log: if the event cannot be appended, neither appears.
    """
    from provenance.store import iso_utc, utc_now

    item = store.get(source_id)
    digest = item.data.get("sha256") if item is not None else None
    if item is None or not digest:
        raise NotFoundError(
            f"source {source_id!r} has no captured original",
            "capture it first: `provenance capture`",
        )
    original = originals_dir(store) / str(digest)
    if not original.exists() or hash_file(original)[0] != digest:
        raise CustodyError(
            f"the original of {source_id!r} ({original}) is missing or altered",
            "restore it from a backup",
        )
    sidecar = out.with_name(out.name + ".provenance.json")
    try:
        for path in (out, sidecar):
            check_destination(path, force=force)
    except InputError as exc:
        raise CustodyError(exc.message, exc.hint) from exc
    record = {
        "derived_from": {"sha256": digest, "source": source_id},
        "made_at": iso_utc(utc_now()),
        "made_by": actor,
        "note": "working copy: not the evidentiary original; its hash may change",
    }
    with OutFile(out, force=force, mode=0o644) as copy, OutFile(sidecar, force=force) as side:
        with original.open("rb") as f:
            shutil.copyfileobj(f, copy.file, _BLOCK)
        side.file.write((json.dumps(record, indent=2) + "\n").encode())
        copy.sync()
        side.sync()
        store.record_event(
            "working-copy",
            [(source_id, "Source", item.hash, "copied")],
            actor=actor,
            reason=f"working copy of sha256={digest}",
            summary={"source": source_id, "sha256": digest},
        )
        copy.commit()
        side.commit()
    return out
