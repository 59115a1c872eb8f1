"""Configuration read in one place: the default store URI and the case-file size limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli
from paths import EXAMPLE

from provenance import settings
from provenance.errors import UsageError


def test_the_default_store_uri_is_defined_once() -> None:
    from provenance_cli.main import main

    assert not hasattr(settings, "store_uri")  # the unused reader is gone
    default = main.__defaults__  # the --store option's default
    assert default is not None and settings.DEFAULT_STORE_URI in default


def test_max_case_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROVENANCE_MAX_CASE_BYTES", raising=False)
    assert settings.max_case_bytes() == settings.DEFAULT_MAX_CASE_BYTES
    monkeypatch.setenv("PROVENANCE_MAX_CASE_BYTES", "2048")
    assert settings.max_case_bytes() == 2048
    for bad in ("lots", "-5", "0"):
        monkeypatch.setenv("PROVENANCE_MAX_CASE_BYTES", bad)
        with pytest.raises(UsageError, match="PROVENANCE_MAX_CASE_BYTES"):
            settings.max_case_bytes()


def test_a_bad_size_limit_is_a_usage_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVENANCE_MAX_CASE_BYTES", "lots")
    proc = run_cli("ingest", str(EXAMPLE), store=tmp_path / "s.db")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("Error: environment variable PROVENANCE_MAX_CASE_BYTES")
    assert "Traceback" not in proc.stderr and not (tmp_path / "s.db").exists()
