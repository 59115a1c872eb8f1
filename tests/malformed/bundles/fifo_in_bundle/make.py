"""A FIFO inside the bundle (reading it would block forever)."""

import os
from pathlib import Path

from bundle_cases import signed_bundle


def make(dir: Path) -> None:
    bundle, _ = signed_bundle(dir)
    os.mkfifo(bundle / "log" / "pipe")
