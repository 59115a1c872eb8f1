"""A signed checkpoint written to a file, with the RFC 3161 timestamp token over it beside.

What is timestamped is the checkpoint file's exact bytes, the signed note as ``audit
checkpoint`` writes it (:meth:`Checkpoint.text`: origin, size, root, a blank line and the
signature lines), so the token dates the signature as well as the root. The token is the
file ``<checkpoint>.tsr`` (:func:`~provenance.audit.tsa_client.token_path`), a DER
``TimeStampResp``; by hand::

    openssl ts -verify -data checkpoint.txt -in checkpoint.txt.tsr -CAfile TSA-CA.pem

Like the checkpoint itself, the token is kept off the store and recorded by no audit event
(an event recording a checkpoint would fall after the checkpoint it records, leaving every
checkpoint with an event it does not cover).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.audit.checkpoint import Checkpoint, PrivateKey, write_checkpoint
from provenance.audit.log import make_checkpoint
from provenance.audit.tsa_client import check_url, request_token, token_path
from provenance.errors import InputError
from provenance.outfile import check_destination, is_stdout, path_exists, write_file

if TYPE_CHECKING:
    from provenance.store import Store


@dataclass(frozen=True)
class SignedCheckpoint:
    """What :func:`write_signed_checkpoint` wrote."""

    checkpoint: Checkpoint
    file: Path
    token: Path | None
    """The timestamp token beside the checkpoint (``None`` without ``--tsa``)."""
    tsa: str | None
    """The URL of the authority that timestamped it."""
    removed_token: Path | None = None
    """The token of the checkpoint this one replaced (``--force``), removed: it was over
    the old checkpoint."""


def _check_token_destination(out: Path, *, timestamp: bool, force: bool) -> Path | None:
    """The token path beside ``out`` if a token is to be written there or an old one
    removed; refuses an old token without ``force``."""
    if is_stdout(out):
        return None
    token = token_path(out)
    if timestamp:
        return check_destination(token, force=force)
    if path_exists(token) and not force:
        raise InputError(
            f"{token} exists: the timestamp token of an earlier checkpoint at {out}",
            "use --force to replace the checkpoint and remove that token, or choose another path",
        )
    return token if path_exists(token) else None


def write_signed_checkpoint(
    store: Store,
    key: PrivateKey,
    out: Path,
    *,
    origin: str | None = None,
    tsa: str | None = None,
    force: bool = False,
) -> SignedCheckpoint:
    """Sign a checkpoint of ``store``'s log with ``key`` and write it to ``out`` (``-``:
    standard output); with ``tsa``, the URL of a timestamp authority, also its token
    (:func:`~provenance.audit.tsa_client.request_token`) beside it.

    Both destinations are checked before anything is done, and the token is obtained
    before either file is written: a failing authority leaves nothing behind. Neither
    file replaces an existing one without ``force``; with ``force`` (and no ``tsa``), an
    old token beside ``out`` is removed, being over the checkpoint it replaced."""
    if tsa is not None:
        check_url(tsa)
    if tsa is not None and is_stdout(out):
        raise InputError(
            "--tsa needs --out FILE: the token is written beside the checkpoint",
            "give a file path to --out",
        )
    check_destination(out, force=force)
    old = _check_token_destination(out, timestamp=tsa is not None, force=force)
    cp = make_checkpoint(store, key, origin)
    token = request_token(tsa, cp.text().encode()) if tsa is not None else None
    write_checkpoint(cp, out, force=force)
    if token is None:
        if old is not None:
            old.unlink(missing_ok=True)
        return SignedCheckpoint(cp, out, None, None, removed_token=old)
    path = token_path(out)
    try:
        write_file(path, token, force=force)
    except InputError:
        out.unlink(missing_ok=True)  # no checkpoint without the token it was asked with
        raise
    return SignedCheckpoint(cp, out, path, tsa)


def timestamp_file(checkpoint: Path, tsa: str, *, force: bool = False) -> Path:
    """Timestamp the existing checkpoint file ``checkpoint`` with the authority at ``tsa``;
    write the token beside it (never over an existing one without ``force``) and return
    its path."""
    path = check_destination(token_path(checkpoint), force=force)
    try:
        data = checkpoint.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {checkpoint}: {exc.strerror}", "check the path") from exc
    return write_file(path, request_token(tsa, data), force=force)


def read_token_beside(checkpoint: Path) -> bytes | None:
    """The timestamp token kept beside the checkpoint file ``checkpoint``, or ``None``."""
    path = token_path(checkpoint)
    if not path_exists(path):
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", "check the file") from exc
