"""``ingest``: case files into the store, in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..common import ActorOpt, JsonOpt, actor_or_default, open_store, print_json


def register(app: typer.Typer) -> None:
    app.command()(ingest)


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH...", help="Case files (.yaml, .yml, .json).")
    ],
    actor: ActorOpt = None,
    reason: Annotated[str | None, typer.Option(help="Why, for the audit log.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Ingest case files: all of them or nothing; re-ingesting changes nothing."""
    from provenance.ingest.casefile import load_batch

    batch = load_batch(paths)
    with open_store(ctx, create=True) as store:
        report = store.ingest(batch, actor=actor_or_default(actor), reason=reason)
    result = {
        "files": [str(p) for p in paths],
        "items": len(batch.nodes),
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "audit_event": report.event_seq,
    }
    if json_:
        print_json(result)
    else:
        typer.echo(
            f"Ingested {len(batch.nodes)} items from {len(paths)} file(s): {report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged"
            + (f" (audit event {report.event_seq})" if report.event_seq else " (nothing to change)")
        )
