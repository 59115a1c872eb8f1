"""``duplicates``, ``judge`` and ``figure``: duplicate incidents and casualty figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from provenance.vocab import GRADE_RANK

from ..common import (
    ActorOpt,
    JsonOpt,
    actor_or_default,
    console,
    open_store,
    print_json,
)

if TYPE_CHECKING:
    from rich.console import Console

    from provenance.dedupe import Candidate
    from provenance.figures import Figure
    from provenance.store import Store
    from provenance.vocab import JudgementValue


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""
    app.command()(duplicates)
    app.command()(judge)
    app.command()(figure)


def find_duplicates(
    store: Store, min_score: float, limit: int | None, show_all: bool
) -> list[Candidate]:
    """Scored candidate pairs with their current judgement (judged pairs only with ``show_all``)."""
    from provenance.dedupe import find_candidates, load_records, score_pairs
    from provenance.dedupe.clusters import latest

    records = load_records(store)
    judged = latest(store.judgements())
    found = find_candidates(records).top(min_score=min_score)
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for c in found:
        seen.add((c.a, c.b))
        j = judged.get((c.a, c.b))
        if j is not None and not show_all:
            continue
        out.append(c.model_copy(update={"judgement": j.judgement if j else None}))
    if show_all:
        index = {r.id: k for k, r in enumerate(records)}
        extra = [
            (index[a], index[b])
            for a, b in judged
            if (a, b) not in seen and a in index and b in index
        ]
        if extra:
            scored = score_pairs(records, extra)
            for k in range(len(scored)):
                c = scored.explain(k)
                out.append(c.model_copy(update={"judgement": judged[(c.a, c.b)].judgement}))
        out.sort(key=lambda c: (-c.score, c.a, c.b))
    return out[:limit] if limit is not None else out


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
    json_: JsonOpt = False,
) -> None:
    """Candidate duplicate incidents, scored, with reasons a person can check."""
    with open_store(ctx) as store:
        pairs = find_duplicates(store, min_score, limit, show_all)
    if json_:
        print_json([p.model_dump() for p in pairs])
        return
    _print_pairs(pairs, console())


def _print_pairs(pairs: list[Candidate], out: Console) -> None:
    from rich.markup import escape
    from rich.table import Table

    if not pairs:
        out.print("No candidate duplicates at this score.")
        return
    table = Table(title="Candidate duplicate incidents", title_justify="left")
    for col in ("score", "incident A", "incident B", "judgement", "reasons"):
        table.add_column(col)
    for p in pairs:
        table.add_row(
            f"{p.score:.2f}",
            escape(p.a),
            escape(p.b),
            p.judgement or "",
            escape("; ".join(p.reasons)),
        )
    out.print(table)
    out.print("Decide with: provenance judge A B same|different|unsure --reason TEXT", markup=False)


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
    from provenance.dedupe.clusters import cluster
    from provenance.vocab import JUDGEMENTS

    if judgement not in JUDGEMENTS:
        raise typer.BadParameter("use one of: same, different, unsure", param_hint="JUDGEMENT")
    if not reason.strip():
        raise typer.BadParameter(
            "is empty; say why, e.g. --reason 'same rescuer quoted by both'", param_hint="--reason"
        )
    with open_store(ctx) as store:
        value = cast("JudgementValue", judgement)
        j = store.judge(id_a, id_b, value, actor=actor_or_default(actor), reason=reason)
        clustering = cluster(store.judgements())
    mine = next((c for c in clustering.clusters if j.a in c), [j.a])
    conflicts = [c.message for c in clustering.conflicts if {j.a, j.b} & {*c.same, *c.different}]
    if json_:
        print_json({**vars(j), "cluster": mine, "conflicts": conflicts})
        return
    out = console()
    out.print(
        f"Judged {j.a} ~ {j.b}: {j.judgement} (by {j.actor}, audit event {j.seq}).", markup=False
    )
    if len(mine) > 1:
        out.print(f"Cluster: {', '.join(mine)}", markup=False)
    for message in conflicts:
        out.print(f"Conflict: {message}", markup=False)


def _date(value: str | None, option: str) -> dt.date | None:

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2017-06-01", param_hint=option
        ) from None


def compute(store: Store, **options: Any) -> Figure:
    """The figure of ``store`` under the given filters (keywords of :class:`Filters`, ``by``)."""
    from provenance.dedupe.clusters import cluster
    from provenance.figures import Filters, compute_figure, load_figure_input

    by = options.pop("by", None)
    incidents, campaign = load_figure_input(store)
    return compute_figure(
        incidents, campaign, cluster(store.judgements()), Filters(**options), by=by
    )


def figure(
    ctx: typer.Context,
    date_from: Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.")] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="ISO country code, e.g. IQ.")
    ] = None,
    belligerent: Annotated[
        str | None, typer.Option("--belligerent", help="Only this belligerent's claims.")
    ] = None,
    min_grade: Annotated[
        str | None, typer.Option("--min-grade", help="confirmed|fair|weak|contested|discounted.")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Break down by belligerent|country|month.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Casualties over deduplicated incidents, beside what belligerents acknowledged."""

    if min_grade is not None and min_grade not in GRADE_RANK:
        raise typer.BadParameter(
            f"unknown grade {min_grade!r}; use one of: {', '.join(GRADE_RANK)}",
            param_hint="--min-grade",
        )
    if by is not None and by not in ("belligerent", "country", "month"):
        raise typer.BadParameter(
            f"cannot break down by {by!r}; use belligerent, country or month", param_hint="--by"
        )
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    with open_store(ctx) as store:
        fig = compute(
            store,
            date_from=start,
            date_to=end,
            country=country,
            belligerent=belligerent,
            min_grade=min_grade,
            by=by,
        )
    if json_:
        print_json(fig.model_dump())
        return
    print_figure(fig, console())


def _r(r: Any) -> str:
    return str(r.min) if r.min == r.max else f"{r.min}–{r.max}"


def print_figure(fig: Figure, out: Console) -> None:
    """The figure and the acknowledged figures side by side."""
    from rich.markup import escape
    from rich.table import Table

    f = fig.filters
    period = f"{f.get('date_from') or '…'} to {f.get('date_to') or '…'}"
    table = Table(title=f"Casualty figure, {period}", title_justify="left")
    table.add_column("monitors' reports (each incident once)")
    table.add_column("belligerents acknowledged")
    ack = fig.acknowledged
    verdicts = ", ".join(
        f"{n} {v.replace('_', ' ')}" for v, n in ack["incidents_by_verdict"].items() if n
    )
    table.add_row(f"{fig.incidents} incidents", f"official verdicts: {verdicts or 'none'}")
    table.add_row(
        f"{_r(fig.civilians_killed)} civilians killed",
        f"{ack['civilians_killed']} deaths acknowledged for these incidents",
    )
    table.add_row(f"{_r(fig.civilians_injured)} civilians injured", "")
    for c in ack["campaign"]:
        scope = c["scope"] or f"since {c['date_from']}"
        table.add_row(
            "",
            escape(f"context: {c['civilians_killed']} acknowledged ({scope}) [{c['statement']}]"),
        )
    out.print(table)
    for grade, part in fig.by_grade.items():
        out.print(
            f"  {grade:<11} {part.incidents:>4} incidents, {_r(part.civilians_killed)} killed",
            markup=False,
        )
    if fig.by:
        key = fig.filters.get("by")
        for name, part in fig.by.items():
            out.print(
                f"  by {key} {name}: {part.incidents} incidents, {_r(part.civilians_killed)} killed",
                markup=False,
            )
    for cl in fig.clusters:
        out.print(f"  counted once: {' = '.join(cl)}", markup=False)
    for message in fig.conflicts:
        out.print(f"  conflict: {message}", markup=False)
    out.print(f"Incidents: {', '.join(fig.incident_ids) or 'none'}", markup=False)


def demo_step(store: Store, out_dir: Path, console: Console) -> None:
    """Duplicate candidates, one judgement, and the June 2017 figure beside the acknowledged one."""
    console.print("\n[bold]Duplicates[/bold] — the same strike under two spellings and two dates")
    _print_pairs(find_duplicates(store, 0.5, 5, False), console)
    before = compute(store, date_from=dt.date(2017, 6, 1), date_to=dt.date(2017, 6, 30))
    j = store.judge(
        "ill-mosul-2",
        "ill-mawsil-2b",
        "same",
        actor="provenance-demo",
        reason="demo: same rescuer and broadcaster report behind both; a day apart, Mosul = Al-Mawsil",
    )
    console.print(f"Judged {j.a} ~ {j.b}: same (audit event {j.seq}).", markup=False)
    console.print(
        f"\n[bold]Figure[/bold] — June 2017 ({before.incidents} incident records before the judgement,"
        f" {_r(before.civilians_killed)} killed; each incident now counted once)"
    )
    print_figure(
        compute(store, date_from=dt.date(2017, 6, 1), date_to=dt.date(2017, 6, 30)), console
    )
