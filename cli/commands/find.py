"""``list`` and ``search``: finding items by kind and fields, or by words, codes and URLs."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.wording import plural

from ..common import JsonOpt, open_store
from ..rows import FormatOpt, print_rows

LimitOpt = Annotated[int | None, typer.Option("--limit", help="At most this many rows.")]


def register(app: typer.Typer) -> None:
    app.command(name="list")(list_items)
    app.command()(search)


def list_items(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="incident, claim, source, organisation, …")],
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            metavar="FIELD=VALUE",
            help="Only items whose FIELD is VALUE (any case; repeatable; dotted: location.name).",
        ),
    ] = None,
    fmt: FormatOpt = None,
    json_: JsonOpt = False,
    limit: LimitOpt = None,
) -> None:
    """List the items of one kind, in id order."""
    from provenance.find import list_rows

    with open_store(ctx) as store:
        result = list_rows(store, kind, where, limit)
    title = plural(len(result.rows), result.label.lower())
    print_rows(result.rows, result.columns, fmt, json_=json_, title=title)


def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words, an id, a monitor's code or a URL.")],
    kind: Annotated[str | None, typer.Option("--kind", help="Only items of this kind.")] = None,
    fmt: FormatOpt = None,
    json_: JsonOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Find items by id, monitor's code, title, place (and its variants), author or URL."""
    from provenance.find import SEARCH_COLUMNS, search_rows

    with open_store(ctx) as store:
        rows = search_rows(store, text, kind, limit if limit is not None else 20)
    print_rows(rows, SEARCH_COLUMNS, fmt, json_=json_, title=plural(len(rows), "hit"))
