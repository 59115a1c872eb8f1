"""``auto-archiver``: Bellingcat's Auto Archiver sheet, exported as CSV.

The Auto Archiver (https://github.com/bellingcat/auto-archiver) reads the URLs of a Google
Sheet and writes back, per row, where and when each was archived. Its Google Sheets
feeder/database module names the columns (``gsheet_feeder_db``'s ``columns`` setting; names
are matched case-insensitively and trimmed, as the archiver matches them):

=====================  =============================================  ========================
column                 what the archiver writes                        here
=====================  =============================================  ========================
``link`` (required)    the URL to archive                              ``url``; the source id
``archive status``     ``<archiver>: success``, ``[cached] …``,        kept as a note; failed →
                       ``Archive failed <reason>``, ``Archive in       an import problem (below)
                       progress``
``archive location``   URL(s) of the archived copy, one per line       ``archive_url`` (the first)
``archive date``       when it was archived (ISO 8601)                 ``captured_at``
``upload timestamp``   when the post was published (ISO 8601)          ``published_at``
``upload title``       the post's title                                ``title``
``hash``               ``SHA-256:<hex>`` (or ``SHA3-512:<hex>``,       ``sha256`` (SHA-256 only)
                       ``not-calculated``) of the archived file
``wacz``               URL(s) of the Browsertrix WACZ                  ``archive_url`` when there
                                                                       is no archive location
``text content``, ``perceptual hashes``, ``pdq_hash``, ``screenshot``,  read as known columns,
``thumbnail``, ``replaywebpage``, ``timestamp authority``,              not stored (no model
``destination folder``                                                  field holds them)
=====================  =============================================  ========================

Any other column is ignored; the report's notes list the ignored columns once.

Decisions:

* **Ids**: one source per URL, ``url:<sha256(normalised URL)[:16]>`` — the id rule of the
  ``airwars`` profile (:func:`~.transforms.url_source_id`), so re-importing the sheet updates
  the same sources and a URL an Airwars export cites is the same source. A URL on several
  rows is one source: the first row whose archive did not fail describes it (the notes
  count the repeats).
* **What a row states**: only the fields it gives a value, so an auto-archiver import never
  clears what an Airwars import (or an earlier sheet) said of the same source. ``kind``
  (social_media for social networks, video for video sites, else other) and ``author`` (the
  account a social-media URL names) are stated only for a source not yet in the store.
* **Kept, never dropped**: only a row without a ``link`` is rejected. A link that is not an
  http(s) URL, an unreadable date, a hash that is not ``SHA-256:<64 hex>`` or an archive
  location that is not a URL is left empty and recorded on the source's
  ``import_problems``; the report counts these (``kept_with_field_dropped``).
* **Failed archives**: a row whose status says the archive failed is still a source (the
  post was seen and linked): its failure is recorded on it as an import problem of
  ``archive_url`` (with the status text), so ``show`` says there is no archived copy and
  why. Rows not archived yet (blank or "in progress") are sources without archive fields.
  The notes count rows by status (success, cached, failed, not archived).
* **Hashes**: the archiver's hash is of the file it archived. A source that already has a
  ``sha256`` (a captured original, or an earlier sheet) keeps it: a sheet giving another
  records it as an import problem of ``sha256`` instead of failing the import.
* **Times**: an ISO 8601 time without an offset is taken as UTC.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from provenance.errors import ConflictError
from provenance.ingest.csvio import CsvFile, read_csv, require_columns
from provenance.model import Source, SourceKind
from provenance.store import import_origin
from provenance.wording import plural

from .base import (
    FieldProblems,
    ImportContext,
    ImportResult,
    Profile,
    Row,
    RowError,
    build,
    wrong_files,
)
from .transforms import CellError, account_of_url, normalise_url, url_source_id

LINK = "link"
COLUMNS = (
    LINK,
    "archive status",
    "archive location",
    "archive date",
    "upload timestamp",
    "upload title",
    "text content",
    "hash",
    "perceptual hashes",
    "pdq_hash",
    "wacz",
    "replaywebpage",
    "thumbnail",
    "screenshot",
    "timestamp authority",
    "destination folder",
)
"""The columns this profile knows (lower case), the required one first."""
HASH = re.compile(r"^SHA-256:([0-9a-fA-F]{64})$")
SOCIAL = {"twitter.com", "facebook.com", "instagram.com", "t.me", "vk.com", "threads.net"}
VIDEO = {"youtube.com", "youtu.be", "tiktok.com", "vimeo.com", "rumble.com"}


def status_kind(status: str | None) -> str:
    """``success``, ``cached``, ``failed`` or ``not archived`` for an ``archive status``."""
    text = (status or "").lower()
    if "fail" in text:
        return "failed"
    if not text or "progress" in text:
        return "not archived"
    return "cached" if "[cached]" in text else "success"


def kind_of(url: str) -> SourceKind:
    """The source kind a URL's site suggests."""
    try:
        host = normalise_url(url).split("/")[2]
    except (CellError, IndexError):
        return SourceKind.other
    if host in SOCIAL:
        return SourceKind.social_media
    return SourceKind.video if host in VIDEO else SourceKind.other


def timestamp(row: Row, column: str) -> dt.datetime | None:
    """An ISO 8601 time of ``column`` (UTC when it has no offset); :class:`RowError`."""
    value = row.text(column)
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RowError(column, f"{value[:80]!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def sha256_of(row: Row) -> str | None:
    """The hex of a ``SHA-256:<hex>`` hash; :class:`RowError` for another algorithm or bad hex
    (``not-calculated`` is no hash)."""
    value = row.text("hash")
    if value is None or value.lower() == "not-calculated":
        return None
    m = HASH.match(value)
    if m is None:
        algo = value.split(":", 1)[0] if ":" in value else None
        why = f"a {algo} hash, not SHA-256" if algo and algo.upper() != "SHA-256" else "bad hex"
        raise RowError("hash", f"{value[:80]!r} is not SHA-256:<64 hex digits> ({why})")
    return m.group(1).lower()


def first_url(row: Row, column: str) -> str | None:
    """The first of the URLs of ``column`` (one per line); :class:`RowError` if not http(s)."""
    value = row.text(column)
    if value is None:
        return None
    first = value.splitlines()[0].strip()
    try:
        normalise_url(first)
    except CellError as exc:
        raise RowError(column, exc.message) from None
    return first


class AutoArchiverProfile(Profile):
    name: ClassVar[str] = "auto-archiver"
    description: ClassVar[str] = (
        "Bellingcat Auto Archiver sheet (CSV): link, archive status/location/date, hash "
        "SHA-256:<hex> → sources with url, archive_url, captured_at and sha256"
    )
    files: ClassVar[str] = "the archiver's sheet exported as CSV (one file)"

    def run(self, paths: Sequence[Path], ctx: ImportContext) -> ImportResult:
        if len(paths) != 1:
            raise wrong_files(self, paths, f"got {len(paths)} files")
        f = read_csv(paths[0], required=(), profile=self.name, encoding=ctx.encoding)
        columns = self._columns(f)
        result = ImportResult(
            profile=self.name, rows_read={f.name: len(f.rows)}, encodings={f.name: f.encoding}
        )
        chosen: dict[str, tuple[Row, Source, list[dict[str, Any]], str]] = {}
        statuses: Counter[str] = Counter()
        repeats = 0
        for number, data in f.rows:
            row = Row(f.name, number, {columns.get(k, k): v for k, v in data.items()})
            try:
                source, problems = self._source(row)
            except RowError as exc:
                result.reject(row.file, row.number, exc.column, exc.reason)
                continue
            kind = status_kind(row.text("archive status"))
            statuses[kind] += 1
            seen = chosen.get(source.id)
            repeats += seen is not None
            if seen is None or (seen[3] == "failed" and kind != "failed"):
                chosen[source.id] = (row, source, problems, kind)
        self._add(result, chosen, ctx)
        self._notes(result, f, columns, statuses, repeats)
        return result

    def _columns(self, f: CsvFile) -> dict[str, str]:
        """Header name → the known column it is (matched trimmed, case-insensitively)."""
        columns = {h: h.strip().lower() for h in f.header if h.strip().lower() in COLUMNS}
        if LINK not in columns.values():
            require_columns(f.path, f.header, (LINK,), self.name)  # names the header found
        return columns

    @staticmethod
    def _source(row: Row) -> tuple[Source, list[dict[str, Any]]]:
        """The source a row describes (every field it gives) and the values left out."""
        url = row.text(LINK)
        if url is None:
            raise RowError(LINK, "no link")
        problems = FieldProblems(row)
        sid = problems.keep("url", LINK, lambda: url_of(url))
        status = row.text("archive status")
        archive = problems.keep(
            "archive_url", "archive location", lambda: first_url(row, "archive location")
        )
        if archive is None and not problems.has("archive_url"):
            archive = problems.keep("archive_url", "wacz", lambda: first_url(row, "wacz"))
        if status_kind(status) == "failed":
            problems.add(
                "archive_url", "archive status", "the archive failed: no archived copy", status
            )
        fields: dict[str, Any] = {
            "id": sid or "url:" + hashlib.sha256(url.encode()).hexdigest()[:16],
            "kind": kind_of(url),
            "url": None if problems.has("url") else url,
            "title": (row.text("upload title") or "")[:500] or None,
            "archive_url": archive,
            "captured_at": problems.keep(
                "captured_at", "archive date", lambda: timestamp(row, "archive date")
            ),
            "published_at": problems.keep(
                "published_at", "upload timestamp", lambda: timestamp(row, "upload timestamp")
            ),
            "sha256": problems.keep("sha256", "hash", lambda: sha256_of(row)),
            "author": account_of_url(url),
        }
        return built(fields, problems), problems.found

    def _add(
        self,
        result: ImportResult,
        chosen: dict[str, tuple[Row, Source, list[dict[str, Any]], str]],
        ctx: ImportContext,
    ) -> None:
        """Add each source, stating only the fields it gives (``kind`` and ``author`` only
        for a source new to the store)."""
        stored = ctx.existing(chosen)
        hashes = ctx.captured(sid for sid, c in chosen.items() if c[1].sha256)
        for sid, (row, source, problems, _) in chosen.items():
            if source.sha256 and hashes.get(sid, source.sha256) != source.sha256:
                source, problems = other_hash(source, problems, hashes[sid])
            if sid in stored:
                source.model_fields_set.difference_update({"kind", "author"})
            origin = import_origin(self.name, row.file)
            try:
                result.batch.add(source, row.where, origin=origin, partial=True)
            except ConflictError as exc:
                result.reject(row.file, row.number, None, exc.reason)
                continue
            result.kept_with_problems(source, row, problems)

    @staticmethod
    def _notes(
        result: ImportResult,
        f: CsvFile,
        columns: dict[str, str],
        statuses: Counter[str],
        repeats: int,
    ) -> None:
        ignored = [h for h in f.header if h not in columns]
        if ignored:
            result.notes.append(f"columns not read: {', '.join(ignored)}")
        result.notes.append(
            "archive status: "
            + ", ".join(f"{n} {k}" for k, n in sorted(statuses.items()))
            + (
                " (failed rows are kept as sources without an archive)"
                if statuses["failed"]
                else ""
            )
        )
        if repeats:
            result.notes.append(
                f"{plural(repeats, 'row')} {'repeats' if repeats == 1 else 'repeat'} a link already"
                " read: one source per URL, described by"
                " its first row whose archive did not fail"
            )


BUILD_COLUMNS = {"url": LINK, "title": "upload title", "archive_url": "archive location"}
"""The source fields the model may still refuse (length, control characters), by column."""


def built(fields: dict[str, Any], problems: FieldProblems) -> Source:
    """The source of ``fields`` (those with a value); a value the model refuses is left
    empty and recorded in ``problems`` instead of rejecting the row."""
    for _ in range(len(BUILD_COLUMNS) + 1):
        given = {k: v for k, v in fields.items() if v is not None}
        try:
            return build(Source, BUILD_COLUMNS, **given, import_problems=problems.found or None)
        except RowError as exc:
            name = next(
                (f for f, c in BUILD_COLUMNS.items() if c == exc.column and fields.get(f)), None
            )
            if name is None:
                raise
            # the value as given, its control characters escaped by ``add``
            problems.add(name, str(exc.column), f"{exc.reason}: left empty", str(fields[name]))
            fields[name] = None
    raise RowError(LINK, "the source could not be read")


def other_hash(
    source: Source, problems: list[dict[str, Any]], stored: str
) -> tuple[Source, list[dict[str, Any]]]:
    """``source`` without the sheet's hash, which differs from the ``stored`` one (a captured
    original's hash is never replaced), the difference recorded as an import problem."""
    problem = {
        "field": "sha256",
        "value": f"SHA-256:{source.sha256}",
        "problem": f"column 'hash': the source already has sha256 {stored}: left as it is",
    }
    found = [*problems, problem]
    fields = {k: getattr(source, k) for k in source.model_fields_set if k != "sha256"}
    return Source.model_validate({**fields, "import_problems": found}), found


def url_of(url: str) -> str:
    """The source id of ``url``; :class:`RowError` when it is not an http(s) URL."""
    try:
        return url_source_id(url)
    except CellError as exc:
        raise RowError(LINK, exc.message) from None
