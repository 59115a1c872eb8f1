"""The project's vocabularies: grades, reliability, verdicts and judgements, defined once.

Every module that names a grade, an Admiralty reliability, an official verdict or a
duplicate judgement imports it from here.

>>> RELIABILITY.index("C")
2
>>> [g.value for g in sorted(Grade, key=GRADE_RANK.__getitem__)][:2]
['confirmed', 'fair']
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, get_args


class Grade(StrEnum):
    """An analyst's incident grade (Airwars), best first."""

    confirmed = "confirmed"
    fair = "fair"
    weak = "weak"
    contested = "contested"
    discounted = "discounted"


GRADE_RANK: dict[str, int] = {g.value: i for i, g in enumerate(Grade)}
"""Rank of each analyst grade, 0 (confirmed) first: the order of ``--min-grade`` and tables."""

SuggestedGrade = Literal["confirmed", "contested", "fair", "weak", "unsupported"]
"""The grade corroboration suggests (DESIGN.md "Corroboration"): never ``discounted`` (a
judgement about who was killed that the evidence graph cannot make), and ``unsupported``
when nothing supports the claim."""


class Verdict(StrEnum):
    """An official statement's verdict on an incident."""

    acknowledged = "acknowledged"
    credible = "credible"
    non_credible = "non_credible"
    duplicate = "duplicate"
    under_review = "under_review"


VERDICT_ORDER: tuple[Verdict, ...] = (
    Verdict.acknowledged,
    Verdict.credible,
    Verdict.under_review,
    Verdict.non_credible,
    Verdict.duplicate,
)
"""The order verdicts are listed in: accepted first, then pending, then refused."""

VERDICT_RANK: dict[str, int] = {v.value: i for i, v in enumerate(VERDICT_ORDER)}

ACCEPTING_VERDICTS: tuple[str, ...] = ("acknowledged", "credible")
"""Verdicts that accept an allegation: a claim so assessed is suggested *confirmed*."""

Reliability = Literal["A", "B", "C", "D", "E", "F"]
"""Admiralty source reliability: A completely reliable … E unreliable, F cannot be judged."""

RELIABILITY = "ABCDEF"
"""Admiralty reliability, best first; a source without one counts as F."""

JudgementValue = Literal["same", "different", "unsure"]
"""An analyst's judgement of two incidents."""

JUDGEMENTS: tuple[str, ...] = get_args(JudgementValue)

CLAIM_RELS: tuple[str, ...] = ("SUPPORTED_BY", "CONTRADICTED_BY")
"""The relationships from a claim to its direct evidence (DESIGN.md "Corroboration")."""

CHAIN_RELS: tuple[str, ...] = ("CITES", "QUOTES")
"""The relationships from a source to what it rests on."""
