"""``provenance view``: the same mistake exits the same way as elsewhere; pages are written
atomically and never through a symbolic link."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli
from paths import EXAMPLE


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "p.db"
    run_cli("ingest", str(EXAMPLE), store=path, check=True)
    return path


def test_bad_min_grade_exits_2_like_figure(db: Path, tmp_path: Path) -> None:
    figure = run_cli("figure", "--min-grade", "great", store=db)
    view = run_cli(
        "view", "figure", "--out", "f.html", "--min-grade", "great", store=db, cwd=tmp_path
    )
    assert figure.returncode == 2
    assert view.returncode == 2 and "'great'" in view.stderr and "confirmed" in view.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_date_exits_2_like_figure(db: Path, tmp_path: Path) -> None:
    for option in ("--from", "--to"):
        figure = run_cli("figure", option, "June", store=db)
        view = run_cli("view", "figure", "--out", "f.html", option, "June", store=db, cwd=tmp_path)
        assert figure.returncode == view.returncode == 2
        assert view.stderr == figure.stderr
        assert view.stderr.startswith(f"Error: {option}: 'June' is not a date")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--max-nodes", "0"],
        ["--max-nodes", "9999"],
        ["--depth", "-1"],
        ["--out", "chain.txt"],
    ],
    ids=["max-nodes-0", "max-nodes-above-limit", "negative-depth", "not-html"],
)
def test_bad_view_options_exit_2(db: Path, tmp_path: Path, args: list[str]) -> None:
    for kind in (["claim", "ill-mosul-1-c1"], ["incident", "ill-raqqa-1"], ["figure"]):
        argv = ["view", *kind, "--out", "x.html", *args]
        proc = run_cli(*argv, store=db, cwd=tmp_path)
        assert proc.returncode == 2, (argv, proc.stderr)
        assert args[0] in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_out_in_a_missing_directory_or_a_directory_exits_1(db: Path, tmp_path: Path) -> None:
    missing = run_cli(
        "view", "claim", "ill-mosul-1-c1", "--out", "no/x.html", store=db, cwd=tmp_path
    )
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    (tmp_path / "d.html").mkdir()
    a_dir = run_cli("view", "claim", "ill-mosul-1-c1", "--out", "d.html", store=db, cwd=tmp_path)
    assert a_dir.returncode == 1 and "is a directory" in a_dir.stderr


def test_never_writes_through_a_symlink(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    (tmp_path / "chain.html").symlink_to(target)
    proc = run_cli("view", "claim", "ill-mosul-1-c1", "--out", "chain.html", store=db, cwd=tmp_path)
    assert proc.returncode == 1 and "symbolic link" in proc.stderr
    assert target.read_text() == "keep me\n"
    assert (tmp_path / "chain.html").is_symlink()
