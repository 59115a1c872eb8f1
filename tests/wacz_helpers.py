"""WACZ web archives made in the tests: warcio writes the WARC, the zip is laid out as the
WACZ spec says (archive/, indexes/, pages/pages.jsonl, datapackage.json and, signed,
datapackage-digest.json), and signed with ECDSA the way ArchiveWeb.page does."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE = "https://example.org/news/strike-mosul"
WARC_DATE = "2026-03-14T09:30:12Z"
CREATED = "2026-03-14T09:31:00Z"
HTML = b"<html><body>Strike on the market: 12 killed</body></html>"


def warc_bytes(url: str = PAGE, date: str = WARC_DATE, body: bytes = HTML) -> bytes:
    """A gzipped WARC with one request and one response record for ``url``."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)
    return out.getvalue()


def entries(url: str = PAGE) -> dict[str, bytes]:
    """The files of a WACZ holding one page, without its manifest."""
    pages = [
        {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"},
        {"id": "p1", "url": url, "ts": "2026-03-14T09:30:11Z", "title": "Strike"},
    ]
    return {
        "archive/data.warc.gz": warc_bytes(url),
        "indexes/index.cdx": b"org,example)/news/strike-mosul 20260314093012 {}\n",
        "pages/pages.jsonl": "".join(json.dumps(p) + "\n" for p in pages).encode(),
    }


def manifest(files: dict[str, bytes], created: str = CREATED) -> bytes:
    """``datapackage.json`` listing ``files`` with their sha256 and size."""
    resources = [
        {
            "name": Path(name).name,
            "path": name,
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
        for name, data in files.items()
    ]
    package = {
        "profile": "data-package",
        "resources": resources,
        "created": created,
        "wacz_version": "1.1.1",
        "software": "tests 1.0",
    }
    return json.dumps(package, indent=2).encode()


def sign(package: bytes, key: ec.EllipticCurvePrivateKey, created: str = CREATED) -> bytes:
    """``datapackage-digest.json`` with an anonymous signature: ECDSA over the hash string,
    SHA-256, the signature as ``r||s`` (WebCrypto's form) and the SPKI public key, base64."""
    digest = "sha256:" + hashlib.sha256(package).hexdigest()
    der = key.sign(digest.encode(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    size = (key.curve.key_size + 7) // 8
    raw = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signed = {
        "hash": digest,
        "created": created,
        "software": "tests",
        "version": "1.0",
        "signature": base64.b64encode(raw).decode(),
        "publicKey": base64.b64encode(public).decode(),
    }
    return json.dumps({"path": "datapackage.json", "hash": digest, "signedData": signed}).encode()


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` as a zip (stored, as the spec asks for WARCs)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def make_wacz(
    path: Path, *, key: ec.EllipticCurvePrivateKey | None = None, url: str = PAGE
) -> Path:
    """A good WACZ at ``path``, signed with ``key`` when given."""
    files = entries(url)
    package = manifest(files)
    files["datapackage.json"] = package
    if key is not None:
        files["datapackage-digest.json"] = sign(package, key)
    return write_zip(path, files)


def new_key() -> ec.EllipticCurvePrivateKey:
    """A P-384 key, the curve ArchiveWeb.page signs with."""
    return ec.generate_private_key(ec.SECP384R1())


def key_fingerprint(key: ec.EllipticCurvePrivateKey) -> str:
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "sha256:" + hashlib.sha256(public).hexdigest()


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}
