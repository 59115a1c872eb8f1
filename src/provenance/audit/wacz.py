"""Checking a WACZ web archive before it is kept as an original (``capture FILE.wacz``).

A WACZ (Webrecorder's web archive package, https://specs.webrecorder.net/wacz/1.1.1/) is a
zip holding WARC files (``archive/``), indexes (``indexes/``), a page list
(``pages/pages.jsonl``) and a manifest, ``datapackage.json``, that lists every file with its
hash and size. :func:`check_wacz` reads the zip without extracting it and checks, refusing
the file (:class:`WaczError`, naming the file and the resource inside it) when any fails:

- it is a zip whose entry names are unique (a zip with two entries of one name shows
  different bytes to different readers), holding a ``datapackage.json`` whose
  ``resources`` each give a ``path``, a ``hash`` (``sha256:<hex>``; also sha384/sha512) and
  ``bytes``;
- every listed resource is in the zip, with that size and hash (the bytes as the zip
  stores them, read once, never more than the size listed); files the manifest does not
  list are *reported*, not refused (the spec allows none, but they change nothing that is
  listed);
- when ``datapackage-digest.json`` is present, its ``hash`` is the SHA-256 of
  ``datapackage.json`` and its signature verifies (:mod:`provenance.audit.wacz_signature`);
- every WARC can be read as WARC records (warcio).

What the archive holds, read only from files the manifest lists (so covered by the
hashes just checked): the archived page (``mainPageURL``, else the first page of
``pages/pages.jsonl``, else the first response record of the WARCs; an http(s) URL without
spaces or control characters) and when it was captured (the ``WARC-Date`` of that page's first response record, else the page's ``ts``,
else the package's ``created``), and who signed it. :mod:`provenance.audit.capture` keeps
the WACZ as the original and records these on the source and in the capture's audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.bufferedreaders import ChunkedDataException  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]
from warcio.statusandheaders import (  # type: ignore[import-untyped]
    StatusAndHeadersParserException,
)

from provenance.audit.custody import CustodyError, hash_file, open_regular
from provenance.audit.wacz_signature import (
    SignatureCheck,
    SignatureProblem,
    check_digest_document,
)
from provenance.wording import plural

MANIFEST = "datapackage.json"
DIGEST = "datapackage-digest.json"
PAGES = "pages/pages.jsonl"
HASHES = ("sha256", "sha384", "sha512")
"""The hash algorithms a resource may be listed with (the spec's default is sha256)."""
MAX_MANIFEST = 64 * 1024**2
"""The largest ``datapackage.json``/``pages.jsonl`` read (64 MiB)."""
_BLOCK = 1 << 20
WEB_URL = re.compile(r"^https?://[^\x00-\x20\x7f-\x9f]+$")
"""An archived URL recorded on the source: http(s), no spaces or control characters."""
NOT_CHECKED = "that the indexes list the WARC records (every file's hash is checked)"
"""What :func:`check_wacz` leaves to a replay tool."""


class WaczError(CustodyError):
    """A WACZ refused at capture: not a WACZ, a changed resource, a broken digest or
    signature."""


@dataclass(frozen=True)
class WaczCheck:
    """What :func:`check_wacz` checked and found in one WACZ."""

    sha256: str
    """The SHA-256 of the whole file as checked."""
    resources: int
    """Listed in ``datapackage.json``, each present with its hash and size."""
    unlisted: tuple[str, ...]
    """Files in the zip that ``datapackage.json`` does not list (reported, not refused)."""
    signature: SignatureCheck
    archived_url: str | None
    archived_at: dt.datetime | None
    created: str | None
    """The package's ``created`` time, as written."""
    software: str | None
    pages: int
    not_checked: tuple[str, ...] = field(default=())

    def text(self) -> str:
        """One line: ``datapackage: 7 resources, hashes OK; signature: …; archived URL at T``."""
        parts = [f"datapackage: {plural(self.resources, 'resource')}, hashes OK"]
        if self.unlisted:
            parts.append(
                f"{plural(len(self.unlisted), 'file')} not listed: {', '.join(self.unlisted)}"
            )
        parts.append(f"signature: {self.signature.text()}")
        if self.archived_url:
            when = f" at {self.archived_at.isoformat()}" if self.archived_at else ""
            parts.append(f"archived {self.archived_url}{when}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """The check as one JSON-ready mapping."""
        return {
            "sha256": self.sha256,
            "resources": self.resources,
            "unlisted": list(self.unlisted),
            "signature": self.signature.as_dict(),
            "archived_url": self.archived_url,
            "archived_at": self.archived_at.isoformat() if self.archived_at else None,
            "created": self.created,
            "software": self.software,
            "pages": self.pages,
            "not_checked": list(self.not_checked) + list(self.signature.not_checked),
        }


def is_wacz(path: Path) -> bool:
    """Whether ``capture`` checks ``path`` as a WACZ: its name ends in ``.wacz``."""
    return path.suffix.lower() == ".wacz"


def refuse(path: Path, problem: str, hint: str = "") -> WaczError:
    """The refusal of WACZ ``path`` for ``problem`` (nothing is recorded)."""
    return WaczError(
        f"{path}: {problem}; the WACZ was not captured",
        hint or "capture the archive as it was made, or record what happened to it",
    )


def check_wacz(path: Path) -> WaczCheck:
    """Check the WACZ at ``path`` (see the module docstring); :class:`WaczError` naming
    the file and the resource when a check fails."""
    sha256, _ = hash_file(path)
    with open_regular(path) as raw:
        try:
            zf = zipfile.ZipFile(raw)
        except zipfile.BadZipFile:
            raise refuse(path, "not a zip file, so not a WACZ") from None
        with zf:
            return _check_zip(path, zf, sha256)


def _check_zip(path: Path, zf: zipfile.ZipFile, sha256: str) -> WaczCheck:
    names = [i.filename for i in zf.infolist() if not i.is_dir()]
    twice = sorted(n for n, c in Counter(names).items() if c > 1)
    if twice:
        raise refuse(path, f"the zip holds {twice[0]!r} more than once")
    if MANIFEST not in names:
        raise refuse(
            path,
            f"no {MANIFEST} in the zip: not a WACZ, or its manifest was removed",
            "capture the WACZ as its tool wrote it (or capture the file under another name)",
        )
    manifest_bytes = _read_small(path, zf, MANIFEST)
    manifest = _manifest(path, manifest_bytes)
    resources = _resources(path, manifest)
    digest = _read_small(path, zf, DIGEST) if DIGEST in names else None
    try:
        signature = check_digest_document(digest, manifest_bytes, manifest)
    except SignatureProblem as exc:
        raise refuse(path, str(exc)) from None
    responses: dict[str, dt.datetime] = {}
    for res in resources:
        responses.update(_check_resource(path, zf, res))
    listed = {r["path"] for r in resources}
    unlisted = tuple(sorted(n for n in names if n not in listed and n not in (MANIFEST, DIGEST)))
    page_url, page_ts, pages = _first_page(path, zf) if PAGES in listed else (None, None, 0)
    found = [_text(manifest.get("mainPageURL")), page_url, *responses]
    url = next((u for u in found if u and WEB_URL.match(u)), None)
    at = responses.get(url or "") or page_ts or _time(manifest.get("created"))
    return WaczCheck(
        sha256=sha256,
        resources=len(resources),
        unlisted=unlisted,
        signature=signature,
        archived_url=url,
        archived_at=at,
        created=_text(manifest.get("created")),
        software=_text(manifest.get("software")),
        pages=pages,
        not_checked=(NOT_CHECKED,),
    )


def _read_small(path: Path, zf: zipfile.ZipFile, name: str) -> bytes:
    """The bytes of entry ``name`` (at most :data:`MAX_MANIFEST`)."""
    try:
        with zf.open(name) as f:
            data = f.read(MAX_MANIFEST + 1)
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
        raise refuse(path, f"{name} cannot be read from the zip ({exc})") from None
    if len(data) > MAX_MANIFEST:
        raise refuse(path, f"{name} is larger than {MAX_MANIFEST:,} bytes")
    return data


def _manifest(path: Path, data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise refuse(path, f"{MANIFEST} is not JSON ({exc})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("resources"), list):
        raise refuse(path, f"{MANIFEST} has no list of resources")
    return manifest


def _resources(path: Path, manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's resources, each with a path, a known hash and a size."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, res in enumerate(manifest["resources"]):
        where = f"{MANIFEST} resource {i + 1}"
        if not isinstance(res, dict) or not isinstance(res.get("path"), str):
            raise refuse(path, f"{where} names no path")
        name = res["path"]
        algo, _, hexdigest = str(res.get("hash", "")).partition(":")
        if algo.lower() not in HASHES or not hexdigest:
            raise refuse(path, f"{where} ({name!r}) has no sha256/sha384/sha512 hash")
        size = res.get("bytes")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise refuse(path, f"{where} ({name!r}) gives no size in bytes")
        if name in seen:
            raise refuse(path, f"{MANIFEST} lists {name!r} twice")
        seen.add(name)
        out.append({"path": name, "algo": algo.lower(), "hash": hexdigest.lower(), "bytes": size})
    return out


class _Hashing:
    """A reader that hashes what passes through it and refuses more than ``limit`` bytes."""

    def __init__(self, f: IO[bytes], algo: str, limit: int) -> None:
        self.f, self.h, self.size, self.limit = f, hashlib.new(algo), 0, limit

    def read(self, n: int = -1) -> bytes:
        block = self.f.read(self.limit + 1 - self.size if n < 0 else n)
        self.h.update(block)
        self.size += len(block)
        if self.size > self.limit:
            raise _TooLong
        return block

    def drain(self) -> None:
        while self.read(_BLOCK):
            pass


class _TooLong(Exception):
    pass


def _check_resource(path: Path, zf: zipfile.ZipFile, res: dict[str, Any]) -> dict[str, dt.datetime]:
    """Check one listed resource's presence, size and hash; for a WARC, the first
    ``WARC-Date`` of each response record's URL."""
    name = res["path"]
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise refuse(path, f"{name!r}, listed in {MANIFEST}, is not in the zip") from None
    found: dict[str, dt.datetime] = {}
    unreadable: str | None = None
    try:
        with zf.open(info) as f:
            reader = _Hashing(f, res["algo"], res["bytes"])
            if name.endswith((".warc", ".warc.gz")):
                found, unreadable = _responses(reader)
            reader.drain()
    except _TooLong:
        raise refuse(
            path, f"{name!r} was changed: it is larger than the {res['bytes']:,} bytes listed"
        ) from None
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
        raise refuse(path, f"{name!r} cannot be read from the zip ({exc})") from None
    if reader.size != res["bytes"]:
        raise refuse(
            path,
            f"{name!r} was changed: it is {reader.size:,} bytes, {MANIFEST} lists {res['bytes']:,}",
        )
    if reader.h.hexdigest() != res["hash"]:
        raise refuse(
            path,
            f"{name!r} was changed: its {res['algo']} is {reader.h.hexdigest()},"
            f" {MANIFEST} lists {res['hash']}",
        )
    if unreadable:  # its bytes are as listed: the package was made with a broken WARC
        raise refuse(path, f"{name!r} is not a readable WARC ({unreadable})")
    return found


def _responses(reader: _Hashing) -> tuple[dict[str, dt.datetime], str | None]:
    """URL → first ``WARC-Date`` of the response records of one WARC, and why it cannot be
    read (``None`` when it can)."""
    found: dict[str, dt.datetime] = {}
    records = 0
    try:
        for record in ArchiveIterator(reader):
            records += str(record.format).startswith("warc")
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            when = _time(record.rec_headers.get_header("WARC-Date"))
            if uri and when and uri not in found:
                found[uri] = when
    except _TooLong:
        raise
    except (
        ArchiveLoadFailed,
        ChunkedDataException,
        StatusAndHeadersParserException,
        ValueError,
        OSError,
        EOFError,
        zlib.error,
    ) as exc:
        return found, str(exc)[:200]
    return found, None if records else "it holds no WARC record"


def _first_page(path: Path, zf: zipfile.ZipFile) -> tuple[str | None, dt.datetime | None, int]:
    """The first page's URL and time in ``pages/pages.jsonl``, and how many pages it lists."""
    url: str | None = None
    when: dt.datetime | None = None
    pages = 0
    for n, line in enumerate(_read_small(path, zf, PAGES).splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            raise refuse(path, f"{PAGES} line {n} is not JSON") from None
        if not isinstance(entry, dict) or "format" in entry or not entry.get("url"):
            continue
        pages += 1
        if url is None:
            url, when = _text(entry.get("url")), _time(entry.get("ts"))
    return url, when, pages


def _text(value: Any) -> str | None:
    return value.strip()[:2000] or None if isinstance(value, str) else None


def _time(value: Any) -> dt.datetime | None:
    """An ISO 8601 time (``Z`` or an offset; a time without one is UTC), else ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
