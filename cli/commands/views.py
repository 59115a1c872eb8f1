"""``view claim|incident|figure``: the evidence chain as an offline, interactive page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from provenance.outfile import is_stdout

from ..common import JsonOpt, console, open_store, print_json
from ..filters import (
    BelligerentOpt,
    CountryOpt,
    DatasetOpt,
    DateFromOpt,
    DateToOpt,
    MinGradeOpt,
)

if TYPE_CHECKING:
    from provenance.views import View

view_app = typer.Typer(
    help="Draw the evidence chain behind a claim, an incident or a casualty figure as one "
    "self-contained HTML page: it works offline (from a USB stick on an air-gapped laptop), "
    "fetches nothing and runs no code from the data. Hover or click an item for its details.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

OutOpt = Annotated[
    Path,
    typer.Option(
        "--out", "-o", help="The HTML file to write (the only file written; - for stdout)."
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Replace an existing file or symbolic link at --out."),
]
DepthOpt = Annotated[
    int | None,
    typer.Option("--depth", help="Draw only the first N levels below the top item (N >= 0)."),
]
MaxNodesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-nodes",
        help="Draw only the N items nearest the top (1 <= N <= 5,000). Without it a view "
        "above 5,000 items is refused with its size.",
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(view_app, name="view")


def _report(view: View, out: Path, force: bool, json_: bool) -> None:
    from provenance.views import WrittenView, write_view

    written = WrittenView.of(view, write_view(view, out, force=force))
    to_stderr = is_stdout(out)  # --out -: the page is stdout, the report goes aside
    if json_:
        print_json(written.as_json(), err=to_stderr)
    else:
        console(stderr=to_stderr).print(written.message(), markup=False)


@view_app.command("claim")
def view_claim(
    ctx: typer.Context,
    claim_id: Annotated[
        str,
        typer.Argument(
            metavar="CLAIM",
            help="The claim to draw: its id, or what `show` takes (a code, a URL) naming it.",
        ),
    ],
    out: OutOpt,
    min_reliability: Annotated[
        str,
        typer.Option(
            "--min-reliability", help="Leave out sources below this Admiralty grade (A–F)."
        ),
    ] = "F",
    depth: DepthOpt = None,
    max_nodes: MaxNodesOpt = None,
    force: ForceOpt = False,
    json_: JsonOpt = False,
) -> None:
    """A claim, its supporting sources (named by outlet or author), what they cite, down
    to origins and witnesses: the items of one independence unit boxed together,
    independent chains in colours and listed by their units, critical sources marked,
    echoes boxed, contradicting sources apart, citation cycles marked."""
    from provenance.views import check_out, claim_view_from_store

    check_out(out, force=force)
    with open_store(ctx) as store:
        view = claim_view_from_store(
            store, claim_id, min_reliability=min_reliability, depth=depth, max_nodes=max_nodes
        )
    _report(view, out, force, json_)


@view_app.command("incident")
def view_incident(
    ctx: typer.Context,
    incident_id: Annotated[
        str,
        typer.Argument(
            metavar="INCIDENT",
            help="The incident to draw: its id or a monitor's code (RS4720), as `show` takes it.",
        ),
    ],
    out: OutOpt,
    depth: DepthOpt = None,
    max_nodes: MaxNodesOpt = None,
    force: ForceOpt = False,
    json_: JsonOpt = False,
) -> None:
    """An incident with all its claims side by side (local reporting, belligerents'
    statements), each above the evidence only it rests on and the evidence they share
    boxed below them, the official assessments and the linked strikes."""
    from provenance.views import check_out, incident_view_from_store

    check_out(out, force=force)
    with open_store(ctx) as store:
        view = incident_view_from_store(store, incident_id, depth=depth, max_nodes=max_nodes)
    _report(view, out, force, json_)


@view_app.command("figure")
def view_figure(
    ctx: typer.Context,
    out: OutOpt,
    date_from: DateFromOpt = None,
    date_to: DateToOpt = None,
    country: CountryOpt = None,
    belligerent: BelligerentOpt = None,
    dataset: DatasetOpt = None,
    min_grade: MinGradeOpt = None,
    depth: DepthOpt = None,
    max_nodes: MaxNodesOpt = None,
    force: ForceOpt = False,
    json_: JsonOpt = False,
) -> None:
    """A casualty figure as a table of its deduplicated incidents (duplicates as one row;
    not recorded and undated ones marked), sortable, each row opening to its claims,
    their sources and a small graph, with the same filters as `provenance figure`.
    --depth / --max-nodes bound the graph drawn per opened row."""
    from provenance.figures import Filters
    from provenance.views import check_out, figure_page_from_store, write_figure_page

    filters = Filters.from_options(
        date_from=date_from,
        date_to=date_to,
        country=country,
        belligerent=belligerent,
        min_grade=min_grade,
        dataset=dataset,
    )
    check_out(out, force=force)
    with open_store(ctx) as store:
        page = figure_page_from_store(store, filters, depth=depth, max_nodes=max_nodes)
    written = write_figure_page(page, out, force=force)
    to_stderr = is_stdout(out)  # --out -: the page is stdout, the report goes aside
    if json_:
        print_json(written.as_json(), err=to_stderr)
    else:
        console(stderr=to_stderr).print(written.message(), markup=False)
