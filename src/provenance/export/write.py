"""Writing an export file: the format dispatch, the file's mode, and the audit event of an
export that carries witness identities.

:func:`write_export` is the one way an export reaches the disk, through
:class:`provenance.outfile.OutFile`: the file appears whole or not at all, never through a
symbolic link and never over an existing file without ``force``. An export with witness
identities stays owner-only (0600); others are made 0644.

**Order of an identity export.** The file is complete before the event, and the event is in
the log before the file has a name:

1. write the export to a temporary file beside ``out`` and ``fsync`` it — on Linux a file
   with no name at all (``O_TMPFILE``): a process killed now leaves nothing behind;
   elsewhere a hidden, owner-only temporary that the next export to ``out`` removes;
2. record ``export-witness-identities`` — if this fails (the store is locked by another
   writer, the server is gone) the temporary file is discarded, no file appears, and the
   error is a :class:`~provenance.errors.StoreError` naming the store;
3. link or rename the file into place (one system call).

So no file holding identities ever appears at ``out`` without
its event already in the log (on Linux, nowhere under any name: elsewhere only as the hidden
owner-only temporary of step 1); and no event is recorded for an export that could not be
written (step 1 failed). Only step 3 can fail after the event: then an
``export-witness-identities-failed`` event naming the first is appended (best effort: if
the log cannot be written either, the original error is raised all the same); a kill
between steps 2 and 3 leaves the event alone. The log is append-only, so that is the one
case where it records a disclosure that did not happen — never the reverse.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from provenance.errors import InputError, ProvenanceError, StoreError
from provenance.export import ExportFormat
from provenance.export.capture_histories import write_capture_histories
from provenance.export.graphml import write_graphml
from provenance.export.jsonl import write_jsonl
from provenance.export.prov_json import write_prov_json
from provenance.outfile import OutFile

if TYPE_CHECKING:
    from provenance.export.common import WitnessPolicy
    from provenance.store import AuditRow, Store

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


def write_export(
    store: Store,
    fmt: ExportFormat,
    out: Path,
    policy: WitnessPolicy,
    *,
    actor: str,
    by_family: bool = False,
    force: bool = False,
) -> ExportResult:
    """Export ``store`` as ``fmt`` to ``out`` (see the module docstring for the file and the
    order of an identity export). ``by_family``: capture histories count organisation
    families, not organisations. ``force``: replace an existing file or link at ``out``."""
    mode = 0o600 if policy.include_identities else 0o644
    with OutFile(out, force=force, mode=mode) as f:
        try:
            count = write_format(store, fmt, f.file, policy, by_family=by_family)
        except OSError as exc:
            raise InputError(
                f"cannot write {out}: {exc.strerror or exc}", "check the path"
            ) from exc
        f.sync()  # the file is complete before its event
        seq: int | None = None
        witnesses: list[AuditRow] = []
        if policy.include_identities:
            witnesses = [(w.id, "Witness", w.hash, "exported") for w in store.iter_items("Witness")]
            seq = _record_disclosure(store, fmt, out, policy, witnesses, actor)
        try:
            f.commit()
        except BaseException as exc:
            if seq is not None:
                _record_failure(store, seq, witnesses, actor, exc)
            raise
    return ExportResult(fmt, out, count, seq)


def _record_disclosure(
    store: Store,
    fmt: ExportFormat,
    out: Path,
    policy: WitnessPolicy,
    witnesses: list[AuditRow],
    actor: str,
) -> int:
    """Append the ``export-witness-identities`` event; any failure to do so is a
    :class:`~provenance.errors.StoreError` that names the store and says no file was
    written."""
    try:
        return store.record_event(
            IDENTITIES_ACTION,
            witnesses,
            actor=actor,
            reason=f"export {fmt.value} to {out.name} with witness identities"
            f" ({'identities file' if policy.identities else 'no identities file'})",
            summary={"format": fmt.value, "witnesses": len(witnesses)},
        )
    except Exception as exc:
        cause = exc.message if isinstance(exc, ProvenanceError) else str(exc)
        raise StoreError(
            f"the export with witness identities could not be recorded in the audit log of"
            f" {store.uri} ({cause}); no file was written to {out}",
            "an export with identities is only written with its audit event: if another"
            " process is writing to the store, wait for it to finish, then run the export again",
        ) from exc


def _record_failure(
    store: Store,
    seq: int,
    witnesses: list[AuditRow],
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
