"""``duplicates``, ``judge`` and ``figure``: duplicate incidents and casualty figures."""

from __future__ import annotations

import itertools
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..common import (
    ActorOpt,
    JsonOpt,
    actor_or_default,
    console,
    open_store,
    print_json,
    working,
)
from ..filters import (
    BelligerentOpt,
    CountryOpt,
    DatasetOpt,
    DateFromOpt,
    DateToOpt,
    MinGradeOpt,
)
from ..rows import FormatOpt, flat_row, own_text, print_rows

if TYPE_CHECKING:
    from rich.console import Console

    from provenance.dedupe import Candidate
    from provenance.demo.steps import JudgementEffect
    from provenance.figures import Figure


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""
    app.command()(duplicates)
    app.command()(judge)
    app.command()(figure)


def duplicates(
    ctx: typer.Context,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0.0, max=1.0, help="Smallest score shown.")
    ] = 0.5,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="At most this many pairs, best first.")
    ] = 50,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also show pairs already judged.")
    ] = False,
    fmt: FormatOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Candidate duplicate incidents, scored, with reasons a person can check."""
    from provenance.dedupe import duplicate_pairs

    with open_store(ctx) as store, working(ctx, "Finding candidate duplicates"):
        pairs = duplicate_pairs(store, min_score, limit, include_judged=show_all)
    if json_ and fmt is None:
        print_json([p.model_dump() for p in pairs])
    elif own_text(fmt, json_):
        _print_pairs(pairs, console())
    else:
        rows = [p.model_dump() for p in pairs]
        print_rows(rows, ("score", "a", "b", "judgement", "reasons"), fmt, ids=("a", "b"))


def _print_pairs(pairs: list[Candidate], out: Console) -> None:
    from rich.markup import escape
    from rich.table import Table

    if not pairs:
        out.print("No candidate duplicates at this score.")
        return
    from ..console import id_column, text_column

    if out.width < TABLE_WIDTH:
        _print_blocks(pairs, out)
        return
    table = Table(title="Candidate duplicate incidents", title_justify="left")
    table.add_column("score", no_wrap=True)
    id_column(table, "incident A", [p.a for p in pairs])
    id_column(table, "incident B", [p.b for p in pairs])
    table.add_column("judgement", no_wrap=True)
    text_column(table, "reasons")
    for p in pairs:
        table.add_row(
            f"{p.score:.2f}",
            escape(p.a),
            escape(p.b),
            p.judgement or "",
            escape("; ".join(p.reasons)),
        )
    out.print(table)
    out.print(DECIDE, markup=False)


DECIDE = "Decide with: provenance judge A B same|different|unsure --reason TEXT"
"""The line under the candidates, in either shape."""
TABLE_WIDTH = 120
"""The least terminal width the candidates are shown at as a table; narrower, each pair is
a block with one reason a line (a table's reasons column would be a few words wide)."""


def _print_blocks(pairs: list[Candidate], out: Console) -> None:
    from rich.padding import Padding
    from rich.text import Text

    out.print(Text("Candidate duplicate incidents", style="italic"))
    for p in pairs:
        head = f"{p.score:.2f}  {p.a}  ~  {p.b}  ({p.judgement or 'not judged'})"
        out.print(Text(head, style="bold"))
        for reason in p.reasons:
            out.print(Padding(Text(reason), (0, 0, 0, 6)))
    out.print(DECIDE, markup=False)


def judge(
    ctx: typer.Context,
    id_a: Annotated[str, typer.Argument(metavar="ID_A", help="An incident id.")],
    id_b: Annotated[str, typer.Argument(metavar="ID_B", help="Another incident id.")],
    judgement: Annotated[
        str, typer.Argument(metavar="same|different|unsure", help="Your decision.")
    ],
    reason: Annotated[
        str, typer.Option("--reason", help="Why (kept in the graph and the audit log).")
    ],
    actor: ActorOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Record whether two incidents are one (a later judgement of the pair replaces it)."""
    from provenance.dedupe import check_judgement, record_judgement

    check_judgement(judgement, reason)
    with open_store(ctx) as store:
        outcome = record_judgement(
            store, id_a, id_b, judgement, actor=actor_or_default(actor), reason=reason
        )
    if json_:
        print_json(outcome.as_dict())
        return
    j, mine = outcome.judgement, outcome.cluster
    out = console()
    out.print(
        f"Judged {j.a} ~ {j.b}: {j.judgement} (by {j.actor}, audit event {j.seq}).", markup=False
    )
    if len(mine) > 1:
        out.print(f"Cluster: {', '.join(mine)}", markup=False)
    for message in outcome.conflicts:
        out.print(f"Conflict: {message}", markup=False)


def figure(
    ctx: typer.Context,
    date_from: DateFromOpt = None,
    date_to: DateToOpt = None,
    country: CountryOpt = None,
    belligerent: BelligerentOpt = None,
    dataset: DatasetOpt = None,
    min_grade: MinGradeOpt = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Break down by belligerent|country|month.")
    ] = None,
    fmt: FormatOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Casualties over deduplicated incidents, beside what belligerents acknowledged.

    A filter value that matches nothing is an error listing the known values (exit 2).
    Incidents whose casualties were not recorded, and undated ones, are counted apart.
    """
    from provenance.figures import Filters, by_key, figure_from_store

    filters = Filters.from_options(
        date_from=date_from,
        date_to=date_to,
        country=country,
        belligerent=belligerent,
        min_grade=min_grade,
        dataset=dataset,
    )
    key = by_key(by)
    with open_store(ctx) as store, working(ctx, "Computing the figure"):
        fig = figure_from_store(store, filters, key)
    if json_ and fmt is None:
        print_json(fig.model_dump())
    elif own_text(fmt, json_):
        print_figure(fig, console(), ids_shown=IDS_ON_TERMINAL if sys.stdout.isatty() else None)
    else:
        print_figure_rows(fig, fmt)


IDS_ON_TERMINAL = 10
"""Incident ids ``figure`` prints of each list on a terminal before "… N more" (all when
piped, one a line)."""


def print_figure_rows(fig: Figure, fmt: FormatOpt) -> None:
    """The figure as rows for ``--format``: one per ``--by`` value (first column named
    after the key), else one row for the whole figure; ranges as ``_min``/``_max``."""
    key = str(fig.filters.get("by") or "figure")
    parts: list[tuple[str, Any]] = list(fig.by.items()) if fig.by else [("all", fig)]
    rows = [{key: name, **flat_row(p.model_dump(include=set(PART_FIELDS)))} for name, p in parts]
    columns = list(rows[0]) if rows else [key, "incidents"]
    print_rows(rows, columns, fmt, ids=(key,))


PART_FIELDS = (
    "incidents",
    "civilians_killed",
    "civilians_injured",
    "not_recorded",
    "undated",
    "incident_ids",
)
"""The fields of a figure (or of one ``--by`` part, which has no ``not_recorded`` or
``undated``) in its ``--format`` rows."""


def _r(r: Any) -> str:
    from provenance.wording import range_text

    return range_text(r.min, r.max)


def print_figure(fig: Figure, out: Console, ids_shown: int | None = None) -> None:
    """The figure and the acknowledged figures side by side, then what is counted apart
    and the breakdowns, then each list of incident ids under a heading with its count
    (the first ``ids_shown`` on a line and "… N more", or all, one a line). On a terminal
    the lines wrap between words (:func:`~provenance_cli.console.fitted`), piped never."""
    from rich.markup import escape
    from rich.table import Table

    from provenance.figures import id_group_lines, summary_lines
    from provenance.wording import number, plural

    from ..console import fitted

    f = fig.filters
    start, end = f.get("date_from"), f.get("date_to")
    period = f"{start or 'the start'} to {end or 'the latest'}" if start or end else "all dates"
    table = Table(title=f"Casualty figure, {period}", title_justify="left")
    table.add_column("monitors' reports (each incident once)")
    table.add_column("belligerents acknowledged")
    ack = fig.acknowledged
    verdicts = ", ".join(
        f"{number(n)} {v.replace('_', ' ')}" for v, n in ack["incidents_by_verdict"].items() if n
    )
    table.add_row(plural(fig.incidents, "incident"), f"official verdicts: {verdicts or 'none'}")
    table.add_row(
        f"{_r(fig.civilians_killed)} civilians killed",
        f"{plural(ack['civilians_killed'], 'death')} acknowledged for these incidents",
    )
    table.add_row(f"{_r(fig.civilians_injured)} civilians injured", "")
    monitors = [
        f"context: as many as {number(r['civilians_killed'])} reported by"
        f" {r['issuer'] or 'a monitor'} ({r['scope'] or r['date_from']}) [{r['statement']}]"
        for r in fig.reported
    ]
    admitted = [
        f"context: {number(c['civilians_killed'])} acknowledged"
        f" ({c['scope'] or 'since ' + str(c['date_from'])}) [{c['statement']}]"
        for c in ack["campaign"]
    ]
    for left, right in itertools.zip_longest(monitors, admitted, fillvalue=""):
        table.add_row(escape(left), escape(right))
    out.print(table)
    for line in [*summary_lines(fig), *id_group_lines(fig, ids_shown)]:
        out.print(fitted(line, out), markup=False, highlight=False, soft_wrap=True)


def print_judgement_effect(effect: JudgementEffect, out: Console, period: str) -> None:
    """The candidate pairs, the judgement, and the figure of ``period`` after it beside the
    count before it (the demo's duplicates step)."""
    _print_pairs(effect.candidates, out)
    j, before = effect.outcome.judgement, effect.before
    out.print(f"Judged {j.a} ~ {j.b}: {j.judgement} (audit event {j.seq}).", markup=False)
    out.print(
        f"\n[bold]Figure[/bold] — {period} ({before.incidents} incident records before the judgement,"
        f" {_r(before.civilians_killed)} killed; each incident now counted once)"
    )
    print_figure(effect.after, out)
