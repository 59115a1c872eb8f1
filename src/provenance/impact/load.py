"""``provenance impact`` on a store: the only module of :mod:`provenance.impact` that reads
one (through the store contract, :mod:`provenance.find` and the ``load`` functions of
:mod:`provenance.corroborate` and :mod:`provenance.figures`).

:func:`impact_of` resolves what is discredited (:func:`resolve_target`), finds the claims
downstream of it by a reverse walk (:func:`downstream_claims`: ``QUOTES``, ``CITES`` and
``SUPPORTED_BY`` edges read backwards, one read per depth) and recounts only those
(:mod:`provenance.impact.compute`). A source, statement or witness reads only those
claims' upstream evidence (:meth:`Store.upstream`); an author or an organisation needs the
unit of every source to know its items, so the whole store is indexed once
(:func:`~provenance.corroborate.load.index_from_store`) and that index serves the recount.
The incidents left without support then leave the casualty figure
(:func:`provenance.figures.load_figure_input`, the store's duplicate clusters).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from provenance.corroborate import corroborate_claims
from provenance.corroborate.index import EvidenceIndex, index_from_upstream
from provenance.corroborate.load import index_from_store, store_registry
from provenance.corroborate.units import unit_of
from provenance.corroborate.without import standing
from provenance.errors import NotFoundError
from provenance.find import resolve, suggestions
from provenance.impact.compute import Recount, claim_changes, recount, unsupported_incidents
from provenance.impact.result import (
    FigureChange,
    Impact,
    Target,
    TargetKind,
    UnsupportedIncident,
)
from provenance.impact.target import author_units, organisation_unit

if TYPE_CHECKING:
    from provenance.outlets.registry import OutletRegistry
    from provenance.store import Store, StoredItem

KINDS: dict[str, TargetKind] = {"Source": "source", "Statement": "statement", "Witness": "witness"}
"""Labels of the items discredited one by one, to the target's kind."""
DOWNSTREAM_RELS = ("QUOTES", "CITES", "SUPPORTED_BY")
"""The edges a reverse walk follows from a discredited item to the claims resting on it."""
DEMO_POST = "ill-src-mosul-post"
"""The demo's echo chamber: the one Mosul post six outlets repeat (examples/june-2017.yaml)."""


def impact_of(store: Store, ref: str, *, min_reliability: str = "F") -> Impact:
    """What changes if ``ref`` is discredited: a source or statement (id, code or URL), an
    author or account, an organisation (its whole unit) or a witness (see
    :mod:`provenance.impact`). :class:`NotFoundError` (with "did you mean") when ``ref``
    names none of these.

    An author's or organisation's items are those the unit rule puts in its unit, which
    means knowing the unit of every source: the whole store is indexed once
    (:func:`~provenance.corroborate.load.index_from_store`) and serves the recount too. A
    single item's impact reads only its downstream claims' evidence.
    """
    target, ix = _resolve(store, ref)
    claims = downstream_claims(store, target.items)
    if ix is None:
        ix = index_from_upstream(store.upstream(claims))
    r = recount(ix, claims, target.items, min_reliability=min_reliability)
    changes = claim_changes(r)
    incidents = sorted({i for i in r.incident.values() if i})
    titles = {
        i: str(item.data["title"])
        for i, item in store.get_many(incidents).items()
        if item.data.get("title")
    }
    lost = _unsupported(store, ix, r, titles, min_reliability)
    return Impact(
        target=target,
        claims=changes.dropping,
        grades_falling=changes.falling,
        grades_held=changes.held,
        incidents_unsupported=lost,
        figures=_figures(store, {x.incident for x in lost}),
        unchanged_claims=changes.unchanged,
        names=titles,
    )


def _figures(store: Store, gone: set[str]) -> list[FigureChange]:
    """The figure rows that change without the incidents ``gone``. The figures (and the
    duplicate clusters, with their numerical dependencies) are imported only when an
    incident loses its last support: most questions never need them."""
    if not gone:
        return []
    from provenance.dedupe.clusters import cluster
    from provenance.figures import belligerent_names, load_figure_input
    from provenance.impact.figures import figure_changes

    inputs, _ = load_figure_input(store)
    return figure_changes(inputs, cluster(store.judgements()), belligerent_names(store), gone)


def demo_impact(store: Store) -> Impact:
    """The impact of discrediting the demo's Mosul post (:data:`DEMO_POST`), the one post
    behind the echo chamber of incident ``ill-mosul-1``."""
    return impact_of(store, DEMO_POST)


def _unsupported(
    store: Store,
    ix: EvidenceIndex,
    r: Recount,
    titles: dict[str, str],
    min_reliability: str,
) -> list[UnsupportedIncident]:
    """The incidents of the recounted claims left with no independent path: their other
    claims (not downstream, so unchanged) are counted too."""
    zero: dict[str, bool] = {}
    for c, after in r.after.items():
        if (inc := r.incident[c]) is not None:
            zero[inc] = zero.get(inc, True) and after.paths == 0
    candidates = sorted(i for i, z in zero.items() if z)
    if not candidates:
        return []
    incident_claims: dict[str, list[str]] = {}
    for e in store.edges(candidates, ["HAS_CLAIM"], "out"):
        incident_claims.setdefault(e.src, []).append(e.dst)
    others = [c for cs in incident_claims.values() for c in cs if c not in r.after]
    if all(c in ix.claims for c in others):
        other_paths = {c: standing(ix, c, min_reliability=min_reliability).paths for c in others}
    else:
        counted = corroborate_claims(store, others, min_reliability=min_reliability)
        other_paths = {x.claim: x.independent_paths for x in counted}
    return unsupported_incidents(r, incident_claims, other_paths, titles)


def downstream_claims(store: Store, items: Iterable[str]) -> list[str]:
    """The claims ``items`` are upstream of (sorted): a reverse walk from them over
    ``QUOTES``, ``CITES`` and ``SUPPORTED_BY``, one read of the store per depth."""
    seen = set(items)
    frontier = sorted(seen)
    claims: set[str] = set()
    while frontier:
        found: set[str] = set()
        for e in store.edges(frontier, DOWNSTREAM_RELS, "in"):
            if e.rel == "SUPPORTED_BY":
                claims.add(e.src)
            elif e.src not in seen:
                seen.add(e.src)
                found.add(e.src)
        frontier = sorted(found)
    return sorted(claims)


# --- what is discredited ----------------------------------------------------------------------


def resolve_target(store: Store, ref: str) -> Target:
    """The :class:`Target` ``ref`` names: an item (id, code or URL: a source, statement,
    witness or organisation), else an author or account. :class:`NotFoundError` for a
    claim or an incident (they are what is affected, not evidence), and for a reference
    that names nothing, with the nearest ids and authors."""
    return _resolve(store, ref)[0]


def _resolve(store: Store, ref: str) -> tuple[Target, EvidenceIndex | None]:
    """:func:`resolve_target`, with the index of the whole store when it was built to
    find an author's or organisation's items."""
    ref = ref.strip()
    item = store.get(ref)
    if item is None and len(ids := store.lookup(ref)) > 1:
        resolve(store, ref)  # raises: names several items
    elif item is None and ids:
        item = store.get(ids[0])
    registry = store_registry(store)
    if item is not None and item.label == "Organisation":
        unit = organisation_unit(item.id, registry)
        ix = index_from_store(store)
        name = unit.unit_name or item.id
        return Target(kind="organisation", id=item.id, name=name, items=_members(ix, unit.key)), ix
    if item is not None:
        return _item_target(item, registry), None
    units = author_units(ref, registry)
    whole = index_from_store(store) if units else EvidenceIndex()
    for unit in units:
        if members := _members(whole, unit.key):
            kind: TargetKind = "organisation" if unit.key.startswith("family ") else "author"
            key = unit.key.partition(" ")[2]
            return Target(kind=kind, id=key, name=unit.unit_name or ref, items=members), whole
    raise _not_found(store, ref)


def _members(ix: EvidenceIndex, key: str) -> list[str]:
    """The sources and statements of the unit ``key`` (sorted)."""
    return sorted(x for x, u in ix.unit.items() if u == key)


def _not_found(store: Store, ref: str) -> NotFoundError:
    """The error for a reference that names nothing: the nearest ids and authors."""
    authors = {a for _, (a,) in store.iter_fields("Source", ["author"]) if isinstance(a, str)}
    near = suggestions(store, ref) + difflib.get_close_matches(ref, sorted(authors), 5, 0.6)
    hint = (
        "did you mean " + ", ".join(dict.fromkeys(near)) + "?"
        if near
        else "find it with `provenance search WORDS` or `provenance list sources`"
    )
    return NotFoundError(
        f"{ref!r} is no source, statement, witness, organisation or author in the store", hint
    )


def _item_target(item: StoredItem, registry: OutletRegistry) -> Target:
    """The target of one stored source, statement or witness, named as ``corroborate``
    names it (its outlet: the publisher's name, else the organisation its author or domain
    resolves to, else its author as written); :class:`NotFoundError` for an item of
    another kind."""
    kind = KINDS.get(item.label)
    if kind == "witness":
        role = item.data.get("role")
        name = f"witness {item.id}" + (f" ({role})" if role else "")
        return Target(kind=kind, id=item.id, name=name, items=[item.id])
    if kind is not None:
        d = item.data
        pub = d.get("publisher" if kind == "source" else "issuer")
        org = registry.orgs.get(pub) if isinstance(pub, str) else None
        unit = unit_of(
            item.label,
            item.id,
            family=registry.family(org.id) if org else None,
            publisher_name=org.name if org else None,
            author=d.get("author"),
            url=d.get("url"),
            registry=registry,
        )
        name = unit.name or str(d.get("title") or item.id)
        return Target(kind=kind, id=item.id, name=name, items=[item.id])
    what = item.label.lower()
    raise NotFoundError(
        f"{item.id!r} is {'an' if what[0] in 'aeiou' else 'a'} {what}: discredit the evidence "
        "behind it instead",
        "give a source, an author or account, an organisation or a witness "
        f"(the sources behind it: `provenance trace {item.id}`)"
        if item.label == "Claim"
        else "give a source, an author or account, an organisation or a witness "
        f"(see them with `provenance show {item.id}`)",
    )
