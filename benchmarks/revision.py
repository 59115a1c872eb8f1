"""A git revision of this repository for a benchmark's baseline: its folders extracted, and
a line naming it (used by ``corroborate.py`` and ``ingest.py`` ``--baseline REV``)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def extract(rev: str, *folders: str, prefix: str = "provenance-baseline-") -> Path:
    """``folders`` of revision ``rev``, extracted by ``git archive`` into a new temporary
    directory, which is returned (the caller removes it)."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, *folders], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    return root


def describe(rev: str) -> str:
    """``<short hash> <subject>`` of ``rev``, cut at 80 characters."""
    out = subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=%h %s", rev],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip()[:80]
