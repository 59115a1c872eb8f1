"""The outlet registry: which organisation an author, account or domain belongs to (pure).

DESIGN.md "Corroboration", the second step of the unit rule: a source without a publisher
belongs to the family of the organisation whose ``aliases`` hold its author or account, or
whose ``domains`` hold its URL's registered domain. :class:`OutletRegistry` holds the
organisations (:class:`OrgEntry`: id, name, ``PART_OF`` family root, aliases, domains) and
resolves a source, given its author and URL, to an :class:`Outlet`: the organisation's
family, else the normalised author or account name (:func:`author_key`), with the name a
reader knows it by. The order of the whole rule (publisher first, the item itself last) is
:mod:`provenance.corroborate.units`'s.

**How an alias names an account.** An alias is compared after the normalisation of
:mod:`provenance.outlets.identity`:

* ``PLATFORM:NAME`` (``twitter:SyriaCivilDefe``; ``x:``, ``fb:`` and ``tg:`` are read as
  ``twitter:``, ``facebook:`` and ``telegram:``) or a platform URL
  (``https://twitter.com/SyriaCivilDefe``) names one account on one platform: it matches a
  source whose URL is that account's (``twitter.com/SyriaCivilDefe/status/1``), or whose
  author is written ``NAME`` or ``@NAME`` on a URL of that platform;
* anything else is a *bare* alias (``SCD``, ``Syrian Civil Defense``, ``@SCD``): it matches
  the normalised author whatever the platform, and the account name on every platform
  (``twitter:scd``, ``facebook:scd``).

A source is looked up by its URL's account, then its author, then its URL's registered
domain; the first that an organisation holds decides. An alias or domain held by two
organisations belongs to the smaller id (listed in :attr:`OutletRegistry.conflicts`).

>>> reg = OutletRegistry([OrgEntry("scd", "Syrian Civil Defence", aliases=("SCD",),
...                                 domains=("syriacivildefence.org",))])
>>> reg.resolve("'@scd", None)
Outlet(kind='family', key='scd', name='Syrian Civil Defence', unit_name='Syrian Civil Defence')
>>> reg.resolve(None, "https://www.syriacivildefence.org/ar/1").key
'scd'
>>> reg.resolve("Hawar News", "https://hawarnews.com/1")
Outlet(kind='author', key='hawar news', name='Hawar News', unit_name='Hawar News')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from provenance.outlets.identity import (
    ACCOUNT_PLATFORMS,
    HANDLE,
    account_from_url,
    account_of,
    host_domain,
    normalise_author,
    registered_domain,
    split_url,
)

PLATFORM_PREFIXES: dict[str, str] = {
    **{p: p for p in ACCOUNT_PLATFORMS.values()},
    "x": "twitter",
    "fb": "facebook",
    "tg": "telegram",
}
"""The prefixes an alias may name a platform by (``twitter:NAME``), to the platform."""

QUALIFIED = re.compile(r"\s*([A-Za-z]+)\s*:\s*(.+)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class OrgEntry:
    """What the registry knows of one organisation."""

    id: str
    name: str | None = None
    family: str | None = None
    """The root of its ``PART_OF`` tree (``None``: itself)."""
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outlet:
    """Who a source is, as the unit rule counts it.

    ``kind`` ``"family"``: ``key`` is the root organisation of the family; ``"author"``:
    ``key`` is the normalised author or account (:func:`author_key`). ``name``: what a
    reader knows the source by (the organisation's name, else the author as written);
    ``unit_name``: the unit's (the family root's name, else the author as written here).
    """

    kind: Literal["family", "author"]
    key: str
    name: str
    unit_name: str


@dataclass(frozen=True, slots=True)
class SourceIdentity:
    """The spellings of a source's author and URL that the registry and the rule compare."""

    account: str | None
    """The account of its URL (``twitter:name``), if any."""
    author: str
    """The normalised author (``""`` without one)."""
    on_platform: str | None
    """``PLATFORM:AUTHOR`` when the URL is an account platform's and the author reads as
    an account name there (one word)."""
    domain: str | None
    """The registered domain of its URL (``None`` on a platform)."""

    @property
    def key(self) -> str | None:
        """Its author unit (see :func:`author_key`); ``None`` without an author or an
        account."""
        if self.author:
            return self.author
        return self.account.partition(":")[2] if self.account else None


def identify(author: object, url: object, *, domain: bool = True) -> SourceIdentity:
    """The :class:`SourceIdentity` of a source with ``author`` and ``url`` (either may be
    missing or not a string); without its registered domain when ``domain`` is false (only
    the domain needs the suffix list).

    >>> identify("'@SyriaCivilDefe", "https://twitter.com/i/web/status/1").on_platform
    'twitter:syriacivildefe'
    >>> identify(None, "https://x.com/SyriaCivilDefe/1").account
    'twitter:syriacivildefe'
    >>> identify("Syria Civil Defence", "https://x.com/SyriaCivilDefe/1").domain is None
    True
    """
    parts = split_url(url) if isinstance(url, str) else None
    written = author if isinstance(author, str) else ""
    account = account_of(parts) if parts is not None else None
    given = account_from_url(written) if "/" in written else None  # an account's URL
    account = account or given
    name = given.partition(":")[2] if given else normalise_author(written) if written else ""
    on_platform = None
    if (
        name
        and parts is not None
        and parts.platform in ACCOUNT_PLATFORMS
        and HANDLE.fullmatch(name)
    ):
        on_platform = f"{ACCOUNT_PLATFORMS[parts.platform]}:{name}"
    found = None
    if domain and parts is not None and parts.platform is None:
        found = host_domain(parts.host) or None
    return SourceIdentity(account, name, on_platform, found)


def author_key(author: object, url: object) -> str | None:
    """The author unit of a source (step 3 of the unit rule): its normalised author, else
    the name of its URL's account; ``None`` without either.

    The platform is not part of the unit: ``"@SyriaCivilDefe"``, ``"'@syriacivildefe"``
    (on any URL or none) and ``twitter.com/SyriaCivilDefe/status/1`` without an author
    are one unit, ``syriacivildefe``. An outlet writes as the same handle on every
    platform, and the author as the monitor wrote it is kept first (a spelling is never
    split by the URL it came with), so normalising only ever joins units — it never
    counts one author as two. A qualified alias (:func:`alias_key`) still names one
    platform's account.

    >>> author_key("'@SyriaCivilDefe", None), author_key(None, "https://x.com/SyriaCivilDefe/1")
    ('syriacivildefe', 'syriacivildefe')
    >>> author_key("Step", "https://x.com/Step_Agency/1"), author_key(None, "https://sana.sy/1")
    ('step', None)
    """
    return identify(author, url, domain=False).key


def alias_key(alias: str) -> tuple[bool, str]:
    """``(qualified, key)`` of an alias: ``(True, "twitter:name")`` for one account on one
    platform, ``(False, name)`` for a bare alias (see the module docstring).

    >>> alias_key("X: @SyriaCivilDefe"), alias_key("https://x.com/SCD"), alias_key("'@SCD")
    ((True, 'twitter:syriacivildefe'), (True, 'twitter:scd'), (False, 'scd'))
    """
    if "/" in alias and (account := account_from_url(alias)) is not None:
        return True, account
    match = QUALIFIED.fullmatch(alias)
    if match and (platform := PLATFORM_PREFIXES.get(match[1].casefold())):
        return True, f"{platform}:{normalise_author(match[2])}"
    return False, normalise_author(alias)


class OutletRegistry:
    """Organisations by their aliases and domains (see the module docstring)."""

    def __init__(self, organisations: Iterable[OrgEntry] = ()) -> None:
        self.orgs: dict[str, OrgEntry] = {o.id: o for o in sorted(organisations, key=by_id)}
        self.accounts: dict[str, str] = {}
        """Qualified alias (``twitter:name``) → organisation id."""
        self.bare: dict[str, str] = {}
        """Bare alias (normalised) → organisation id."""
        self.domains: dict[str, str] = {}
        """Registered domain → organisation id."""
        self.conflicts: list[tuple[str, str, str]] = []
        """``(alias or domain, kept organisation, other organisation)`` for each alias or
        domain two organisations hold."""
        for org in self.orgs.values():
            for alias in org.aliases:
                qualified, key = alias_key(alias)
                self.claim(self.accounts if qualified else self.bare, key, org.id)
            for text in org.domains:
                self.claim(self.domains, registered_domain(text), org.id)

    def claim(self, table: dict[str, str], key: str | None, org: str) -> None:
        """Record that ``org`` holds ``key`` in ``table`` unless an organisation with a
        smaller id (registered first) does."""
        if key:
            kept = table.setdefault(key, org)
            if kept != org:
                self.conflicts.append((key, kept, org))

    def __bool__(self) -> bool:
        """Whether any organisation has an alias or a domain (else nothing resolves)."""
        return bool(self.accounts or self.bare or self.domains)

    def family(self, org: str) -> str:
        """The root of ``org``'s ``PART_OF`` tree (``org`` itself when unknown)."""
        entry = self.orgs.get(org)
        return entry.family or org if entry is not None else org

    def name(self, org: str) -> str:
        """The name of ``org`` (its id when it has none or is unknown)."""
        entry = self.orgs.get(org)
        return entry.name or org if entry is not None else org

    def organisation(self, source: SourceIdentity) -> str | None:
        """The organisation holding the source's account, author or domain, or ``None``."""
        found: str | None = None
        if source.account is not None:
            found = self.accounts.get(source.account) or self.bare.get(
                source.account.partition(":")[2]
            )
        if found is None and source.on_platform is not None:
            found = self.accounts.get(source.on_platform)
        if found is None and source.author:
            found = self.bare.get(source.author)
        if found is None and source.domain is not None:
            found = self.domains.get(source.domain)
        return found

    def holders(self, sources: Iterable[tuple[object, object]]) -> set[str]:
        """The organisations holding the author, account or domain of any of ``sources``
        (``(author, url)`` pairs): those that give a source without a publisher its unit."""
        if not self:
            return set()
        found = (
            self.organisation(identify(author, url, domain=bool(self.domains)))
            for author, url in sources
        )
        return {org for org in found if org is not None}

    def resolve(self, author: object, url: object) -> Outlet | None:
        """The outlet of a source without a publisher, or ``None`` when it has neither an
        author nor an account nor a domain an organisation holds."""
        written = " ".join(author.split()) if isinstance(author, str) else ""
        if not self and written and "/" not in written and (key := normalise_author(written)):
            return Outlet("author", key, written, written)  # the URL cannot change it
        source = identify(author, url, domain=bool(self.domains))
        org = self.organisation(source) if self else None
        if org is not None:
            root = self.family(org)
            return Outlet("family", root, self.name(org), self.name(root))
        if (found := source.key) is None:
            return None
        return Outlet("author", found, written or found, written or found)


def by_id(org: OrgEntry) -> str:
    """Sort key of organisations: their id."""
    return org.id
