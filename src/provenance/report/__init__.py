"""Printable evidence reports for an annex to an inquiry (``provenance report``).

A report of a claim, an incident or a casualty figure states each claim with its
independent chains as tables, every item of the evidence with who set each field, and the
audit events that recorded them with their Merkle inclusion proofs against a signed
checkpoint, with how to verify it all by hand. One concern per module:

* :mod:`.load` — the only module that reads a store (:func:`claim_report`,
  :func:`incident_report`, :func:`figure_report`);
* :mod:`.document` — the report as plain data; :mod:`.proofs` — the events and their
  proofs, step by step;
* :mod:`.markup`, :mod:`.sections`, :mod:`.audit_html`, :mod:`.html` — the HTML document
  (print styles, no script, strict CSP, every data string escaped);
* :mod:`.pdf` — printing with Debian's headless Chromium; :mod:`.write` — the file.
"""

from __future__ import annotations

from provenance.report.document import Report
from provenance.report.html import render_report
from provenance.report.load import claim_report, figure_report, incident_report, load_anchor
from provenance.report.pdf import ENV_CHROMIUM, ChromiumMissing, find_chromium, print_pdf
from provenance.report.write import WrittenReport, check_report_out, report_format, write_report

__all__ = [
    "ENV_CHROMIUM",
    "ChromiumMissing",
    "Report",
    "WrittenReport",
    "check_report_out",
    "claim_report",
    "figure_report",
    "find_chromium",
    "incident_report",
    "load_anchor",
    "print_pdf",
    "render_report",
    "report_format",
    "write_report",
]
