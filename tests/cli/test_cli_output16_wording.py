"""Issue 16, human wording: pydantic's "Input should be …" as the field and what it
expected; ranges, lists and counts as a person writes them."""

from __future__ import annotations

from typing import Any

import pytest
from provenance_cli.wording import human_value
from pydantic import ValidationError

from provenance.errors import expected_text, field_problem
from provenance.model import Claim, Incident
from provenance.wording import plural


def _errors(model: Any, data: dict[str, Any]) -> list[Any]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return list(info.value.errors())


def test_a_bad_grade_names_the_values_expected() -> None:
    """Before: "grade: Input should be 'confirmed', 'fair', …"."""
    err = next(
        e
        for e in _errors(Incident, {"id": "i", "date": "2017-06-03", "title": "t", "grade": "x"})
        if e["loc"] == ("grade",)
    )
    text = field_problem(err)
    assert text.startswith("grade: expected 'confirmed', 'fair'") and "(got 'x')" in text
    assert "Input should be" not in text


def test_a_bad_range_says_a_range_was_expected() -> None:
    """Before: "Input should be a valid dictionary or instance of Range"."""
    errs = _errors(Claim, {"id": "c", "incident": "i", "civilians_killed": "abc"})
    texts = [field_problem(e) for e in errs]
    assert any(t.startswith("civilians_killed: expected a range") for t in texts), texts
    assert not any("Input should be" in t for t in texts)


@pytest.mark.parametrize(
    ("err", "text"),
    [
        ({"type": "int_parsing", "msg": "Input should be a valid integer"}, "expected a whole number"),
        ({"type": "missing", "msg": "Field required"}, "required, and missing"),
        ({"type": "greater_than_equal", "msg": "…", "ctx": {"ge": 0}}, "expected a number ≥ 0"),
        ({"type": "odd", "msg": "Input should be something"}, "expected something"),
    ],
)  # fmt: skip
def test_expected_text(err: dict[str, Any], text: str) -> None:
    assert expected_text(err) == text


def test_ranges_lists_and_counts_in_words() -> None:
    assert human_value({"min": 2, "max": 7}) == "2–7"
    assert human_value({"min": 3, "max": 3}) == "3"
    assert human_value(["a", "b"]) == "a, b"
    assert human_value({"name": "Mosul", "admin": [], "lat": 1.5}) == "name: Mosul; lat: 1.5"
    assert (plural(1, "incident"), plural(24636, "incident")) == ("1 incident", "24,636 incidents")
