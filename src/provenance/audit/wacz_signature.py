"""A WACZ's ``datapackage-digest.json``: the manifest's hash and its signature.

The WACZ signing spec (https://specs.webrecorder.net/wacz-auth/0.1.0/) puts beside
``datapackage.json`` a ``datapackage-digest.json``: ``{"path": "datapackage.json", "hash":
"sha256:<hex>", "signedData": {...}}``. ``signedData`` repeats the ``hash`` and the package's
``created`` time and is one of

- **anonymous**: ``signature`` (base64, ECDSA over the UTF-8 bytes of ``hash`` with SHA-256,
  as ``r||s`` — what ArchiveWeb.page writes — or DER) and ``publicKey`` (base64 DER
  SubjectPublicKeyInfo). Checked here: the signature verifies with that key. Not checkable
  from the WACZ: who holds the key (the signer is named by the key's SHA-256 fingerprint;
  compare it with a fingerprint obtained from the archivist).
- **domain certificate**: ``signature`` by the first certificate of ``domainCert`` (a PEM
  chain), ``domain``, and an RFC 3161 ``timeSignature`` with ``timestampCert``. Checked here:
  the signature verifies with the certificate's key, ``domain`` is a name of that
  certificate, the certificate was valid at ``created``, and each certificate of the chain
  is signed by the next. Not checked offline: that the chain ends at a trusted root,
  revocation, and the ``timeSignature`` (name them in the capture's record instead).

:func:`check_digest_document` raises :class:`SignatureProblem` when the digest or signature
is broken; :mod:`provenance.audit.wacz` turns it into a refusal naming the file.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import itertools
import json
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

DIGEST = "datapackage-digest.json"
MANIFEST = "datapackage.json"


class SignatureProblem(Exception):
    """The digest or signature of a WACZ is broken: the message says how."""


@dataclass(frozen=True)
class SignatureCheck:
    """What was checked of a WACZ's digest and signature."""

    kind: str
    """``none`` (no digest file), ``unsigned`` (a digest without signature),
    ``anonymous ECDSA`` or ``domain certificate``."""
    signer: str | None = None
    """The anonymous key's ``sha256:<fingerprint>``, or the certificate's domain."""
    curve: str | None = None
    not_checked: tuple[str, ...] = ()

    def text(self) -> str:
        """``anonymous ECDSA P-384, OK (key sha256:…)``, ``none (no datapackage-digest.json)``…"""
        if self.kind == "none":
            return f"none (no {DIGEST})"
        if self.kind == "unsigned":
            return f"none ({DIGEST} hash OK, not signed)"
        curve = f" {self.curve}" if self.curve else ""
        who = "key" if self.kind == "anonymous ECDSA" else "domain"
        return f"{self.kind}{curve}, OK ({who} {self.signer})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "signer": self.signer,
            "curve": self.curve,
            "not_checked": list(self.not_checked),
        }


CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}


def check_digest_document(
    digest_bytes: bytes | None, manifest_bytes: bytes, manifest: dict[str, Any]
) -> SignatureCheck:
    """Check ``datapackage-digest.json`` (``None`` when the WACZ has none) against the
    bytes of ``datapackage.json``; :class:`SignatureProblem` when broken."""
    if digest_bytes is None:
        return SignatureCheck("none")
    try:
        digest = json.loads(digest_bytes)
    except ValueError as exc:
        raise SignatureProblem(f"{DIGEST} is not JSON ({exc})") from None
    if not isinstance(digest, dict):
        raise SignatureProblem(f"{DIGEST} is not a JSON object")
    actual = "sha256:" + hashlib.sha256(manifest_bytes).hexdigest()
    if str(digest.get("hash", "")).lower() != actual:
        raise SignatureProblem(
            f"{MANIFEST} was changed: its hash is {actual}, {DIGEST} gives {digest.get('hash')!r}"
        )
    signed = digest.get("signedData")
    if not signed:
        return SignatureCheck("unsigned")
    if not isinstance(signed, dict) or signed.get("hash") != digest["hash"]:
        raise SignatureProblem(f"the signed hash in {DIGEST} is not the hash of {MANIFEST}")
    if manifest.get("created") != signed.get("created"):
        raise SignatureProblem(
            f"the signed time {signed.get('created')!r} is not the package's created time"
            f" {manifest.get('created')!r}"
        )
    if signed.get("publicKey"):
        return anonymous(signed)
    if signed.get("domainCert"):
        return domain_signed(signed)
    raise SignatureProblem(f"{DIGEST} has a signature with neither publicKey nor domainCert")


def _b64(value: Any, what: str) -> bytes:
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureProblem(f"the {what} in {DIGEST} is not base64") from None


def verify_ecdsa(key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes) -> None:
    """Verify an ECDSA/SHA-256 ``signature`` (``r||s`` as WebCrypto writes it, or DER)."""
    size = (key.curve.key_size + 7) // 8
    if len(signature) == 2 * size:
        r, s = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
        signature = encode_dss_signature(r, s)
    try:
        key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        raise SignatureProblem(
            f"the signature in {DIGEST} does not verify: the manifest or the signature"
            " was changed after signing"
        ) from None


def anonymous(signed: dict[str, Any]) -> SignatureCheck:
    """Check an anonymous signature with the public key it carries."""
    der = _b64(signed["publicKey"], "publicKey")
    try:
        key = serialization.load_der_public_key(der)
    except ValueError:
        raise SignatureProblem(f"the publicKey in {DIGEST} is not a public key") from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise SignatureProblem(f"the publicKey in {DIGEST} is not an ECDSA key")
    verify_ecdsa(key, _b64(signed.get("signature", ""), "signature"), str(signed["hash"]).encode())
    return SignatureCheck(
        "anonymous ECDSA",
        signer="sha256:" + hashlib.sha256(der).hexdigest(),
        curve=CURVES.get(key.curve.name, key.curve.name),
        not_checked=(
            "who holds the signing key (compare its fingerprint with one from the archivist)",
        ),
    )


def domain_signed(signed: dict[str, Any]) -> SignatureCheck:
    """Check a domain-certificate signature as far as can be done offline."""
    try:
        chain = x509.load_pem_x509_certificates(str(signed["domainCert"]).encode())
    except ValueError:
        raise SignatureProblem(f"the domainCert in {DIGEST} is not a PEM certificate") from None
    leaf = chain[0]
    key = leaf.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise SignatureProblem(f"the domainCert in {DIGEST} holds no ECDSA key")
    verify_ecdsa(key, _b64(signed.get("signature", ""), "signature"), str(signed["hash"]).encode())
    domain = str(signed.get("domain") or "")
    if domain.lower() not in certificate_names(leaf):
        raise SignatureProblem(f"the domainCert in {DIGEST} is not a certificate of {domain!r}")
    created = signed_time(signed.get("created"))
    if created is not None and not (
        leaf.not_valid_before_utc <= created <= leaf.not_valid_after_utc
    ):
        raise SignatureProblem(
            f"the domainCert in {DIGEST} was not valid at the signed time {signed['created']}"
        )
    for cert, issuer in itertools.pairwise(chain):
        try:
            cert.verify_directly_issued_by(issuer)
        except (InvalidSignature, ValueError, TypeError):
            raise SignatureProblem(
                f"the domainCert chain in {DIGEST} is broken at {cert.subject.rfc4514_string()}"
            ) from None
    return SignatureCheck(
        "domain certificate",
        signer=domain,
        not_checked=(
            "that the certificate chain ends at a trusted root (no trust store offline)",
            "certificate revocation",
            "the RFC 3161 timeSignature and its timestampCert",
        ),
    )


def certificate_names(cert: x509.Certificate) -> set[str]:
    """The DNS names of ``cert`` (subject alternative names, else its common name)."""
    try:
        ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        return {n.lower() for n in ext.value.get_values_for_type(x509.DNSName)}
    except x509.ExtensionNotFound:
        names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        return {str(n.value).lower() for n in names}


def signed_time(value: Any) -> dt.datetime | None:
    """The signed ``created`` time, or ``None`` when it is not an ISO 8601 time."""
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
