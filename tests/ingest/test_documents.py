"""The one YAML loader (YAML 1.2 core schema), JSON parsing, line lookup, and how many
problems a case file's check reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest

from provenance.errors import InputError
from provenance.ingest import casefile
from provenance.ingest.csvio import read_csv
from provenance.ingest.documents import parse_json, parse_yaml, value_lines
from provenance.model import Witness


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("017", 17),
        ("0o17", 15),
        ("0x1f", 31),
        ("1_000", "1_000"),
        ("1:30", "1:30"),
        ("1e3", 1000.0),
        ("-2.5", -2.5),
        ("2017-02-30", "2017-02-30"),
        ("2017-06-05T10:00:00Z", "2017-06-05T10:00:00Z"),
    ],
)
def test_yaml_core_schema(text: str, value: Any) -> None:
    assert parse_yaml(f"v: {text}\n", "x.yaml") == {"v": value}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("a: 1\na: 2\n", "x.yaml:2:1: malformed YAML: duplicate key 'a'"),
        ("a: !!timestamp 2017-02-30\n", "x.yaml:1:4: malformed YAML: the tag"),
        ("a: !!python/object:os.system x\n", "is not allowed"),
        ("a: " + "9" * 5000 + "\n", "too long"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "x.yaml:1:"),
        ("? [a]\n: 1\n", "a mapping key must be a plain value"),
    ],
)
def test_yaml_refusals_name_the_place(text: str, problem: str) -> None:
    with pytest.raises(InputError, match="malformed YAML") as exc:
        parse_yaml(text, "x.yaml")
    assert problem in exc.value.message


def test_deep_json_is_an_input_error_with_its_line() -> None:
    text = '{"a":\n' + "[" * 10_000 + "]" * 10_000 + "}"
    with pytest.raises(InputError, match=r"^x\.json:2: malformed JSON: nested more than"):
        parse_json(text, "x.json")


def test_value_lines_stops_once_found() -> None:
    text = "a:\n  - x\n  - b: 1\n    c: 2\nz: [unclosed\n"  # broken after the values asked for
    assert value_lines(text, [("a", 1, "c"), ("a", 1, "missing"), ("a", 0)]) == {
        ("a", 1, "c"): 4,
        ("a", 1, "missing"): 3,
        ("a", 0): 2,
    }
    assert value_lines(text, [("nowhere",)]) == {}


class _Counting:
    """Stands in for the Witness model and counts the items checked."""

    calls: ClassVar[int] = 0

    @classmethod
    def model_validate(cls, item: Any) -> Witness:
        cls.calls += 1
        return Witness.model_validate(item)


def test_checking_stops_after_max_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.json"
    items = [{"id": f"w{i}", "role": "bystander"} for i in range(5_000)]
    path.write_text(json.dumps({"format": "provenance-case/1", "witnesses": items}, indent=1))
    monkeypatch.setitem(casefile.SECTIONS, "witnesses", _Counting)
    with pytest.raises(InputError) as exc:
        casefile.load_case_file(path)
    assert _Counting.calls == casefile.MAX_PROBLEMS
    lines = exc.value.message.splitlines()
    assert len(lines) == casefile.SHOWN_PROBLEMS + 1
    assert lines[0].startswith(f"{path}:6: witnesses[0] (id 'w0'), field 'role'")
    assert lines[-1] == (
        f"… and {casefile.MAX_PROBLEMS - casefile.SHOWN_PROBLEMS} more problems among the"
        f" first {casefile.MAX_PROBLEMS}; checking stopped there (fix these and run again)"
    )


def test_a_stray_quote_mid_file_names_its_row_with_crlf_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    rows = ["Ref,When,Killed"] + [f"A{i},2021-05-0{i},{i}" for i in range(1, 6)]
    rows[3] = 'A3,"2021-05-03,3'
    path.write_bytes("\r\n".join(rows).encode() + b"\r\n")
    with pytest.raises(InputError) as exc:
        read_csv(path, required=("Ref",), profile="test")
    assert exc.value.message.startswith(
        f"{path}: row 4 (line 4), column 'When': a quote opens this cell and is never closed"
    )
    assert "(lines 4–6)" in exc.value.message


def test_quoted_cells_with_line_breaks_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('Ref,Notes\nA1,"two\nlines, ""quoted"""\nA2,"last\ncell"\n')
    f = read_csv(path, required=("Ref",), profile="test")
    assert f.rows == [
        (2, {"Ref": "A1", "Notes": 'two\nlines, "quoted"'}),
        (3, {"Ref": "A2", "Notes": "last\ncell"}),
    ]
