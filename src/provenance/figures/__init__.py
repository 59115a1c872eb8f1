"""Casualty figures over deduplicated incidents, beside what belligerents acknowledged.

DESIGN.md "Casualty figures". :mod:`~provenance.figures.compute` does the arithmetic (pure,
its docstring states the counting rules) over :mod:`~provenance.figures.types`;
:mod:`~provenance.figures.filters` checks the options against the data (belligerents
through :mod:`~provenance.figures.belligerents`, countries through
:mod:`~provenance.figures.countries`); :mod:`~provenance.figures.wording` says numbers as a
person reads them; :mod:`~provenance.figures.load` is the only module that reads a store
(:func:`figure_from_store`).
"""

from __future__ import annotations

from provenance.figures.belligerents import BUILT_IN_ALIASES, Belligerents, name_key
from provenance.figures.compute import compute_figure, merge_ranges
from provenance.figures.countries import country_code, country_name
from provenance.figures.filters import BY_KEYS, ByKey, Filters, by_key, parse_date
from provenance.figures.load import (
    belligerent_names,
    datasets_of,
    figure_from_store,
    load_figure_input,
)
from provenance.figures.types import (
    Assessed,
    CampaignAcknowledgement,
    ClaimFigure,
    Dataset,
    Figure,
    FigureIncident,
    Part,
    RangeOut,
)
from provenance.figures.wording import (
    figure_lines,
    id_group_lines,
    id_groups,
    id_list,
    summary_lines,
)

__all__ = [
    "BUILT_IN_ALIASES",
    "BY_KEYS",
    "Assessed",
    "Belligerents",
    "ByKey",
    "CampaignAcknowledgement",
    "ClaimFigure",
    "Dataset",
    "Figure",
    "FigureIncident",
    "Filters",
    "Part",
    "RangeOut",
    "belligerent_names",
    "by_key",
    "compute_figure",
    "country_code",
    "country_name",
    "datasets_of",
    "figure_from_store",
    "figure_lines",
    "id_group_lines",
    "id_groups",
    "id_list",
    "load_figure_input",
    "merge_ranges",
    "name_key",
    "parse_date",
    "summary_lines",
]
