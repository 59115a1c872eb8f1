"""Capture histories for multiple-systems estimation (MSE).

One row per incident cluster (incidents judged "same" are one cluster, as every figure
counts them; every other incident is its own cluster), one 0/1 column per *list*: 1 when
a source or statement of that list supports a claim of the cluster. The lists are the
outlets of the unit rule (DESIGN.md "Corroboration",
:func:`provenance.corroborate.units.outlet_list`): the publisher (a statement's issuer),
else the organisation whose aliases hold the source's author or account or whose domains
hold its URL's registered domain — columns named by the organisation's id, optionally its
``PART_OF`` root so a broadcaster's language services count as one list —, else the
normalised author or account, ``author:NAME`` ("@SyriaCivilDefe" and "'@syriacivildefe"
are one list). A source with none of these is in no list. Incidents no list reported have
a row of zeros and are kept: dropping them is the analyst's choice.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, TextIO

from provenance.corroborate.load import store_registry
from provenance.corroborate.units import outlet_list
from provenance.dedupe.clusters import cluster

if TYPE_CHECKING:
    from provenance.store import Store


def clusters(store: Store) -> dict[str, str]:
    """Incident id → cluster id (the smallest incident id of its cluster): the clusters of
    :func:`provenance.dedupe.clusters.cluster`, the one definition every figure uses
    (a ``different`` judgement is a cannot-link)."""
    clustered = cluster(store.judgements()).cluster_of()
    return {i.id: clustered.get(i.id, i.id) for i in store.iter_items("Incident")}


def item_lists(store: Store, *, by_family: bool = False) -> dict[str, str]:
    """Each source and statement with a list to its list (:func:`outlet_list`), read in
    one streamed pass over each label."""
    registry = store_registry(store)
    lists: dict[str, str] = {}
    fields = ["publisher", "author", "url"]
    for sid, (pub, author, url) in store.iter_fields("Source", fields):
        if name := outlet_list("Source", pub, author, url, registry, by_family=by_family):
            lists[sid] = name
    for stid, (issuer, url) in store.iter_fields("Statement", ["issuer", "url"]):
        if name := outlet_list("Statement", issuer, None, url, registry, by_family=by_family):
            lists[stid] = name
    return lists


def capture_histories(
    store: Store, *, by_family: bool = False
) -> tuple[list[str], list[list[str]]]:
    """``(header, rows)``: cluster, incidents, then one 0/1 column per list."""
    cluster_of = clusters(store)
    claim_incident = {e.dst: e.src for e in store.iter_edges(["HAS_CLAIM"])}
    lists = item_lists(store, by_family=by_family)
    seen: dict[str, set[str]] = {c: set() for c in set(cluster_of.values())}
    for e in store.iter_edges(["SUPPORTED_BY"]):
        incident = claim_incident.get(e.src)
        name = lists.get(e.dst)
        if incident is None or name is None or incident not in cluster_of:
            continue
        seen[cluster_of[incident]].add(name)
    names = sorted(set().union(*seen.values())) if seen else []
    members: dict[str, list[str]] = {}
    for inc, c in sorted(cluster_of.items()):
        members.setdefault(c, []).append(inc)
    header = ["cluster", "incidents", *names]
    rows = [
        [c, " ".join(members[c]), *("1" if n in seen[c] else "0" for n in names)]
        for c in sorted(members)
    ]
    return header, rows


def write_capture_histories(store: Store, out: TextIO, *, by_family: bool = False) -> int:
    """Write the CSV; return the number of clusters."""
    header, rows = capture_histories(store, by_family=by_family)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return len(rows)


def safe_cell(value: str) -> str:
    """Ids are untrusted: one starting like a formula is prefixed with ``'`` so a spreadsheet
    shows it as text instead of evaluating it (CSV formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
