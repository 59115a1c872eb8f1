"""Interactive evidence-chain pages (pyvis / vis-network), safe to open and fully offline.

One module per page kind, each a pure function of plain inputs returning a :class:`View`:

* :func:`claim_view` (:mod:`.claim`) — a claim, its supporting sources, what they cite,
  down to origins and witnesses, in layers; independent chains in colours, critical
  sources, echoes, contradictions and citation cycles marked.
* :func:`incident_view` (:mod:`.incident`) — an incident, all its claims side by side with
  their evidence, the official assessments (left) and linked strikes (right).
* :func:`figure_view` (:mod:`.figure`) — a casualty figure, its deduplicated incidents (a
  cluster of duplicates is one node), their claims and the sources supporting them.
* The figure page (:mod:`.figure_page`, rows from :mod:`.figure_table`) — what
  ``provenance view figure`` writes: the figure opens on a sortable table of its
  incidents, each row opening to its claims, evidence and a small graph of its own.

Beside them: :mod:`.builder` (the :class:`View` and the :class:`Builder` the page kinds
fill), :mod:`.layout` (layered positions, size limits), :mod:`.placing` (units and echoes
packed in named boxes, an incident's claims side by side), :mod:`.chains` (what the
corroboration marks, each chain's row), :mod:`.naming` (outlet and unit names),
:mod:`.style` (colours, shapes, labels, tooltips), :mod:`.template` (our offline HTML page
and its one Content-Security-Policy) and :mod:`.render` (a view as
that page, :func:`write_view` writing it — the only file written). :mod:`.data` is the one
module that reads a store (``*_view_from_store``).
Every string from the data is untrusted and goes through
:func:`~provenance.views.template.clean_text` before it reaches a label or tooltip.
"""

from __future__ import annotations

from provenance.views.builder import Builder, View
from provenance.views.claim import claim_view
from provenance.views.data import (
    claim_view_from_store,
    figure_page_from_store,
    figure_view_from_store,
    incident_view_from_store,
)
from provenance.views.figure import FigureInput, figure_view
from provenance.views.figure_page import FigurePage, render_figure_page, write_figure_page
from provenance.views.incident import IncidentInput, incident_view
from provenance.views.layout import HARD_MAX_NODES, MaxNodesOutOfRange, ViewTooLarge
from provenance.views.render import WrittenView, check_out, render_html, vis_options, write_view

__all__ = [
    "HARD_MAX_NODES",
    "Builder",
    "FigureInput",
    "FigurePage",
    "IncidentInput",
    "MaxNodesOutOfRange",
    "View",
    "ViewTooLarge",
    "WrittenView",
    "check_out",
    "claim_view",
    "claim_view_from_store",
    "figure_page_from_store",
    "figure_view",
    "figure_view_from_store",
    "incident_view",
    "incident_view_from_store",
    "render_figure_page",
    "render_html",
    "vis_options",
    "write_figure_page",
    "write_view",
]
