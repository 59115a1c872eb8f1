"""``timemap``: Forensic Architecture / Bellingcat TimeMap exports (events ↔ sources).

Files (told apart by content): ``export_events.json`` (a list of events with ``id``,
``date``, ``location``, ``latitude``, ``longitude``, ``description``, ``sources``,
``associations``), ``export_sources.json`` (an object: source id → ``{paths, title,
description}``) and optionally ``export_associations.json`` (filters such as
"Weapon System" / "Type of area affected").

Decisions:

* **Ids**: incident ``<prefix>:<event id>`` (prefix ``timemap`` unless ``--id-prefix``:
  give each monitor's map its own prefix); an event id used by two events (CIV1553 in the
  Bellingcat export) — the first keeps it, later ones get ``:2``, ``:3`` in file order.
  One claim per event, ``<incident id>:c``, with the description as its text (TimeMap has
  no casualty figures) supported by the event's sources.
* **Sources**: one per normalised URL (``url:<sha256[:16]>``), so two TimeMap source ids
  with one URL, and one URL behind many events, are one source. The ``author`` is the
  account read from the URL (twitter.com/NAME → ``@NAME``, t.me/NAME, facebook.com/NAME),
  else none. A hidden source (path ``HIDDEN``) is a different unknown source for each event:
  ``<incident id>:hidden``, never one shared item (that would make 72 events look
  corroborated by one origin).
* **Dates** ``MM/DD/YYYY`` (TimeMap's format; ``YYYY-MM-DD`` also read); the time is not
  kept. Coordinates only when both parse.
* **Country** (:func:`event_country`): the event's own ``country`` field when the export has
  one (an ISO code or a country name); else a country the location text names as its last
  part ("Klimovo, Bryansk, Russia", "Przewodów (Poland)"); else the country whose Natural
  Earth 1:110m outline holds the coordinates (:mod:`.country_of`: offline; within ~10 km
  of a border it may name the neighbour — 7 of Bellingcat's 1,159 events, near Vovchansk,
  get RU). A bounding box would not do. Bellingcat's export has no country field.
* **Associations**: "Weapon System" values → ``strike_type``; other filters → ``notes``.
* **Kept, never dropped**: only an event that is not an object or has no id is rejected
  (row = its 1-based position in the events list). A date or coordinate that cannot be
  read, an association or source list that is not a list of ids, a source id missing from
  the sources file or a source path that is not a URL is left out and recorded on the
  incident's ``import_problems`` (the report counts these items); an event without a date
  is kept as undated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from provenance.errors import InputError
from provenance.figures.countries import country_code
from provenance.ingest.csvio import read_json
from provenance.model import Claim, Incident, Source, SourceKind
from provenance.wording import plural

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
    wrong_files,
)
from .country_of import country_at
from .transforms import CellError, account_of_url, normalise_url, url_source_id

DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d")
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com")
SOCIAL_HOSTS = ("twitter.com", "t.me", "facebook.com", "instagram.com", "tiktok.com", "vk.com")


def _kind(url: str) -> SourceKind:
    host = normalise_url(url).split("/")[2]
    if host.endswith(VIDEO_HOSTS):
        return SourceKind.video
    if host.endswith(SOCIAL_HOSTS):
        return SourceKind.social_media
    return SourceKind.other


_PARTS = re.compile(r"[,;()]")


def event_country(
    event: dict[str, Any], place: str | None, coords: tuple[float, float] | None
) -> str | None:
    """The ISO code of an event's country: its own ``country`` field, else the country
    its location text ends with, else the one its coordinates lie in (see the module
    docstring); ``None`` when none says.

    >>> event_country({"country": "Ukraine"}, "Belgorod", (50.6, 36.6))
    'UA'
    >>> event_country({}, "Przewodów (Poland)", (50.47, 23.92)), event_country({}, None, (49.99, 36.23))
    ('PL', 'UA')
    """
    own = event.get("country")
    if isinstance(own, str) and (code := country_code(own)):
        return code
    parts = [p.strip() for p in _PARTS.split(place or "") if p.strip()]
    if parts and (code := country_code(parts[-1])) and len(parts[-1]) > 2:
        return code
    return country_at(*coords) if coords else None


def _ids(event: dict[str, Any], key: str) -> list[str | int]:
    """The ids an event lists under ``key`` (sources, associations); anything else in the
    list rejects the event."""
    ids = event.get(key) or []
    if not isinstance(ids, list) or not all(isinstance(i, str | int) for i in ids):
        raise RowError(key, "expected a list of ids")
    return ids


@dataclass
class Exports:
    """The documents of one TimeMap export, told apart by their shape."""

    events: list[Any] | None = None
    events_name: str = "events"
    sources: dict[str, Any] | None = None
    associations: list[Any] = field(default_factory=list)


def read_exports(paths: Sequence[Path], ctx: ImportContext, result: ImportResult) -> Exports:
    """Read each file and tell what it is: the events (a list), the sources (an object) or
    the associations (a list of objects with ``filter_paths``); rows read go to ``result``."""
    found = Exports()
    for path in paths:
        doc, used = read_json(path, encoding=ctx.encoding)
        result.encodings[path.name] = used
        if isinstance(doc, dict):
            found.sources = doc
        elif (
            isinstance(doc, list) and doc and isinstance(doc[0], dict) and "filter_paths" in doc[0]
        ):
            found.associations = doc
        elif isinstance(doc, list):
            found.events, found.events_name = doc, path.name
        else:
            raise InputError(
                f"{path}: not a TimeMap export (top level is {type(doc).__name__})",
                "give export_events.json and export_sources.json",
            )
        result.rows_read[path.name] = len(doc)
    return found


class TimeMapProfile(Profile):
    name: ClassVar[str] = "timemap"
    description: ClassVar[str] = (
        "Forensic Architecture / Bellingcat TimeMap JSON exports: events and sources many-to-many"
    )
    files: ClassVar[str] = "export_events.json, export_sources.json [, export_associations.json]"

    def run(self, paths: Sequence[Path], ctx: ImportContext) -> ImportResult:
        result = ImportResult(profile=self.name)
        files = read_exports(paths, ctx, result)
        if files.events is None or files.sources is None:
            raise wrong_files(self, paths, "an events list and a sources object are both needed")
        events, events_name, sources = files.events, files.events_name, files.sources
        filters = {
            a.get("id"): a.get("filter_paths") or []
            for a in files.associations
            if isinstance(a, dict) and isinstance(a.get("id"), str | int)
        }
        prefix = ctx.id_prefix or "timemap"
        seen: dict[str, int] = {}
        made: dict[str, Source] = {}
        for number, event in enumerate(events, start=1):
            row = Row(
                events_name,
                number,
                {k: v for k, v in event.items() if isinstance(v, str)}
                if isinstance(event, dict)
                else {},
            )
            try:
                if not isinstance(event, dict):
                    raise RowError(None, "an event must be an object")
                upstream = row.text("id")
                if upstream is None:
                    raise RowError("id", "no event id")
                seen[upstream] = seen.get(upstream, 0) + 1
                iid = f"{prefix}:{upstream}" + (f":{seen[upstream]}" if seen[upstream] > 1 else "")
                problems = FieldProblems(row)
                incident, claim, event_sources = self._event(
                    row, event, iid, (sources, filters), problems
                )
            except RowError as exc:
                result.reject(row.file, row.number, exc.column, exc.reason)
                continue
            for s in event_sources:
                if s.id not in made:
                    made[s.id] = s
                    add_checked(result, s, row)
            if add_checked(result, incident, row):
                result.kept_with_problems(incident, row, problems.found)
                add_checked(result, claim, row, incident=incident.id)
        dups = sum(n - 1 for n in seen.values() if n > 1)
        if dups:
            result.notes.append(
                f"{plural(dups, 'event')} {'reuses' if dups == 1 else 'reuse'} an earlier event id:"
                " given the suffix :2, :3… in file order"
            )
        return result

    def _event(
        self,
        row: Row,
        event: dict[str, Any],
        iid: str,
        lookups: tuple[dict[str, Any], dict[Any, Any]],
        problems: FieldProblems,
    ) -> tuple[Incident, Claim, list[Source]]:
        """The incident, claim and sources of one event (``lookups``: the sources file by
        id, the association filters); what cannot be read is left out in ``problems``."""
        sources, filters = lookups
        date = problems.keep("date", "date", lambda: row.date("date", DATE_FORMATS))
        if date is None and not problems.has("date"):
            problems.add("date", "date", "no date: kept as undated")
        coords = problems.keep(
            "location", ("latitude", "longitude"), lambda: row.coordinates("latitude", "longitude")
        )
        place = problems.text("location", "location")
        location = place_location(
            place, coords, {"lat": "latitude", "lon": "longitude", "name": "location"}
        )
        weapons: list[str] = []
        other: list[str] = []
        for aid in (
            problems.keep("notes", "associations", lambda: _ids(event, "associations")) or []
        ):
            path = filters.get(aid)
            if not path:
                other.append(str(aid))
            elif path[0] == "Weapon System":
                weapons.append(str(path[-1]))
            else:
                other.append(" / ".join(str(p) for p in path))
        found: list[Source] = []
        listed = problems.keep("supported_by", "sources", lambda: _ids(event, "sources")) or []
        for sid in dict.fromkeys(listed):
            item = sources.get(sid) if isinstance(sid, str) else None
            if not isinstance(item, dict):
                problems.add(
                    "supported_by", "sources", "not in the sources file: left out", str(sid)[:500]
                )
                continue
            found.extend(self._sources(item, iid, problems))
        description = problems.text("text", "description")
        title = f"{row.text('id')}: {place or (description or '')[:120]}".strip(": ")
        incident = build(
            Incident,
            {"date": "date", "title": "description", "notes": "associations", "country": "country"},
            id=iid,
            title=title[:500],
            date=date,
            location=location,
            country=event_country(event, place, coords),
            strike_type="; ".join(weapons)[:500] or None,
            notes=("; ".join(other) or None),
            import_problems=problems.found,
        )
        claim = build(
            Claim,
            {"text": "description"},
            id=f"{iid}:c",
            text=description,
            supported_by=list(dict.fromkeys(s.id for s in found)),
        )
        return incident, claim, found

    def _sources(self, item: dict[str, Any], iid: str, problems: FieldProblems) -> list[Source]:
        """The sources of one entry of the sources file (one per path); a path that is not
        a URL is left out in ``problems``."""
        out = []
        title = str(item.get("description") or item.get("title") or "").strip()[:500] or None
        for path in item.get("paths") or []:
            path = str(path).strip()
            if path.upper() == "HIDDEN":
                out.append(
                    build(
                        Source,
                        {"id": "sources"},
                        id=f"{iid}:hidden",
                        kind=SourceKind.other,
                        title="Source hidden by the publisher of the map",
                    )
                )
                continue
            try:
                sid = url_source_id(path)
                kind = _kind(path)
            except CellError as exc:
                problems.add(
                    "supported_by",
                    "sources",
                    f"source {item.get('id')!r}: {exc.message}: left out",
                    path[:500],
                )
                continue
            out.append(
                build(
                    Source,
                    {"url": "sources"},
                    id=sid,
                    kind=kind,
                    title=title,
                    url=path,
                    author=account_of_url(path),
                )
            )
        return out
