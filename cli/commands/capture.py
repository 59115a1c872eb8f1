"""``capture``: a file kept read-only as a source's original; a WACZ web archive checked first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..common import ActorOpt, JsonOpt, actor_or_default, open_store, print_json
from ..terminal import terminal_text


def register(app: typer.Typer) -> None:
    app.command()(capture)


def capture(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The captured bytes.")],
    source: Annotated[str, typer.Option("--source", help="The source id it is a capture of.")],
    url: Annotated[str | None, typer.Option("--url", help="Where it was captured from.")] = None,
    tool: Annotated[str | None, typer.Option("--tool", help="The capture tool.")] = None,
    actor: ActorOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Hash a captured file, keep it read-only as the source's original, and log it.

    A WACZ web archive (FILE.wacz) is checked first: every file its datapackage.json lists,
    with its hash and size, and the signature in datapackage-digest.json when there is one.
    A WACZ that fails a check is refused and nothing is recorded; one that passes gives the
    source the archived page's URL and capture time where it has none.
    """
    from provenance.audit.capture import capture_file

    with open_store(ctx) as store:
        result = capture_file(
            store, file, source, actor=actor_or_default(actor), url=url, tool=tool
        )
    if json_:
        print_json(result.as_dict())
        return
    if result.checked is not None:
        typer.echo(terminal_text(f"{source}: WACZ checked: {result.checked['text']}."))
        for warning in result.checked["warnings"]:
            typer.echo(terminal_text(f"Warning: {warning}"), err=True)
    if result.already_captured:
        typer.echo(
            terminal_text(f"{source}: already captured with these bytes (sha256 {result.sha256}).")
        )
    else:
        typer.echo(
            terminal_text(
                f"{source}: captured {result.size} bytes, sha256 {result.sha256}, kept at"
                f" {result.path} (audit event {result.event_seq})."
            )
        )
