"""``init``, ``show`` and ``stats``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..common import JsonOpt, console, open_store, print_json, state
from ..terminal import terminal_text
from ..wording import human_value


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(show)
    app.command()(stats)


def init(ctx: typer.Context) -> None:
    """Create an empty store (idempotent)."""
    with open_store(ctx, create=True) as store:
        store.init()
    typer.echo(f"Store ready: {state(ctx).store_uri}")


def show(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID|CODE|URL", help="An item's id, a monitor's code (RS4720) or a URL."
        ),
    ],
    json_: JsonOpt = False,
) -> None:
    """Show one item with its fields and its relationships.

    Fields an analyst set (`provenance set`) are marked with who, when and why; --json
    gives every field's origin (`origins`) and the analyst's fields (`analyst_set`).
    """
    from provenance.find import resolve
    from provenance.store import analyst_fields, fields_of, origins_of

    with open_store(ctx) as store:
        item = resolve(store, ref)
        item_id = item.id
        edges = store.neighbours(item_id)
    rels = [
        {"src": e.src, "rel": e.rel, "dst": e.dst, **({"props": e.props} if e.props else {})}
        for e in edges
    ]
    if json_:
        print_json(
            {
                "id": item.id,
                "label": item.label,
                "hash": item.hash,
                "data": fields_of(item.data),
                "origins": origins_of(item.data),
                "analyst_set": analyst_fields(item.data),
                "relationships": rels,
            }
        )
        return
    from rich.table import Table
    from rich.text import Text

    from ..console import text_column

    out = console()
    title = Text(terminal_text(f"{item.label} {item.id}"))
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("field", no_wrap=True)
    text_column(table, "value")
    marks = analyst_fields(item.data)
    for key, value in fields_of(item.data).items():
        mark = marks.get(key)
        if value not in (None, [], {}) or mark:
            # untrusted text: never Rich markup, never a control character
            text = Text(terminal_text(human_value(value)))
            if mark:
                note = f"  (set by analyst {mark.get('actor')} at {mark.get('at')}: {mark.get('reason')})"
                text.append(terminal_text(note))
            table.add_row(terminal_text(key), text)
    table.add_row("sha256 (content)", item.hash)
    out.print(table)
    for r in rels:
        arrow = f"→ {r['dst']}" if r["src"] == item_id else f"← {r['src']}"
        out.print(f"  {r['rel']} {arrow}{judged_note(r)}", markup=False)


def judged_note(rel: dict[str, Any]) -> str:
    """`` — same (by ACTOR, audit event N: REASON)`` after a ``JUDGED`` relationship: the
    verdict of the duplicate judgement; nothing after any other."""
    props = rel.get("props") or {}
    if rel["rel"] != "JUDGED" or "judgement" not in props:
        return ""
    why = f": {props['reason']}" if props.get("reason") else ""
    return f" — {props['judgement']} (by {props.get('actor')}, audit event {props.get('seq')}{why})"


def stats(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Count items by kind, relationships by type, and audit events."""
    with open_store(ctx) as store:
        counts = store.counts()
    if json_:
        print_json(counts.as_dict())
        return
    out = console()
    out.print(f"Store: {state(ctx).store_uri}", markup=False)
    for label, n in sorted(counts.nodes.items()):
        out.print(f"  {label:<14}{n:>10,}")
    for rel, n in sorted(counts.edges.items()):
        out.print(f"  {rel:<18}{n:>10,}")
    out.print(f"  {'audit events':<14}{counts.audit_events:>10,}")
