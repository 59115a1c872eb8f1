"""Corroboration of the claims of a networkx upstream graph: the normative entry points (pure).

The input is the graph of :meth:`Store.upstream_graph` (its schema is in the docstring of
``provenance.store.upstream``), or any graph built the same way, in a notebook say: no
store is opened here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from provenance.corroborate.analysis import analyse
from provenance.corroborate.index import index_from_graph
from provenance.corroborate.units import check_reliability
from provenance.errors import NotFoundError

if TYPE_CHECKING:
    import networkx as nx

    from provenance.corroborate.result import Corroboration


def corroborate_claim(
    graph: nx.DiGraph, claim_id: str, *, min_reliability: str = "F"
) -> Corroboration:
    """Corroborate one claim of ``graph`` (the store's upstream graph).

    Raises :class:`~provenance.errors.NotFoundError` when ``claim_id`` is not a claim of
    the graph, and the error of :func:`~provenance.corroborate.units.check_reliability` for
    a bad ``min_reliability``.
    """
    return next(corroborate_all(graph, [claim_id], min_reliability=min_reliability))


def corroborate_all(
    graph: nx.DiGraph, claim_ids: Iterable[str] | None = None, *, min_reliability: str = "F"
) -> Iterator[Corroboration]:
    """Corroborate ``claim_ids`` (every claim of ``graph``, by id, when ``None``), lazily."""
    max_rank = check_reliability(min_reliability)
    wanted = None if claim_ids is None else list(claim_ids)
    for cid in wanted or ():
        if cid not in graph or graph.nodes[cid].get("label") != "Claim":
            raise NotFoundError(f"no claim with id {cid!r} in the graph", "check the claim id")
    ix = index_from_graph(graph, wanted)
    for cid in ix.supported_by if wanted is None else wanted:
        yield analyse(ix, cid, max_rank)
