"""``corroborate --all --json`` hands the workers' pieces over through temporary files
(:class:`~provenance.corroborate.parallel.Scratch`): the same document, nothing left behind,
and a piece that cannot be written still arrives."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from paths import REPO

from provenance.corroborate import store_run
from provenance.corroborate.parallel import Scratch, leave_piece
from provenance.store.sqlite import SQLiteStore


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of this test's own, for what the run leaves (or not)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate_batch  # type: ignore[import-not-found]

    path = tmp_path_factory.mktemp("scratch") / "s.db"
    with SQLiteStore(path, create=True) as s:
        s.ingest(generate_batch(3_000, seed=4), actor="tester")
    return SQLiteStore(path)


def test_the_document_is_whole_and_nothing_is_left(store: SQLiteStore, own_tmp: Path) -> None:
    run = store_run(store)
    assert len(run) >= 4 * 50  # enough claims for the workers
    alone = b"".join(run.json_document(workers=1))
    forked = b"".join(run.json_document(workers=2, chunk=50))
    assert forked == alone and alone.startswith(b"[\n{") and alone.endswith(b"}\n]\n")
    assert list(own_tmp.iterdir()) == []


def test_a_document_closed_early_leaves_nothing(store: SQLiteStore, own_tmp: Path) -> None:
    pieces = store_run(store).json_document(workers=2, chunk=50)
    assert next(pieces) == b"["
    assert next(pieces).startswith(b"\n{")
    assert len(list(own_tmp.iterdir())) == 1  # the scratch folder, in use
    pieces.close()
    assert list(own_tmp.iterdir()) == []


def test_a_piece_that_cannot_be_written_crosses_as_bytes(own_tmp: Path) -> None:
    scratch = Scratch()
    where = leave_piece(scratch.folder, b'{"claim":"c1"}')
    assert isinstance(where, tuple) and scratch.read(where) == b'{"claim":"c1"}'
    assert list(Path(scratch.folder).iterdir()) == []  # read back, removed
    shutil.rmtree(scratch.folder)  # the temporary disk is gone
    assert leave_piece(scratch.folder, b'{"claim":"c2"}') == b'{"claim":"c2"}'
    assert scratch.read(b'{"claim":"c2"}') == b'{"claim":"c2"}'


def test_without_a_temporary_folder_the_pipe_serves(
    store: SQLiteStore, own_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = store_run(store)
    expected = b"".join(run.json_document(workers=1))
    monkeypatch.setattr(tempfile, "tempdir", str(own_tmp / "missing"))
    assert b"".join(run.json_document(workers=2, chunk=50)) == expected
