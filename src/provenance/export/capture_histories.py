"""Capture histories for multiple-systems estimation (MSE).

One row per incident cluster (incidents judged "same" are one cluster, as every figure
counts them; every other incident is its own cluster), one 0/1 column per source
organisation: 1 when a source or statement published by that organisation supports a claim
of the cluster. Columns are the publishers' ids (optionally their ``PART_OF`` root, so a
broadcaster's language services count as one list). Incidents no organisation reported have
a row of zeros and are kept: dropping them is the analyst's choice.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from provenance.store import Store


def clusters(store: Store) -> dict[str, str]:
    """Incident id → cluster id (the smallest incident id of its cluster): the clusters of
    :func:`provenance.dedupe.clusters.cluster`, the one definition every figure uses
    (a ``different`` judgement is a cannot-link)."""
    from provenance.dedupe.clusters import cluster

    clustered = cluster(store.judgements()).cluster_of()
    return {i.id: clustered.get(i.id, i.id) for i in store.iter_items("Incident")}


def capture_histories(
    store: Store, *, by_family: bool = False
) -> tuple[list[str], list[list[str]]]:
    """``(header, rows)``: cluster, incidents, then one 0/1 column per organisation."""
    from provenance.store import family_roots

    cluster_of = clusters(store)
    claim_incident = {e.dst: e.src for e in store.iter_edges(["HAS_CLAIM"])}
    publisher = {e.src: e.dst for e in store.iter_edges(["PUBLISHED_BY"])}
    roots: dict[str, str] = {}
    if by_family:
        parents = {o.id: o.data.get("part_of") for o in store.iter_items("Organisation")}
        roots = family_roots(parents)
    seen: dict[str, set[str]] = {c: set() for c in set(cluster_of.values())}
    for e in store.iter_edges(["SUPPORTED_BY"]):
        incident = claim_incident.get(e.src)
        org = publisher.get(e.dst)
        if incident is None or org is None or incident not in cluster_of:
            continue
        seen[cluster_of[incident]].add(roots.get(org, org))
    orgs = sorted(set().union(*seen.values())) if seen else []
    members: dict[str, list[str]] = {}
    for inc, c in sorted(cluster_of.items()):
        members.setdefault(c, []).append(inc)
    header = ["cluster", "incidents", *orgs]
    rows = [
        [c, " ".join(members[c]), *("1" if o in seen[c] else "0" for o in orgs)]
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
