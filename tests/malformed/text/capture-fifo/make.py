"""A FIFO (nothing ever writes to it) where capture expects a file."""

import os
from pathlib import Path


def make(dir: Path) -> None:
    os.mkfifo(dir / "pipe")
