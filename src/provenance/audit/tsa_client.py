"""Asking an RFC 3161 timestamp authority (TSA) to attest when it saw some bytes.

:func:`request_token` sends a ``TimeStampReq`` (RFC 3161 section 2.4.1) by HTTP POST
(``application/timestamp-query``, section 3.4) for the SHA-256 of the bytes, with a fresh
random nonce and ``certReq`` set (the reply carries the TSA's certificate), and accepts
the reply only when its status is *granted*, its nonce is the request's and its message
imprint is the SHA-256 of exactly those bytes. What it returns is the whole DER
``TimeStampResp``: the file ``openssl ts -reply`` writes and ``openssl ts -verify -in``
reads. Whether the token is signed by an authority one trusts is checked later, against
a certificate the verifier gives (:mod:`provenance.audit.tsa_verify`).

Every failure of the authority (unreachable, an HTTP error, a reply that is not RFC 3161,
a status other than granted, a wrong nonce or imprint) is a :class:`TSAError` naming its
URL.
"""

from __future__ import annotations

import hashlib
import http.client
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    TimeStampResponse,
    decode_timestamp_response,
)

from provenance.errors import ProvenanceError, UsageError

TOKEN_SUFFIX = ".tsr"
"""A checkpoint's timestamp token is the file of the same name with this suffix added."""
TIMEOUT = 30.0
"""Seconds to wait for a timestamp authority."""
MAX_REPLY = 1 << 20
"""Bytes of a reply beyond which it is refused (a token with its certificates is ~5 KB)."""
DIGESTS = {
    "2.16.840.1.101.3.4.2.1": ("SHA-256", hashlib.sha256),
    "2.16.840.1.101.3.4.2.2": ("SHA-384", hashlib.sha384),
    "2.16.840.1.101.3.4.2.3": ("SHA-512", hashlib.sha512),
}
"""The message-imprint hash algorithms a token may use, by OID."""


class TSAError(ProvenanceError):
    """A timestamp authority failed, or a token is not over the bytes it should be."""


def token_path(checkpoint: Path) -> Path:
    """Where the timestamp token of the checkpoint file ``checkpoint`` is kept: beside it,
    ``checkpoint.txt`` → ``checkpoint.txt.tsr``."""
    return checkpoint.with_name(checkpoint.name + TOKEN_SUFFIX)


def check_url(url: str) -> str:
    """``url`` if it is an ``http`` or ``https`` URL; a :class:`UsageError` otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f"--tsa {url!r} is not an http(s) URL",
            "give the timestamp authority's URL, e.g. https://freetsa.org/tsr",
        )
    return url


def parse_reply(reply: bytes, where: str) -> TimeStampResponse:
    """The ``TimeStampResp`` in ``reply``; :class:`TSAError` naming ``where`` if it is none."""
    try:
        return decode_timestamp_response(reply)
    except (ValueError, TypeError) as exc:
        raise TSAError(
            f"{where}: not an RFC 3161 timestamp reply ({str(exc)[:120]})",
            "check that the URL is a timestamp authority's (RFC 3161 over HTTP)",
        ) from exc


def imprint_problem(response: TimeStampResponse, data: bytes) -> str | None:
    """Why the token of ``response`` is not over exactly ``data`` (its message imprint is
    another hash, or made with an algorithm other than SHA-256/384/512); ``None`` when it
    is."""
    imprint = response.tst_info.message_imprint
    name, digest = DIGESTS.get(imprint.hash_algorithm.dotted_string, ("", None))
    if digest is None:
        return f"the token's hash algorithm {imprint.hash_algorithm.dotted_string} is not SHA-2"
    want = digest(data).digest()
    if imprint.message != want:
        return (
            f"the token is over other data, not this checkpoint: it attests {name}"
            f" {imprint.message.hex()[:16]}…, the checkpoint's is {want.hex()[:16]}…"
        )
    return None


def check_covers(token: bytes, data: bytes, where: str) -> None:
    """Raise :class:`TSAError` (naming ``where``) unless ``token`` is a timestamp reply
    over exactly ``data`` (its signature and certificate are not checked here)."""
    problem = imprint_problem(parse_reply(token, where), data)
    if problem is not None:
        raise TSAError(
            f"{where}: {problem}",
            "timestamp this checkpoint again (`provenance audit checkpoint --tsa URL`)",
        )


def granted(response: TimeStampResponse) -> bool:
    """Whether the authority granted the request (status 0, *granted*)."""
    return response.status == PKIStatus.GRANTED


def _post(url: str, body: bytes, timeout: float) -> bytes:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/timestamp-query", "Accept": "*/*"},
    )
    hint = "check the URL and the network, or try another timestamp authority"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            reply: bytes = answer.read(MAX_REPLY + 1)
    except urllib.error.HTTPError as exc:
        raise TSAError(
            f"the timestamp authority {url} answered HTTP {exc.code} {exc.reason}", hint
        ) from exc
    except urllib.error.URLError as exc:
        raise TSAError(f"cannot reach the timestamp authority {url}: {exc.reason}", hint) from exc
    except TimeoutError as exc:
        raise TSAError(
            f"the timestamp authority {url} did not answer in {timeout:g} s", hint
        ) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise TSAError(f"the timestamp authority {url} failed: {exc}", hint) from exc
    if len(reply) > MAX_REPLY:
        raise TSAError(f"the timestamp authority {url} sent more than {MAX_REPLY} bytes", hint)
    return reply


def request_token(url: str, data: bytes, *, timeout: float = TIMEOUT) -> bytes:
    """The timestamp reply (DER ``TimeStampResp``) of the authority at ``url`` for the
    SHA-256 of ``data``, checked as the module docstring says; :class:`TSAError` naming
    ``url`` otherwise."""
    check_url(url)
    builder = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256)
    request = builder.nonce(nonce=True).cert_request(cert_request=True).build()
    reply = _post(url, request.as_bytes(), timeout)
    response = parse_reply(reply, f"the timestamp authority {url} answered")
    if not granted(response):
        why = "; ".join(response.status_string) or "no reason given"
        raise TSAError(
            f"the timestamp authority {url} refused the request (status {response.status}: {why})",
            "try again later, or another timestamp authority",
        )
    if response.tst_info.nonce != request.nonce:
        raise TSAError(
            f"the timestamp authority {url} answered with another request's nonce: a replayed"
            " or misdirected reply",
            "try again; if it persists, do not use this authority",
        )
    problem = imprint_problem(response, data)
    if problem is not None:
        raise TSAError(f"the timestamp authority {url} answered wrongly: {problem}")
    return reply


def signer_certificate(response: TimeStampResponse) -> x509.Certificate | None:
    """The certificate, among those the token carries, that signed it (matched by the
    signer's issuer and serial number, which the signature covers); ``None`` without."""
    infos = list(response.signed_data.signer_infos)
    if len(infos) != 1:
        return None
    for der in response.signed_data.certificates:
        cert = x509.load_der_x509_certificate(der)
        if cert.issuer == infos[0].issuer and cert.serial_number == infos[0].serial_number:
            return cert
    return None
