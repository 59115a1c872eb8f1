"""Corroboration read from a store: the only module of :mod:`provenance.corroborate` that
reads one (through the store contract, never a backend's own API).

* :func:`index_from_store` streams a whole store into an
  :class:`~provenance.corroborate.index.EvidenceIndex` through :meth:`Store.iter_fields`:
  the edges a node owns are its own fields (``cites``, ``quotes``, ``supported_by`` …, see
  ``store/rows.py``), so reading those fields of the nodes is enough. It backs
  :func:`corroborate_store`; :func:`cached_index` keeps its result beside the store for
  the next run at the same revision (:class:`~provenance.store.Snapshot`), and backs
  :func:`store_run` (a :class:`~provenance.corroborate.parallel.StoreRun`,
  ``corroborate --all``).
* :func:`corroborate_claims` and :func:`corroborate_incident` read a few claims' upstream
  evidence by the store's one traversal (:meth:`Store.upstream`), without networkx.
* :func:`trace_claim` reads a claim's upstream graph for its evidence tree.

Each gives the same results as :func:`~provenance.corroborate.graph.corroborate_all` on
:meth:`Store.upstream_graph`.
"""

from __future__ import annotations

import gc
import hashlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any

from provenance import __version__
from provenance.corroborate.analysis import analyse, analyse_dict, indented_json
from provenance.corroborate.graph import corroborate_claim
from provenance.corroborate.index import (
    ClaimContext,
    EvidenceIndex,
    UnitNamer,
    index_from_upstream,
)
from provenance.corroborate.packed import FORMAT, pack_index, unpack_index
from provenance.corroborate.parallel import StoreRun
from provenance.corroborate.trace import Trace, trace_tree
from provenance.corroborate.units import Unit, check_reliability, reliability_rank, unit_of
from provenance.errors import NotFoundError
from provenance.find import resolve_as, resolve_claim
from provenance.outlets.registry import OrgEntry, OutletRegistry
from provenance.store import Snapshot, family_roots, find_incident
from provenance.vocab import RELIABILITY

if TYPE_CHECKING:
    from provenance.corroborate.result import Corroboration
    from provenance.corroborate.units import Unit
    from provenance.store import Store


def corroborate_store(
    store: Store, claim_ids: Iterable[str] | None = None, *, min_reliability: str = "F"
) -> Iterator[Corroboration]:
    """Corroborate claims of a whole store (all, by id, when ``None``) in one streamed pass.

    Same results as :func:`~provenance.corroborate.graph.corroborate_all` on
    ``store.upstream_graph()``, without building the networkx graph: the store's nodes are
    read once into an :class:`EvidenceIndex`.
    """
    max_rank = check_reliability(min_reliability)
    ix = index_from_store(store)
    for cid in sorted(ix.supported_by) if claim_ids is None else claim_ids:
        if cid not in ix.claims:
            raise NotFoundError(
                f"no claim with id {cid!r}", "list claims with `provenance show INCIDENT_ID`"
            )
        yield analyse(ix, cid, max_rank)


def corroborate_claims(
    store: Store, claim_ids: Iterable[str], *, min_reliability: str = "F"
) -> list[Corroboration]:
    """Corroborate a few claims read through the store contract (no networkx import).

    Same results as :func:`~provenance.corroborate.graph.corroborate_all` on
    ``store.upstream_graph(claim_ids)``; this is what ``provenance corroborate CLAIM_ID``
    uses, where start-up time counts. Raises :class:`NotFoundError` for an id that is not
    a claim.
    """
    max_rank = check_reliability(min_reliability)
    wanted = list(dict.fromkeys(claim_ids))
    ix = index_from_upstream(store.upstream(wanted))
    return [analyse(ix, cid, max_rank) for cid in wanted]


def corroborate_json(
    store: Store,
    ref: str | None = None,
    *,
    incident: str | None = None,
    min_reliability: str = "F",
) -> bytes:
    """The document ``corroborate REF --json`` (or ``--incident ID --json``) prints, in
    UTF-8: the object of the claim ``ref`` names, or the list of the objects of an
    incident's claims (:func:`corroborate_ref`, :func:`corroborate_incident`); the
    ``model_dump(mode="json")`` of each result indented by two, made without the models
    (a single claim's command, where start-up time counts)."""
    max_rank = check_reliability(min_reliability)
    if ref is not None:
        try:
            claim = resolve_as(store, ref, "Claim")
        except NotFoundError as not_a_claim:
            try:
                incident = resolve_as(store, ref, "Incident").id
            except NotFoundError:
                raise not_a_claim from None
        else:
            return indented_json(_claim_dicts(store, [claim.id], max_rank)[0])
    assert incident is not None, "give a claim or an incident"
    _, claims = find_incident(store, resolve_as(store, incident, "Incident").id)
    return indented_json(_claim_dicts(store, claims, max_rank))


def _claim_dicts(store: Store, claim_ids: list[str], max_rank: int) -> list[dict[str, Any]]:
    """The ``--json`` objects of a few claims, read as :func:`corroborate_claims` reads them."""
    wanted = list(dict.fromkeys(claim_ids))
    ix = index_from_upstream(store.upstream(wanted))
    return [analyse_dict(ix, cid, max_rank) for cid in wanted]


def corroborate_incident(
    store: Store, incident_id: str, *, min_reliability: str = "F"
) -> list[Corroboration]:
    """Corroborate every claim of one incident, in claim id order (``corroborate
    --incident``). Raises :class:`NotFoundError` when ``incident_id`` is not an incident."""
    check_reliability(min_reliability)
    _, claims = find_incident(store, resolve_as(store, incident_id, "Incident").id)
    return corroborate_claims(store, claims, min_reliability=min_reliability)


def corroborate_ref(
    store: Store, ref: str, *, min_reliability: str = "F"
) -> tuple[bool, list[Corroboration]]:
    """``corroborate REF``: the claim ``ref`` names (an id, a code or a URL:
    :func:`provenance.find.resolve_as`), or every claim of the incident it names (a
    monitor's code such as ``RS4720`` names the incident). ``(True, [result])`` for one
    claim, ``(False, results)`` for an incident; :class:`NotFoundError` when ``ref`` names
    neither (the claim's error, with its "did you mean")."""
    check_reliability(min_reliability)
    try:
        claim = resolve_as(store, ref, "Claim")
    except NotFoundError as not_a_claim:
        try:
            incident = resolve_as(store, ref, "Incident")
        except NotFoundError:
            raise not_a_claim from None
        return False, corroborate_incident(store, incident.id, min_reliability=min_reliability)
    return True, corroborate_claims(store, [claim.id], min_reliability=min_reliability)


def trace_claim(store: Store, claim_id: str, *, min_reliability: str = "F") -> Trace:
    """The evidence tree of one claim with its corroboration (``provenance trace``), see
    :func:`~provenance.corroborate.trace.trace_tree`."""
    check_reliability(min_reliability)
    claim_id = resolve_claim(store, claim_id).id
    graph = store.upstream_graph([claim_id])
    result = corroborate_claim(graph, claim_id, min_reliability=min_reliability)
    return Trace(tree=trace_tree(graph, result), result=result)


# --- the whole store, streamed ------------------------------------------------------------


def index_from_store(store: Store) -> EvidenceIndex:
    """Index every claim, source and statement of ``store`` by streaming its nodes.

    Reads organisations (``PART_OF`` families, names, aliases and domains: the
    :func:`store_registry`), incidents (grades), claims, sources and statements (issuers,
    assessments) once each, in id order, through :meth:`Store.iter_fields` (only the fields
    needed, without decoding whole items). Every id is interned as it is read, so equal ids
    are one string object throughout the index (what :func:`share_ids` does for the other
    builders, without a second pass over a million tuples). The cyclic garbage collector is
    paused meanwhile: the index is millions of small tuples and strings that hold no cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        ix = EvidenceIndex()
        registry = store_registry(store)
        namer = UnitNamer(ix)
        _read_sources(store, ix, registry, namer)
        verdicts = _read_statements(store, ix, registry, namer)
        _read_claims(store, ix, verdicts)
        return ix
    finally:
        if enabled:
            gc.enable()


def store_registry(store: Store) -> OutletRegistry:
    """Every organisation of ``store`` with its name, ``PART_OF`` family root, aliases and
    domains."""
    rows = list(store.iter_fields("Organisation", ["name", "part_of", "aliases", "domains"]))
    roots = family_roots({oid: p if isinstance(p, str) else None for oid, (_, p, _, _) in rows})
    return OutletRegistry(
        OrgEntry(oid, name, roots.get(oid), tuple(aliases or ()), tuple(domains or ()))
        for oid, (name, _, aliases, domains) in rows
    )


def _read_sources(
    store: Store, ix: EvidenceIndex, registry: OutletRegistry, namer: UnitNamer
) -> None:
    """The unit, name, rank and citations of every source (ids interned)."""
    succ, rank, witnesses = ix.succ, ix.rank, ix.witnesses
    ranks = {r: reliability_rank(r) for r in RELIABILITY}
    # a publisher that is a known organisation gives all its sources one unit (its family)
    by_publisher: dict[str, Unit] = {}
    fields = ["publisher", "author", "url", "reliability", "cites", "quotes"]
    for sid, (pub, author, url, rel, cites, quotes) in store.iter_fields("Source", fields):
        sid = intern(sid)
        if pub or author or url:
            unit = by_publisher.get(pub) if isinstance(pub, str) else None
            if unit is None:
                unit = _unit("Source", sid, pub, author, url, registry)
                if isinstance(pub, str) and pub in registry.orgs:
                    by_publisher[pub] = unit
            namer.add(sid, unit)
        rank[sid] = ranks.get(rel, 5) if rel else 5
        if quotes:
            quoted = [intern(w) for w in quotes]
            succ[sid] = tuple(sorted({*[intern(c) for c in cites or ()], *quoted}))
            witnesses.update(quoted)
        elif cites:
            if len(cites) == 1:
                succ[sid] = (intern(cites[0]),)
            else:
                succ[sid] = tuple(sorted({intern(c) for c in cites}))


def _unit(
    label: str, item: str, pub: object, author: object, url: object, registry: OutletRegistry
) -> Unit:
    """The unit of a source or statement with publisher (issuer) ``pub``: the same for
    every item when ``pub`` is a known organisation (its family's)."""
    org = registry.orgs.get(pub) if isinstance(pub, str) else None
    return unit_of(
        label,
        item,
        family=registry.family(org.id) if org else None,
        publisher_name=org.name if org else None,
        author=author,
        url=url,
        registry=registry,
    )


def _read_statements(
    store: Store, ix: EvidenceIndex, registry: OutletRegistry, namer: UnitNamer
) -> dict[str, set[str]]:
    """The unit and name of every statement; returns the verdicts on each incident."""
    verdicts: dict[str, set[str]] = {}
    fields = ["issuer", "url", "assessments"]
    for stid, (issuer, url, assessments) in store.iter_fields("Statement", fields):
        stid = intern(stid)
        if issuer or url:
            namer.add(stid, _unit("Statement", stid, issuer, None, url, registry))
        for a in assessments or ():
            verdicts.setdefault(a["incident"], set()).add(a["verdict"])
    return verdicts


def _read_claims(store: Store, ix: EvidenceIndex, verdicts: dict[str, set[str]]) -> None:
    """The evidence lists and the incident context of every claim."""
    grades: dict[str, str | None] = dict(
        (iid, grade) for iid, (grade,) in store.iter_fields("Incident", ["grade"])
    )
    belligerents: dict[str, set[str]] = {}
    claim_incident: dict[str, str] = {}
    fields = ["incident", "belligerent", "supported_by", "contradicted_by"]
    for cid, (incident, b, sup, con) in store.iter_fields("Claim", fields):
        cid = intern(cid)
        claim_incident[cid] = incident
        if b:
            belligerents.setdefault(incident, set()).add(b)
        ix.supported_by[cid] = tuple(sorted({intern(x) for x in sup or ()}))
        ix.contradicted_by[cid] = tuple(sorted({intern(x) for x in con or ()}))
    contexts: dict[str, ClaimContext] = {}  # one per incident, shared by its claims
    for cid, incident in claim_incident.items():
        ctx = contexts.get(incident)
        if ctx is None:
            ctx = contexts[incident] = ClaimContext(
                incident=incident,
                grade=grades.get(incident),
                belligerents=tuple(sorted(belligerents.get(incident, ()))),
                verdicts=tuple(sorted(verdicts.get(incident, ()))),
            )
        ix.claims[cid] = ctx


def store_run(store: Store, *, min_reliability: str = "F") -> StoreRun:
    """Every claim of ``store``, indexed once (:func:`cached_index`), ready to be
    analysed in forked workers (``corroborate --all``)."""
    check_reliability(min_reliability)
    return StoreRun(cached_index(store), min_reliability=min_reliability)


SNAPSHOT = "corroborate-index"
"""The name of the index's :class:`~provenance.store.Snapshot` (``STORE.db.cache/…``)."""


def cached_index(store: Store) -> EvidenceIndex:
    """:func:`index_from_store`, loaded from the store's snapshot when one was saved at
    the store's current revision by this code (:func:`index_version`), else read and then
    saved (atomically; a cache that cannot be written is skipped). Same index either way."""
    snapshot = Snapshot(store, SNAPSHOT, index_version())
    payload = snapshot.load()
    if payload is not None:
        enabled = gc.isenabled()
        gc.disable()  # millions of strings and tuples, no cycles
        try:
            ix = unpack_index(payload)
        finally:
            if enabled:
                gc.enable()
        if ix is not None:
            return ix
    ix = index_from_store(store)
    if snapshot.revision is not None:
        snapshot.save(pack_index(ix))
    return ix


_VERSION: list[str] = []


def index_version() -> str:
    """The key of the code that builds an index: the snapshot :data:`FORMAT` and a digest of
    the sources of the modules that decide its content (the unit rule, the outlet registry,
    this reader), so an index saved by other code is never loaded."""
    if not _VERSION:
        digest = hashlib.blake2b(f"{FORMAT} {__version__}".encode(), digest_size=16)
        for name in _INDEX_MODULES:
            source = sys.modules[name].__file__
            try:  # without its source (a build without .py files), the release decides
                digest.update(Path(source).read_bytes() if source else name.encode())
            except OSError:
                digest.update(name.encode())
        _VERSION.append(digest.hexdigest())
    return _VERSION[0]


_INDEX_MODULES = (
    __name__,
    "provenance.corroborate.index",
    "provenance.corroborate.packed",
    "provenance.corroborate.units",
    "provenance.outlets.identity",
    "provenance.outlets.registry",
    "provenance.store.rows",
)
"""The modules whose code decides what :func:`index_from_store` reads and makes."""
