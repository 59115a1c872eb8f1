"""A dangling symbolic link where keygen puts the public key."""

from pathlib import Path


def make(dir: Path) -> None:
    (dir / "k.pub").symlink_to(dir / "elsewhere.pub")
