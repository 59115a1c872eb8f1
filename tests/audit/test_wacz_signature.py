"""The domain-certificate form of a WACZ signature (wacz-auth 0.1.0), checked offline: the
signature by the certificate's key, the domain, validity at the signed time, the chain's
own signatures — and what cannot be checked offline is said."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from provenance.audit.wacz_signature import SignatureProblem, check_digest_document

CREATED = "2026-03-14T09:31:00Z"
PACKAGE = json.dumps({"resources": [], "created": CREATED}).encode()
HASH = "sha256:" + hashlib.sha256(PACKAGE).hexdigest()


def cert(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer: tuple[str, ec.EllipticCurvePrivateKey]
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer[0])]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False)
        .sign(issuer[1], hashes.SHA256())
    )


def digest(
    domain: str = "archive.example.org", ca_key: ec.EllipticCurvePrivateKey | None = None
) -> bytes:
    """A digest signed by a leaf certificate of ``archive.example.org`` issued by a CA."""
    ca = ca_key or ec.generate_private_key(ec.SECP256R1())
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = cert("archive.example.org", leaf_key, ("Test CA", ca))
    root = cert(
        "Test CA",
        ec.generate_private_key(ec.SECP256R1()) if ca_key is None else ca,
        ("Test CA", ca),
    )
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (leaf, root))
    signed = {
        "hash": HASH,
        "created": CREATED,
        "software": "authsign",
        "signature": base64.b64encode(
            leaf_key.sign(HASH.encode(), ec.ECDSA(hashes.SHA256()))
        ).decode(),
        "domain": domain,
        "domainCert": pem.decode(),
        "timeSignature": "AAAA",
        "timestampCert": "",
    }
    return json.dumps({"path": "datapackage.json", "hash": HASH, "signedData": signed}).encode()


def test_a_domain_signature_is_checked_as_far_as_offline_allows() -> None:
    ca = ec.generate_private_key(ec.SECP256R1())
    check = check_digest_document(digest(ca_key=ca), PACKAGE, json.loads(PACKAGE))
    assert check.kind == "domain certificate" and check.signer == "archive.example.org"
    assert check.text() == "domain certificate, OK (domain archive.example.org)"
    assert any("trusted root" in n for n in check.not_checked)
    assert any("timeSignature" in n for n in check.not_checked)


def test_a_domain_that_is_not_the_certificates_is_refused() -> None:
    with pytest.raises(SignatureProblem, match=r"not a certificate of 'other\.example\.org'"):
        check_digest_document(digest("other.example.org"), PACKAGE, json.loads(PACKAGE))


def test_a_chain_whose_next_certificate_did_not_issue_the_leaf_is_refused() -> None:
    with pytest.raises(SignatureProblem, match=r"chain in datapackage-digest\.json is broken"):
        check_digest_document(digest(), PACKAGE, json.loads(PACKAGE))  # root of another key


def test_a_signed_time_other_than_the_packages_is_refused() -> None:
    package = json.dumps({"resources": [], "created": "2026-03-15T00:00:00Z"}).encode()
    doc = json.loads(digest())
    doc["hash"] = doc["signedData"]["hash"] = "sha256:" + hashlib.sha256(package).hexdigest()
    with pytest.raises(SignatureProblem, match="signed time"):
        check_digest_document(json.dumps(doc).encode(), package, json.loads(package))
