"""``ingest_files``: the one library call behind ``provenance ingest``."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import EXAMPLE, IMPORT_FIXTURES

from provenance.errors import InputError, UsageError
from provenance.ingest.files import CaseFilesReport, IngestOptions, ingest_files
from provenance.store import Store, open_store

AIRWARS = [
    IMPORT_FIXTURES / "airwars" / "incidents_flat.csv",
    IMPORT_FIXTURES / "airwars" / "incident_sources_flat.csv",
]


def _never() -> Store:
    raise AssertionError("the store must not be opened")


def test_case_files_then_exports_into_one_store(tmp_path: Path) -> None:
    def opener() -> Store:
        return open_store(f"sqlite:///{tmp_path / 's.db'}", create=True)

    cases = ingest_files(opener, [EXAMPLE], IngestOptions(), actor="t")
    assert isinstance(cases, CaseFilesReport)
    assert cases.created == cases.items > 40 and cases.audit_event == 1
    assert set(cases.as_dict()) == {
        "files",
        "items",
        "created",
        "updated",
        "unchanged",
        "audit_event",
    }
    again = ingest_files(opener, [EXAMPLE], IngestOptions(), actor="t")
    assert isinstance(again, CaseFilesReport) and again.audit_event is None
    imported = ingest_files(opener, AIRWARS, IngestOptions(profile="airwars"), actor="t")
    assert isinstance(imported, dict)
    assert imported["profile"] == "airwars" and imported["audit_event"] == 2


def test_options_and_input_are_checked_before_the_store_is_opened(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: provenance-case/1\nsources: [{id: s1, kind: podcast}]\n")
    with pytest.raises(InputError, match=r"bad\.yaml"):
        ingest_files(_never, [bad], IngestOptions(), actor="t")
    for options in (
        IngestOptions(profile="ydp", mapping=tmp_path / "m.yaml"),
        IngestOptions(profile="nope"),
        IngestOptions(profile="ydp", encoding="klingon"),
        IngestOptions(id_prefix="x"),
    ):
        with pytest.raises(UsageError):
            ingest_files(_never, AIRWARS, options, actor="t")
    with pytest.raises(UsageError, match="give at least one PATH"):
        ingest_files(_never, [], IngestOptions(), actor="t")
