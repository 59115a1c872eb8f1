"""Cells and notes of the ``airwars`` profile: ids from codes, grades, countries, notes.

Split from :mod:`.airwars` (the profile itself); :func:`incident_id_of_code` is also how
the ``statements`` profile links to Airwars incidents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from provenance.vocab import Grade
from provenance.wording import plural

from .base import ImportResult, Row, RowError
from .transforms import CellError, country_code, parse_date, url_source_id

GRADES = {g.value: g for g in Grade}
REPEAT_POST = re.compile(r"\s*\((?:[2-9]|[1-9][0-9]+)\)$")
"""The number the export gives an author's further posts cited by one incident: "Syria
Civil Defense (SDC) (2)" is the second post by "Syria Civil Defense (SDC)"."""


def author_of(cell: str | None) -> tuple[str | None, bool]:
    """The author of a source row as written, without the spreadsheet's leading apostrophe
    nor the number of a further post by them (:data:`REPEAT_POST`), and whether it had one:
    numbered, each post by one author would be an independence unit of its own.

    >>> author_of("'@OrientNews (2)"), author_of("Syria Civil Defense (SDC) (14)")
    (('@OrientNews', True), ('Syria Civil Defense (SDC)', True))
    >>> author_of("Idlib Media Center (EMC)"), author_of("Channel (1)"), author_of("' ")
    (('Idlib Media Center (EMC)', False), ('Channel (1)', False), (None, False))
    """
    author = (cell or "").lstrip("'").strip()
    bare = REPEAT_POST.sub("", author)
    return bare or None, bare != author


def incident_id_of_code(code: str) -> str:
    """This profile's id for an Airwars incident code (the statements profile links by it):
    ``airwars:<code>``; for a record carrying several codes after a merge ("TS700 YS179")
    the first code, ``airwars:TS700`` (the others stay in the title, so search finds them)."""
    return "airwars:" + primary_code(code)


def primary_code(code: str) -> str:
    """The first of the codes in an ``incident_code`` cell ("TS700 YS179" → "TS700")."""
    parts = code.split()
    return parts[0] if parts else code


NO_SOURCES_WARNING = (
    "no incident→source table given (incident_sources_flat.csv): every claim will be "
    "unsupported; give both files to link each incident to its sources"
)


def note_blank_minimums(
    incidents: Iterable[tuple[Row, dict[str, Any]]], result: ImportResult
) -> None:
    """Note the casualty ranges whose minimum was blank while the maximum was given: the
    minimum is 0 (DESIGN: never raised to the maximum)."""
    found = [
        f"{fields['code']} ({which})" for _, fields in incidents for which in fields["min_blank"]
    ]
    if found:
        shown = ", ".join(found[:10]) + (f" and {len(found) - 10} more" if len(found) > 10 else "")
        result.notes.append(
            f"{plural(len(found), 'casualty range')} with a blank minimum and a maximum: minimum 0 "
            f"(not the maximum): {shown}"
        )


def country_of(text: str | None) -> str | None:
    """The ISO alpha-2 code of an Airwars country name; an unknown one is an error."""
    if text is None:
        return None
    try:
        return country_code(text)
    except CellError as exc:
        raise RowError("country", exc.message) from None


def record_notes(row: Row, internal: str) -> str:
    """The incident's notes: its Airwars record id, status and canonical URL."""
    upstream = row.text("airwars_id") or internal
    status = row.text("incident_status")
    url = row.text("canonical_url")
    return (
        f"Airwars record {upstream}"
        + (f" ({status})" if status else "")
        + (f": {url}" if url else "")
    )


def grade_of(text: str | None) -> Grade | None:
    """The grade of an Airwars assessment ("Fair" → ``fair``); an unknown one is an error."""
    if text is None:
        return None
    grade = GRADES.get(text.lower())
    if grade is None:
        raise RowError(
            "assessment",
            f"unknown grade {text!r} (expected Confirmed, Fair, Weak, Contested or Discounted)",
        )
    return grade


SOURCE_DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d", "%B %d, %Y", "%B %d %Y", "%d/%m/%Y")
"""The date formats of the sources table's ``published_date``."""


def published_date(text: str | None) -> Any:
    """A source's publication date, or ``None`` without one (:class:`RowError` when
    unreadable)."""
    if text is None:
        return None
    try:
        return parse_date(text, SOURCE_DATE_FORMATS)
    except CellError as exc:
        raise RowError("published_date", exc.message) from None


def source_id_of(url: str) -> str:
    """The source id of ``url`` (:func:`url_source_id`); :class:`RowError` when it is not
    an http(s) URL."""
    try:
        return url_source_id(url)
    except CellError as exc:
        raise RowError("url", exc.message) from None


def note_source_rows(result: ImportResult, *, repeats: int, numbered: int, variants: int) -> None:
    """The report's notes on the sources file: rows repeating an incident's URL, rows whose
    author carries a post number (:func:`author_of`), rows describing a URL differently."""
    if repeats:
        result.notes.append(
            f"{plural(repeats, 'incident→source row')}"
            f" {'repeats' if repeats == 1 else 'repeat'} a URL already cited by that incident:"
            " counted once"
        )
    if numbered:
        result.notes.append(
            f"{plural(numbered, 'row')} {'names' if numbered == 1 else 'name'} a further"
            ' post by an author, numbered by the export ("Syria Civil Defense (2)"): its'
            " author is read without the number, so one author's posts are one"
            " independence unit"
        )
    if variants:
        result.notes.append(
            f"{plural(variants, 'row')} {'describes' if variants == 1 else 'describe'} an"
            " already-seen URL differently (author, platform or archive): the first row's"
            " description is kept"
        )
