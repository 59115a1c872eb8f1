"""A case file nested 10,000 levels deep (JSON)."""

from pathlib import Path


def make(dir: Path) -> None:
    depth = 10_000
    text = '{"format": "provenance-case/1",\n"description": ' + "[" * depth + "]" * depth + "}\n"
    (dir / "case.json").write_text(text)
