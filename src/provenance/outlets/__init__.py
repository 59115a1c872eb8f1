"""Outlets: which author strings, accounts and domains are one organisation.

* :mod:`~provenance.outlets.judge` — an analyst's judgement of a pair, decided (pure);
* :mod:`~provenance.outlets.record` — recording it on a store (``outlets judge``).
"""

from __future__ import annotations

from provenance.outlets.judge import OrgView, decide
from provenance.outlets.record import OutletOutcome, judge_outlets

__all__ = ["OrgView", "OutletOutcome", "decide", "judge_outlets"]
