"""Writing a report: HTML or PDF by the name of ``--out``, the only file written.

:func:`check_report_out` says, before anything is read, whether ``--out`` can take a report
(its suffix, the destination, and for a PDF that Chromium is there); :func:`write_report`
renders and writes it through :mod:`provenance.outfile`: atomically, never through a
symbolic link, never over an existing file unless ``force``; ``-`` writes the HTML to
standard output.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.errors import UsageError
from provenance.outfile import check_destination, is_stdout, write_file
from provenance.report.document import Report
from provenance.report.html import render_report
from provenance.report.pdf import find_chromium, print_pdf
from provenance.wording import plural

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}
"""What ``--out`` may end with, and the format each means."""


def report_format(out: Path) -> str:
    """``html`` or ``pdf`` by ``out``'s suffix (``-``, standard output, is HTML); any
    other name is a :class:`~provenance.errors.UsageError`."""
    if is_stdout(out):
        return "html"
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"--out {out}: a report is written as .html or .pdf",
            "name the file REPORT.html or REPORT.pdf (or - for HTML on standard output)",
        )
    return fmt


def check_report_out(out: Path, *, force: bool = False, chromium: str | None = None) -> str:
    """The format of ``out`` once it is known that a report can be written there: the
    suffix, the destination (:func:`~provenance.outfile.check_destination`) and, for a
    PDF, Chromium (:func:`~provenance.report.pdf.find_chromium`)."""
    fmt = report_format(out)
    check_destination(out, force=force)
    if fmt == "pdf":
        find_chromium(chromium)
    return fmt


@dataclass(frozen=True)
class WrittenReport:
    """What was written, for the command's message and ``--json``."""

    path: str
    format: str
    bytes: int
    seconds: float
    incidents: int
    claims: int
    items: int
    events: int
    checkpoint_size: int
    anchored: bool

    def message(self) -> str:
        """One sentence for people."""
        where = "standard output" if self.path == "-" else self.path
        events = f"{self.checkpoint_size} event{'' if self.checkpoint_size == 1 else 's'}"
        proven = (
            f"signed checkpoint of {events}"
            if self.anchored
            else f"log's current root ({events}; no checkpoint given: not anchored)"
        )
        return (
            f"Report ({self.format.upper()}, {self.bytes:,} bytes) written to {where}:"
            f" {plural(self.claims, 'claim')} of {plural(self.incidents, 'incident')},"
            f" {plural(self.items, 'item')},"
            f" {plural(self.events, 'audit event')} with inclusion proofs against the {proven}."
        )

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "seconds": round(self.seconds, 3)}


def write_report(
    report: Report, out: Path, *, force: bool = False, chromium: str | None = None
) -> WrittenReport:
    """Render ``report`` and write it to ``out`` as HTML or PDF (:func:`report_format`)."""
    start = time.perf_counter()
    fmt = check_report_out(out, force=force, chromium=chromium)
    page = render_report(report)
    data = print_pdf(page, find_chromium(chromium)) if fmt == "pdf" else page.encode("utf-8")
    write_file(out, data, force=force)
    return WrittenReport(
        path=str(out),
        format=fmt,
        bytes=len(data),
        seconds=time.perf_counter() - start,
        incidents=len(report.incidents),
        claims=len(report.claims),
        items=len(report.items),
        events=len(report.events),
        checkpoint_size=report.checkpoint.size,
        anchored=report.checkpoint.anchored,
    )
