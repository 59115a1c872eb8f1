"""Pydantic v2 models of the domain (DESIGN.md "Domain model" and "Case file").

Models are strict: unknown fields are rejected (``extra="forbid"``), strings and integers
are never coerced from other types, strings are bounded, and the checks monitors rely on
(casualty ranges, coordinates, date windows, Admiralty reliability, the location precision
ladder) are enforced here so that nothing invalid reaches a store.

References between items are ids (strings); the store checks that they resolve.
Witnesses carry only a pseudonymous id and a role: identifying details never enter the graph.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictFloat,
    StrictInt,
    StringConstraints,
    field_validator,
    model_serializer,
    model_validator,
)

from provenance.rules import CONTROL_CHARACTERS, check_id, check_witness_id
from provenance.vocab import Grade, Reliability, Verdict

CASE_FORMAT = "provenance-case/1"

# --- bounded scalar types ---------------------------------------------------------------

Id = Annotated[
    str,
    StringConstraints(strict=True, min_length=1, max_length=200),
    AfterValidator(check_id),
]
"""An item id: 1–200 characters, NFC, no whitespace, control, invisible or bidirectional
characters (:func:`provenance.rules.check_id`); unique store-wide."""

_NO_CONTROLS = f"^[^{CONTROL_CHARACTERS}]*$"
"""Text may hold tabs and line breaks but no other control characters: an escape sequence in
a title must never reach an analyst's terminal (or rewrite what it shows)."""

ShortText = Annotated[str, StringConstraints(strict=True, max_length=500, pattern=_NO_CONTROLS)]
LongText = Annotated[str, StringConstraints(strict=True, max_length=20_000, pattern=_NO_CONTROLS)]
Url = Annotated[str, StringConstraints(strict=True, max_length=2_000, pattern=_NO_CONTROLS)]
Sha256 = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{64}$")]
CountryCode = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{2}$")]
Language = Annotated[
    str, StringConstraints(strict=True, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
]
IdList = Annotated[list[Id], Field(max_length=10_000)]


def _parse_date(value: Any) -> Any:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string; nothing else (no timestamps)."""
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), got a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {type(value).__name__}")


def _parse_datetime(value: Any) -> Any:
    """Accept a datetime, a date (midnight) or an ISO string; normalise to UTC.

    A time without an offset is taken as UTC (documented in the case-file format).
    """
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected an ISO 8601 date or date-time, got {value!r}") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:  # 9999-12-31T23:00-05:00 is past the year 9999 in UTC
            raise ValueError(f"{value.isoformat()} is out of range once converted to UTC") from None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    raise ValueError(f"expected an ISO 8601 date or date-time, got {type(value).__name__}")


Date = Annotated[dt.date, BeforeValidator(_parse_date)]
DateTime = Annotated[dt.datetime, BeforeValidator(_parse_datetime)]
Latitude = Annotated[StrictFloat | StrictInt, Field(ge=-90, le=90)]
Longitude = Annotated[StrictFloat | StrictInt, Field(ge=-180, le=180)]
Count = Annotated[StrictInt, Field(ge=0, le=10_000_000)]


class Model(BaseModel):
    """Base of every domain model: strict, closed, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# --- enumerations -----------------------------------------------------------------------


class Precision(StrEnum):
    """Location precision ladder, finest first."""

    exact = "exact"
    street = "street"
    neighbourhood = "neighbourhood"
    village = "village"
    town = "town"
    city = "city"
    subdistrict = "subdistrict"
    district = "district"
    province = "province"
    country = "country"


PRECISION_ORDER: tuple[Precision, ...] = tuple(Precision)


class SourceKind(StrEnum):
    news = "news"
    social_media = "social_media"
    ngo_report = "ngo_report"
    eyewitness = "eyewitness"
    local_monitor = "local_monitor"
    video = "video"
    image = "image"
    satellite = "satellite"
    other = "other"


class OrgKind(StrEnum):
    media = "media"
    ngo = "ngo"
    monitor = "monitor"
    military = "military"
    government = "government"
    other = "other"


class WitnessRole(StrEnum):
    resident = "resident"
    relative = "relative"
    medic = "medic"
    rescuer = "rescuer"
    journalist = "journalist"
    official = "official"
    survivor = "survivor"
    other = "other"


# --- value objects ----------------------------------------------------------------------


class Range(Model):
    """A casualty range ``{min, max}`` with ``0 <= min <= max``."""

    min: Count
    max: Count

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        return self


class Location(Model):
    name: ShortText
    name_variants: Annotated[list[ShortText], Field(max_length=50)] = []
    admin: Annotated[list[ShortText], Field(max_length=6)] = []
    """Administrative areas, largest first (e.g. governorate, district), when known."""
    lat: Latitude | None = None
    lon: Longitude | None = None
    precision: Precision | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> Self:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self


class Assessment(Model):
    """An official statement's verdict on one incident."""

    incident: Id
    verdict: Verdict
    civilians_killed_acknowledged: Count | None = None


class Acknowledgement(Model):
    """A campaign-level admission in a statement ("603 civilians since 2014")."""

    civilians_killed: Count
    date_from: Date | None = None
    date_to: Date | None = None
    scope: ShortText | None = None


# --- nodes ------------------------------------------------------------------------------


class Organisation(Model):
    """An outlet, NGO, monitor, military or government.

    ``aliases``: the author strings and accounts it writes as ("SCD", "Syrian Civil
    Defense", "twitter:SyriaCivilDefe"); ``domains``: the registered web domains it owns
    ("sana.sy"), never a platform such as facebook.com. Both join sources to this
    organisation's independence unit (DESIGN.md "Corroboration").
    """

    id: Id
    name: ShortText
    kind: OrgKind = OrgKind.other
    part_of: Id | None = None
    aliases: Annotated[list[ShortText], Field(max_length=10_000)] = []
    domains: Annotated[list[ShortText], Field(max_length=10_000)] = []


class ImportProblem(Model):
    """A value an import could not use: the field was left empty and the record kept."""

    field: ShortText
    value: ShortText | None = None
    problem: ShortText


ImportProblems = Annotated[list[ImportProblem], Field(max_length=100)]


class Source(Model):
    id: Id
    kind: SourceKind
    title: ShortText | None = None
    url: Url | None = None
    publisher: Id | None = None
    author: ShortText | None = None
    published_at: DateTime | None = None
    captured_at: DateTime | None = None
    sha256: Sha256 | None = None
    archive_url: Url | None = None
    language: Language | None = None
    reliability: Reliability | None = None
    cites: IdList = []
    quotes: IdList = []
    import_problems: ImportProblems | None = None
    """Values the import left empty, with the problem (stored only when there are some)."""

    @model_serializer(mode="wrap")
    def _omit_unset_marks(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return omit_unset_marks(handler(self))


class Witness(Model):
    """A pseudonymous witness. Names and contact details are never stored in the graph: an
    id that looks like a phone number or an e-mail address is refused, one that looks like a
    personal name is warned about (:func:`provenance.rules.check_witness_id`); what of it is
    public is :func:`provenance.rules.public_fields`."""

    id: Id
    role: WitnessRole = WitnessRole.other

    @field_validator("id")
    @classmethod
    def _pseudonymous(cls, value: str) -> str:
        return check_witness_id(value)


def omit_unset_marks(data: dict[str, Any]) -> dict[str, Any]:
    """Drop an item's ``import_problems`` and ``withdrawn`` while empty or false, so
    that items without them are stored (and hashed) exactly as before these fields."""
    for key in ("import_problems", "withdrawn"):
        if key in data and not data[key]:
            del data[key]
    return data


class Claim(Model):
    id: Id
    civilians_killed: Range | None = None
    civilians_injured: Range | None = None
    belligerent: ShortText | None = None
    text: LongText | None = None
    supported_by: IdList = []
    contradicted_by: IdList = []


class Incident(Model):
    id: Id
    title: ShortText
    date: Date | None = None
    """``None``: undated (an import kept a record whose date was missing or unusable)."""
    date_end: Date | None = None
    location: Location | None = None
    country: CountryCode | None = None
    belligerents: Annotated[list[ShortText], Field(max_length=50)] = []
    strike_type: ShortText | None = None
    strike_status: ShortText | None = None
    grade: Grade | None = None
    notes: LongText | None = None
    import_problems: ImportProblems | None = None
    """Values the import left empty, with the problem (stored only when there are some)."""
    withdrawn: bool | None = None
    """``True``: missing from a newer export of the same dataset (kept, never deleted)."""
    claims: Annotated[list[Claim], Field(max_length=1_000)] = []

    @model_serializer(mode="wrap")
    def _omit_unset_marks(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return omit_unset_marks(handler(self))

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.date_end is not None and self.date is not None and self.date_end < self.date:
            raise ValueError(f"date_end ({self.date_end}) is before date ({self.date})")
        return self


class Strike(Model):
    id: Id
    belligerent: ShortText | None = None
    date: Date | None = None
    location: Location | None = None
    target: ShortText | None = None
    reported_by: Id | None = None
    incidents: IdList = []


class Statement(Model):
    """An official statement, e.g. a belligerent's civilian-casualty assessment."""

    id: Id
    issuer: Id | None = None
    date: Date | None = None
    text: LongText | None = None
    url: Url | None = None
    assessments: Annotated[list[Assessment], Field(max_length=10_000)] = []
    acknowledges: Acknowledgement | None = None


class CaseFile(Model):
    """The native input format, ``format: provenance-case/1`` (normative)."""

    format: Literal["provenance-case/1"]
    description: LongText | None = None
    organisations: list[Organisation] = []
    sources: list[Source] = []
    witnesses: list[Witness] = []
    incidents: list[Incident] = []
    strikes: list[Strike] = []
    statements: list[Statement] = []


Node = Organisation | Source | Witness | Incident | Claim | Strike | Statement

LABELS: dict[type[Model], str] = {
    Organisation: "Organisation",
    Source: "Source",
    Witness: "Witness",
    Incident: "Incident",
    Claim: "Claim",
    Strike: "Strike",
    Statement: "Statement",
}
"""Graph label of each node model."""

MODELS: dict[str, type[Model]] = {label: cls for cls, label in LABELS.items()}
