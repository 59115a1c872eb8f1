"""What changes if a source, an author or account, an organisation or a witness is discredited.

DESIGN.md "Impact": every claim whose independent paths drop (before → after), every
suggested grade that falls, every incident that loses its last support, and each
casualty-figure range that shrinks.

**What "discredited" means.** The discredited items are removed from every upstream graph
before anything is counted, by the ``--min-reliability`` rule of
:mod:`provenance.corroborate` (:mod:`provenance.corroborate.without`): they no longer
support a claim directly, no chain passes through them, and a source whose citations and
quotes were all removed is not an origin — it rests on nothing left. The items are:

* a source or statement (by id, monitor's code or URL): that item alone;
* a witness: that witness (the sources quoting only them then rest on nothing);
* an author or account, as written or normalised (``"@SyriaCivilDefe"``,
  ``"twitter:syriacivildefe"``): every source the unit rule counts in its unit; an
  organisation: its whole ``PART_OF`` family and every source whose author, account or
  domain it holds (:mod:`provenance.impact.target`). Other items of a source's unit stay.

**What is reported.** Only the claims downstream of the items are recounted (a reverse
walk through the store). A claim is listed when its independent paths drop; its suggested
grade falls with its paths (fair → weak, fair or weak → unsupported), except a
*confirmed* grade (an official statement accepts the incident) or a *contested* one (its
claims blame different belligerents), which paths do not decide: those stay, listed in
``grades_held``. An incident loses its last support when some claim of it had an
independent path before and none has after; those incidents leave the casualty figure,
which is recomputed per month and belligerent over deduplicated incidents (a cluster of
duplicates is one incident, :mod:`provenance.figures.compute`), and every row that changes
is listed. Claims that rest on the items but keep their count are counted
(``unchanged_claims``).

The modules: ``target`` (which items an author or organisation stands for), ``compute``
(the recount, the incidents, the figure rows), ``result`` (the pydantic models, the
``--json``), ``wording`` (the text) and ``load`` (the only one that reads the store:
:func:`impact_of`, :func:`demo_impact`).
"""

from __future__ import annotations

from provenance.impact.load import (
    DEMO_POST,
    demo_impact,
    downstream_claims,
    impact_of,
    resolve_target,
)
from provenance.impact.result import (
    ClaimImpact,
    FigureChange,
    GradeFall,
    Impact,
    Target,
    UnsupportedIncident,
)
from provenance.impact.wording import impact_lines

__all__ = [
    "DEMO_POST",
    "ClaimImpact",
    "FigureChange",
    "GradeFall",
    "Impact",
    "Target",
    "UnsupportedIncident",
    "demo_impact",
    "downstream_claims",
    "impact_lines",
    "impact_of",
    "resolve_target",
]
