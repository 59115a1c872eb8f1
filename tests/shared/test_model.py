"""Validation rules of the domain models: ranges, coordinates, dates, enums, strictness."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from provenance.model import (
    PRECISION_ORDER,
    CaseFile,
    Claim,
    Incident,
    Location,
    Organisation,
    Precision,
    Range,
    Source,
    Statement,
    Witness,
)


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[tuple[Any, ...], str]]:
    return [(tuple(e["loc"]), e["type"]) for e in exc.value.errors()]


@given(st.integers(0, 10_000_000), st.integers(0, 10_000_000))
def test_range_min_le_max(a: int, b: int) -> None:
    if a <= b:
        assert Range(min=a, max=b).max == b
    else:
        with pytest.raises(ValidationError, match=r"min \(\d+\) must not exceed max"):
            Range(min=a, max=b)


@pytest.mark.parametrize("bad", [-1, 10_000_001])
def test_range_bounds(bad: int) -> None:
    with pytest.raises(ValidationError):
        Range(min=bad, max=10_000_001)


@pytest.mark.parametrize(
    ("value", "kind"),
    [("5", "int_type"), (5.0, "int_type"), (True, "int_type"), (None, "int_type")],
)
def test_counts_are_strict_ints(value: object, kind: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Range.model_validate({"min": value, "max": 9})
    assert errors(exc)[0] == (("min",), kind)


@pytest.mark.parametrize(
    ("lat", "lon", "ok"),
    [
        (90, 180, True),
        (-90, -180, True),
        (36.34, 43.13, True),
        (90.0001, 0, False),
        (-90.5, 0, False),
        (0, 180.01, False),
        (0, -181, False),
        ("36.3", 43.1, False),
    ],
)
def test_coordinates(lat: object, lon: object, ok: bool) -> None:
    data = {"name": "x", "lat": lat, "lon": lon}
    if ok:
        assert Location.model_validate(data).lat == lat
    else:
        with pytest.raises(ValidationError):
            Location.model_validate(data)


def test_lat_and_lon_together() -> None:
    with pytest.raises(ValidationError, match="lat and lon must be given together"):
        Location(name="x", lat=1.0)
    assert Location(name="x").lat is None


def test_date_window() -> None:
    base = {"id": "i", "title": "t", "date": "2017-06-10"}
    assert Incident.model_validate({**base, "date_end": "2017-06-10"}).date_end == dt.date(
        2017, 6, 10
    )
    with pytest.raises(ValidationError, match=r"date_end \(2017-06-09\) is before date"):
        Incident.model_validate({**base, "date_end": "2017-06-09"})


@pytest.mark.parametrize("bad", ["2017-06-31", "10/06/2017", "2017-06-10T10:00:00", 20170610])
def test_dates_are_iso_dates(bad: object) -> None:
    with pytest.raises(ValidationError, match="expected a date"):
        Incident.model_validate({"id": "i", "title": "t", "date": bad})


def test_datetime_is_normalised_to_utc() -> None:
    s = Source.model_validate(
        {"id": "s", "kind": "news", "published_at": "2017-06-03T10:00:00+03:00"}
    )
    assert s.published_at == dt.datetime(2017, 6, 3, 7, tzinfo=dt.UTC)
    naive = Source.model_validate({"id": "s", "kind": "news", "published_at": "2017-06-03T10:00"})
    assert naive.model_dump(mode="json")["published_at"] == "2017-06-03T10:00:00Z"


@pytest.mark.parametrize("grade", list("ABCDEF"))
def test_reliability_a_to_f(grade: str) -> None:
    assert Source(id="s", kind="news", reliability=grade).reliability == grade


@pytest.mark.parametrize("bad", ["G", "a", "", "AB", 1])
def test_reliability_rejects_others(bad: object) -> None:
    with pytest.raises(ValidationError) as exc:
        Source.model_validate({"id": "s", "kind": "news", "reliability": bad})
    assert errors(exc)[0][0] == ("reliability",)


def test_precision_ladder() -> None:
    assert PRECISION_ORDER[0] is Precision.exact
    assert PRECISION_ORDER[-1] is Precision.country
    assert PRECISION_ORDER.index(Precision.street) < PRECISION_ORDER.index(Precision.city)
    assert Location(name="x", precision="village").precision is Precision.village
    with pytest.raises(ValidationError):
        Location.model_validate({"name": "x", "precision": "continent"})


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Source, {"id": "s", "kind": "news", "colour": "red"}),
        (Witness, {"id": "w", "role": "medic", "name": "A. Person"}),
        (Organisation, {"id": "o", "name": "n", "website": "x"}),
        (Claim, {"id": "c", "killed": 3}),
        (CaseFile, {"format": "provenance-case/1", "people": []}),
    ],
)
def test_extra_fields_forbidden(model: type[Any], data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data)
    assert errors(exc)[0][1] == "extra_forbidden"


@pytest.mark.parametrize(
    ("model", "data", "loc"),
    [
        (Source, {"id": 5, "kind": "news"}, ("id",)),
        (Source, {"id": "s", "kind": "news", "cites": "s2"}, ("cites",)),
        (Source, {"id": "s", "kind": "podcast"}, ("kind",)),
        (Source, {"id": "has space", "kind": "news"}, ("id",)),
        (Source, {"id": "", "kind": "news"}, ("id",)),
        (Source, {"id": "s", "kind": "news", "sha256": "ABC"}, ("sha256",)),
        (Incident, {"id": "i", "title": "t", "date": "2017-01-01", "country": "iq"}, ("country",)),
        (
            Statement,
            {"id": "st", "assessments": [{"incident": "i", "verdict": "maybe"}]},
            ("assessments", 0, "verdict"),
        ),
        (
            Claim,
            {"id": "c", "civilians_killed": {"min": "5", "max": 9}},
            ("civilians_killed", "min"),
        ),
    ],
)
def test_strict_types(model: type[Any], data: dict[str, Any], loc: tuple[Any, ...]) -> None:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data)
    assert errors(exc)[0][0] == loc


def test_models_are_frozen() -> None:
    s = Source(id="s", kind="news")
    with pytest.raises(ValidationError):
        s.title = "x"  # type: ignore[misc]


def test_case_format_is_fixed() -> None:
    with pytest.raises(ValidationError):
        CaseFile.model_validate({"format": "provenance-case/2"})
    assert CaseFile.model_validate({"format": "provenance-case/1"}).sources == []


def test_control_characters_are_refused_in_text() -> None:
    """An ANSI escape in a title could rewrite an analyst's terminal; tabs and newlines are fine."""
    from pydantic import ValidationError

    from provenance.model import Source

    Source(id="s", kind="news", title="line one\nline two\tend")
    for bad in ("\x1b[2K FAKE 999 killed", "nul\x00", "c1\x9b31m"):
        with pytest.raises(ValidationError, match="pattern"):
            Source(id="s", kind="news", title=bad)
