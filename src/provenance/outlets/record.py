"""Outlet judgements on a store: :func:`judge_outlets` (``provenance outlets judge``) reads
the organisations and the pair's current judgement inside the write transaction, decides
with the pure :func:`provenance.outlets.judge.decide`, and the store writes the change, the
judgement and its audit event together (:meth:`~provenance.store.Store.judge_outlets`).

``outlets suggest`` reads the cannot-links with :meth:`~provenance.store.Store.outlet_cannot_links`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.outlets.judge import OrgView, check_pair, decide, new_org_name, org_id_base
from provenance.rules import check_text
from provenance.store import check_outlet_verdict, origins_of

if TYPE_CHECKING:
    from provenance.store import OutletDecision, OutletJudgement, Store, StoredItem


@dataclass(frozen=True)
class OutletOutcome:
    """A recorded outlet judgement and the organisation it concerns as it now is
    (``None`` for a ``different`` of two strings no organisation joined)."""

    judgement: OutletJudgement
    organisation: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        """The judgement's fields and ``organisation`` (``outlets judge --json``)."""
        return {**self.judgement.as_dict(), "organisation_now": self.organisation}


def org_view(item: StoredItem) -> OrgView:
    """What a judgement needs of a stored organisation."""
    d = item.data
    origins = origins_of(d)
    set_by = tuple(
        (f, str(origins[f].get("by"))) for f in ("aliases", "domains") if f in origins and d.get(f)
    )
    return OrgView(
        item.id,
        str(d.get("name") or item.id),
        tuple(d.get("aliases") or ()),
        tuple(d.get("domains") or ()),
        set_by,
    )


def judge_outlets(
    store: Store, a: str, b: str, verdict: str, *, actor: str, reason: str
) -> OutletOutcome:
    """Record that ``a`` and ``b`` are one outlet (``same``) or not (``different``), as
    ``actor`` for ``reason``: one audited write; a later judgement of the pair reverses it.

    Raises :class:`~provenance.errors.UsageError` for a bad verdict, an empty reason, one
    string twice or a platform's domain, and :class:`~provenance.errors.ConflictError`
    when ``same`` would join two organisations or ``different`` would remove an alias no
    judgement of this pair added (:mod:`provenance.outlets.judge`).
    """
    value = check_outlet_verdict(verdict)
    check_text(reason, "--reason")
    first, second = check_pair(a, b)

    def decision(s: Store) -> OutletDecision:
        orgs = [org_view(item) for item in s.iter_items("Organisation")]
        prior = next((j for j in s.outlet_judgements() if (j.a, j.b) == (first, second)), None)
        base = org_id_base(new_org_name(first, second))
        taken = set(s.ids_with_prefix(base))
        return decide(orgs, first, second, value, prior, taken)

    judgement = store.judge_outlets(decision, actor=actor, reason=reason)
    org = store.get(judgement.organisation) if judgement.organisation else None
    shown = None
    if org is not None:
        shown = {k: org.data.get(k) for k in ("id", "name", "aliases", "domains")}
    return OutletOutcome(judgement, shown)
