"""The demo's evidence views: every claim of the June 2017 case, and its casualty figure."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from provenance.views.data import claim_ids, claim_view_from_store, figure_view_from_store
from provenance.views.render import write_view

if TYPE_CHECKING:
    from pathlib import Path

    from provenance.store import Store

DEMO_MONTH = (dt.date(2017, 6, 1), dt.date(2017, 6, 30))
"""The period of the demo's casualty figure."""


def write_demo_views(store: Store, directory: Path) -> dict[str, Path]:
    """Write the claim view of every claim in ``store`` and the June 2017 figure view into
    ``directory`` (created if missing; pages of an earlier run are replaced).

    Returns each page's path by what it shows, in order: ``"claim ID"`` for every claim,
    then ``"figure, June 2017"``.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written = {
        f"claim {claim}": write_view(
            claim_view_from_store(store, claim), directory / f"claim-{claim}.html"
        )
        for claim in claim_ids(store)
    }
    start, end = DEMO_MONTH
    figure = figure_view_from_store(store, date_from=start, date_to=end)
    written["figure, June 2017"] = write_view(figure, directory / "figure-2017-06.html")
    return written
