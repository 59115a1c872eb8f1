"""``figure``, ``view figure`` and ``report figure`` take the same filters, checked the same
way (one definition, ``cli/filters.py``). Before: ``view figure`` had no ``--dataset``."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli
from paths import EXAMPLE


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("filters") / "s.db"
    run_cli("ingest", str(EXAMPLE), store=path, check=True)
    return path


@pytest.mark.parametrize(
    "command",
    [["figure"], ["view", "figure", "--out", "f.html"], ["report", "figure", "--out", "f.html"]],
)
@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--dataset", "nope"], "--dataset 'nope' matches no"),
        (["--belligerent", "Nobody"], "--belligerent 'Nobody' matches no incident"),
        (["--from", "2017-06-30", "--to", "2017-06-01"], "is after --to"),
    ],
)
def test_the_same_filters_fail_the_same_way(
    db: Path, tmp_path: Path, command: list[str], option: list[str], message: str
) -> None:
    proc = run_cli(*command, *option, store=db, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert not (tmp_path / "f.html").exists()
