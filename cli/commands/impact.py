"""``impact``: what changes if a source, an author, an organisation or a witness is
discredited."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..common import JsonOpt, console, open_store, print_json, working
from ..rows import FormatOpt, own_text, print_rows
from .corroborate import MinReliabilityOpt

ROWS_ON_TERMINAL = 20
"""Claims and incidents ``impact`` lists on a terminal before "… N more" (all when piped)."""

CLAIM_COLUMNS = (
    "claim",
    "incident",
    "paths_before",
    "paths_after",
    "grade_before",
    "grade_after",
)
"""The columns of ``impact --format`` (one row per claim whose paths drop)."""


def register(app: typer.Typer) -> None:
    """Add ``impact``."""
    app.command()(impact)


def impact(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A source (id, code or URL), an author or account (@SyriaCivilDefe, "
            "twitter:syriacivildefe), an organisation id (its whole family and aliases) or "
            "a witness id.",
        ),
    ],
    min_reliability: MinReliabilityOpt = "F",
    fmt: FormatOpt = None,
    json_: JsonOpt = False,
) -> None:
    """What changes if this is discredited: claims that lose independent paths, suggested
    grades that fall, incidents left without support, casualty figures that shrink.

    The discredited items are removed before counting; a source that only cited or quoted
    them then rests on nothing. --format lists the claims whose paths drop.
    """
    from provenance.corroborate import check_reliability
    from provenance.impact import impact_lines, impact_of

    check_reliability(min_reliability)
    with open_store(ctx) as store, working(ctx, "Recounting"):
        result = impact_of(store, ref, min_reliability=min_reliability)
    if json_ and fmt is None:
        print_json(result.model_dump(mode="json", exclude={"names"}))
    elif own_text(fmt, json_):
        limit = ROWS_ON_TERMINAL if sys.stdout.isatty() else None
        out = console()
        for line in impact_lines(result, limit):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
    else:
        rows = (c.model_dump(mode="json") for c in result.claims)
        print_rows(rows, CLAIM_COLUMNS, fmt, ids=("claim", "incident"))
