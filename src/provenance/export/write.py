"""Writing an export file: the format dispatch, the file's mode, and the audit event of an
export that carries witness identities.

:func:`write_export` is the one way an export reaches the disk. The file appears whole or
not at all: it is written to a temporary file beside ``out`` (created exclusively, mode 0600)
and renamed over ``out`` once complete, so an existing file or symbolic link at ``out`` is
replaced — never written through. An export with witness identities stays owner-only
(0600); others are made 0644.

**Order of an identity export.** The audit event comes *first*, then the file:

1. record ``export-witness-identities`` (if this fails, nothing is written);
2. write the temporary file, ``fsync`` it;
3. rename it over ``out``.

So no file holding identities — not even the temporary one a crash may leave behind — ever
exists without its event before it: the log may over-report (an export that then failed)
but never under-report a disclosure. When step 2 or 3 fails the temporary file is removed,
no file appears, and an ``export-witness-identities-failed`` event naming the first is
appended (best effort: if the log cannot be written either, the original error is raised
all the same). The other order — file first, then event, then rename — leaves a window in
which a file with identities exists and no event does (a crash after writing it), and a
rename that fails after the event cannot take the event back: the log is append-only.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from provenance.errors import InputError
from provenance.export import ExportFormat
from provenance.export.capture_histories import write_capture_histories
from provenance.export.graphml import write_graphml
from provenance.export.jsonl import write_jsonl
from provenance.export.prov_json import write_prov_json

if TYPE_CHECKING:
    from provenance.export.common import WitnessPolicy
    from provenance.store import Store

IDENTITIES_ACTION = "export-witness-identities"
FAILED_ACTION = "export-witness-identities-failed"


@dataclass(frozen=True)
class ExportResult:
    """What :func:`write_export` wrote."""

    format: ExportFormat
    out: Path
    records: int
    event_seq: int | None
    """The audit event of an export with witness identities (``None`` otherwise)."""

    @property
    def identities_logged_in(self) -> str | None:
        """``"audit-log"`` when the export was recorded there, else ``None``."""
        return "audit-log" if self.event_seq is not None else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format.value,
            "out": str(self.out),
            "records": self.records,
            "identities_logged_in": self.identities_logged_in,
        }


def check_destination(out: Path) -> None:
    """Refuse, before anything is written or logged, an ``out`` that is a directory or whose
    directory does not exist or cannot be written to."""
    if out.is_dir():
        raise InputError(f"{out} is a directory", "give the path of the export file")
    parent = out.parent
    if not parent.is_dir():
        raise InputError(f"cannot write {out}: {parent} is not a directory", "create it first")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(
            f"cannot write {out}: {parent} is not writable", "give a path in a writable directory"
        )


def write_export(
    store: Store,
    fmt: ExportFormat,
    out: Path,
    policy: WitnessPolicy,
    *,
    actor: str,
    by_family: bool = False,
) -> ExportResult:
    """Export ``store`` as ``fmt`` to ``out`` (see the module docstring for the file and the
    order of an identity export). ``by_family``: capture histories count organisation
    families, not organisations."""
    check_destination(out)
    witnesses: list[tuple[str, str, str, str]] = []
    seq: int | None = None
    if policy.include_identities:
        witnesses = [(w.id, "Witness", w.hash, "exported") for w in store.iter_items("Witness")]
        seq = store.record_event(
            IDENTITIES_ACTION,
            witnesses,
            actor=actor,
            reason=f"export {fmt.value} to {out.name} with witness identities"
            f" ({'identities file' if policy.identities else 'roles only: no identities file'})",
            summary={"format": fmt.value, "witnesses": len(witnesses)},
        )
    try:
        count = _write_file(store, fmt, out, policy, by_family)
    except BaseException as exc:
        if seq is not None:
            _record_failure(store, seq, witnesses, actor, exc)
        raise
    return ExportResult(fmt, out, count, seq)


def _write_file(
    store: Store, fmt: ExportFormat, out: Path, policy: WitnessPolicy, by_family: bool
) -> int:
    """Write the export to a temporary file beside ``out`` and rename it into place."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    except OSError as exc:
        raise InputError(
            f"cannot write {out}: {exc.strerror}", "give a path in a writable directory"
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            count = write_format(store, fmt, f, policy, by_family=by_family)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600 if policy.include_identities else 0o644)
        os.replace(tmp, out)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write {out}: {exc.strerror}", "check the path") from exc
        raise
    return count


def _record_failure(
    store: Store,
    seq: int,
    witnesses: list[tuple[str, str, str, str]],
    actor: str,
    exc: BaseException,
) -> None:
    """Append that the export of event ``seq`` wrote no file (best effort)."""
    try:
        store.record_event(
            FAILED_ACTION,
            [(wid, label, h, "export-failed") for wid, label, h, _ in witnesses],
            actor=actor,
            reason=f"the export recorded by event {seq} failed and wrote no file"
            f" ({type(exc).__name__})",
            summary={"event": seq},
        )
    except Exception:  # the original error is the one to report
        return


def write_format(
    store: Store, fmt: ExportFormat, out: BinaryIO, policy: WitnessPolicy, *, by_family: bool
) -> int:
    """Write ``fmt`` to the binary file ``out``; return the number of records."""
    if fmt is ExportFormat.capture_histories:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        count = write_capture_histories(store, text, by_family=by_family)
        text.flush()
        text.detach()  # the caller closes the file
        return count
    if fmt is ExportFormat.prov_json:
        return write_prov_json(store, out, policy)
    if fmt is ExportFormat.graphml:
        return sum(write_graphml(store, out, policy))
    return write_jsonl(store, out, policy)
