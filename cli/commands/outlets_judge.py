"""``outlets judge``: an analyst's decision that two author strings, accounts, domains or
organisations are one outlet or not (registered on the ``outlets`` sub-app)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..common import ActorOpt, JsonOpt, actor_or_default, console, open_store, print_json

if TYPE_CHECKING:
    from provenance.outlets.load import OutletOutcome


def judge(
    ctx: typer.Context,
    a: Annotated[
        str,
        typer.Argument(
            metavar="A", help="An author string, account (twitter:NAME), domain or organisation id."
        ),
    ],
    b: Annotated[str, typer.Argument(metavar="B", help="Another one.")],
    verdict: Annotated[str, typer.Argument(metavar="same|different", help="Your decision.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, for the audit log.")],
    actor: ActorOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Record whether A and B are one outlet (a later judgement of the pair reverses it).

    same: adds the alias or domain to the organisation one of them belongs to (creating
    one when neither does), as the analyst's value, kept across imports. different: a
    cannot-link `outlets suggest` respects; it removes an alias an earlier `same` of the
    pair added. Both are one audit event.
    """
    from provenance.outlets.load import judge_outlets

    with open_store(ctx) as store:
        outcome = judge_outlets(store, a, b, verdict, actor=actor_or_default(actor), reason=reason)
    if json_:
        print_json(outcome.as_dict())
        return
    print_outcome(outcome)


def print_outcome(outcome: OutletOutcome) -> None:
    """The judgement and what it changed, in a few lines."""
    out = console()
    j = outcome.judgement
    out.print(
        f"Judged {j.a!r} ~ {j.b!r}: {j.verdict} (by {j.actor}, audit event {j.seq}).",
        markup=False,
    )
    org = outcome.organisation
    if org is not None:
        made = " (created)" if j.created else ""
        out.print(f"Organisation {org['id']} — {org['name']}{made}", markup=False)
        for what, changes in (("added", j.added), ("removed", j.removed)):
            for field, values in changes.items():
                out.print(f"  {field} {what}: {', '.join(values)}", markup=False)
        out.print(f"  aliases now: {', '.join(org.get('aliases') or []) or 'none'}", markup=False)
        if org.get("domains"):
            out.print(f"  domains now: {', '.join(org['domains'])}", markup=False)
    if j.verdict == "different":
        out.print("`outlets suggest` will not propose this pair again.", markup=False)
