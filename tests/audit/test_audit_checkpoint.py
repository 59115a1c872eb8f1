"""Keys and signed checkpoints (C2SP signed-note format); the CLI is tested in tests/cli/."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from provenance.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    generate_key,
    key_id,
    load_private_key,
    load_public_key,
    parse_checkpoint,
    write_keypair,
)
from provenance.audit.merkle import EMPTY_ROOT


def test_keys_round_trip_and_are_private(tmp_path: Path) -> None:
    for _ in range(5):  # base64 keys often contain "+": parsing must not split on it
        key = generate_key("monitor.example")
        d = tmp_path / key.public.id.hex()
        write_keypair(key, d / "k.key", d / "k.pub")
        assert stat.S_IMODE((d / "k.key").stat().st_mode) == 0o600
        assert load_private_key(d / "k.key") == key
        assert load_public_key(d / "k.pub") == key.public
    with pytest.raises(CheckpointError, match="exists"):
        write_keypair(key, d / "k.key", d / "k.pub")
    with pytest.raises(CheckpointError):
        load_public_key(d / "k.key")
    with pytest.raises(CheckpointError):
        load_private_key(d / "k.pub")
    assert len(key_id("a", b"\x00" * 32)) == 4


def test_checkpoint_signature_and_parsing() -> None:
    key, other = generate_key("monitor"), generate_key("monitor")
    cp = Checkpoint("example.org/log", 7, EMPTY_ROOT).signed(key)
    text = cp.text()
    assert text.startswith(
        "example.org/log\n7\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— monitor "
    )
    parsed = parse_checkpoint(text)
    assert parsed == cp
    parsed.verify(key.public)
    with pytest.raises(CheckpointError, match="no signature"):
        parsed.verify(other.public)
    forged = text.replace("\n7\n", "\n8\n")
    with pytest.raises(CheckpointError, match="does not verify"):
        parse_checkpoint(forged).verify(key.public)
    for bad in (
        "",
        "origin\n7\n",
        "o\nx\nAAAA\n\n— k AAAA\n",
        "o\n1\nAAAA\n\n— k AAAA\n",
        text.replace("— ", "- "),
    ):
        with pytest.raises(CheckpointError):
            parse_checkpoint(bad)
