"""Corroboration: how many independent source paths support a claim (DESIGN.md, normative).

Pure functions on the networkx upstream graph of :meth:`Store.upstream_graph` (see the
docstring of ``provenance.store.contract`` for its schema). For a claim ``C``:

* **Independence unit** of a source or statement: its publisher's family (a statement's
  issuer's; organisations joined by ``PART_OF`` are one family, node attribute ``family``);
  without a publisher its author (one account, one unit); without either the item itself.
  Every witness is its own unit. The claim itself is not a unit.
* **Origins**: upstream items that cite nothing and quote no one, and witnesses.
* **independent_paths** = the largest number of paths from ``C`` to origins such that no
  unit lies on two of them: each unit is contracted to one vertex and vertex-disjoint paths
  are counted by max-flow (Menger), see :mod:`provenance.corroborate.flow`.

Decisions on the edge cases:

* A claim directly supported by a source that cites nothing and quotes no witness rests on
  that source itself: it is an origin, and the chain is ``[C, source]`` (length 1).
  Statements cannot cite, so a statement is always an origin.
* A unit holding both an intermediate and an origin (a broadcaster's article citing a wire,
  and its sister channel's own report) is one vertex that reaches the sink: one path may
  enter it at one item and leave it from another. A chain is then listed with both items
  next to each other even when neither cites the other (the unit is one source); where a
  path through real citations exists inside the chain's units, that one is listed.
* Citation cycles: a cycle with an exit to an origin still supports the claim through the
  exit (the loop is reported in ``cycles``); a loop with no exit supports nothing (0 paths).
  ``cycles`` lists up to 50 elementary cycles, each starting at its smallest id.
* ``--min-reliability R`` removes sources worse than ``R`` (a source without a reliability
  counts as F) before anything else: from the supporting set, the chains, the counts and
  the echo groups. Statements and witnesses are never removed. A source whose cited items
  were all removed is not promoted to an origin: it no longer rests on anything.
* ``critical_sources``: of the minimum vertex cuts, the one closest to the claim (the first
  units whose loss leaves C unsupported), given as every upstream item of those units.
* ``echo_groups``: the direct supporting sources grouped by the exact set of origin units
  each traces back to; ``origins`` lists the origin items reached.
* A node reachable both by ``SUPPORTED_BY`` and by ``CONTRADICTED_BY`` counts on both sides.
* ``grade_disagreement`` is set when the analyst's incident grade differs from the
  suggested one, except for ``discounted`` (a judgement about who was killed, which the
  evidence graph cannot make).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from provenance.corroborate.analysis import analyse_side
from provenance.corroborate.grading import suggest
from provenance.corroborate.index import (
    EvidenceIndex,
    index_from_graph,
    index_from_store,
    index_from_upstream,
    public_unit,
    reliability_rank,
    unit_key,
)
from provenance.errors import InputError, NotFoundError
from provenance.vocab import RELIABILITY
from provenance.vocab import SuggestedGrade as Grade

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    import networkx as nx

    from provenance.store import Store


class EchoGroup(BaseModel):
    """Direct supporting sources that trace back to the same origin units."""

    model_config = ConfigDict(extra="forbid")
    origins: list[str]
    sources: list[str]


class Contradicting(BaseModel):
    """The same count over ``CONTRADICTED_BY``."""

    model_config = ConfigDict(extra="forbid")
    sources: int
    independent_paths: int
    chains: list[list[str]]


class Corroboration(BaseModel):
    """The corroboration of one claim; ``model_dump(mode="json")`` is the ``--json`` object."""

    model_config = ConfigDict(extra="forbid")
    claim: str
    incident: str | None
    supporting_sources: int
    independent_paths: int
    chains: list[list[str]]
    critical_sources: list[str]
    echo_groups: list[EchoGroup]
    cycles: list[list[str]]
    contradicting: Contradicting
    suggested_grade: Grade
    explanation: str
    analyst_grade: str | None
    grade_disagreement: str | None
    min_reliability: str


def independence_unit(graph: nx.DiGraph, node: str) -> str:
    """The independence unit of ``node``: ``family:ORG``, ``author:NAME``, ``item:ID`` or
    ``witness:ID`` (see the module docstring)."""
    d = graph.nodes[node]
    label = d.get("label", "Source")
    return public_unit(unit_key(label, d.get("family"), d.get("author"), node), label)


def check_reliability(value: str) -> int:
    """The rank (0 = A … 5 = F) of a ``--min-reliability`` value; raises :class:`InputError`."""
    if len(value) != 1 or value.upper() not in RELIABILITY:
        raise InputError(
            f"--min-reliability {value!r} is not an Admiralty grade",
            "use one of A, B, C, D, E, F (F = cannot be judged, keeps every source)",
        )
    return RELIABILITY.index(value.upper())


def corroborate_claim(
    graph: nx.DiGraph, claim_id: str, *, min_reliability: str = "F"
) -> Corroboration:
    """Corroborate one claim of ``graph`` (the store's upstream graph).

    Raises :class:`NotFoundError` when ``claim_id`` is not a claim of the graph.
    """
    return next(corroborate_all(graph, [claim_id], min_reliability=min_reliability))


def corroborate_all(
    graph: nx.DiGraph, claim_ids: Iterable[str] | None = None, *, min_reliability: str = "F"
) -> Iterator[Corroboration]:
    """Corroborate ``claim_ids`` (every claim of ``graph``, by id, when ``None``), lazily."""
    max_rank = check_reliability(min_reliability)
    wanted = None if claim_ids is None else list(claim_ids)
    for cid in wanted or ():
        if cid not in graph or graph.nodes[cid].get("label") != "Claim":
            raise NotFoundError(f"no claim with id {cid!r} in the graph", "check the claim id")
    ix = index_from_graph(graph, wanted)
    for cid in ix.supported_by if wanted is None else wanted:
        yield analyse(ix, cid, max_rank)


def corroborate_store(
    store: Store, claim_ids: Iterable[str] | None = None, *, min_reliability: str = "F"
) -> Iterator[Corroboration]:
    """Corroborate claims of a whole store (all, by id, when ``None``) in one streamed pass.

    Same results as :func:`corroborate_all` on ``store.upstream_graph()``, without building
    the networkx graph: the store's nodes are read once into an :class:`EvidenceIndex`.
    """
    max_rank = check_reliability(min_reliability)
    ix = index_from_store(store)
    for cid in sorted(ix.supported_by) if claim_ids is None else claim_ids:
        if cid not in ix.claims:
            raise NotFoundError(f"no claim with id {cid!r}", "list claims with `show INCIDENT_ID`")
        yield analyse(ix, cid, max_rank)


class StoreRun:
    """Every claim of a store, indexed once (the store is read in the constructor), for
    :meth:`rendered`; ``len()`` is the number of claims."""

    def __init__(self, store: Store, *, min_reliability: str = "F") -> None:
        self.max_rank = check_reliability(min_reliability)
        self.index = index_from_store(store)
        self.claims = sorted(self.index.supported_by)

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
        :func:`corroborate_store`), by default the ``--json`` text (:func:`analyse_json`),
        spread over ``workers`` processes (default: one per CPU).

        The workers are forked here, before this returns (so before the caller starts a
        progress-bar thread, say), from this process: they share the index, no copy. They
        analyse and render ``chunk`` claims at a time, streamed back in order. Iterate the
        result to the end or close it (that stops the workers). Runs in this process where
        ``fork`` is unavailable, with one worker, or for few claims.
        """
        global _WORK
        import gc
        import multiprocessing

        text: _Text = analyse_json
        if render is not None:
            to_text = render

            def text(ix: EvidenceIndex, cid: str, max_rank: int) -> str:
                return to_text(analyse(ix, cid, max_rank))

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


def _drain(pool: Pool, results: Iterator[list[str]]) -> Iterator[str]:
    """Yield the workers' results in order; stop the workers and release the index after."""
    global _WORK
    import gc

    try:
        for texts in results:
            yield from texts
    finally:
        pool.terminate()
        pool.join()
        _WORK = None
        gc.unfreeze()


def corroborate_store_rendered(
    store: Store,
    render: Callable[[Corroboration], str] | None = None,
    *,
    min_reliability: str = "F",
    workers: int | None = None,
) -> Iterator[str]:
    """``render(result)`` for every claim of ``store`` in id order (by default the
    ``--json`` text), see :class:`StoreRun`."""
    yield from StoreRun(store, min_reliability=min_reliability).rendered(render, workers=workers)


_Text = Callable[[EvidenceIndex, str, int], str]
_WORK: tuple[EvidenceIndex, list[str], int, _Text] | None = None
"""What the forked workers of :meth:`StoreRun.rendered` work on (inherited, not pickled)."""


def _render_range(bounds: tuple[int, int]) -> list[str]:
    assert _WORK is not None
    ix, claims, max_rank, text = _WORK
    return [text(ix, cid, max_rank) for cid in claims[bounds[0] : bounds[1]]]


def to_json(result: Corroboration) -> str:
    """The ``--json`` object of one result as compact JSON text."""
    return result.model_dump_json()


def corroborate_claims(
    store: Store, claim_ids: Iterable[str], *, min_reliability: str = "F"
) -> list[Corroboration]:
    """Corroborate a few claims read through the store contract (no networkx import).

    Same results as :func:`corroborate_all` on ``store.upstream_graph(claim_ids)``; this
    is what ``provenance corroborate CLAIM_ID`` uses, where start-up time counts.
    """
    max_rank = check_reliability(min_reliability)
    wanted = list(dict.fromkeys(claim_ids))
    ix = index_from_upstream(store.upstream(wanted))
    return [analyse(ix, cid, max_rank) for cid in wanted]


# --- the analysis -----------------------------------------------------------------------


def analyse(ix: EvidenceIndex, claim: str, max_rank: int) -> Corroboration:
    """Corroborate one claim of an :class:`EvidenceIndex` (``max_rank`` 0 = A … 5 = F)."""
    d = analyse_dict(ix, claim, max_rank)
    # built from checked parts: skip re-validation
    d["echo_groups"] = [EchoGroup.model_construct(**g) for g in d["echo_groups"]]
    d["contradicting"] = Contradicting.model_construct(**d["contradicting"])
    return Corroboration.model_construct(**d)


def analyse_json(ix: EvidenceIndex, claim: str, max_rank: int) -> str:
    """:func:`analyse` as compact JSON text, the same as ``analyse(…).model_dump_json()``
    without building the models (the hot path of ``--all --json``)."""
    return _encode(analyse_dict(ix, claim, max_rank))


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def analyse_dict(ix: EvidenceIndex, claim: str, max_rank: int) -> dict[str, Any]:
    """The ``--json`` object of one claim as plain data, keys in the order of
    :class:`Corroboration`'s fields."""
    ctx = ix.claims[claim]
    sup = analyse_side(ix, claim, ix.supported_by.get(claim, ()), max_rank, full=True)
    con = analyse_side(ix, claim, ix.contradicted_by.get(claim, ()), max_rank, full=False)
    grade, explanation, disagreement = suggest(
        ctx,
        supporting=len(sup.roots),
        paths=len(sup.chains),
        critical=sup.cut,
        cycles=sup.cycles,
        set_aside=sup.set_aside,
        min_reliability=RELIABILITY[max_rank],
    )
    return {
        "claim": claim,
        "incident": ctx.incident,
        "supporting_sources": len(sup.roots),
        "independent_paths": len(sup.chains),
        "chains": sup.chains,
        "critical_sources": sup.cut,
        "echo_groups": [{"origins": o, "sources": s} for o, s in sup.echo],
        "cycles": sup.cycles,
        "contradicting": {
            "sources": len(con.roots),
            "independent_paths": len(con.chains),
            "chains": con.chains,
        },
        "suggested_grade": grade,
        "explanation": explanation,
        "analyst_grade": ctx.grade,
        "grade_disagreement": disagreement,
        "min_reliability": RELIABILITY[max_rank],
    }


__all__ = [
    "Contradicting",
    "Corroboration",
    "EchoGroup",
    "StoreRun",
    "analyse",
    "analyse_dict",
    "analyse_json",
    "corroborate_all",
    "corroborate_claim",
    "corroborate_store",
    "corroborate_store_rendered",
    "independence_unit",
    "reliability_rank",
    "to_json",
]
