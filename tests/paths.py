"""Paths the tests share (kept out of conftest.py, which pytest imports under one name)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "june-2017.yaml"
"""The June 2017 case file of the demo."""
IMPORT_FIXTURES = REPO / "tests" / "fixtures" / "import"
"""Small exports shaped like the monitors' real ones, one folder per profile."""
