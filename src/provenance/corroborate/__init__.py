"""Corroboration: how many independent source paths support a claim (DESIGN.md, normative).

Pure functions on the networkx upstream graph of :meth:`Store.upstream_graph` (see the
docstring of ``provenance.store.upstream`` for its schema), and their counterparts that
read a store (:mod:`~provenance.corroborate.load`). For a claim ``C``:

* **Independence unit** of a source or statement: its publisher's family (a statement's
  issuer's; organisations joined by ``PART_OF`` are one family, node attribute ``family``);
  else the organisation whose ``aliases`` hold its author or URL account, or whose
  ``domains`` hold its URL's registered domain (:mod:`provenance.outlets.registry`; a
  platform's domain is never an outlet's); else its author or account, normalised (one
  account, one unit); else the item itself. Every witness is its own unit. The claim
  itself is not a unit (:mod:`~provenance.corroborate.units`).
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
  next to each other even when neither cites the other (the unit is one source), and the
  step's ``links`` entry says so (``same_unit`` with the unit's name); chains through real
  relationships only are preferred whenever as many of them exist
  (:mod:`~provenance.corroborate.realchains`, :mod:`~provenance.corroborate.links`).
* Citation cycles: a cycle with an exit to an origin still supports the claim through the
  exit (the loop is reported in ``cycles``); a loop with no exit supports nothing (0 paths).
  ``cycles`` lists up to 50 elementary cycles, each starting at its smallest id.
* ``--min-reliability R`` removes sources worse than ``R`` (a source without a reliability
  counts as F) before anything else: from the supporting set, the chains, the counts and
  the echo groups. Statements and witnesses are never removed. A source whose cited items
  were all removed is not promoted to an origin: it no longer rests on anything.
* ``critical_sources``: of the minimum vertex cuts, the one closest to the claim (the first
  units whose loss leaves C unsupported), given as every upstream item of those units. A
  "single point of failure" only with one path; otherwise "lose these N units together".
* ``echo_groups``: the direct supporting sources grouped by the exact set of origin units
  each traces back to; ``origins`` lists the origin items reached, ``outlets`` their units'
  names. A group of two or more is ``false_corroboration``: several sources, one account.
* A node reachable both by ``SUPPORTED_BY`` and by ``CONTRADICTED_BY`` counts on both sides.
* ``grade_disagreement`` is set when the analyst's incident grade differs from the
  suggested one, except for ``discounted`` (a judgement about who was killed, which the
  evidence graph cannot make).

The modules: ``units`` (the unit rule, reliability ranks), ``index`` (the compact evidence
index), ``flow`` (disjoint paths and cuts), ``chains`` and ``cycles`` (what the result
lists), ``analysis`` (one claim), ``grading`` (the suggested grade), ``result`` (the
models and their wording), ``trace`` (the evidence tree), ``graph`` (entry points on a
networkx graph), ``load`` (entry points on a store: the only module that reads one) and
``parallel`` (``--all`` in forked workers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from provenance.corroborate.analysis import analyse, analyse_dict, analyse_json
from provenance.corroborate.graph import corroborate_all, corroborate_claim
from provenance.corroborate.load import (
    corroborate_claims,
    corroborate_incident,
    corroborate_json,
    corroborate_ref,
    corroborate_store,
    store_run,
    trace_claim,
)
from provenance.corroborate.parallel import StoreRun
from provenance.corroborate.trace import Trace, describe, trace_tree, tree_heading
from provenance.corroborate.units import check_reliability, independence_unit, reliability_rank

if TYPE_CHECKING:
    from provenance.corroborate.result import (
        Contradicting,
        Corroboration,
        EchoGroup,
        detail_lines,
        evidence_summary,
        rests_on,
        summary_line,
    )

RESULT_NAMES = frozenset(
    {
        "Contradicting",
        "Corroboration",
        "EchoGroup",
        "detail_lines",
        "evidence_summary",
        "rests_on",
        "summary_line",
    }
)
"""The names of :mod:`~provenance.corroborate.result`, imported on first use: the result
models are pydantic models, whose machinery ``corroborate ID --json`` never needs."""


def __getattr__(name: str) -> Any:
    if name in RESULT_NAMES:
        from provenance.corroborate import result

        return getattr(result, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Contradicting",
    "Corroboration",
    "EchoGroup",
    "StoreRun",
    "Trace",
    "analyse",
    "analyse_dict",
    "analyse_json",
    "check_reliability",
    "corroborate_all",
    "corroborate_claim",
    "corroborate_claims",
    "corroborate_incident",
    "corroborate_json",
    "corroborate_ref",
    "corroborate_store",
    "describe",
    "detail_lines",
    "evidence_summary",
    "independence_unit",
    "reliability_rank",
    "rests_on",
    "store_run",
    "summary_line",
    "trace_claim",
    "trace_tree",
    "tree_heading",
]
