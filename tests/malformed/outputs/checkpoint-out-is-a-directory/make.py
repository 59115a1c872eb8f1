"""A signing key for the command (never committed: made for each run)."""

from pathlib import Path

from provenance.audit.checkpoint import generate_key, write_keypair


def make(dir: Path) -> None:
    write_keypair(generate_key("golden"), dir / "k.key", dir / "k.pub")
