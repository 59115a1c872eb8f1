"""``demo --out DIR`` replaces only the files it made itself (issue 13, item 2): it knows
them by path and SHA-256 from its manifest, leaves everything else alone and refuses,
naming the file, to replace anything it did not make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_cli

from provenance.demo import run
from provenance.demo.case import MARKER
from provenance.errors import InputError


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    run(out)
    return out


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def test_the_manifest_lists_every_file_of_the_run_by_hash(first: Path) -> None:
    doc = json.loads((first / MARKER).read_text())
    files = doc["files"]
    assert "demo.db" in files and "audit/demo.key" in files and "views/figure-2017-06.html" in files
    assert any(f.startswith("audit/bundle-ill-mosul-1/") for f in files)
    on_disk = {
        p.relative_to(first).as_posix()
        for p in first.rglob("*")
        if p.is_file() and p.name != MARKER
    }
    assert on_disk == set(files)


def test_a_second_run_keeps_the_users_files(first: Path, tmp_path: Path) -> None:
    out = _copy(first, tmp_path / "out")
    audit = out / "audit"
    user_files = {
        audit / "monitor.key": "PRIVATE KEY",
        audit / "monitor.pub": "PUBLIC KEY",
        audit / "checkpoint-2017-07.txt": "the outside anchor",
        out / "views" / "my-notes.html": "<p>mine</p>",
    }
    for path, text in user_files.items():
        path.write_text(text)
    run(out)
    for path, text in user_files.items():
        assert path.read_text() == text
    assert (audit / "demo.key").is_file() and (out / "views" / "figure-2017-06.html").is_file()


@pytest.mark.parametrize(
    "name",
    ["audit/demo.key", "audit/checkpoint.txt", "views/figure-2017-06.html", "demo.db",
     "audit/bundle-ill-mosul-1/witnesses.json"],
)  # fmt: skip
def test_a_changed_file_where_the_demo_writes_is_refused_by_name(
    first: Path, tmp_path: Path, name: str
) -> None:
    out = _copy(first, tmp_path / "out")
    target = out / name
    target.write_bytes(target.read_bytes() + b"\nchanged by the user")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(InputError, match="was not made by `provenance demo`") as exc:
        run(out)
    assert str(target) in exc.value.message
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # nothing removed


def test_a_users_file_in_the_bundle_directory_is_refused(first: Path, tmp_path: Path) -> None:
    out = _copy(first, tmp_path / "out")
    extra = out / "audit" / "bundle-ill-mosul-1" / "notes.txt"
    extra.write_text("mine")
    with pytest.raises(InputError, match=r"notes\.txt"):
        run(out)
    assert extra.read_text() == "mine"


def test_a_users_key_at_the_demos_name_in_a_fresh_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "audit").mkdir()
    (tmp_path / "audit" / "demo.key").write_text("PRIVATE KEY")
    proc = run_cli("demo", "--out", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 1 and "demo.key" in proc.stderr, proc.stderr
    assert (tmp_path / "audit" / "demo.key").read_text() == "PRIVATE KEY"
    assert not (tmp_path / "demo.db").exists()
