"""A claim's corroboration with some items discredited: removed before anything is counted
(pure).

``provenance impact`` asks what a claim rests on once a source, an author, an organisation
or a witness is discredited. The answer follows the ``--min-reliability`` rule of
:mod:`provenance.corroborate` exactly, with the discredited items in the place of the
sources below the threshold: they are removed first (from the direct supports, the chains,
the counts), and a source whose citations and quotes were all removed is not an origin — it
rests on nothing left. Unlike the reliability filter, a discredited statement or witness
is removed too. Items of the same unit that were not discredited stay.

:func:`without` builds the view of an :class:`~provenance.corroborate.index.EvidenceIndex`
in which the discredited items (and, with ``min_reliability``, the sources below it) are
the only ones set aside, so the one analysis (:func:`~provenance.corroborate.analysis.
analyse_side`) counts without them; :func:`standing_without` gives what ``impact`` reports
of it: the supports left, the independent paths and the suggested grade.

Examples
--------
A claim supported by two outlets that both cite one post, which quotes a witness; with the
post discredited neither outlet rests on anything:

>>> from provenance.corroborate.index import ClaimContext, EvidenceIndex
>>> ix = EvidenceIndex(
...     succ={"a": ("post",), "b": ("post",), "post": ("w",)},
...     supported_by={"c": ("a", "b")},
...     claims={"c": ClaimContext(incident="i")},
... )
>>> standing_without(ix, "c", frozenset())
Standing(supporting=2, paths=1, grade='weak')
>>> standing_without(ix, "c", frozenset({"post"}))
Standing(supporting=2, paths=0, grade='unsupported')
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import NamedTuple

from provenance.corroborate.analysis import analyse_side
from provenance.corroborate.grading import suggest
from provenance.corroborate.index import EvidenceIndex
from provenance.corroborate.units import check_reliability
from provenance.vocab import SuggestedGrade

SET_ASIDE = 5
"""The rank given to what is set aside in the view of :func:`without` (everything else
ranks 0, and the analysis keeps ranks up to :data:`KEPT`)."""
KEPT = SET_ASIDE - 1


class Standing(NamedTuple):
    """What a claim rests on: its direct supports that count, its independent paths and
    its suggested grade."""

    supporting: int
    paths: int
    grade: SuggestedGrade


def without(
    ix: EvidenceIndex, removed: Collection[str], *, min_reliability: str = "F"
) -> EvidenceIndex:
    """A view of ``ix`` (sharing its tables) in which exactly ``removed`` and the sources
    below ``min_reliability`` are set aside when analysed at rank :data:`KEPT`."""
    max_rank = check_reliability(min_reliability)
    rank = dict.fromkeys(removed, SET_ASIDE)
    if max_rank < SET_ASIDE:
        rank.update((x, SET_ASIDE) for x, r in ix.rank.items() if r > max_rank)
    return replace(ix, rank=rank)


def standing(ix: EvidenceIndex, claim: str, *, min_reliability: str = "F") -> Standing:
    """The :class:`Standing` of ``claim`` in ``ix`` as it is."""
    return _standing(ix, claim, check_reliability(min_reliability))


def standing_without(
    ix: EvidenceIndex, claim: str, removed: Collection[str], *, min_reliability: str = "F"
) -> Standing:
    """The :class:`Standing` of ``claim`` once ``removed`` are discredited (see the module
    docstring); ``ix`` is not changed."""
    return _standing(without(ix, removed, min_reliability=min_reliability), claim, KEPT)


def _standing(ix: EvidenceIndex, claim: str, max_rank: int) -> Standing:
    """The supporting side of the one analysis (no cut, echo groups or names: only the
    counts) and the suggested grade they give."""
    side = analyse_side(ix, claim, ix.supported_by.get(claim, ()), max_rank, full=False)
    paths = len(side.chains)
    grade, _, _ = suggest(
        ix.claims[claim],
        supporting=len(side.roots),
        paths=paths,
        critical=(),
        cycles=(),
        set_aside=0,
        min_reliability="F",
    )
    return Standing(len(side.roots), paths, grade)
