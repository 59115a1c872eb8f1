"""Paths the tests share (kept out of conftest.py, which pytest imports under one name)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "june-2017.yaml"
"""The June 2017 case file of the demo."""
IMPORT_FIXTURES = REPO / "tests" / "fixtures" / "import"
"""Small exports shaped like the monitors' real ones, one folder per profile."""
REAL_DATA = Path(os.environ.get("PROVENANCE_REAL_DATA", REPO.parent / "shared" / "data"))
"""The monitors' real exports (../shared/data; ``PROVENANCE_REAL_DATA`` elsewhere)."""
REAL_AIRWARS = REAL_DATA / "syrian-archive-airwars"
"""Airwars' Syria export: ``incidents_flat.csv`` and ``incident_sources_flat.csv``."""
