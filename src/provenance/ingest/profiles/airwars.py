"""``airwars``: Airwars incident table + incident→source table (flat CSV exports).

Files (told apart by their headers, in any order): the incident table (``incident_code``,
``assessment``, casualty min/max, …) and, optionally, the incident→source table
(``internal_id``, ``url``, ``author``, ``platform``, ``archive_url``, …).

Decisions, per case:

* **Ids** come from Airwars' codes: incident ``airwars:<code>``; a record carrying two codes
  after a merge ("TS700 YS179") gets the first, ``airwars:TS700`` (the others are in its
  title; the report notes how many records carry several codes). A code on two records (TS631,
  TS633 in the Syria export) — Airwars' own pages number them ``…-2``: the record with the
  lowest Airwars id keeps ``airwars:<code>``, the other becomes ``airwars:<code>:<airwars id>``
  (both are kept; ``duplicates`` can judge them).
* **Claims**: one per incident per alleged belligerent, ``airwars:<code>:c:<belligerent slug>``
  (``…:c:unknown`` without one), each with the incident's civilian deaths/injuries (Airwars
  does not split figures by belligerent) and supported by every source of the record.
* **Grades**: Fair/Contested/Weak/Confirmed/Discounted → the model's grade; blank → no grade
  (109 Syria records, mostly not yet assessed); anything else rejects the row.
* **Kept, never dropped**: only a record without a code or internal id is rejected. A value
  that cannot be used (a longitude of 4239, an unknown country or grade, a bad casualty
  range) is left empty and recorded on the incident's ``import_problems``
  (``{field, value, problem}``); a record without a date is kept undated. The report counts
  these (``kept_with_field_dropped``).
* **Ranges**: a blank minimum with a maximum is 0 (never the maximum; the report's notes
  list them); a blank maximum means the minimum alone; min > max leaves the range empty.
* **Sources file missing**: the import warns that every claim will be unsupported.
* **Location**: the place text as given (Arabic kept); coordinates only when both are given;
  no precision (the flat export has no geolocation accuracy). Country names → ISO alpha-2.
* **Sources**: one per normalised URL (``url:<sha256[:16]>``), so a URL cited by several
  incidents is one source supporting several claims; when rows disagree about a URL's
  author/platform/archive the first row wins (counted in the notes). ``author`` is the
  account or outlet as written, without the spreadsheet's leading apostrophe nor the number
  the export gives an author's further posts in one incident ("Syria Civil Defense (2)" is
  "Syria Civil Defense"; counted in the notes) — with no
  publisher it is the independence unit; no publishers are invented. Platform → ``kind``
  (social networks → social_media, video → video, web pages → other) and ``title``;
  the language word → ``language``; an Arabic or English ``published_date`` → published_at
  (midnight UTC). Rows with a URL that is not http(s), or for an unknown or rejected
  incident, are rejected; an incident→URL pair listed twice is one citation.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from provenance.ingest.csvio import CsvFile, read_csv, require_columns
from provenance.model import Claim, Incident, Source, SourceKind
from provenance.wording import plural

from .airwars_cells import (
    NO_SOURCES_WARNING,
    author_of,
    country_of,
    grade_of,
    incident_id_of_code,
    note_blank_minimums,
    note_source_rows,
    primary_code,
    published_date,
    record_notes,
    source_id_of,
)
from .base import (
    FieldProblems,
    ImportContext,
    ImportResult,
    Profile,
    Row,
    RowError,
    add_checked,
    build,
    place_location,
    range_fields,
    wrong_files,
)
from .transforms import (
    platform_and_language,
    slug,
    split_list,
)

INCIDENT_COLUMNS = (
    "internal_id",
    "incident_code",
    "incident_date",
    "country",
    "location",
    "latitude",
    "longitude",
    "alleged_belligerent",
    "assessment",
    "civilian_deaths_min",
    "civilian_deaths_max",
    "civilian_injuries_min",
    "civilian_injuries_max",
    "strike_status",
)
SOURCE_COLUMNS = ("internal_id", "incident_code", "author", "platform", "url", "archive_url")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%B %d, %Y", "%B %d %Y")
NOT_INCIDENT_FIELDS = ("code", "killed", "injured", "min_blank")
FIELD_COLUMNS = {
    "date": "incident_date",
    "country": "country",
    "location.name": "location",
    "belligerents": "alleged_belligerent",
    "strike_status": "strike_status",
    "strike_type": "strike_type",
    "title": "location",
}


class AirwarsProfile(Profile):
    name: ClassVar[str] = "airwars"
    description: ClassVar[str] = (
        "Airwars incidents (grade, belligerents, casualties min/max, location) with their "
        "incident→source table; one claim per alleged belligerent"
    )
    files: ClassVar[str] = "incidents_flat.csv and optionally incident_sources_flat.csv"

    def run(self, paths: Sequence[Path], ctx: ImportContext) -> ImportResult:
        result = ImportResult(profile=self.name)
        incidents_csv, sources_csv = self._files(paths, ctx)
        for f in (incidents_csv, sources_csv):
            if f is not None:
                result.rows_read[f.name] = len(f.rows)
                result.encodings[f.name] = f.encoding
        ids = self._incident_ids(incidents_csv, result)
        incidents: dict[str, tuple[Row, dict[str, Any]]] = {}
        for number, data in incidents_csv.rows:
            row = Row(incidents_csv.name, number, data)
            try:
                incidents[data["internal_id"].strip()] = (row, self._incident(row, ids))
            except RowError as exc:
                result.reject(row.file, row.number, exc.column, exc.reason)
        support: dict[str, list[str]] = defaultdict(list)
        if sources_csv is not None:
            self._sources(sources_csv, incidents, support, result)
        else:
            result.warnings.append(NO_SOURCES_WARNING)
        for internal_id, (row, fields) in incidents.items():
            self._add_incident(row, fields, support.get(internal_id, []), result)
        note_blank_minimums(incidents.values(), result)
        return result

    def _files(self, paths: Sequence[Path], ctx: ImportContext) -> tuple[CsvFile, CsvFile | None]:
        if not 1 <= len(paths) <= 2:
            raise wrong_files(self, paths, f"got {plural(len(paths), 'file')}")
        files = [read_csv(p, required=(), profile=self.name, encoding=ctx.encoding) for p in paths]
        incidents = [
            f
            for f in files
            if "assessment" in f.header or ("incident_date" in f.header and "url" not in f.header)
        ]
        sources = [f for f in files if f not in incidents]
        if len(incidents) != 1:
            first = files[0]
            require_columns(first.path, first.header, INCIDENT_COLUMNS, self.name)
            raise wrong_files(self, paths, "two incident tables were given")
        require_columns(incidents[0].path, incidents[0].header, INCIDENT_COLUMNS, self.name)
        if sources:
            require_columns(sources[0].path, sources[0].header, SOURCE_COLUMNS, self.name)
        return incidents[0], sources[0] if sources else None

    def _incident_ids(self, f: CsvFile, result: ImportResult) -> dict[str, str]:
        """internal_id → incident id; a code on several records: lowest Airwars id keeps it."""
        by_code: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        merged = 0
        for number, data in f.rows:
            code = primary_code(data["incident_code"].strip())
            merged += code != data["incident_code"].strip()
            internal = data["internal_id"].strip()
            upstream = (data.get("airwars_id") or internal.rsplit("-", 1)[-1]).strip()
            key = int(upstream) if upstream.isdigit() else number
            by_code[code].append((key, internal, upstream))
        ids: dict[str, str] = {}
        shared = 0
        for code, records in by_code.items():
            if not code:
                continue
            records.sort()
            for i, (_, internal, upstream) in enumerate(records):
                ids[internal] = (
                    incident_id_of_code(code)
                    if i == 0
                    else f"{incident_id_of_code(code)}:{upstream}"
                )
            shared += len(records) > 1
        if merged:
            result.notes.append(
                f"{plural(merged, 'record')} {'carries' if merged == 1 else 'carry'} several codes"
                " (merged by Airwars, e.g. 'TS700 YS179'):"
                " the id is airwars:<first code>; the other codes are in the title"
            )
        if shared:
            result.notes.append(
                f"{plural(shared, 'incident code')} {'occurs' if shared == 1 else 'occur'} on two"
                " or more records: the lowest Airwars id "
                "keeps airwars:<code>, the others get airwars:<code>:<airwars id>"
            )
        return ids

    def _incident(self, row: Row, ids: dict[str, str]) -> dict[str, Any]:
        """The fields of the row's incident (with ``code``, ``killed`` and ``injured``).

        Only a missing code or internal id rejects the row; a field whose value cannot be
        used is left empty and recorded in ``import_problems`` (:class:`FieldProblems`).
        """
        code = row.text("incident_code")
        if code is None:
            raise RowError("incident_code", "no incident code")
        internal = row.data["internal_id"].strip()
        if not internal:
            raise RowError("internal_id", "no internal id (needed to link sources)")
        problems = FieldProblems(row)
        date = problems.keep(
            "date", "incident_date", lambda: row.date("incident_date", DATE_FORMATS)
        )
        if date is None and not problems.has("date"):
            problems.add("date", "incident_date", "no incident date: kept as undated")
        grade = problems.keep("grade", "assessment", lambda: grade_of(row.text("assessment")))
        country = problems.keep("country", "country", lambda: country_of(row.text("country")))
        place = problems.text("location", "location")
        coords = problems.keep(
            "location", ("latitude", "longitude"), lambda: row.coordinates("latitude", "longitude")
        )
        location = place_location(
            place, coords, {"name": "location", "lat": "latitude", "lon": "longitude"}
        )
        deaths = ("civilian_deaths_min", "civilian_deaths_max")
        injuries = ("civilian_injuries_min", "civilian_injuries_max")
        killed = problems.keep("civilians_killed", deaths, lambda: row.range(*deaths))
        injured = problems.keep("civilians_injured", injuries, lambda: row.range(*injuries))
        title = f"{code}: {place}" if place else code
        return {
            "id": ids[internal],
            "code": code,
            "title": title[:500],
            "date": date,
            "location": location,
            "country": country,
            "belligerents": split_list(problems.text("belligerents", "alleged_belligerent") or ""),
            "strike_type": problems.text("strike_type", "strike_type"),
            "strike_status": problems.text("strike_status", "strike_status"),
            "grade": grade,
            "notes": problems.checked(
                "notes", "airwars_id/incident_status/canonical_url", record_notes(row, internal)
            ),
            "import_problems": problems.found,
            "killed": killed,
            "injured": injured,
            "min_blank": [  # the ranges kept with a blank minimum (a range left empty is not)
                name
                for name, (low, high), kept in (
                    ("killed", deaths, killed),
                    ("injured", injuries, injured),
                )
                if row.text(low) is None and row.text(high) is not None and kept is not None
            ],
        }

    def _add_incident(
        self, row: Row, f: dict[str, Any], sources: list[str], result: ImportResult
    ) -> None:
        try:
            incident = build(
                Incident,
                FIELD_COLUMNS,
                **{k: v for k, v in f.items() if k not in NOT_INCIDENT_FIELDS},
            )
            claims = []
            for belligerent in f["belligerents"] or [None]:
                claims.append(
                    build(
                        Claim,
                        {
                            "civilians_killed": "civilian_deaths_min",
                            "civilians_killed.max": "civilian_deaths_max",
                            "civilians_injured": "civilian_injuries_min",
                            "civilians_injured.max": "civilian_injuries_max",
                        },
                        id=f"{f['id']}:c:{slug(belligerent) if belligerent else 'unknown'}",
                        civilians_killed=range_fields(f["killed"]),
                        civilians_injured=range_fields(f["injured"]),
                        belligerent=belligerent,
                        supported_by=sources,
                    )
                )
        except RowError as exc:
            result.reject(row.file, row.number, exc.column, exc.reason)
            return
        if add_checked(result, incident, row):
            result.kept_with_problems(incident, row, f["import_problems"])
            for claim in claims:
                add_checked(result, claim, row, incident=incident.id)

    def _sources(
        self,
        f: CsvFile,
        incidents: dict[str, tuple[Row, dict[str, Any]]],
        support: dict[str, list[str]],
        result: ImportResult,
    ) -> None:
        sources: dict[str, Source] = {}
        first_row: dict[str, Row] = {}
        dropped: dict[str, list[dict[str, Any]]] = {}
        variants = repeats = numbered = 0
        for number, data in f.rows:
            row = Row(f.name, number, data)
            internal = data["internal_id"].strip()
            if internal not in incidents:
                code = row.text("incident_code") or internal
                result.reject(
                    row.file,
                    row.number,
                    "internal_id",
                    f"incident {code!r} is not in the incident table (or was rejected)",
                )
                continue
            author, was_numbered = author_of(row.text("author"))
            try:
                source, left_out = self._source(row, author)
            except RowError as exc:
                result.reject(row.file, row.number, exc.column, exc.reason)
                continue
            numbered += was_numbered
            if source.id in sources:
                variants += sources[source.id] != source
                source = sources[source.id]
            else:
                sources[source.id] = source
                first_row[source.id] = row
                dropped[source.id] = left_out
            cited = support[internal]
            if source.id in cited:
                repeats += 1
            else:
                cited.append(source.id)
        for sid, source in sources.items():
            if add_checked(result, source, first_row[sid]):
                result.kept_with_problems(source, first_row[sid], dropped[sid])
        note_source_rows(result, repeats=repeats, numbered=numbered, variants=variants)

    def _source(self, row: Row, author: str | None) -> tuple[Source, list[dict[str, Any]]]:
        """The source of one row (by ``author``, its cell read by :func:`author_of`) and the
        values left out of it (only a row without a URL is
        rejected: a URL that is not http(s), a bad date or archive URL is left empty and
        recorded on the source; its id is then the hash of the URL as written)."""
        url = row.text("url")
        if url is None:
            raise RowError("url", "no URL")
        problems = FieldProblems(row)
        sid = problems.keep("url", "url", lambda: source_id_of(url))
        if sid is None:
            sid = "url:" + hashlib.sha256(url.encode()).hexdigest()[:16]
        platform, language = platform_and_language(row.data.get("platform") or "")
        kind = SourceKind.other
        if platform == "Video":
            kind = SourceKind.video
        elif platform is not None:
            kind = SourceKind.social_media
        title = f"{platform} post by {author}" if platform and author else (author or platform)
        published = problems.keep(
            "published_at", "published_date", lambda: published_date(row.text("published_date"))
        )
        fields: dict[str, Any] = {
            "id": sid,
            "kind": kind,
            "title": title[:500] if title else None,
            "url": None if problems.has("url") else url,
            "author": author[:500] if author else None,
            "archive_url": row.text("archive_url"),
            "language": language,
            "published_at": published,
        }
        columns = {
            "url": "url",
            "archive_url": "archive_url",
            "author": "author",
            "title": "author",
        }
        for _ in range(len(columns)):
            try:
                return build(
                    Source, columns, **fields, import_problems=problems.found
                ), problems.found
            except RowError as exc:
                name = next(
                    (f for f, c in columns.items() if c == exc.column and fields.get(f)), None
                )
                if name is None:
                    raise
                problems.add(
                    name, str(exc.column), f"{exc.reason}: left empty", str(fields[name])[:500]
                )
                fields[name] = None
        raise RowError("url", "the source could not be read")
