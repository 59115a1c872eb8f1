"""Commands of this area (filled in by its issue)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from provenance.store.base import Store


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""


def demo_step(store: Store, out_dir: Path, console: Console) -> None:
    """What `provenance demo` shows of this area (nothing yet)."""
