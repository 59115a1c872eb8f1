"""Exports: W3C PROV-JSON, GraphML, JSON Lines and capture histories for MSE.

Witnesses are pseudonymous everywhere; see :mod:`provenance.export.common`.
:func:`provenance.export.write.write_export` writes any of them to a file.
"""

from __future__ import annotations

from enum import StrEnum


class ExportFormat(StrEnum):
    """The export formats (kept here, light to import, for option parsers)."""

    prov_json = "prov-json"
    graphml = "graphml"
    jsonl = "jsonl"
    capture_histories = "capture-histories"
