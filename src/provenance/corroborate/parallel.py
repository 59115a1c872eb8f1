"""Every claim of an index, analysed in forked worker processes (``corroborate --all``).

:class:`StoreRun` holds the index of a whole store (read once by
:func:`~provenance.corroborate.load.store_run`) and analyses and renders the claims in
workers forked from this process: they share the index, no copy, and stream their texts
back in claim id order. Pure: it never reads the store.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from provenance.corroborate.analysis import analyse, analyse_json
from provenance.corroborate.units import check_reliability

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from provenance.corroborate.index import EvidenceIndex
    from provenance.corroborate.result import Corroboration

Text = Callable[["EvidenceIndex", str, int], str]
"""Analyse one claim of an index at a reliability rank and render it as text."""

_WORK: tuple[EvidenceIndex, list[str], int, Text] | None = None
"""What the forked workers of :meth:`StoreRun.rendered` work on (inherited, not pickled)."""


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
        global _WORK
        import multiprocessing  # here: `corroborate CLAIM_ID` imports this module too

        text = analyse_json if render is None else _rendering(render)
        claims = self.claims
        n = workers or os.cpu_count() or 1
        forking = "fork" in multiprocessing.get_all_start_methods()
        if n < 2 or len(claims) < 4 * chunk or not forking:
            return (text(self.index, cid, self.max_rank) for cid in claims)
        _WORK = (self.index, claims, self.max_rank, text)
        # keep the collectors of the workers off the shared index (they would touch, hence
        # copy, every page of it)
        gc.freeze()
        try:
            pool = multiprocessing.get_context("fork").Pool(n)
        except BaseException:
            _WORK = None
            gc.unfreeze()
            raise
        ranges = [(i, min(i + chunk, len(claims))) for i in range(0, len(claims), chunk)]
        return _drain(pool, pool.imap(_render_range, ranges))


def _rendering(render: Callable[[Corroboration], str]) -> Text:
    """A :data:`Text` that renders the :class:`Corroboration` of each claim by ``render``."""

    def text(ix: EvidenceIndex, cid: str, max_rank: int) -> str:
        return render(analyse(ix, cid, max_rank))

    return text


def _drain(pool: Pool, results: Iterator[list[str]]) -> Iterator[str]:
    """Yield the workers' results in order; stop the workers and release the index after."""
    global _WORK
    try:
        for texts in results:
            yield from texts
    finally:
        pool.terminate()
        pool.join()
        _WORK = None
        gc.unfreeze()


def _render_range(bounds: tuple[int, int]) -> list[str]:
    """In a worker: the texts of the claims ``bounds[0]:bounds[1]`` of :data:`_WORK`."""
    assert _WORK is not None
    ix, claims, max_rank, text = _WORK
    return [text(ix, cid, max_rank) for cid in claims[bounds[0] : bounds[1]]]
