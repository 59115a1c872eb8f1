"""``demo``: the June 2017 case, end to end, in a fresh store (:mod:`provenance.demo`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..common import console
from . import audit, corroborate, dedupe

if TYPE_CHECKING:
    from rich.console import Console

    from provenance.demo import DemoRun


def register(app: typer.Typer) -> None:
    app.command()(demo)


def demo(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Directory for the demo store and files. A rerun replaces only the files an"
            " earlier run made (listed with their hashes in DIR/.provenance-demo); any other"
            " file where the demo writes is refused, never overwritten.",
        ),
    ] = Path("provenance-demo"),
) -> None:
    """Load the June 2017 case into a fresh store and show what the tool makes of it."""
    from provenance.demo import run

    print_run(run(out), console())


def print_run(result: DemoRun, con: Console) -> None:
    """Print every step of the walk-through."""
    from provenance.demo.case import PERIOD

    report = result.ingest
    con.print(f"[bold]provenance demo[/bold] — the June 2017 case ({result.case_file.name})")
    con.print(
        f"Store {result.store}: {report.created} items ingested in one transaction"
        f" (audit event {report.event_seq}).\n",
        markup=False,
    )
    _print_incidents(result, con)
    corroborate.print_demo(con, result.corroborations)
    con.print("\n[bold]Duplicates[/bold] — the same strike under two spellings and two dates")
    dedupe.print_judgement_effect(result.duplicates, con, PERIOD)
    _print_impact(result, con)
    con.print("\n[bold]Evidence views[/bold] (offline pages; open them in any browser)")
    for what, path in result.views.items():
        con.print(f"  {what}: {path}", markup=False)
    audit.print_demo(result.audit, con)
    con.print(f"\nTry: provenance --store sqlite:///{result.store} show ill-mosul-1", markup=False)


def _print_incidents(result: DemoRun, con: Console) -> None:
    from rich.table import Table

    from provenance.demo.case import INCIDENT_COLUMNS

    from ..console import id_column, text_column

    table = Table(title="Incidents (ILLUSTRATIVE records, ids ill-…)", title_justify="left")
    for i, col in enumerate(INCIDENT_COLUMNS):
        if col in ("incident", "claim", "date"):
            id_column(table, col, [row[i] for row in result.incidents])
        else:
            text_column(table, col)
    for row in result.incidents:
        table.add_row(*row)
    con.print(table)


def _print_impact(result: DemoRun, con: Console) -> None:
    from provenance.impact import DEMO_POST, impact_lines

    con.print(
        f"\n[bold]What if the Mosul post is discredited?[/bold] — provenance impact {DEMO_POST}"
    )
    for line in impact_lines(result.impact):
        con.print(line, markup=False, highlight=False, soft_wrap=True)
