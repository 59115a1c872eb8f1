"""``set``: an analyst's edit of an item's fields, audited and kept across imports."""

from __future__ import annotations

from typing import Annotated

import typer

from ..common import ActorOpt, JsonOpt, actor_or_default, console, open_store, print_json
from ..wording import human_value


def register(app: typer.Typer) -> None:
    app.command(name="set")(set_)


def set_(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID|CODE|URL", help="The item to edit: its id, a monitor's code or a URL."
        ),
    ],
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="FIELD=VALUE...",
            help="Fields to set, e.g. reliability=B or grade=fair; a list as supported_by=a,b"
            " (or as JSON); FIELD= clears one.",
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why, for the audit log.")],
    actor: ActorOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Set fields of an item as an analyst (e.g. an incident's grade, a source's reliability).

    Values are checked by the item's model; the edit is one audit event, recorded with who,
    when and why on each field (see `show`). Imports never overwrite it and report where
    the export now differs; a later `set` changes it again.
    """
    from provenance.find import resolve
    from provenance.store import set_fields

    with open_store(ctx) as store:
        item_id = resolve(store, ref).id  # the item show would show
        result = set_fields(
            store, item_id, assignments, actor=actor_or_default(actor), reason=reason
        )
    if json_:
        print_json(result.as_dict())
        return
    out = console()
    seq = result.event_seq
    out.print(
        f"Set on {result.label} {result.id} by {result.actor}"
        + (f" (audit event {seq})" if seq else " (nothing to change)"),
        markup=False,
    )
    for e in result.edits:
        out.print(f"  {e.field}: {_shown(e.old)} → {_shown(e.new)}", markup=False)


def _shown(value: object) -> str:
    """A value in an edit line: text quoted, a range ``2–7``, a list comma-separated."""
    return repr(value) if value is None or isinstance(value, str) else human_value(value)
