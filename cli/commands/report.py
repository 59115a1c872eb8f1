"""``report claim|incident|figure``: a printable evidence document (HTML or PDF)."""

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
    from provenance.report import Report

report_app = typer.Typer(
    help="Write the evidence behind a claim, an incident or a casualty figure as a printable "
    "document for an annex to an inquiry: chains as tables, every source with its capture "
    "hash and who set each field, the audit events with Merkle inclusion proofs against a "
    "signed checkpoint, and how to verify them by hand. FILE.html (print styles, offline, no "
    "script) or FILE.pdf (printed by Debian's headless Chromium: apt-get install chromium; "
    "PROVENANCE_CHROMIUM names another executable).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

OutOpt = Annotated[
    Path,
    typer.Option(
        "--out", "-o", help="FILE.html or FILE.pdf, the only file written (- for HTML on stdout)."
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace an existing file or symbolic link at --out.")
]
CheckpointOpt = Annotated[
    Path | None,
    typer.Option(
        "--checkpoint",
        help="The latest signed checkpoint (from `audit checkpoint`): the proofs lead to its "
        "root. Without it they lead to the log's current root, which nothing anchors.",
    ),
]
PubkeyOpt = Annotated[
    Path | None,
    typer.Option("--pubkey", help="The public key that signed --checkpoint (required with it)."),
]
ReliabilityOpt = Annotated[
    str,
    typer.Option("--min-reliability", help="Set aside sources below this Admiralty grade (A–F)."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


def _write(report: Report, out: Path, force: bool, json_: bool) -> None:
    from provenance.report import write_report

    written = write_report(report, out, force=force)
    to_stderr = is_stdout(out)  # --out -: the document is stdout, the message goes aside
    if json_:
        print_json(written.as_json(), err=to_stderr)
    else:
        console(stderr=to_stderr).print(written.message(), markup=False)


@report_app.command("claim")
def report_claim(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(metavar="CLAIM", help="A claim id, or an incident's id or code.")
    ],
    out: OutOpt,
    checkpoint: CheckpointOpt = None,
    pubkey: PubkeyOpt = None,
    min_reliability: ReliabilityOpt = "F",
    force: ForceOpt = False,
    json_: JsonOpt = False,
) -> None:
    """One claim: its chains, every source, the audit events and their proofs. CLAIM is
    what `show` takes: a claim id, or an incident (id, code such as RS4720, URL) that has
    one claim."""
    from provenance.report import check_report_out, claim_report, load_anchor

    check_report_out(out, force=force)
    cp, key = load_anchor(checkpoint, pubkey)
    with open_store(ctx) as store:
        report = claim_report(store, ref, checkpoint=cp, key=key, min_reliability=min_reliability)
    _write(report, out, force, json_)


@report_app.command("incident")
def report_incident(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(metavar="INCIDENT", help="An incident id, code (RS4720) or URL.")
    ],
    out: OutOpt,
    checkpoint: CheckpointOpt = None,
    pubkey: PubkeyOpt = None,
    min_reliability: ReliabilityOpt = "F",
    force: ForceOpt = False,
    json_: JsonOpt = False,
) -> None:
    """An incident, its official assessments and each of its claims (one per page)."""
    from provenance.report import check_report_out, incident_report, load_anchor

    check_report_out(out, force=force)
    cp, key = load_anchor(checkpoint, pubkey)
    with open_store(ctx) as store:
        report = incident_report(
            store, ref, checkpoint=cp, key=key, min_reliability=min_reliability
        )
    _write(report, out, force, json_)


@report_app.command("figure")
def report_figure(
    ctx: typer.Context,
    out: OutOpt,
    date_from: DateFromOpt = None,
    date_to: DateToOpt = None,
    country: CountryOpt = None,
    belligerent: BelligerentOpt = None,
    dataset: DatasetOpt = None,
    min_grade: MinGradeOpt = None,
    checkpoint: CheckpointOpt = None,
    pubkey: PubkeyOpt = None,
    force: ForceOpt = False,
    json_: JsonOpt = False,
) -> None:
    """A casualty figure (the filters of `provenance figure`): its totals, the incidents
    not recorded and undated counted apart, then each incident and its claims."""
    from provenance.figures import Filters
    from provenance.report import check_report_out, figure_report, load_anchor

    filters = Filters.from_options(
        date_from=date_from,
        date_to=date_to,
        country=country,
        belligerent=belligerent,
        min_grade=min_grade,
        dataset=dataset,
    )
    check_report_out(out, force=force)
    cp, key = load_anchor(checkpoint, pubkey)
    with open_store(ctx) as store:
        report = figure_report(store, filters, checkpoint=cp, key=key)
    _write(report, out, force, json_)
