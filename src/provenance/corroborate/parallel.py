"""Every claim of an index, analysed in forked worker processes (``corroborate --all``).

:class:`StoreRun` holds the index of a whole store (read once by
:func:`~provenance.corroborate.load.store_run`) and analyses and renders the claims in
workers forked from this process: they share the index, no copy, and stream their texts
back in claim id order (:meth:`StoreRun.json_document`: the ``--json`` document's bytes,
joined in the workers a chunk of claims at a time, and handed over through temporary
files rather than the pool's pipe: :class:`Scratch`). It never reads the store.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import os
import shutil
import tempfile
import weakref
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from provenance.corroborate.analysis import analyse, analyse_json, analyse_json_bytes
from provenance.corroborate.units import check_reliability

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from provenance.corroborate.index import EvidenceIndex
    from provenance.corroborate.result import Corroboration

Text = Callable[["EvidenceIndex", str, int], Any]
"""Analyse one claim of an index at a reliability rank and render it (text or bytes)."""

Work = tuple["EvidenceIndex", list[str], int, Text]
"""What the workers work on: the index, the claims in order, the rank, the rendering."""

W = TypeVar("W")

_WORK: Work | None = None
"""What the forked workers of :meth:`StoreRun._spread` work on (inherited, not pickled)."""


class StoreRun:
    """Every claim of ``index`` (a whole store's, see
    :func:`~provenance.corroborate.load.store_run`), for :meth:`rendered`; ``len()`` is the
    number of claims."""

    def __init__(self, index: EvidenceIndex, *, min_reliability: str = "F") -> None:
        self.max_rank = check_reliability(min_reliability)
        self.index = index
        self.claims = sorted(index.supported_by)

    def __len__(self) -> int:
        return len(self.claims)

    def rendered(
        self,
        render: Callable[[Corroboration], str] | None = None,
        *,
        workers: int | None = None,
        chunk: int = 400,
    ) -> Iterator[str]:
        """``render(result)`` for every claim in id order (the results of
        :func:`~provenance.corroborate.load.corroborate_store`), by default the ``--json``
        text (:func:`~provenance.corroborate.analysis.analyse_json`), spread over
        ``workers`` processes (default: one per CPU).

        The workers are forked here, before this returns (so before the caller starts a
        progress-bar thread, say), from this process: they share the index, no copy. They
        analyse and render ``chunk`` claims at a time, streamed back in order. Iterate the
        result to the end or close it (that stops the workers). Runs in this process where
        ``fork`` is unavailable, with one worker, or for few claims.
        """
        text = analyse_json if render is None else _rendering(render)
        chunks = self._spread(text, _render_range, workers, chunk)
        return (t for texts in chunks for t in texts)

    def json_document(self, *, workers: int | None = None, chunk: int = 400) -> Iterator[bytes]:
        """The ``corroborate --all --json`` document in UTF-8 pieces: ``[``, the claims'
        compact objects one a line (``,`` between), ``]`` and a newline; the objects of
        :meth:`rendered`, joined in the workers (``chunk`` claims a piece) so the bytes
        cross between processes in few large pieces. Forks as :meth:`rendered` does, here;
        :meth:`pieces` says how many pieces there are (for a progress bar)."""
        try:
            scratch = Scratch()
        except OSError:  # no temporary folder to write in: through the pool's pipe
            return _bracketed(self._spread(analyse_json_bytes, _json_range, workers, chunk))
        pieces = self._spread(
            analyse_json_bytes, functools.partial(_json_to_scratch, scratch.folder), workers, chunk
        )
        return _bracketed(scratch.read_all(pieces))

    def pieces(self, chunk: int = 400) -> int:
        """How many pieces :meth:`json_document` yields with ``chunk``."""
        return -(-len(self.claims) // chunk) + 2

    def _spread(
        self,
        text: Text,
        work: Callable[[Work, tuple[int, int]], W],
        workers: int | None,
        chunk: int,
    ) -> Generator[W, None, None]:
        """``work(what, range)`` over the claims in ranges of ``chunk``, in order, in forked
        workers sharing ``what``, that is ``(index, claims, max_rank, text)``."""
        global _WORK
        import multiprocessing  # here: `corroborate CLAIM_ID` imports this module too

        claims = self.claims
        n = workers or os.cpu_count() or 1
        forking = "fork" in multiprocessing.get_all_start_methods()
        ranges = [(i, min(i + chunk, len(claims))) for i in range(0, len(claims), chunk)]
        what = (self.index, claims, self.max_rank, text)
        if n < 2 or len(claims) < 4 * chunk or not forking:
            return (work(what, bounds) for bounds in ranges)
        _WORK = what
        # keep the collectors of the workers off the shared index (they would touch, hence
        # copy, every page of it)
        gc.freeze()
        release_free_memory()
        try:
            pool = multiprocessing.get_context("fork").Pool(n)
        except BaseException:
            _WORK = None
            gc.unfreeze()
            raise
        return _drain(pool, pool.imap(functools.partial(_inherited, work), ranges))


def release_free_memory() -> None:
    """Give the C heap's free memory back to the system before forking (glibc's
    ``malloc_trim``; nothing elsewhere): memory freed while the index was built (decoding
    buffers, store pages) would otherwise stay resident in the parent and be shared by
    every worker (a million sources: the tree's peak PSS about 30 MB lower)."""
    import ctypes  # here: only the forking path needs it

    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def _rendering(render: Callable[[Corroboration], str]) -> Text:
    """A :data:`Text` that renders the :class:`Corroboration` of each claim by ``render``."""

    def text(ix: EvidenceIndex, cid: str, max_rank: int) -> str:
        return render(analyse(ix, cid, max_rank))

    return text


def _inherited(work: Callable[[Work, tuple[int, int]], W], bounds: tuple[int, int]) -> W:
    """In a worker: ``work`` on the :data:`_WORK` inherited from the parent."""
    assert _WORK is not None
    return work(_WORK, bounds)


def _drain(pool: Pool, results: Iterator[W]) -> Generator[W, None, None]:
    """Yield the workers' results in order; stop the workers and release the index after."""
    global _WORK
    try:
        yield from results
    finally:
        pool.terminate()
        pool.join()
        _WORK = None
        gc.unfreeze()


def _bracketed(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``[``, the ``pieces`` (each claims' objects one a line) joined by ``,``, ``]``."""
    yield b"["
    sep = b"\n"
    for piece in pieces:
        if piece:
            yield sep + piece
            sep = b",\n"
    yield b"\n]\n"


def _render_range(what: Work, bounds: tuple[int, int]) -> list[str]:
    """The texts of the claims ``bounds[0]:bounds[1]`` of ``what``."""
    ix, claims, max_rank, text = what
    return [text(ix, cid, max_rank) for cid in claims[bounds[0] : bounds[1]]]


class Scratch:
    """Where the workers of :meth:`StoreRun.json_document` leave their pieces: a file per
    piece in a private temporary folder, written by a worker, read back and removed by the
    parent (so the folder holds only the pieces not yet written out), the folder removed
    when the parent has read the last piece or was stopped.

    A piece crosses as two copies in the kernel (written, read back) instead of the pool's
    pickling, pipe and unpickling: for a million sources' 450 MB of JSON, the parent's
    share of the work falls from about 1.1 s of CPU to a quarter of that. A piece that
    cannot be written (a full temporary disk) crosses through the pool's pipe instead.
    """

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="provenance-corroborate-")
        # removed at the latest when this object goes (or the program ends)
        self.removal = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)

    def read(self, where: bytes | tuple[str, int]) -> bytes:
        """The piece ``where`` tells of, its file removed (given bytes: the piece itself)."""
        if isinstance(where, bytes):
            return where
        name, length = where
        path = os.path.join(self.folder, name)
        with open(path, "rb") as fh:
            data = fh.read()
        os.unlink(path)
        if len(data) != length:
            raise OSError(f"a piece of the corroboration was cut short in {self.folder}")
        return data

    def read_all(self, pieces: Generator[bytes | tuple[str, int], None, None]) -> Iterator[bytes]:
        """Every piece of ``pieces`` read back; when done or closed, the workers are
        stopped (``pieces`` closed) and the folder removed."""
        try:
            for where in pieces:
                yield self.read(where)
        finally:
            pieces.close()
            self.removal()


_PIECES = itertools.count(1)
"""This process's pieces left so far (their files' names are unique by pid)."""


def leave_piece(folder: str, data: bytes) -> bytes | tuple[str, int]:
    """Leave ``data`` in a new file of ``folder``: ``(name, length)`` to read it by
    (:meth:`Scratch.read`); ``data`` itself when it cannot be written."""
    name = f"{os.getpid()}-{next(_PIECES)}"
    try:
        with open(os.path.join(folder, name), "xb") as fh:
            fh.write(data)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, name))
        return data
    return name, len(data)


def _json_to_scratch(folder: str, what: Work, bounds: tuple[int, int]) -> bytes | tuple[str, int]:
    """:func:`_json_range`, left in ``folder`` when run in a worker (a forked process)."""
    data = _json_range(what, bounds)
    return leave_piece(folder, data) if _WORK is not None else data


def _json_range(what: Work, bounds: tuple[int, int]) -> bytes:
    """The JSON objects of the claims ``bounds[0]:bounds[1]`` of ``what``, one a line."""
    ix, claims, max_rank, text = what
    return b",\n".join([text(ix, cid, max_rank) for cid in claims[bounds[0] : bounds[1]]])
