"""Clusters of duplicate incidents from analysts' judgements (union-find with cannot-links).

A ``same`` judgement links two incidents; chains of them form clusters. A ``different``
judgement is a cannot-link: a ``same`` judgement that would put the two into one cluster
(directly or through other pairs) is not applied and is reported as a :class:`Conflict`
instead of silently merging. ``unsure`` links nothing. Only the latest judgement of a pair
counts (a later judgement reverses an earlier one). ``same`` judgements are applied oldest
first, so of two that close a forbidden chain, the later one is the conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from pydantic import BaseModel


class JudgementLike(Protocol):
    """What clustering reads of a judgement (the store's ``Judgement`` fits)."""

    @property
    def a(self) -> str: ...
    @property
    def b(self) -> str: ...
    @property
    def judgement(self) -> str: ...
    @property
    def seq(self) -> int: ...


class Conflict(BaseModel):
    """A ``same`` judgement not applied because it would join a ``different`` pair."""

    same: tuple[str, str]
    different: tuple[str, str]
    message: str


class Clustering(BaseModel):
    """Clusters of two or more incidents, and the conflicts found."""

    clusters: list[list[str]]
    conflicts: list[Conflict]

    def cluster_of(self) -> dict[str, str]:
        """Incident id → cluster id (the smallest member id), for clustered incidents."""
        return {m: c[0] for c in self.clusters for m in c}


def latest(judgements: Iterable[JudgementLike]) -> dict[tuple[str, str], JudgementLike]:
    """The latest judgement (highest ``seq``) of each unordered pair."""
    out: dict[tuple[str, str], JudgementLike] = {}
    for j in judgements:
        key = (min(j.a, j.b), max(j.a, j.b))
        if key not in out or j.seq >= out[key].seq:
            out[key] = j
    return out


def cluster(judgements: Iterable[JudgementLike]) -> Clustering:
    """Clusters from the latest judgement of every pair (see the module docstring)."""
    current = latest(judgements)
    parent: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    cannot: dict[str, set[str]] = {}
    for (a, b), j in current.items():
        if j.judgement == "different":
            cannot.setdefault(a, set()).add(b)
            cannot.setdefault(b, set()).add(a)

    def find(x: str) -> str:
        parent.setdefault(x, x)
        members.setdefault(x, {x})
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    conflicts: list[Conflict] = []
    sames = sorted((j for j in current.values() if j.judgement == "same"), key=lambda j: j.seq)
    for j in sames:
        ra, rb = find(j.a), find(j.b)
        if ra == rb:
            continue
        small, large = sorted((ra, rb), key=lambda r: len(members[r]))
        blocking = next(
            (
                (x, y)
                for x in sorted(members[small])
                for y in sorted(cannot.get(x, ()))
                if y in members[large]
            ),
            None,
        )
        if blocking is not None:
            pair = (min(j.a, j.b), max(j.a, j.b))
            diff = (min(blocking), max(blocking))
            conflicts.append(
                Conflict(
                    same=pair,
                    different=diff,
                    message=f"'same' {pair[0]} ~ {pair[1]} (judgement {j.seq}) would join "
                    f"{diff[0]} and {diff[1]}, judged 'different': not merged",
                )
            )
            continue
        parent[small] = large
        members[large] |= members.pop(small)
    clusters = sorted(sorted(m) for m in members.values() if len(m) > 1)
    return Clustering(clusters=clusters, conflicts=conflicts)
