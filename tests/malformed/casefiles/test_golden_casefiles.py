"""Golden malformed case files, library level: each raises its expected error, and the store is
untouched.

``EXPECTED.yaml`` (beside this file) pairs each file with the exception class and message
fragments (file name, line where the parser gives one, item, field) it must produce.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from paths import EXAMPLE

from provenance import errors
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore

HERE = Path(__file__).resolve().parent
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "EXPECTED.yaml").read_text("utf-8"))


def snapshot(store: SQLiteStore) -> tuple[dict[str, Any], list[bytes]]:
    """Everything observable: counts and the audit log's bytes."""
    return store.counts().as_dict(), [e.body for e in store.audit_events()]


def attempt(store: SQLiteStore, path: Path) -> None:
    store.ingest(load_batch([path]), actor="test")


def test_every_golden_file_is_listed() -> None:
    files = {p.name for p in HERE.iterdir() if p.suffix in (".yaml", ".json")} - {"EXPECTED.yaml"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_error(name: str, sqlite_store: SQLiteStore) -> None:
    expected = EXPECTED[name]
    path = HERE / name
    sqlite_store.ingest(load_batch([EXAMPLE]), actor="test")
    before = snapshot(sqlite_store)
    cls = getattr(errors, expected["error"])
    if expected.get("at") == "ingest":
        batch = load_batch([path])  # parses fine; the store refuses it
        with pytest.raises(cls) as exc:
            sqlite_store.ingest(batch, actor="test")
    else:
        with pytest.raises(cls) as exc:
            attempt(sqlite_store, path)
    message = exc.value.message
    for fragment in expected["fragments"]:
        assert fragment.format(file=path) in message, (fragment, message)
    assert exc.value.hint
    assert snapshot(sqlite_store) == before


def test_missing_file(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    before = snapshot(sqlite_store)
    with pytest.raises(errors.InputError, match="no such file") as exc:
        attempt(sqlite_store, tmp_path / "nope.yaml")
    assert str(tmp_path / "nope.yaml") in exc.value.message
    assert snapshot(sqlite_store) == before


def test_directory(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    with pytest.raises(errors.InputError, match="is a directory"):
        attempt(sqlite_store, tmp_path)


def test_huge_file_is_refused_before_reading(
    sqlite_store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVENANCE_MAX_CASE_BYTES", "1000")
    before = snapshot(sqlite_store)
    assert EXAMPLE.stat().st_size > 1_000
    with pytest.raises(errors.InputError, match="larger than the 1,000-byte limit") as exc:
        attempt(sqlite_store, EXAMPLE)
    assert str(EXAMPLE) in exc.value.message
    assert "PROVENANCE_MAX_CASE_BYTES" in exc.value.hint
    assert snapshot(sqlite_store) == before


def test_a_bad_file_among_good_ones_writes_nothing(sqlite_store: SQLiteStore) -> None:
    before = snapshot(sqlite_store)
    with pytest.raises(errors.ReferenceError_):
        sqlite_store.ingest(load_batch([EXAMPLE, HERE / "unknown-reference.yaml"]), actor="test")
    assert snapshot(sqlite_store) == before
    assert sqlite_store.get("airwars") is None


def test_conflict_with_the_store(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    sqlite_store.ingest(load_batch([EXAMPLE]), actor="test")
    before = snapshot(sqlite_store)
    clash = tmp_path / "clash.yaml"
    clash.write_text("format: provenance-case/1\nwitnesses:\n  - {id: airwars, role: medic}\n")
    with pytest.raises(errors.ConflictError, match="already a Organisation in the store") as exc:
        attempt(sqlite_store, clash)
    assert f"{clash}: witnesses[0] (id 'airwars')" in exc.value.message
    assert snapshot(sqlite_store) == before


def test_many_problems_are_summarised(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    items = "\n".join(f"  - {{id: s{i}, kind: podcast}}" for i in range(8))
    path.write_text(f"format: provenance-case/1\nsources:\n{items}\n")
    with pytest.raises(errors.InputError) as exc:
        load_batch([path])
    lines = exc.value.message.splitlines()
    assert len(lines) == 6
    assert lines[0].startswith(f"{path}:3: sources[0] (id 's0'), field 'kind'")
    assert lines[-1] == "… and 3 more problems"
    six = "\n".join(f"  - {{id: s{i}, kind: podcast}}" for i in range(6))
    path.write_text(f"format: provenance-case/1\nsources:\n{six}\n")
    with pytest.raises(errors.InputError) as exc:
        load_batch([path])
    assert exc.value.message.splitlines()[-1] == "… and 1 more problem"
