"""Outlet judgements: an analyst's decision that two author strings, accounts, domains or
organisations are one outlet (``same``) or not (``different``), ``provenance outlets judge``.

What a judgement changes is decided outside the store (:mod:`provenance.outlets.judge`,
called through :meth:`~provenance.store.contract.Store.judge_outlets` inside the write
transaction as a ``decide`` function returning an :class:`OutletDecision`); what the store
writes is fixed here: the organisation's changed fields as the analyst's values
(:func:`~provenance.store.origins.analyst_origin`), the current judgement of the pair, and
one audit event (action ``outlets-judge``), in one transaction.

The current judgement of each pair is stored apart from the graph's items (SQLite table
``outlet_judgements``, Neo4j nodes ``(:OutletJudgement {key, a, b, props})``), like the
``JUDGED`` edges of duplicate incidents: a later judgement of the pair replaces it, the
audit log keeps every one. ``different`` is a cannot-link (:meth:`Store.outlet_cannot_links`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.errors import UsageError
from provenance.judgements import OrgChange, OutletDecision, OutletJudgement
from provenance.store.events import iso_utc, utc_now
from provenance.store.origins import ORIGINS, analyst_origin, encode, origins_of
from provenance.store.plan import Plan, plan
from provenance.store.rows import Batch, restored_row
from provenance.store.types import AuditRow

if TYPE_CHECKING:
    from collections.abc import Callable

    from provenance.store.contract import Store
    from provenance.store.types import StoredItem

OUTLET_ACTION = "outlets-judge"
"""The audit action of an outlet judgement."""


@dataclass(frozen=True)
class OutletPlan:
    """An outlet judgement about to be written: the organisation's write (a planned
    ingest, or ``None``), the judgement without its seq, and the event's items and summary."""

    ingest: Plan | None
    decision: OutletDecision
    actor: str
    at: str
    reason: str

    def audit_items(self) -> list[AuditRow]:
        """The rows of the event: the organisation created or updated (none when unchanged)."""
        return self.ingest.audit_items() if self.ingest else []

    def summary(self) -> dict[str, Any]:
        """The event's summary: the organisation's change and the judgement."""
        base = self.ingest.summary() if self.ingest else {}
        d = self.decision
        judged = {"a": d.a, "b": d.b, "verdict": d.verdict, "organisation": d.organisation}
        return {**base, "outlets": {**judged, "added": d.added, "removed": d.removed}}

    def result(self, seq: int) -> OutletJudgement:
        """The judgement as recorded by event ``seq``."""
        d = self.decision
        return OutletJudgement(
            d.a,
            d.b,
            d.verdict,
            self.actor,
            self.at,
            self.reason,
            seq,
            d.organisation,
            d.added,
            d.removed,
            d.created,
        )


def org_batch(stored: StoredItem | None, change: OrgChange, origin: dict[str, str]) -> Batch:
    """The write of ``change`` as an analyst's edit (``origin``) of ``stored`` (``None``:
    a new organisation, all of whose given fields are the analyst's)."""
    data: dict[str, Any] = dict(stored.data) if stored is not None else {"id": change.id}
    data.update(change.fields)
    origins = origins_of(data)
    origins.update({name: dict(origin) for name in change.fields})
    data[ORIGINS] = encode(origins)
    row, edges = restored_row("Organisation", data, "analyst", frozenset(change.fields))
    batch = Batch()
    batch.add_row(row, edges, f"provenance outlets judge ({change.id})")
    return batch


def plan_outlet_judgement(
    store: Store, decide: Callable[[Store], OutletDecision], *, actor: str, reason: str
) -> OutletPlan:
    """Decide (``decide(store)``, reading the store inside the caller's transaction) and
    plan the organisation's write. Reads only; raises what ``decide`` raises."""
    if not reason.strip():
        raise UsageError("--reason is empty", "say why, for the audit log")
    decision = decide(store)
    at = iso_utc(utc_now())
    ingest = None
    if decision.org is not None:
        stored = None if decision.org.create else store.get(decision.org.id)
        batch = org_batch(stored, decision.org, analyst_origin(actor, at, reason))
        ingest = plan(store, batch)
    return OutletPlan(ingest, decision, actor, at, reason)
