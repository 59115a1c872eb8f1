"""``corroborate`` and ``trace``: independent source paths behind each claim."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..common import JsonOpt, console, open_store, print_json, progress
from ..rows import FormatOpt, own_text, print_rows

if TYPE_CHECKING:
    from rich.console import Console
    from rich.tree import Tree

    from provenance.corroborate import Corroboration
    from provenance.store import Store

MinReliabilityOpt = Annotated[
    str,
    typer.Option(
        "--min-reliability",
        metavar="A-F",
        help="Set aside sources less reliable than this (Admiralty A-F; a source without a "
        "reliability counts as F) before counting.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``corroborate`` and ``trace``."""
    app.command()(corroborate)
    app.command()(trace)


def corroborate(
    ctx: typer.Context,
    claim_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[CLAIM_ID]",
            help="One claim (id, or a source URL's claim); an incident's id or monitor's code "
            "(RS4720) corroborates each of its claims.",
        ),
    ] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", help="Every claim of this incident.")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every claim in the store (streamed).")
    ] = False,
    min_reliability: MinReliabilityOpt = "F",
    fmt: FormatOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Count the independent source paths behind claims: what each one rests on."""
    chosen = sum([claim_id is not None, incident is not None, all_])
    if chosen != 1:
        raise typer.BadParameter("give exactly one of CLAIM_ID, --incident ID or --all")
    from provenance.corroborate import (
        check_reliability,
        corroborate_incident,
        corroborate_json,
        corroborate_ref,
        store_run,
    )

    check_reliability(min_reliability)
    with open_store(ctx) as store:
        if json_ and fmt is None and not all_:
            document = corroborate_json(
                store, claim_id, incident=incident, min_reliability=min_reliability
            )
            sys.stdout.flush()
            sys.stdout.buffer.write(document)
            return
        if all_ and not own_text(fmt, json_) and fmt is not None:
            run = store_run(store, min_reliability=min_reliability)
            texts = progress(ctx, run.rendered(), len(run), "Corroborating")
            print_rows(map(json.loads, texts), CLAIM_COLUMNS, fmt, ids=("claim", "incident"))
            return
        if all_:
            _all(ctx, store, min_reliability, json_)
            return
        if claim_id is not None:
            _, results = corroborate_ref(store, claim_id, min_reliability=min_reliability)
        else:
            assert incident is not None
            results = corroborate_incident(store, incident, min_reliability=min_reliability)
    if not own_text(fmt, json_):
        rows = (r.model_dump(mode="json") for r in results)
        print_rows(rows, CLAIM_COLUMNS, fmt, ids=("claim", "incident"))
        return
    from provenance.corroborate import detail_lines

    out = console()
    for r in results:
        _print_lines(out, detail_lines(r))


CLAIM_COLUMNS = (
    "claim",
    "incident",
    "supporting_sources",
    "independent_paths",
    "suggested_grade",
    "analyst_grade",
    "critical_sources",
    "explanation",
)
"""The columns of ``corroborate --format`` (one row per claim)."""


def _all(ctx: typer.Context, store: Store, min_reliability: str, json_: bool) -> None:
    """Stream every claim: a JSON list (one object per line, written as the bytes the
    workers join) or one summary line each.

    The claims are analysed and rendered in worker processes (one per CPU)."""
    from provenance.corroborate import store_run, summary_line

    run = store_run(store, min_reliability=min_reliability)
    if json_:
        pieces = progress(ctx, run.json_document(), run.pieces(), "Corroborating")
        sys.stdout.flush()
        out = sys.stdout.buffer
        for piece in pieces:
            out.write(piece)
        out.flush()
        return
    from ..console import fitted

    texts = progress(ctx, run.rendered(summary_line), len(run), "Corroborating")
    write, out = sys.stdout.write, console()
    for text in texts:
        write(fitted(text, out) + "\n")


def _print_lines(out: Console, lines: Iterable[str]) -> None:
    """Print ``lines``: piped, unwrapped; on a terminal wrapped between words, so that no
    id is broken (:func:`~provenance_cli.console.fitted`)."""
    from ..console import fitted

    for text in lines:
        out.print(fitted(text, out), markup=False, highlight=False, soft_wrap=True)


# --- trace ---------------------------------------------------------------------------------


def trace(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="CLAIM_ID", help="The claim to trace.")],
    min_reliability: MinReliabilityOpt = "F",
    json_: JsonOpt = False,
) -> None:
    """Show the evidence chain of a claim as a tree: kind, publisher, reliability, chain."""
    from provenance.corroborate import check_reliability, summary_line, trace_claim

    check_reliability(min_reliability)
    with open_store(ctx) as store:
        traced = trace_claim(store, claim_id, min_reliability=min_reliability)
    if json_:
        print_json(traced.tree)
        return
    out = console()
    out.print(_rich_tree(traced.tree))
    _print_lines(out, [summary_line(traced.result)])


def _rich_tree(tree: dict[str, Any]) -> Tree:
    """The evidence tree of :func:`provenance.corroborate.trace_tree` as a Rich tree."""
    from rich.text import Text
    from rich.tree import Tree

    from provenance.corroborate import describe, tree_heading

    root = Tree(Text(tree_heading(tree)))
    paths = tree["independent_paths"]

    def add(parent: Tree, entries: Iterable[dict[str, Any]]) -> None:
        for e in entries:
            add(parent.add(Text(describe(e, paths=paths))), e["children"])

    add(root, tree["children"])
    return root


# --- demo ------------------------------------------------------------------------------------


def print_demo(con: Console, results: Iterable[Corroboration]) -> None:
    """Print the demo's corroboration step: each claim's summary, explanation and any
    disagreement with the analyst (``results``: :func:`provenance.corroborate.corroborate_store`
    of the demo store)."""
    from provenance.corroborate import summary_line

    con.print("\n[bold]Corroboration[/bold] — independent source paths behind each claim")
    for r in results:
        lines = [f"  {summary_line(r)}", f"      {r.explanation}"]
        if r.grade_disagreement:
            lines.append(f"      ⚠ {r.grade_disagreement}")
        _print_lines(con, lines)
