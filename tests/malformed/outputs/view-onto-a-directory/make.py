"""A directory where the page would go (git keeps no empty directory)."""

from pathlib import Path


def make(dir: Path) -> None:
    (dir / "page.html").mkdir()
