"""Checking an RFC 3161 timestamp token over a checkpoint against a TSA certificate the
verifier trusts (``audit verify --tsa-cert`` and ``audit verify-bundle --tsa-cert``).

``--tsa-cert FILE`` is PEM and must hold the **root CA certificate** the authority's
certificate chains to (self-signed), as ``openssl ts -verify -CAfile`` takes it; it may
also hold intermediate CA certificates, and the authority's own certificate, which then
pins the signer (the token must be signed by exactly that certificate). The TSA
certificate alone is not a trust anchor. A token is accepted only when, in this order:

1. it is an RFC 3161 reply whose status is *granted*;
2. its message imprint is the hash of exactly this checkpoint file's bytes (catches a token
   taken from another checkpoint, or a checkpoint edited after it was timestamped);
3. the certificate that signed it was valid at the time the token attests (catches a
   token made with an expired or not-yet-valid certificate);
4. its signature verifies and that certificate chains to a root in ``FILE``, valid at the
   attested time, with the critical ``id-kp-timeStamping`` extended key usage (catches a
   token from another authority, a forged one, or a certificate not meant for
   timestamping) — checked by ``rfc3161-client`` with OpenSSL.

Revocation is not checked (offline). Without ``--tsa-cert`` a token is reported as not
checked, never as valid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from rfc3161_client import VerificationError, VerifierBuilder

from provenance.audit.tsa_client import (
    TSAError,
    granted,
    imprint_problem,
    parse_reply,
    signer_certificate,
    token_path,
)
from provenance.errors import InputError, UsageError

NOT_CHECKED = "not checked (give --tsa-cert)"


@dataclass(frozen=True)
class TrustAnchors:
    """The certificates of a ``--tsa-cert`` file (see the module docstring)."""

    file: str
    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]
    tsa: x509.Certificate | None


def _is_timestamping(cert: x509.Certificate) -> bool:
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return ExtendedKeyUsageOID.TIME_STAMPING in eku


def load_tsa_certs(path: Path) -> TrustAnchors:
    """The trust anchors in the PEM file ``path``; :class:`InputError` naming it when it
    cannot be read, holds no certificate, or no self-signed (root) one."""
    try:
        certs = x509.load_pem_x509_certificates(path.read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", "check the path") from exc
    except ValueError as exc:
        raise InputError(
            f"{path} holds no PEM certificate", "give the TSA's CA certificate (PEM)"
        ) from exc
    roots = tuple(c for c in certs if c.subject == c.issuer)
    if not roots:
        raise InputError(
            f"{path} holds no root (self-signed) certificate",
            "give the root CA certificate the timestamp authority's certificate chains to",
        )
    tsa = next((c for c in certs if c.subject != c.issuer and _is_timestamping(c)), None)
    rest = tuple(c for c in certs if c not in roots and c is not tsa)
    return TrustAnchors(str(path), roots, rest, tsa)


def utc_text(moment: dt.datetime) -> str:
    """``2026-12-01T06:00:00Z`` (fractions of a second kept when the token has them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class TimestampResult:
    """The outcome of checking one timestamp token."""

    label: str
    """The token file."""
    ok: bool | None
    """``True``: valid; ``False``: refused; ``None``: not checked (no ``--tsa-cert``, or
    no token at all)."""
    kind: str
    """ok | unchecked | absent | malformed | status | other-data | expired | untrusted"""
    message: str
    attested_at: str | None = None
    tsa: str | None = None
    """The subject of the certificate that signed the token (when it verifies)."""

    def line(self) -> str:
        """One line for people: ``[ok ] timestamp FILE: time attested by …: 2026-…Z``."""
        mark = {True: "ok ", False: "BAD", None: "-- "}[self.ok]
        return f"[{mark}] timestamp {self.label}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _refused(label: str, kind: str, message: str) -> TimestampResult:
    return TimestampResult(label, False, kind, message)


def openssl_reason(error: str) -> str:
    """The reason in an OpenSSL error stack (``Verify error: unable to get local issuer
    certificate``), or the error's first 200 characters."""
    found = re.search(r'data: "([^"]+)"', error) or re.search(r'reason: "([^"]+)"', error)
    return found.group(1) if found else error[:200]


def check_token(
    label: str, token: bytes, data: bytes, anchors: TrustAnchors | None
) -> TimestampResult:
    """Check the timestamp reply ``token`` (the file ``label``) over the checkpoint bytes
    ``data`` against ``anchors``, as the module docstring says (``anchors`` ``None``: not
    checked)."""
    if anchors is None:
        return TimestampResult(label, None, "unchecked", NOT_CHECKED)
    try:
        response = parse_reply(token, label)
    except TSAError as exc:
        return _refused(label, "malformed", exc.message)
    if not granted(response):
        return _refused(
            label, "status", f"the authority did not grant it (status {response.status})"
        )
    problem = imprint_problem(response, data)
    if problem is not None:
        return _refused(label, "other-data", problem)
    gen_time = response.tst_info.gen_time
    attested = utc_text(gen_time)
    signer = signer_certificate(response) or anchors.tsa
    if signer is None:
        return _refused(
            label,
            "untrusted",
            f"the token carries no certificate of its signer: add the TSA's certificate to"
            f" {anchors.file}",
        )
    start, end = signer.not_valid_before_utc, signer.not_valid_after_utc
    if not start <= gen_time.astimezone(dt.UTC) <= end:
        return _refused(
            label,
            "expired",
            f"the TSA certificate {signer.subject.rfc4514_string()} was not valid at the time"
            f" the token attests, {attested} (valid {utc_text(start)} to {utc_text(end)})",
        )
    builder = VerifierBuilder(
        roots=list(anchors.roots),
        intermediates=list(anchors.intermediates),
        tsa_certificate=anchors.tsa,
    )
    try:
        builder.build().verify_message(response, data)
    except VerificationError as exc:
        return _refused(
            label,
            "untrusted",
            f"not signed by a timestamping certificate chaining to {anchors.file}"
            f" ({openssl_reason(str(exc))})",
        )
    who = signer.subject.rfc4514_string()
    return TimestampResult(
        label, True, "ok", f"time attested by {who}: {attested}", attested_at=attested, tsa=who
    )


def checkpoint_times(checkpoints: Sequence[Path], tsa_cert: Path | None) -> list[TimestampResult]:
    """The timestamp token beside each checkpoint file, checked (:func:`check_token`)
    against the certificates in the file ``tsa_cert`` (``None``: reported as not checked).
    A checkpoint without a token gives a result only when ``tsa_cert`` is given (its time
    is then reported as not attested). ``tsa_cert`` without checkpoints is a
    :class:`~provenance.errors.UsageError`."""
    if tsa_cert is not None and not checkpoints:
        raise UsageError(
            "--tsa-cert needs --checkpoint", "give the checkpoint whose timestamp is to be checked"
        )
    anchors = load_tsa_certs(tsa_cert) if tsa_cert is not None else None
    results: list[TimestampResult] = []
    for checkpoint in checkpoints:
        path = token_path(checkpoint)
        try:
            token, data = path.read_bytes(), checkpoint.read_bytes()
        except FileNotFoundError:
            if anchors is not None:
                message = "no timestamp token beside the checkpoint: its time is not attested"
                results.append(TimestampResult(str(path), None, "absent", message))
            continue
        except OSError as exc:
            results.append(_refused(str(path), "malformed", f"cannot be read ({exc.strerror})"))
            continue
        results.append(check_token(str(path), token, data, anchors))
    return results
