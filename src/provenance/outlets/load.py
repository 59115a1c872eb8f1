"""``outlets`` read from a store: the only module of :mod:`provenance.outlets` that reads
one (through the store contract, never a backend's own API).

* :func:`mentions_from_store` — every source as a
  :class:`~provenance.outlets.features.Mention` (author, account, domain, incidents);
* :func:`organisations_from_store` — the organisations with their aliases, domains and
  ``PART_OF`` family;
* :func:`different_pairs` — the pairs an analyst judged to be two outlets (cannot-links);
* :func:`outlet_suggestions` — all three through
  :func:`~provenance.outlets.suggest.suggest_outlets` (``provenance outlets suggest``);
* :func:`judge_outlets` — an outlet judgement recorded (``provenance outlets judge``): the
  organisations and the pair's current judgement read inside the write transaction, decided
  by the pure :func:`provenance.outlets.judge.decide`, and the change, the judgement and its
  audit event written together (:meth:`~provenance.store.Store.judge_outlets`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.errors import UsageError
from provenance.judgements import OutletDecision, OutletJudgement, check_outlet_verdict
from provenance.outlets.features import KnownOrganisation, Mention
from provenance.outlets.identity import account_from_url, normalise_author, registered_domain
from provenance.outlets.judge import OrgView, check_pair, decide, new_org_name, org_id_base
from provenance.outlets.suggest import DEFAULT_MIN_SCORE, OutletPair, suggest_outlets
from provenance.rules import check_text
from provenance.store import family_roots, origins_of

if TYPE_CHECKING:
    from provenance.store import Store, StoredItem


def outlet_suggestions(store: Store, min_score: float = DEFAULT_MIN_SCORE) -> list[OutletPair]:
    """The pairs of names in ``store`` that look like one outlet, scoring at least
    ``min_score`` (a number in [0, 1], else :class:`~provenance.errors.UsageError`),
    without the pairs already joined or judged different."""
    if not 0.0 <= min_score <= 1.0:
        raise UsageError(f"--min-score {min_score} is not in [0, 1]", "give a number from 0 to 1")
    return suggest_outlets(
        mentions_from_store(store),
        organisations_from_store(store),
        different_pairs(store),
        min_score,
    )


def mentions_from_store(store: Store) -> list[Mention]:
    """Every source of ``store`` with its normalised author, the account and registered
    domain of its URL, and the incidents of the claims it supports."""
    incidents_of: dict[str, set[str]] = {}
    for _, (incident, supported_by) in store.iter_fields("Claim", ["incident", "supported_by"]):
        for sid in supported_by or ():
            incidents_of.setdefault(sid, set()).add(incident)
    mentions = []
    for sid, (author, url) in store.iter_fields("Source", ["author", "url"]):
        key = normalise_author(author) if author else None
        mentions.append(
            Mention(
                author=author or None,
                author_key=key or None,
                account=account_from_url(url) if url else None,
                domain=registered_domain(url) if url else None,
                incidents=tuple(sorted(incidents_of.get(sid, ()))),
            )
        )
    return mentions


def organisations_from_store(store: Store) -> list[KnownOrganisation]:
    """The organisations of ``store``: aliases normalised as authors (accounts as
    written, casefolded), domains casefolded, each with the root of its family."""
    rows = list(store.iter_fields("Organisation", ["name", "part_of", "aliases", "domains"]))
    roots = family_roots({oid: part_of for oid, (_, part_of, _, _) in rows})
    return [
        KnownOrganisation(
            id=oid,
            name=name or oid,
            family=roots.get(oid, oid),
            aliases=tuple(alias_key(a) for a in aliases or ()),
            domains=tuple(d.casefold() for d in domains or ()),
        )
        for oid, (name, _, aliases, domains) in rows
    ]


def alias_key(alias: str) -> str:
    """An alias as the nodes key it: an account (``twitter:NAME``) casefolded, an author
    string normalised."""
    if ":" in alias and " " not in alias:
        return alias.casefold()
    return normalise_author(alias)


def different_pairs(store: Store) -> list[tuple[str, str]]:
    """The pairs of names judged to be two outlets (``outlets judge A B different``): the one
    place cannot-links are read (:meth:`~provenance.store.Store.outlet_cannot_links`)."""
    pairs = (sorted(pair) for pair in store.outlet_cannot_links())
    return sorted((p[0], p[-1]) for p in pairs)


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
