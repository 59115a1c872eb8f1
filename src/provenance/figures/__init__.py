"""Casualty figures over deduplicated incidents, beside what belligerents acknowledged.

DESIGN.md "Casualty figures". :mod:`~provenance.figures.compute` does the arithmetic (pure,
its docstring states the counting rules); :mod:`~provenance.figures.load` is the only module
that reads a store (:func:`figure_from_store`).
"""

from __future__ import annotations

from provenance.figures.compute import (
    BY_KEYS,
    Assessed,
    ByKey,
    CampaignAcknowledgement,
    ClaimFigure,
    Figure,
    FigureIncident,
    Filters,
    Part,
    RangeOut,
    by_key,
    compute_figure,
    parse_date,
)
from provenance.figures.load import (
    figure_from_store,
    load_figure_input,
)

__all__ = [
    "BY_KEYS",
    "Assessed",
    "ByKey",
    "CampaignAcknowledgement",
    "ClaimFigure",
    "Figure",
    "FigureIncident",
    "Filters",
    "Part",
    "RangeOut",
    "by_key",
    "compute_figure",
    "figure_from_store",
    "load_figure_input",
    "parse_date",
]
