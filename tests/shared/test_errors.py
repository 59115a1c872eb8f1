"""One error root and one text for it: what ``str()`` gives is what the CLI shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli

from provenance.errors import ConflictError, InputError, ProvenanceError, UsageError


def test_str_and_display_are_the_cli_format() -> None:
    err = InputError("cases.yaml:3: field 'kind': not a source kind", "use news")
    assert str(err) == "cases.yaml:3: field 'kind': not a source kind\nHint: use news"
    assert err.display() == "Error: cases.yaml:3: field 'kind': not a source kind\nHint: use news"
    bare = ProvenanceError("no hint here")
    assert str(bare) == "no hint here" and bare.display() == "Error: no hint here"


def test_brief_is_one_line_for_reports_and_data() -> None:
    err = InputError("cases.yaml:3: field 'kind': not a source kind", "use news")
    assert err.brief() == "cases.yaml:3: field 'kind': not a source kind — use news"
    assert ProvenanceError("no hint here").brief() == "no hint here"


def test_exit_codes() -> None:
    assert InputError("x").exit_code == 1
    assert UsageError("x").exit_code == 2 and isinstance(UsageError("x"), ProvenanceError)


def test_a_usage_error_is_invalid_input_that_exits_2() -> None:
    """Library callers that catch InputError also catch a bad option value."""
    with pytest.raises(InputError) as caught:
        raise UsageError("unknown grade 'great'", "use A-F")
    assert caught.value.exit_code == 2


def test_conflict_carries_its_place_and_reason_apart() -> None:
    err = ConflictError("id 's1' is given twice", "rename one", where="a: b.yaml: sources[2]")
    assert err.message == "a: b.yaml: sources[2]: id 's1' is given twice"
    assert (err.where, err.reason, err.hint) == (
        "a: b.yaml: sources[2]",
        "id 's1' is given twice",
        "rename one",
    )
    alone = ConflictError("id 's1' is given twice")
    assert alone.message == alone.reason and alone.where is None


def test_the_cli_prints_exactly_the_errors_display_text(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    run_cli("init", store=store, check=True)
    proc = run_cli("show", "nope", store=store)
    expected = ProvenanceError(
        "no item with id 'nope' (nor with that code or URL)",
        "find it with `provenance search WORDS` or `provenance list KIND`",
    )
    assert proc.returncode == 1 and proc.stderr == expected.display() + "\n"
