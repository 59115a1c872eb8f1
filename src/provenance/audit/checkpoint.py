"""Signed checkpoints of the audit log: C2SP ``tlog-checkpoint`` in a ``signed-note``.

A checkpoint is the text ``<origin>\\n<size>\\n<base64 root>\\n`` followed by a blank line
and one signature line per signer, ``— <key name> <base64(key id || Ed25519 signature)>``.
The key id is the first 4 bytes of ``SHA-256(<key name> || "\\n" || 0x01 || public key)``,
so checkpoints and keys interoperate with Go's ``golang.org/x/mod/sumdb/note`` and the
transparency-log tools built on it.

Key files (``audit keygen``): the public key is one line ``<name>+<key id hex>+<base64(0x01
|| 32-byte key)>`` (a note verifier key); the private key is ``PRIVATE+KEY+<name>+<key id
hex>+<base64(0x01 || 32-byte seed)>``, written with mode 0600. Keep the private key and the
checkpoints it signs off the machine that holds the store: a hash chain kept in the same
database proves nothing against whoever controls that database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from provenance.errors import InputError, ProvenanceError
from provenance.outfile import check_destination, write_file

ALG_ED25519 = b"\x01"
_NAME = re.compile(r"^[^\s+]{1,200}$")
_SIG_PREFIX = "\u2014 "  # em dash and space, as in signed-note


class CheckpointError(ProvenanceError):
    """A key or checkpoint file is malformed, or a signature does not verify."""


def key_id(name: str, public: bytes) -> bytes:
    """The 4-byte signed-note key id of an Ed25519 public key."""
    return hashlib.sha256(name.encode() + b"\n" + ALG_ED25519 + public).digest()[:4]


@dataclass(frozen=True)
class PublicKey:
    """A named Ed25519 verifier key."""

    name: str
    raw: bytes

    @property
    def id(self) -> bytes:
        return key_id(self.name, self.raw)

    def text(self) -> str:
        """The one-line verifier key: ``name+keyid+base64``."""
        b64 = base64.b64encode(ALG_ED25519 + self.raw).decode()
        return f"{self.name}+{self.id.hex()}+{b64}"

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class PrivateKey:
    """A named Ed25519 signing key."""

    name: str
    seed: bytes

    def _key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def public(self) -> PublicKey:
        raw = (
            self._key()
            .public_key()
            .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )
        return PublicKey(self.name, raw)

    def sign(self, message: bytes) -> bytes:
        return self._key().sign(message)

    def text(self) -> str:
        b64 = base64.b64encode(ALG_ED25519 + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.public.id.hex()}+{b64}"


def generate_key(name: str) -> PrivateKey:
    """A new random Ed25519 key named ``name`` (no spaces or ``+``)."""
    if not _NAME.match(name):
        raise CheckpointError(f"bad key name {name!r}", "use letters, digits, dots and dashes")
    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return PrivateKey(name, seed)


def _decode_key(text: str, where: str, *, private: bool) -> tuple[str, bytes]:
    text = text.strip()
    if private:
        if not text.startswith("PRIVATE+KEY+"):
            raise CheckpointError(
                f"{where} is not a private key file", "give the file written by `audit keygen`"
            )
        text = text.removeprefix("PRIVATE+KEY+")
    parts = text.split("+", 2)  # names hold no "+"; base64 may
    if len(parts) != 3:
        raise CheckpointError(
            f"{where} is not a public key file (name+keyid+key)",
            "give the .pub file written by `audit keygen`",
        )
    name, hex_id, b64 = parts
    try:
        blob = base64.b64decode(b64, validate=True)
        want_id = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError) as exc:
        raise CheckpointError(f"{where}: the key is not valid base64/hex ({exc})") from exc
    if len(blob) != 33 or blob[:1] != ALG_ED25519 or not _NAME.match(name):
        raise CheckpointError(f"{where}: not an Ed25519 key", "give a key made by `audit keygen`")
    raw = blob[1:]
    pub = PrivateKey(name, raw).public.raw if private else raw
    if key_id(name, pub) != want_id:
        raise CheckpointError(f"{where}: the key id does not match the key", "the file is damaged")
    return name, raw


def load_public_key(path: Path) -> PublicKey:
    """Read a verifier key file."""
    name, raw = _decode_key(_read(path), str(path), private=False)
    return PublicKey(name, raw)


def load_private_key(path: Path) -> PrivateKey:
    """Read a private key file."""
    name, seed = _decode_key(_read(path), str(path), private=True)
    return PrivateKey(name, seed)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CheckpointError(f"cannot read {path}: {exc.strerror}", "check the path") from exc


def write_keypair(
    key: PrivateKey, private_path: Path, public_path: Path, *, force: bool = False
) -> None:
    """Write the private key (mode 0600) and the public key, each whole or not at all and
    never through a symbolic link (:mod:`provenance.outfile`); the directory is created if
    missing. Neither is written unless both paths can take a new file: an existing file or
    link at either is a :class:`CheckpointError` naming it, unless ``force`` (then both are
    replaced)."""
    try:
        private_path.parent.mkdir(parents=True, exist_ok=True)
        public_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the directory of {private_path}: {exc.strerror or exc}",
            "give a path in a writable directory",
        ) from exc
    try:
        for path in (private_path, public_path):
            check_destination(path, force=force)
    except InputError as exc:  # a key file's error, as every other of this module
        raise CheckpointError(exc.message, exc.hint) from exc
    write_file(private_path, (key.text() + "\n").encode(), force=force, mode=0o600)
    write_file(public_path, (key.public.text() + "\n").encode(), force=force)


# --- checkpoints --------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement that the log ``origin`` had ``size`` events with Merkle ``root``."""

    origin: str
    size: int
    root: bytes
    signatures: tuple[tuple[str, bytes], ...] = ()
    """(key name, 4-byte key id + 64-byte signature) of every signature line."""

    def body(self) -> bytes:
        """The signed text: origin, size and base64 root, one per line."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n".encode()

    def signed(self, key: PrivateKey) -> Checkpoint:
        """This checkpoint with ``key``'s signature added."""
        sig = key.public.id + key.sign(self.body())
        return Checkpoint(self.origin, self.size, self.root, (*self.signatures, (key.name, sig)))

    def text(self) -> str:
        lines = [
            f"{_SIG_PREFIX}{name} {base64.b64encode(sig).decode()}" for name, sig in self.signatures
        ]
        return self.body().decode() + "\n" + "\n".join(lines) + "\n"

    def verify(self, key: PublicKey) -> None:
        """Raise :class:`CheckpointError` unless ``key`` signed this checkpoint."""
        for name, sig in self.signatures:
            if name == key.name and sig[:4] == key.id:
                if len(sig) == 68 and key.verify(sig[4:], self.body()):
                    return
                raise CheckpointError(
                    f"the checkpoint's signature by {key.name!r} does not verify",
                    "the checkpoint was altered, or signed by another key of the same name",
                )
        raise CheckpointError(
            f"the checkpoint carries no signature by the key {key.name!r} ({key.id.hex()})",
            "verify with the public key of the key that signed it",
        )


def parse_checkpoint(text: str, where: str = "checkpoint") -> Checkpoint:
    """Parse a signed checkpoint; malformed input raises :class:`CheckpointError`."""
    head, sep, tail = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or len(lines) < 3:
        raise CheckpointError(
            f"{where} is not a signed checkpoint (origin, size, root, blank line, signatures)",
            "give a file written by `audit checkpoint`",
        )
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not origin or not re.fullmatch(r"0|[1-9][0-9]{0,18}", size_text):
        raise CheckpointError(f"{where}: bad origin or size line", "the file is damaged")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error as exc:
        raise CheckpointError(f"{where}: the root is not base64", "the file is damaged") from exc
    if len(root) != 32 or len(lines) != 3:
        raise CheckpointError(
            f"{where}: expected a 32-byte root and no extension lines", "the file is damaged"
        )
    sigs: list[tuple[str, bytes]] = []
    for line in tail.rstrip("\n").split("\n"):
        m = re.fullmatch(r"\u2014 (\S+) (\S+)", line)
        if not m:
            raise CheckpointError(
                f"{where}: bad signature line {line[:80]!r}", "the file is damaged"
            )
        try:
            sigs.append((m.group(1), base64.b64decode(m.group(2), validate=True)))
        except binascii.Error as exc:
            raise CheckpointError(
                f"{where}: a signature is not base64", "the file is damaged"
            ) from exc
    return Checkpoint(origin, int(size_text), root, tuple(sigs))


def write_checkpoint(checkpoint: Checkpoint, out: Path, *, force: bool = False) -> Path:
    """Write ``checkpoint`` to ``out`` whole or not at all (:mod:`provenance.outfile`).

    An earlier checkpoint is an outside anchor of the log: an existing file (or symbolic
    link) at ``out`` is an :class:`~provenance.errors.InputError` naming it, unless
    ``force``; a directory or a missing directory is one too."""
    return write_file(out, checkpoint.text().encode(), force=force)


def load_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint file."""
    return parse_checkpoint(_read(path), str(path))
