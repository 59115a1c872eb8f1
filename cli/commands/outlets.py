"""``outlets``: which author strings, accounts and domains are one outlet."""

from __future__ import annotations

import typer

from . import outlets_judge

app = typer.Typer(
    name="outlets",
    help="Which author strings, accounts and domains are one outlet: suggestions and "
    "analysts' judgements.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

app.command(name="judge")(outlets_judge.judge)
