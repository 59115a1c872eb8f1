"""Outlet judgements, decided: what ``provenance outlets judge A B same|different`` changes.

Pure: :func:`decide` takes the organisations as they are (:class:`OrgView`), the pair, the
verdict and the pair's current judgement, and returns an
:class:`~provenance.store.OutletDecision` for the store to write
(:meth:`~provenance.store.Store.judge_outlets`; :mod:`provenance.outlets.load` reads).

**Which organisation holds a string.** ``A`` or ``B`` is an organisation's id (exactly), or
an author string, account (``twitter:NAME``, ``@NAME``) or domain held by the
organisations whose ``aliases``, ``domains`` or ``name`` hold it — compared without
regard to case, surrounding space, a leading ``'`` or ``@`` (:func:`match_key`), and for a
domain a leading ``www.``. A string that looks like a domain (:func:`is_domain`:
``sana.sy``) goes into ``domains``, anything else into ``aliases``; a platform's domain
(:data:`PLATFORMS`) is never an outlet's and is refused.

**same.** When one of them is held by an organisation, the other is added to it (and a
string held only by the organisation's name is added too: the unit rule reads aliases).
When neither is, an organisation is created: its ``name`` is the more descriptive string
(:func:`new_org_name`: a plain name before an account before a domain, then more words,
then longer) and its id ``org-`` and that name in lower-case ASCII words joined by ``-``
(:func:`org_id_base`; ``org-`` and a short hash for a name with no Latin letters), with
``-2``, ``-3``… when taken. Held by two different organisations: refused, naming both
(joining organisations is a ``part_of`` decision).

**different.** A cannot-link. When both are held by one organisation, the aliases an
earlier ``same`` of this pair added are removed (for an organisation it created, all but
the one that is its name); an alias an import, a case file, an analyst's ``set`` or
another judgement gave is never removed: refused, with a hint.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from provenance.errors import ConflictError, UsageError
from provenance.judgements import OrgChange, OutletDecision, OutletJudgement, OutletVerdict
from provenance.outlets.identity import BLOG_SUFFIXES, PLATFORM_DOMAINS, normalise_author
from provenance.rules import check_text

PLATFORMS = PLATFORM_DOMAINS | {"blogspot.com", *BLOG_SUFFIXES}
"""Platforms: their domain is never an outlet's (the account in their URL is)."""

DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
ORG_FIELDS = ("aliases", "domains")


@dataclass(frozen=True)
class OrgView:
    """What a judgement needs of a stored organisation, and who set its aliases and
    domains (``import``, ``case``, ``analyst``; ``None``: nobody)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    set_by: tuple[tuple[str, str], ...] = ()
    """``(field, origin kind)`` of ``aliases`` and ``domains``."""

    def values(self, name: str) -> list[str]:
        """The current ``aliases`` or ``domains``."""
        return list(self.aliases if name == "aliases" else self.domains)

    def lists(self, text: str) -> bool:
        """Whether ``text`` is one of its aliases or domains."""
        k = match_key(text)
        return any(match_key(x) == k for x in (*self.aliases, *self.domains))

    def holds(self, text: str) -> bool:
        """Whether ``text`` is its id, one of its aliases or domains, or its name."""
        return text == self.id or self.lists(text) or match_key(self.name) == match_key(text)


def match_key(text: str) -> str:
    """``text`` as compared: the unit rule's :func:`~provenance.outlets.identity.normalise_author`
    (no surrounding space, leading ``'``/``@``, case folded), and a domain without ``www.``.

    >>> match_key(" '@SyriaCivilDefe"), match_key("www.SANA.sy")
    ('syriacivildefe', 'sana.sy')
    """
    return normalise_author(text).removeprefix("www.")


def is_domain(text: str) -> bool:
    """Whether ``text`` is a web domain (``sana.sy``), not an author string or account.

    >>> is_domain("sana.sy"), is_domain("SCD news"), is_domain("twitter:SCD")
    (True, False, False)
    """
    return bool(DOMAIN.match(match_key(text)))


def field_for(text: str) -> str:
    """``domains`` for a domain, ``aliases`` for anything else."""
    return "domains" if is_domain(text) else "aliases"


def new_org_name(a: str, b: str) -> str:
    """The name of an organisation created for ``a`` and ``b``: the more descriptive.

    >>> new_org_name("SCD", "Syrian Civil Defense"), new_org_name("@SyriaCivilDefe", "SCD")
    ('Syrian Civil Defense', 'SCD')
    """

    def rank(text: str) -> tuple[int, int, int]:
        plain = text.strip().lstrip("'@")
        kind = (
            0 if is_domain(text) else 1 if (":" in plain or text.lstrip("'").startswith("@")) else 2
        )
        return (kind, len(plain.split()), len(plain))

    best = max(sorted((a, b)), key=rank)
    return best.strip().lstrip("'").strip()


def org_id_base(name: str) -> str:
    """``org-`` and ``name`` as lower-case ASCII words joined by ``-`` (at most 60
    characters), or ``org-`` and 10 hex digits of its hash when it has no Latin letters.

    >>> org_id_base("Syrian Civil Defense"), org_id_base("@Enab Baladi (عنب بلدي)")
    ('org-syrian-civil-defense', 'org-enab-baladi')
    >>> org_id_base("المرصد السوري")
    'org-06dd55cb25'
    """
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.casefold()).strip("-")[:60].strip("-")
    if not slug:
        slug = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return "org-" + slug


def free_id(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first not ``taken``."""
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    return found


def check_pair(a: str, b: str) -> tuple[str, str]:
    """The pair stripped and ordered (``a < b``); :class:`UsageError` for an empty string,
    one string twice, a control character or a platform's domain (two strings that differ
    only in case may be an organisation's id and an alias: they are allowed)."""
    pair = sorted((check_text(a, "A").strip(), check_text(b, "B").strip()))
    if not pair[0]:
        raise UsageError("A or B is empty", "give two author strings, accounts or domains")
    if pair[0] == pair[1]:
        raise UsageError(f"{pair[0]!r} and {pair[1]!r} are one string", "give two different ones")
    for text in pair:
        if match_key(text) in PLATFORMS:
            raise UsageError(
                f"{text!r} is a platform, never an outlet's domain",
                "judge the account instead (e.g. twitter:NAME or facebook:NAME)",
            )
    return pair[0], pair[1]


def holder(orgs: Sequence[OrgView], text: str) -> OrgView | None:
    """The organisation holding ``text`` (:meth:`OrgView.holds`; its id first), ``None``
    when none does; :class:`ConflictError` when several do."""
    exact = [o for o in orgs if o.id == text]
    if exact:
        return exact[0]
    found = [o for o in orgs if o.holds(text)]
    if len(found) > 1:
        named = ", ".join(f"{o.id} ({o.name})" for o in found)
        raise ConflictError(
            f"{text!r} belongs to several organisations: {named}",
            "judge with an organisation's id instead, or make one part of the other"
            " (`provenance set ID part_of=OTHER --reason …`)",
        )
    return found[0] if found else None


def decide(
    orgs: Sequence[OrgView],
    a: str,
    b: str,
    verdict: OutletVerdict,
    prior: OutletJudgement | None,
    taken: Collection[str] = (),
) -> OutletDecision:
    """What judging ``a`` and ``b`` (ordered, :func:`check_pair`) ``verdict`` changes,
    given the organisations, the pair's current judgement ``prior`` and the ids ``taken``
    (for a new organisation's id). See the module docstring for the rules."""
    oa, ob = holder(orgs, a), holder(orgs, b)
    if verdict == "same":
        return decide_same(a, b, oa, ob, prior, taken)
    return decide_different(a, b, oa, ob, prior)


def decide_same(
    a: str,
    b: str,
    oa: OrgView | None,
    ob: OrgView | None,
    prior: OutletJudgement | None,
    taken: Collection[str],
) -> OutletDecision:
    """:func:`decide` for ``same``."""
    if oa is not None and ob is not None and oa.id != ob.id:
        raise ConflictError(
            f"{a!r} belongs to organisation {oa.id} ({oa.name}) and {b!r} to {ob.id}"
            f" ({ob.name}): an outlet judgement does not merge organisations",
            f"if they are one outlet, make one part of the other: `provenance set {ob.id}"
            f" part_of={oa.id} --reason …`",
        )
    target = oa or ob
    if target is None:
        name = new_org_name(a, b)
        added = grouped([a, b])
        org_id = free_id(org_id_base(name), taken)
        fields = {"name": name, **{f: v for f, v in added.items()}}
        change = OrgChange(org_id, fields, create=True)
        return OutletDecision(a, b, "same", change, org_id, added, {}, created=True)
    new = grouped([t for t in (a, b) if t != target.id and not target.lists(t)])
    kept: dict[str, list[str]] = {}
    created = False
    if prior is not None and prior.verdict == "same" and prior.organisation == target.id:
        kept = {f: [x for x in v if target.lists(x)] for f, v in prior.added.items()}
        created = prior.created
    added = {f: [*kept.get(f, []), *new.get(f, [])] for f in ORG_FIELDS}
    added = {f: v for f, v in added.items() if v}
    fields = {f: [*target.values(f), *v] for f, v in new.items()}
    update = OrgChange(target.id, fields) if new else None
    return OutletDecision(a, b, "same", update, target.id, added, {}, created=created)


def grouped(texts: Sequence[str]) -> dict[str, list[str]]:
    """``texts`` by the field each goes into (:func:`field_for`)."""
    out: dict[str, list[str]] = {}
    for t in texts:
        out.setdefault(field_for(t), []).append(t)
    return out


def decide_different(
    a: str,
    b: str,
    oa: OrgView | None,
    ob: OrgView | None,
    prior: OutletJudgement | None,
) -> OutletDecision:
    """:func:`decide` for ``different``."""
    if oa is None or ob is None or oa.id != ob.id:
        return OutletDecision(a, b, "different")
    org = oa
    removed = removable(org, prior)
    values = {f: [x for x in org.values(f) if x not in removed.get(f, ())] for f in removed}
    after = OrgView(
        org.id,
        org.name,
        tuple(values.get("aliases", org.aliases)),
        tuple(values.get("domains", org.domains)),
    )
    if not removed or (after.holds(a) and after.holds(b)):
        setters = ", ".join(f"{f} set by {by}" for f, by in org.set_by) or "no origin recorded"
        raise ConflictError(
            f"{a!r} and {b!r} are both held by organisation {org.id} ({org.name}; {setters}),"
            " not by an earlier `outlets judge … same` of this pair: a judgement removes only"
            " an alias it added",
            f"correct the case file and ingest it again, or set the aliases yourself:"
            f" `provenance set {org.id} aliases='[…]' --reason …`",
        )
    change = OrgChange(org.id, values)
    return OutletDecision(a, b, "different", change, org.id, {}, removed)


def removable(org: OrgView, prior: OutletJudgement | None) -> dict[str, list[str]]:
    """The aliases and domains of ``org`` that the pair's earlier ``same`` added and that
    are still there; for an organisation it created, all but the one that is its name."""
    if prior is None or prior.verdict != "same" or prior.organisation != org.id:
        return {}
    found = {f: [x for x in v if x in org.values(f)] for f, v in prior.added.items()}
    flat = [x for v in found.values() for x in v]
    if prior.created and len(flat) > 1:
        named = [x for x in flat if match_key(x) == match_key(org.name)]
        keep = named[0] if named else flat[0]
        found = {f: [x for x in v if x != keep] for f, v in found.items()}
    return {f: v for f, v in found.items() if v}
