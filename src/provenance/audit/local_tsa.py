"""A local RFC 3161 timestamp authority, for demos and tests: NEVER a trusted authority.

Its certificates are made on the spot (:func:`make_authority`: a throwaway root CA and a
timestamping certificate it issues, with ``cryptography``) and its replies are signed by
``openssl ts -reply`` (the OpenSSL command-line tool, ``apt-get install openssl``), served
over HTTP on ``127.0.0.1`` by :class:`LocalTSA`, a context manager that starts and stops
the server thread. Anyone holding the directory can sign any time they like: a token from
it attests nothing to a third party. Real checkpoints are timestamped by an outside
authority (``provenance audit checkpoint --tsa URL``).

The demo calls :func:`timestamp_demo_checkpoint`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import TracebackType

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from provenance.audit.timestamped import timestamp_file
from provenance.audit.tsa_client import TSAError
from provenance.audit.tsa_verify import check_token, load_tsa_certs
from provenance.outfile import check_destination, write_file

Answer = Callable[[bytes], tuple[int, bytes]]
"""What a server answers to a request's bytes: ``(HTTP status, body)``."""

MAX_REQUEST = 64 * 1024
"""Bytes of a timestamp request beyond which the server answers 413."""

_CONFIG = """\
[ tsa ]
default_tsa = local_tsa

[ local_tsa ]
serial = {serial}
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2
digests = sha256, sha384, sha512
signer_digest = sha256
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


@dataclass(frozen=True)
class Authority:
    """The files of a throwaway timestamp authority (see :func:`make_authority`)."""

    directory: Path
    ca_cert: Path
    """The root CA certificate (PEM): what a verifier gives as ``--tsa-cert``."""
    tsa_cert: Path
    tsa_key: Path
    config: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "provenance demo and tests (untrusted)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _ca_certificate(
    key: ec.EllipticCurvePrivateKey, name: str, start: dt.datetime, end: dt.datetime
) -> x509.Certificate:
    subject = _name(name)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )


def _tsa_certificate(
    ca: tuple[x509.Certificate, ec.EllipticCurvePrivateKey],
    key: ec.EllipticCurvePrivateKey,
    name: str,
    validity: tuple[dt.datetime, dt.datetime],
) -> x509.Certificate:
    ca_cert, ca_key = ca
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(validity[0])
        .not_valid_after(validity[1])
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )


def make_authority(
    directory: Path,
    *,
    name: str = "provenance local TSA",
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
) -> Authority:
    """Make a throwaway root CA and a timestamping certificate it issues (EC P-256, the
    critical ``id-kp-timeStamping`` extended key usage) in the new or empty ``directory``,
    with the OpenSSL ``ts`` configuration that signs with them. The TSA certificate is valid
    from ``valid_from`` (default: a day ago) until ``valid_until`` (default: in 30 days);
    the CA for ten years around now. An expired TSA certificate is made by giving a
    ``valid_until`` in the past: ``openssl ts -reply`` still signs with it."""
    now = dt.datetime.now(dt.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise TSAError(f"{directory} is not empty", "make a local authority in a new directory")
    ca_key, tsa_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    span = dt.timedelta(days=3650)
    ca = _ca_certificate(ca_key, f"{name} root CA", now - span, now + span)
    validity = (
        valid_from or now - dt.timedelta(days=1),
        valid_until or now + dt.timedelta(days=30),
    )
    tsa = _tsa_certificate((ca, ca_key), tsa_key, name, validity)
    authority = Authority(
        directory,
        directory / "ca.pem",
        directory / "tsa.pem",
        directory / "tsa.key",
        directory / "tsa.cnf",
    )
    authority.ca_cert.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    authority.tsa_cert.write_bytes(tsa.public_bytes(serialization.Encoding.PEM))
    authority.tsa_key.write_bytes(_pem_key(tsa_key))
    authority.tsa_key.chmod(0o600)
    (directory / "serial").write_text("01\n")
    authority.config.write_text(_CONFIG.format(serial=directory / "serial"))
    return authority


def openssl() -> str:
    """The path of the ``openssl`` command; :class:`TSAError` when it is not installed."""
    found = shutil.which("openssl")
    if found is None:
        raise TSAError(
            "the local timestamp authority needs the openssl command, which is not installed",
            "install it (Debian: apt-get install openssl)",
        )
    return found


def openssl_reply(authority: Authority, request: bytes) -> bytes:
    """The RFC 3161 reply of ``openssl ts -reply`` to the request ``request`` (DER)."""
    with tempfile.TemporaryDirectory(dir=authority.directory) as tmp:
        query, reply = Path(tmp) / "request.tsq", Path(tmp) / "reply.tsr"
        query.write_bytes(request)
        argv = [openssl(), "ts", "-reply", "-config", str(authority.config)]
        argv += ["-queryfile", str(query), "-signer", str(authority.tsa_cert)]
        argv += ["-inkey", str(authority.tsa_key), "-out", str(reply)]
        done = subprocess.run(argv, capture_output=True, timeout=60, check=False)
        if done.returncode != 0 or not reply.is_file():
            raise TSAError(f"openssl ts -reply failed: {done.stderr.decode(errors='replace')}")
        return reply.read_bytes()


class LocalTSA:
    """An HTTP server on ``127.0.0.1`` (a free port) answering RFC 3161 requests, in a
    thread, for the time of a ``with`` block; :attr:`url` is where to send them.

    By default it answers with :func:`openssl_reply` of ``authority``; tests give their own
    ``answer`` (a refusal, a replayed or damaged reply)."""

    def __init__(self, authority: Authority | None = None, answer: Answer | None = None) -> None:
        if answer is None:
            if authority is None:
                raise ValueError("give an authority or an answer")
            answer = _signing_answer(authority)
        self.answer = answer
        self.requests: list[bytes] = []
        """Every request received, in order."""
        self._server: HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "use LocalTSA as a context manager"
        return f"http://127.0.0.1:{self._server.server_address[1]}/tsa"

    def __enter__(self) -> LocalTSA:
        self._server = HTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()


def _signing_answer(authority: Authority) -> Answer:
    def answer(request: bytes) -> tuple[int, bytes]:
        try:
            return 200, openssl_reply(authority, request)
        except TSAError as exc:
            return 500, exc.message.encode()

    return answer


def _handler(tsa: LocalTSA) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_REQUEST:
                status, body = 413, b"request too large"
            else:
                request = self.rfile.read(length)
                tsa.requests.append(request)
                status, body = tsa.answer(request)
            self.send_response(status)
            kind = "application/timestamp-reply" if status == 200 else "text/plain"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: a demo's terminal is not the server's log."""

    return Handler


DEMO_CA_FILE = "local-tsa-ca.pem"
"""The local authority's root certificate the demo keeps (for ``--tsa-cert``)."""


@dataclass(frozen=True)
class DemoTimestamp:
    """What :func:`timestamp_demo_checkpoint` made."""

    token: Path
    """The timestamp token written beside the checkpoint (``<checkpoint>.tsr``)."""
    attested_at: str
    """The time the local authority attests, ``2026-12-01T06:00:00Z``."""
    tsa: str
    """The subject of the local authority's certificate."""
    ca_cert: Path
    """The local root CA certificate (``workdir/local-tsa-ca.pem``): ``--tsa-cert`` for
    ``audit verify``."""
    url: str
    """Where the local authority answered (it is stopped when the function returns)."""


def timestamp_demo_checkpoint(checkpoint: Path, workdir: Path) -> DemoTimestamp:
    """Timestamp the checkpoint file ``checkpoint`` with a throwaway local authority
    (made in a temporary directory, started and stopped here), write the token beside it
    (``<checkpoint>.tsr``) and the authority's root certificate to
    ``workdir/local-tsa-ca.pem`` (:data:`DEMO_CA_FILE`; neither over an existing file),
    and check the token against that certificate, as ``audit checkpoint --tsa`` and
    ``audit verify --tsa-cert`` do. For the demo: its time attests nothing."""
    ca_file = check_destination(workdir / DEMO_CA_FILE)
    with tempfile.TemporaryDirectory() as tmp:
        authority = make_authority(Path(tmp) / "tsa")
        with LocalTSA(authority) as tsa:
            token = timestamp_file(checkpoint, tsa.url)
        write_file(ca_file, authority.ca_cert.read_bytes())
    result = check_token(
        str(token), token.read_bytes(), checkpoint.read_bytes(), load_tsa_certs(ca_file)
    )
    if not result.ok or result.attested_at is None or result.tsa is None:
        raise TSAError(f"the local timestamp does not verify: {result.message}")
    return DemoTimestamp(token, result.attested_at, result.tsa, ca_file, tsa.url)
