"""The filters of a casualty figure, as options: one definition for ``figure``, ``view
figure`` and ``report figure`` (:meth:`provenance.figures.Filters.from_options` checks them)."""

from __future__ import annotations

from typing import Annotated

import typer

DateFromOpt = Annotated[str | None, typer.Option("--from", help="First incident date, YYYY-MM-DD.")]
DateToOpt = Annotated[str | None, typer.Option("--to", help="Last incident date, YYYY-MM-DD.")]
CountryOpt = Annotated[
    str | None, typer.Option("--country", help="A country, by ISO code or name: IQ, Syria.")
]
BelligerentOpt = Annotated[
    str | None,
    typer.Option(
        "--belligerent",
        help="Only this belligerent's claims (aliases match: US-led coalition).",
    ),
]
DatasetOpt = Annotated[
    str | None,
    typer.Option(
        "--dataset",
        help="Only incidents of this import: a profile or mapping name, or its file.",
    ),
]
MinGradeOpt = Annotated[
    str | None,
    typer.Option("--min-grade", help="confirmed > fair > weak > contested > discounted."),
]
