"""Issue 16: long commands show a progress bar on a terminal, never through a pipe nor with
``--quiet``; the PROV-JSON writer reports its progress through a callback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from output16_helpers import on_tty, piped

from provenance.export.common import WitnessPolicy
from provenance.export.prov_json import PROGRESS_EVERY, write_prov_json
from provenance.store.sqlite import SQLiteStore


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "d"
    assert piped("demo", "--out", str(out)).returncode == 0
    return out / "demo.db"


@pytest.mark.parametrize(
    ("args", "label"),
    [
        (("duplicates",), "Finding candidate duplicates"),
        (("figure",), "Computing the figure"),
        (("outlets", "suggest"), "Comparing authors, accounts and domains"),
        (("audit", "verify"), "Verifying the audit log"),
        (("export", "--format", "jsonl", "--out", "-"), "Exporting jsonl"),
    ],
)
def test_progress_on_a_terminal_only(demo: Path, args: tuple[str, ...], label: str) -> None:
    """Before: no sign of life (prov-json of the real data ran 10 s silent)."""
    code, shown = on_tty(*args, store=demo)
    assert code == 0, shown
    assert label in shown
    assert "/?" not in shown  # before: "0/?" while the total was unknown, as if stuck
    code, quiet = on_tty("--quiet", *args, store=demo)
    assert code == 0 and label not in quiet
    proc = piped(*args, store=demo)
    assert proc.returncode == 0 and label not in proc.stderr + proc.stdout


def test_importing_shows_progress(tmp_path: Path) -> None:
    export = Path(__file__).resolve().parents[2] / "examples" / "mapping-template.csv"
    mapping = export.with_suffix(".yaml")
    code, shown = on_tty("ingest", str(export), "--mapping", str(mapping), store=tmp_path / "s.db")
    assert code == 0 and "Importing" in shown


def test_prov_json_reports_progress(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("provenance.export.prov_json.PROGRESS_EVERY", 10)
    seen: list[tuple[int, int | None]] = []
    with SQLiteStore(demo) as store:
        n = write_prov_json(store, io.BytesIO(), WitnessPolicy(), lambda d, t: seen.append((d, t)))
    assert seen and seen[0] == (10, None) and seen[-1][0] <= n
    assert PROGRESS_EVERY >= 1_000
