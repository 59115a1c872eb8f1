"""``outlets``: which author strings, accounts and domains are one outlet.

The ``outlets`` sub-app (:data:`app`) holds ``outlets suggest`` (here) and ``outlets judge``
(:mod:`.outlets_judge`).
"""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.wording import plural

from ..common import JsonOpt, open_store, print_json, working
from ..rows import FormatOpt, print_rows
from . import outlets_judge

app = typer.Typer(
    name="outlets",
    help="Author strings, accounts and domains that name one outlet: suggestions and judgements.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

SUGGEST_COLUMNS = ["a", "b", "score", "reasons"]


@app.command()
def suggest(
    ctx: typer.Context,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            help="Smallest score shown, 0 to 1 [default: the threshold chosen on "
            "hand-labelled Airwars pairs so that no two distinct outlets are suggested].",
        ),
    ] = None,
    fmt: FormatOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Pairs of author strings, accounts (twitter:NAME) and domains that look like one
    outlet, best first, with reasons a person can check (pairs already joined by an
    organisation's aliases or domains, or judged different, are left out)."""
    from provenance.outlets.load import outlet_suggestions
    from provenance.outlets.suggest import DEFAULT_MIN_SCORE

    with open_store(ctx) as store, working(ctx, "Comparing authors, accounts and domains"):
        pairs = outlet_suggestions(store, DEFAULT_MIN_SCORE if min_score is None else min_score)
    rows = [{"a": p.a, "b": p.b, "score": p.score, "reasons": "; ".join(p.reasons)} for p in pairs]
    if json_ and fmt is None:
        print_json([p.model_dump() for p in pairs])
        return
    print_rows(rows, SUGGEST_COLUMNS, fmt, title=plural(len(rows), "suggested pair"))
    if rows and fmt is None:
        typer.echo("Decide with: provenance outlets judge A B same|different --reason TEXT")


app.command(name="judge")(outlets_judge.judge)
