"""``ydp``: the Yemen Data Project air-raid table (``raw_yemen_data.csv``).

Columns used: Incident ID, Date (DD/MM/YYYY), Governorate, District, Area, Target,
Main category, Sub-category, Min/Max Air Raids, Fatalities, Injured, Time of Day (header names are trimmed: "Fatalities " is Fatalities). Unnamed trailing
columns are ignored.

Decisions:

* **Encoding**: YDP publishes Windows-1252 (the ’ in place names); this profile reads
  UTF-8, and cp1252 when the file is not UTF-8 (the report names the encoding used).
* **Ids**: incident ``ydp:<Incident ID>``, claim ``ydp:<Incident ID>:c``. An Incident ID on
  two rows with the same content is one incident; with different content the later row is
  rejected. Rows that repeat another row's content under a different Incident ID are kept
  (YDP counts them as separate raids; ``duplicates`` can judge them).
* **Place**: no coordinates; ``location.admin`` = [governorate, district], ``name`` = the
  area, or the district when the area is blank or "-" (precision ``district`` then).
  Country ``YE``.
* **Air raids** "N+" (at least N) is kept as "N or more".
* **Kept, never dropped**: only a row without an Incident ID (or with an id containing
  spaces, which no person could type) is rejected. A date, air-raid count, fatality or injury
  value that cannot be read is left empty and recorded on the incident's
  ``import_problems``; the report counts these items (``kept_with_field_dropped``). A row
  without a date is kept as undated.
* **Figures**: Fatalities and Injured are single numbers → ranges ``{n, n}`` (0 is a
  reported zero, kept). Min/Max Air Raids have no model field: they go into ``notes``
  with target, categories and time of day (``strike_type`` = "Air raid").
* **Belligerent**: every raid in the table is by the Saudi/UAE-led coalition (YDP's scope),
  so each claim names it.
* **Evidence**: each claim is supported by one source, the YDP dataset itself
  (``ydp:dataset``, published by the organisation ``ydp``); YDP does not publish its
  per-raid sources, so every YDP claim has one independent path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from provenance.ingest.csvio import read_csv
from provenance.model import (
    Claim,
    Incident,
    Location,
    Organisation,
    OrgKind,
    Precision,
    Source,
    SourceKind,
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
    range_fields,
    wrong_files,
)
from .transforms import CellError, parse_range

COLUMNS = (
    "Incident ID",
    "Date",
    "Governorate",
    "District",
    "Area",
    "Target",
    "Main category",
    "Sub-category",
    "Min Air Raids",
    "Max Air Raids",
    "Fatalities",
    "Injured",
)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
BELLIGERENT = "Saudi/UAE-led coalition"
ORG = Organisation(id="ydp", name="Yemen Data Project", kind=OrgKind.monitor)
DATASET = Source(
    id="ydp:dataset",
    kind=SourceKind.local_monitor,
    title="Yemen Data Project air raids dataset",
    url="https://yemendataproject.org/data.html",
    publisher="ydp",
)


class YdpProfile(Profile):
    name: ClassVar[str] = "ydp"
    description: ClassVar[str] = (
        "Yemen Data Project air-raid table: governorate/district/area without coordinates, "
        "min/max air raids, fatalities and injured"
    )
    files: ClassVar[str] = "raw_yemen_data.csv"

    def run(self, paths: Sequence[Path], ctx: ImportContext) -> ImportResult:
        if len(paths) != 1:
            raise wrong_files(self, paths, f"got {len(paths)} files")
        f = read_csv(
            paths[0], required=COLUMNS, profile=self.name, encoding=ctx.encoding, accept=("cp1252",)
        )
        result = ImportResult(
            profile=self.name, rows_read={f.name: len(f.rows)}, encodings={f.name: f.encoding}
        )
        result.add(ORG, f"{f.name} (the publisher)")
        result.add(DATASET, f"{f.name} (the dataset)")
        for number, data in f.rows:
            row = Row(f.name, number, data)
            problems = FieldProblems(row)
            try:
                incident, claim = self._row(row, problems)
            except RowError as exc:
                result.reject(row.file, row.number, exc.column, exc.reason)
                continue
            if add_checked(result, incident, row):
                result.kept_with_problems(incident, row, problems.found)
                add_checked(result, claim, row, incident=incident.id)
        if f.encoding != "utf-8":
            result.notes.append(f"{f.name} is not UTF-8: read as {f.encoding}")
        return result

    @staticmethod
    def _raids(row: Row) -> str | None:
        """Min/Max Air Raids as text ("1–2", "10 or more" for YDP's "10+")."""
        low, high = row.text("Min Air Raids"), row.text("Max Air Raids")
        more = high is not None and high.endswith("+")
        if more:
            assert high is not None
            high = high[:-1].strip()
        try:
            pair = parse_range(low, high)
        except CellError as exc:
            column = "Min Air Raids" if exc.part == "min" else "Max Air Raids"
            raise RowError(column, exc.message) from None
        if pair is None:
            return None
        if more:
            return f"{pair[0]} to {pair[1]} or more" if pair[0] != pair[1] else f"{pair[1]} or more"
        return f"{pair[0]}–{pair[1]}" if pair[0] != pair[1] else str(pair[0])

    @staticmethod
    def _location(
        governorate: str | None, district: str | None, area: str | None
    ) -> Location | None:
        """The area (else the district, else the governorate) with its admin areas."""
        name = area or district or governorate
        if not name:
            return None
        return build(
            Location,
            {"name": "Area"},
            name=name,
            admin=[a for a in (governorate, district) if a],
            precision=None if area else (Precision.district if district else Precision.province),
        )

    def _row(self, row: Row, problems: FieldProblems) -> tuple[Incident, Claim]:
        """The incident and claim of ``row``; unusable values are left empty in
        ``problems`` (only a missing or untypable Incident ID raises :class:`RowError`)."""
        upstream = row.text("Incident ID")
        if upstream is None:
            raise RowError("Incident ID", "no incident id")
        if any(c.isspace() for c in upstream):
            raise RowError("Incident ID", f"{upstream!r} contains spaces")
        date = problems.keep("date", "Date", lambda: row.date("Date", DATE_FORMATS))
        if date is None and not problems.has("date"):
            problems.add("date", "Date", "no date: kept as undated")
        governorate, district, area = (
            problems.text("location", "Governorate"),
            problems.text("location", "District"),
            problems.text("location", "Area"),
        )
        location = self._location(governorate, district, area)
        raids = problems.keep(
            "air raids", ("Min Air Raids", "Max Air Raids"), lambda: self._raids(row)
        )
        killed = problems.keep("civilians_killed", "Fatalities", lambda: row.count("Fatalities"))
        injured = problems.keep("civilians_injured", "Injured", lambda: row.count("Injured"))
        target = problems.text("title", "Target")
        category = " / ".join(
            c
            for c in (
                problems.text("notes", "Main category"),
                problems.text("notes", "Sub-category"),
            )
            if c
        )
        notes = []
        if raids:
            notes.append(f"air raids: {raids}")
        if target:
            notes.append(f"target: {target}")
        if category:
            notes.append(f"target category: {category}")
        tod = problems.text("notes", "Time of Day")
        if tod and tod.lower() not in ("unknown", "unkn"):
            notes.append(f"time of day: {tod}")
        place = ", ".join(p for p in (area, district, governorate) if p)
        incident = build(
            Incident,
            {"date": "Date", "title": "Target", "notes": "Target"},
            id=f"ydp:{upstream}",
            title=f"Air raid on {target or 'unknown target'}, {place or 'Yemen'}"[:500],
            date=date,
            location=location,
            country="YE",
            belligerents=[BELLIGERENT],
            strike_type="Air raid",
            notes="; ".join(notes) or None,
            import_problems=problems.found,
        )
        claim = build(
            Claim,
            {"civilians_killed": "Fatalities", "civilians_injured": "Injured"},
            id=f"ydp:{upstream}:c",
            civilians_killed=range_fields(None if killed is None else (killed, killed)),
            civilians_injured=range_fields(None if injured is None else (injured, injured)),
            belligerent=BELLIGERENT,
            supported_by=[DATASET.id],
        )
        return incident, claim
