"""What ``outlets suggest`` knows about each name (pure): nodes built from the sources.

A *node* is one name a source can be joined by (DESIGN.md "Corroboration", the unit rule):
an author string (normalised: "'@SCD" and "@scd" are one), an account read from a platform
URL (``twitter:NAME``), a registered web domain, or an organisation that already holds some
of these (its ``aliases`` and ``domains``; a ``PART_OF`` family is one node). Each node
counts its sources, the incidents they are cited on, and its *partners*: the other nodes
of the same sources (the accounts and domains an author writes on, the authors writing on
a domain). Beside name evidence (:mod:`provenance.outlets.names_match`) these give:

* channel evidence: one name is where (nearly) all of the other's sources are, or both are
  on the same accounts and domains, or some of one's sources are on the other's account;
* co-coverage: both are cited on the same incidents, more often than chance;
* a conflict: each has its own website and (nearly) none of its sources on the other's.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from provenance.outlets.names_match import KINDS, Evidence, NameInfo, name_info

AUTHOR, ACCOUNT, DOMAIN, ORGANISATION = "author", "account", "domain", "organisation"


@dataclass(frozen=True)
class Mention:
    """One source as ``outlets suggest`` reads it: its author as written and normalised,
    the account and registered domain of its URL, the incidents it is cited on."""

    author: str | None
    author_key: str | None
    account: str | None
    domain: str | None
    incidents: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownOrganisation:
    """An organisation of the store: ``family`` is the root of its ``PART_OF`` family;
    ``aliases`` are normalised author strings or accounts, ``domains`` registered domains."""

    id: str
    name: str
    family: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


@dataclass
class Node:
    """One name (see the module docstring). ``label`` is what a person sees and what a
    judgement takes: the commonest spelling of an author, the account, the domain, or the
    organisation's id."""

    key: str
    kind: str
    label: str
    names: list[NameInfo] = field(default_factory=list)
    sources: int = 0
    incidents: set[str] = field(default_factory=set)
    partners: Counter[str] = field(default_factory=Counter)
    spellings: Counter[str] = field(default_factory=Counter)


class NodeIndex:
    """Every node of a set of mentions, keyed by :func:`node_key`; names already joined
    by an organisation are that organisation's node."""

    def __init__(self, organisations: list[KnownOrganisation]) -> None:
        self.nodes: dict[str, Node] = {}
        self.joined: dict[str, str] = {}
        for org in organisations:
            key = node_key(ORGANISATION, org.family)
            node = self.nodes.setdefault(key, Node(key, ORGANISATION, org.family))
            node.names.append(name_info(org.name))
            for alias in org.aliases:
                kind = ACCOUNT if ":" in alias and " " not in alias else AUTHOR
                self.joined[node_key(kind, alias)] = key
                node.names.append(name_info(alias_name(alias), handle=kind == ACCOUNT))
            for domain in org.domains:
                self.joined[node_key(DOMAIN, domain)] = key

    def resolve(self, kind: str, value: str) -> str:
        """The node key of ``value`` (an organisation's when it holds it)."""
        key = node_key(kind, value)
        return self.joined.get(key, key)

    def add(self, m: Mention) -> None:
        """Count one source on its author, account and domain nodes."""
        keys: list[str] = []
        if m.author_key:
            keys.append(self._touch(AUTHOR, m.author_key, m.author or m.author_key))
        if m.account:
            keys.append(self._touch(ACCOUNT, m.account, m.account))
        if m.domain:
            keys.append(self._touch(DOMAIN, m.domain, m.domain))
        for key in dict.fromkeys(keys):
            node = self.nodes[key]
            node.sources += 1
            node.incidents.update(m.incidents)
            node.partners.update(k for k in set(keys) if k != key)

    def _touch(self, kind: str, value: str, spelling: str) -> str:
        key = self.resolve(kind, value)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = Node(key, kind, value)
        if node.kind != ORGANISATION:
            node.spellings[spelling] += 1
        return key

    def finish(self) -> None:
        """Label each author by its commonest spelling and split every name."""
        for node in self.nodes.values():
            if node.kind == AUTHOR:
                node.label = min(node.spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                node.names = [name_info(node.label)]
            elif node.kind == ACCOUNT:
                node.names = [name_info(handle(node.label), handle=True)]
            elif node.kind == DOMAIN:
                node.names = [name_info(domain_name(node.label))]


def node_key(kind: str, value: str) -> str:
    """The key of a node: its kind and its normalised value."""
    return f"{kind} {value}"


def domain_name(domain: str) -> str:
    """The name a domain spells: its first label, with a generic top-level label
    ("ronahi.tv" → "ronahi tv", "syriahr.com" → "syriahr").

    >>> domain_name("ronahi.tv"), domain_name("alaraby.co.uk")
    ('ronahi tv', 'alaraby')
    """
    labels = domain.split(".")
    tail = labels[-1] if len(labels) == 2 and labels[-1] in KINDS else ""
    return f"{labels[0]} {tail}".strip()


def alias_name(alias: str) -> str:
    """The name part of an alias (an account's handle, else the alias)."""
    return handle(alias) if ":" in alias and " " not in alias else alias


def handle(account: str) -> str:
    """The name part of an account (``twitter:SyriaCivilDefe`` → ``SyriaCivilDefe``)."""
    return account.split(":", 1)[-1]


def website(node: Node) -> str | None:
    """The domain of a node's own website: itself, or the domain holding at least a third
    of its sources (three or more)."""
    if node.kind == DOMAIN:
        return node.key
    best = [(n, k) for k, n in node.partners.items() if k.startswith(DOMAIN + " ")]
    if not best:
        return None
    n, key = max(best)
    return key if n >= 3 and n >= node.sources / 3 else None


def conflict(a: Node, b: Node) -> str | None:
    """Why ``a`` and ``b`` look like two outlets: each has its own website and (nearly)
    none of its sources on the other's. ``None`` when there is no such sign."""
    wa, wb = website(a), website(b)
    if not wa or not wb or wa == wb:
        return None
    on_b = a.partners.get(wb, 0) / max(a.sources, 1)
    on_a = b.partners.get(wa, 0) / max(b.sources, 1)
    if on_b < 0.1 and on_a < 0.1:
        return f"own websites {wa.split(' ', 1)[1]} and {wb.split(' ', 1)[1]}"
    return None


def channel_evidence(a: Node, b: Node) -> Evidence | None:
    """One is where (nearly) all of the other's sources are; else both are on the same
    accounts and domains (cosine of their partners); else some of one's sources are on
    the one account or domain the other writes on (weaker)."""
    for x, y in ((a, b), (b, a)):
        if y.kind in (ACCOUNT, DOMAIN) and x.kind != y.kind:
            k = x.partners.get(y.key, 0)
            if k >= 3 and k >= 0.8 * x.sources:
                return Evidence(
                    0.7, f"{k} of the {x.sources} sources of {x.label!r} are on {y.label}"
                )
    shared = set(a.partners) & set(b.partners)
    if not shared:
        return None
    return _alike(a, b, shared) or _on_own_channel(a, b) or _on_own_channel(b, a)


def _on_own_channel(x: Node, y: Node) -> Evidence | None:
    """Some of ``y``'s sources are on the one account or domain ``x`` writes on."""
    own = [k for k, n in x.partners.items() if n >= 3 and n >= 0.8 * x.sources]
    k = y.partners.get(own[0], 0) if own else 0
    if k < 2:
        return None
    return Evidence(
        0.35,
        f"{k} sources of {y.label!r} are on {own[0].split(' ', 1)[1]}, where {x.label!r} writes",
    )


def _alike(a: Node, b: Node, shared: set[str]) -> Evidence | None:
    """Both are on the same accounts and domains (cosine of their partners >= 0.5)."""
    dot = sum(a.partners[k] * b.partners[k] for k in shared)
    norm = math.sqrt(
        sum(v * v for v in a.partners.values()) * sum(v * v for v in b.partners.values())
    )
    cos = dot / norm
    top = max(shared, key=lambda k: min(a.partners[k], b.partners[k]))
    if cos < 0.5 or min(a.partners[top], b.partners[top]) < 2:
        return None
    kind, where = top.split(" ", 1)
    place = f"carry sources by {where!r}" if kind == AUTHOR else f"are on {where}"
    return Evidence(
        round(0.6 * cos, 2),
        f"both {place} ({a.partners[top]} and {b.partners[top]} sources; "
        f"{cos:.0%} alike in where they are)",
    )


def coverage_evidence(a: Node, b: Node, incidents: int) -> Evidence | None:
    """Both are cited on the same incidents more often than chance would have it."""
    k = len(a.incidents & b.incidents)
    if k < 2 or not incidents:
        return None
    expected = len(a.incidents) * len(b.incidents) / incidents
    if k < 3 * expected:
        return None
    strength = 0.35 if k >= 5 and k >= 5 * expected else 0.25
    return Evidence(
        strength, f"cited together on {k} incidents ({expected:.1f} expected by chance)"
    )
