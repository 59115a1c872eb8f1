"""What a profile's row helpers report: which column is at fault, and why, carried as data.

Each case here was decided by reading an error message back (``"lat" in str(exc)``,
``exc.message.split(": ", 1)``) before issue 11; the parts now travel as attributes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from provenance.errors import ConflictError, InputError, ProvenanceError
from provenance.ingest.mapping import load_mapping
from provenance.ingest.profiles import get_profile
from provenance.ingest.profiles.base import (
    ImportResult,
    Rejection,
    Row,
    RowError,
    add_checked,
)
from provenance.ingest.profiles.run import build_import
from provenance.ingest.profiles.transforms import CellError, parse_range
from provenance.model import Model, Source


def test_row_and_cell_errors_are_provenance_errors() -> None:
    assert issubclass(CellError, InputError) and issubclass(RowError, InputError)
    err = RowError("Fatalities", "'x' is not a whole number")
    assert isinstance(err, ProvenanceError)
    assert err.message == "column 'Fatalities': 'x' is not a whole number"
    assert (err.column, err.reason) == ("Fatalities", "'x' is not a whole number")


def test_a_bad_latitude_is_blamed_on_the_latitude_column() -> None:
    row = Row("f.csv", 2, {"latitude": "north", "longitude": "37.1"})
    with pytest.raises(RowError) as exc:
        row.coordinates("latitude", "longitude")
    assert exc.value.column == "latitude"
    assert exc.value.reason == "'north' is not a number (decimal degrees)"
    row = Row("f.csv", 2, {"latitude": "36.2", "longitude": "east"})
    with pytest.raises(RowError) as exc:
        row.coordinates("latitude", "longitude")
    assert exc.value.column == "longitude"


def test_a_range_error_names_the_end_at_fault() -> None:
    with pytest.raises(CellError) as exc:
        parse_range("2", "many")
    assert exc.value.part == "max"
    row = Row("f.csv", 2, {"low": "2", "high": "many"})
    with pytest.raises(RowError) as rexc:
        row.range("low", "high")
    assert rexc.value.column == "high"
    row = Row("f.csv", 2, {"low": "few", "high": "3"})
    with pytest.raises(RowError) as rexc:
        row.range("low", "high")
    assert rexc.value.column == "low"
    row = Row("f.csv", 2, {"low": "9", "high": "3"})
    with pytest.raises(RowError) as rexc:
        row.range("low", "high")
    assert rexc.value.column == "low/high"


YDP_HEADER = (
    "Incident ID,Date,Governorate,District,Area,Target,Main category,Sub-category,"
    "Min Air Raids,Max Air Raids,Fatalities,Injured,Time of Day"
)


def _ydp(tmp_path: Path, *rows: str) -> list[Rejection]:
    path = tmp_path / "raw_yemen_data.csv"
    path.write_text("\n".join([YDP_HEADER, *rows]) + "\n", "utf-8")
    return build_import(get_profile("ydp"), [path]).rejections


def test_ydp_blames_a_bad_maximum_of_air_raids_on_its_column_and_keeps_the_raid(
    tmp_path: Path,
) -> None:
    path = tmp_path / "raw_yemen_data.csv"
    row = "1,26/03/2015,Sana'a,Bani Hushaysh,Area,Target,Civilian,House,2,lots,1,0,Night"
    path.write_text("\n".join([YDP_HEADER, row]) + "\n", "utf-8")
    result = build_import(get_profile("ydp"), [path])
    assert result.rejections == []
    [kept] = result.field_problems
    assert kept["id"] == "ydp:1" and kept["row"] == 2
    assert "column 'Max Air Raids'" in kept["problems"][0]["problem"]


def test_a_count_over_the_models_bound_rejects_the_row(tmp_path: Path) -> None:
    """Before issue 11 the ``Range`` was built outside :func:`build`: pydantic's
    ``ValidationError`` (a bare ``ValueError``) escaped the whole import."""
    rejected = _ydp(
        tmp_path,
        "1,26/03/2015,Sana'a,Bani Hushaysh,Area,Target,Civilian,House,2,3,99999999,0,Night",
        "2,27/03/2015,Sana'a,Bani Hushaysh,Area,Target,Civilian,House,2,3,4,0,Night",
    )
    assert [(r.row, r.column) for r in rejected] == [(2, "Fatalities")]
    assert "expected a number ≤ 10000000" in rejected[0].reason


class _Clashing(ImportResult):
    """An import result whose every add clashes (as a batch does for an id given twice)."""

    def add(
        self, model: Model, where: str, *, incident: str | None = None, file: str | None = None
    ) -> None:
        raise ConflictError("id 's1' is given twice", "rename one", where=where)


def test_a_conflict_rejection_keeps_the_reason_whatever_the_file_name() -> None:
    result = _Clashing(profile="test")
    row = Row("monitor: 2024.csv", 3, {})
    assert not add_checked(result, Source(id="s1", kind="news"), row)
    assert result.rejections == [Rejection("monitor: 2024.csv", 3, None, "id 's1' is given twice")]


MAPPING = """\
mapping: provenance-mapping/1
name: em
incident:
  id: {column: Ref}
  date: {column: When}
  title: {column: Place}
"""


def test_an_id_given_twice_is_rejected_with_the_whole_reason(tmp_path: Path) -> None:
    """End to end through the batch: needs ``store/rows.py`` to raise
    ``ConflictError(reason, hint, where=where)`` (reported to the integrator)."""
    mapping = tmp_path / "m.yaml"
    mapping.write_text(MAPPING, "utf-8")
    export = tmp_path / "monitor: 2024.csv"
    export.write_text("Ref,When,Place\nA1,2021-05-03,Marea\nA1,2021-05-03,Azaz\n", "utf-8")
    result = build_import(load_mapping(mapping), [export])
    rejected: list[dict[str, Any]] = [r.as_dict() for r in result.rejections]
    assert rejected == [
        {
            "file": "monitor: 2024.csv",
            "row": 3,
            "column": None,
            "reason": "id 'em:A1' is also used by monitor: 2024.csv row 2 with different content",
        }
    ]
