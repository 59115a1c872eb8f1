"""Which author strings, accounts and domains look like one outlet (pure):
``provenance outlets suggest``.

:func:`suggest_outlets` takes the sources as :class:`~provenance.outlets.features.Mention`
records, the organisations already known and the pairs judged different, and returns
scored pairs with reasons a person can check. Candidates come from blocking — names that
share a distinctive word, an acronym, the start of their letters, their consonants, or an
account or domain — never from all pairs. A pair's score combines its strongest name
evidence, its strongest channel evidence and its co-coverage (each an independent chance
of being right: ``1 - Π(1 - s)``); co-coverage alone never makes a pair, and two names
with their own websites that (nearly) never share a source are never suggested. Pairs
already joined (one organisation, one normalised spelling) or judged different are left
out.

Precision matters more than recall: the default threshold :data:`DEFAULT_MIN_SCORE` was
chosen on ``benchmarks/outlets_labels.yaml`` (hand-labelled pairs from the Airwars Syria
export) so that no pair labelled "different" is suggested.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations, product

from pydantic import BaseModel

from provenance.outlets.features import (
    ACCOUNT,
    AUTHOR,
    DOMAIN,
    ORGANISATION,
    KnownOrganisation,
    Mention,
    Node,
    NodeIndex,
    channel_evidence,
    conflict,
    coverage_evidence,
    handle,
)
from provenance.outlets.identity import normalise_author
from provenance.outlets.names_match import Evidence, name_evidence

DEFAULT_MIN_SCORE = 0.7
"""The default ``--min-score`` (see the module docstring)."""

MAX_BLOCK = 100
"""A blocking key shared by more names than this is too common to pair by."""


class OutletPair(BaseModel):
    """Two names that look like one outlet: ``a`` and ``b`` as they appear in the data
    (author strings, ``platform:NAME`` accounts, domains) or organisation ids."""

    a: str
    b: str
    score: float
    reasons: list[str]


def suggest_outlets(
    mentions: Iterable[Mention],
    organisations: list[KnownOrganisation] | None = None,
    different: Iterable[tuple[str, str]] = (),
    min_score: float = DEFAULT_MIN_SCORE,
) -> list[OutletPair]:
    """The pairs scoring at least ``min_score``, best first (then by names).

    ``different``: pairs of names (as :class:`OutletPair` gives them) judged to be two
    outlets; they are never suggested.

    >>> def seen(author, domain, n):
    ...     return [Mention(author, author.casefold(), None, domain, (f"i{k}",)) for k in range(n)]
    >>> m = (seen("SCD", "syriacivildefence.org", 3) + seen("Syrian Civil Defense",
    ...      "syriacivildefence.org", 5) + seen("Baladi News", "baladi-news.com", 4)
    ...      + seen("Enab Baladi", "enabbaladi.net", 4))
    >>> for p in suggest_outlets(m):
    ...     print(p.a, "~", p.b, p.score)
    SCD ~ Syrian Civil Defense 0.84
    SCD ~ syriacivildefence.org 0.7
    Syrian Civil Defense ~ syriacivildefence.org 0.7
    """
    index = NodeIndex(organisations or [])
    all_incidents: set[str] = set()
    for m in mentions:
        index.add(m)
        all_incidents.update(m.incidents)
    index.finish()
    nodes = [n for n in index.nodes.values() if n.sources or n.names]
    cannot = {frozenset((_find(index, a), _find(index, b))) for a, b in different}
    found: list[OutletPair] = []
    for ka, kb in candidate_pairs(nodes):
        if frozenset((ka, kb)) in cannot:
            continue
        a, b = index.nodes[ka], index.nodes[kb]
        pair = score_pair(a, b, len(all_incidents))
        if pair is not None and pair.score >= min_score:
            found.append(pair)
    return sorted(found, key=lambda p: (-p.score, p.a, p.b))


def _find(index: NodeIndex, name: str) -> str:
    """The node key of a name as a judgement gives it (an organisation id, an account, a
    domain or an author string)."""
    for kind, value in _readings(name):
        key = index.resolve(kind, value)
        if key in index.nodes:
            return key
    return name


def _readings(name: str) -> list[tuple[str, str]]:
    readings = [(ORGANISATION, name)]
    if ":" in name and " " not in name:
        readings.append((ACCOUNT, name))
    if "." in name and " " not in name:
        readings.append((DOMAIN, name.casefold()))
    readings.append((AUTHOR, normalise_author(name)))
    return readings


def blocking_keys(node: Node) -> set[str]:
    """The keys that make ``node`` a candidate with another node sharing one."""
    keys: set[str] = set()
    for n in node.names:
        keys.update("w " + t for t in n.core if len(t) >= 3)
        keys.update("w " + i for i in n.initials)
        if len(n.core_text) >= 3:
            keys.add("w " + n.core_text)
        if len(n.core_text) >= 8:
            keys.add("p " + n.core_text[:8])
            keys.add("q " + n.core_text[-6:])
        if len(n.skeleton) >= 4:  # consonants: an Arabic name meets Latin ones only
            keys.add(("s " if n.arabic else "S ") + n.skeleton[:4])
    if node.kind in (ACCOUNT, DOMAIN):
        keys.add("c " + node.key)
    keys.update("c " + k for k, v in node.partners.items() if v >= max(2, node.sources / 5))
    return keys


def candidate_pairs(nodes: list[Node]) -> list[tuple[str, str]]:
    """Every pair of nodes sharing a blocking key (keys shared by more than
    :data:`MAX_BLOCK` nodes are skipped), each pair once, sorted."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        for key in blocking_keys(node):
            blocks[key].append(node.key)
    pairs: set[tuple[str, str]] = set()
    for key, members in blocks.items():
        if key.startswith("s "):
            latin = blocks.get("S " + key[2:], [])
            if len(members) * len(latin) <= MAX_BLOCK * MAX_BLOCK:
                pairs.update((min(x, y), max(x, y)) for x, y in product(members, latin))
        elif 1 < len(members) <= MAX_BLOCK and not key.startswith("S "):
            pairs.update(combinations(sorted(members), 2))
    return sorted(pairs)


def score_pair(a: Node, b: Node, incidents: int) -> OutletPair | None:
    """The evidence that ``a`` and ``b`` are one outlet, or ``None`` when there is no
    name or channel evidence, or a conflict."""
    if conflict(a, b) or already_one(a, b) or already_one(b, a):
        return None
    by_name = [e for x in a.names for y in b.names for e in name_evidence(x, y)]
    name = max(by_name, key=lambda e: e.strength) if by_name else None
    channel = channel_evidence(a, b)
    if name is None and channel is None:
        return None
    evidence = [e for e in (name, channel, coverage_evidence(a, b, incidents)) if e]
    miss = 1.0
    for e in evidence:
        miss *= 1.0 - e.strength
    reasons = [_say(e, a, b) for e in evidence]
    return OutletPair(a=a.label, b=b.label, score=round(1.0 - miss, 3), reasons=reasons)


def already_one(a: Node, b: Node) -> bool:
    """Whether joining ``a`` and ``b`` would join no source to another unit: ``a`` is an
    account's handle written as an author ("@SyriaCivilDefe", twitter:syriacivildefe), or
    every source of each carries the other."""
    if b.kind == ACCOUNT and a.kind == AUTHOR:
        if a.key.split(" ", 1)[1].lstrip("@") == handle(b.label).casefold():
            return True
    return a.partners.get(b.key, 0) == a.sources == b.sources


def _say(e: Evidence, a: Node, b: Node) -> str:
    if a.kind == ACCOUNT and b.kind == ACCOUNT and e.strength >= 0.85:
        return f"the same account name on two platforms ({a.label}, {b.label})"
    return e.reason
