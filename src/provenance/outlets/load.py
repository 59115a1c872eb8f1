"""``outlets`` read from a store: the only module of :mod:`provenance.outlets` that reads
one (through the store contract, never a backend's own API).

* :func:`mentions_from_store` — every source as a
  :class:`~provenance.outlets.features.Mention` (author, account, domain, incidents);
* :func:`organisations_from_store` — the organisations with their aliases, domains and
  ``PART_OF`` family;
* :func:`different_pairs` — the pairs an analyst judged to be two outlets (cannot-links);
* :func:`outlet_suggestions` — all three through
  :func:`~provenance.outlets.suggest.suggest_outlets` (``provenance outlets suggest``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from provenance.errors import UsageError
from provenance.outlets.features import KnownOrganisation, Mention
from provenance.outlets.identity import account_from_url, normalise_author, registered_domain
from provenance.outlets.suggest import DEFAULT_MIN_SCORE, OutletPair, suggest_outlets
from provenance.store import family_roots

if TYPE_CHECKING:
    from provenance.store import Store


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
