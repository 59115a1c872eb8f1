"""Who an author string, an account or a URL names: the normalisation of the unit rule (pure).

DESIGN.md "Corroboration": a source's independence unit, without a publisher or a known
organisation, is its author or account *normalised*. The three spellings here are what the
unit rule (:mod:`provenance.corroborate.units`), the outlet registry
(:mod:`provenance.outlets.registry`) and the suggestions compare:

* :func:`normalise_author` — an author string or byline: Unicode NFKC, invisible format
  characters (zero-width spaces, direction marks) dropped, case-folded, whitespace
  collapsed, leading quote and ``@`` marks stripped. ``"@SyriaCivilDefe"``,
  ``"'@SyriaCivilDefe"`` and ``" syriacivildefe "`` are all ``"syriacivildefe"``.
* :func:`account_from_url` — the account a platform URL belongs to, written
  ``PLATFORM:NAME`` with ``NAME`` normalised: ``https://twitter.com/SyriaCivilDefe/status/1``
  and ``https://x.com/SyriaCivilDefe`` are ``"twitter:syriacivildefe"``. A URL of a web
  archive (``web.archive.org/web/TIMESTAMP/URL``, ``archive.ph/TIMESTAMP/URL``) is read as
  the URL it archived.
* :func:`registered_domain` — the domain an outlet registers (``news.sana.sy`` →
  ``sana.sy``, ``www.bbc.co.uk`` → ``bbc.co.uk``), by ``tldextract`` with the public suffix
  list bundled in the package: never a network fetch, never a cache written. A platform
  (:data:`PLATFORM_DOMAINS`: social networks, video and file hosts, URL shorteners, web
  archives) is never an outlet's domain: its URLs give ``None`` here, and the account in
  them, where there is one, is read by :func:`account_from_url`.

Examples
--------
>>> normalise_author("'@SyriaCivilDefe"), normalise_author("  Syrian   Civil\\u200b Defense ")
('syriacivildefe', 'syrian civil defense')
>>> account_from_url("https://twitter.com/SyriaCivilDefe/status/1")
'twitter:syriacivildefe'
>>> account_from_url("https://www.youtube.com/@SyriaCivilDefence/videos")
'youtube:syriacivildefence'
>>> account_from_url("https://www.bbc.co.uk/news/1") is None
True
>>> registered_domain("https://news.sana.sy/en/?p=1"), registered_domain("https://x.com/a")
('sana.sy', None)
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import parse_qs, unquote

if TYPE_CHECKING:
    import tldextract

ACCOUNT_PLATFORMS: dict[str, str] = {
    "twitter.com": "twitter",
    "x.com": "twitter",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "youtube.com": "youtube",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "vk.com": "vk",
}
"""Registered domains of the platforms whose URLs name an account, to the platform's name
(the prefix of an account: ``twitter:NAME``)."""

PLATFORM_DOMAINS: frozenset[str] = frozenset(
    {
        *ACCOUNT_PLATFORMS,
        # the same platforms' other domains (no account in their URLs)
        "fb.watch", "fb.me", "fbcdn.net", "twimg.com", "t.co", "telegram.org", "youtu.be",
        "ytimg.com", "instagr.am", "vk.me",
        # other social networks, video, image and file hosts
        "whatsapp.com", "wa.me", "threads.net", "bsky.app", "linkedin.com", "reddit.com",
        "vimeo.com", "dailymotion.com", "liveleak.com", "soundcloud.com", "flickr.com",
        "imgur.com", "dropbox.com", "scribd.com", "issuu.com", "pastebin.com", "medium.com",
        "google.com", "googleusercontent.com", "goo.gl", "microsoft.com", "live.com",
        "icloud.com", "wetransfer.com", "mega.nz", "mediafire.com", "archive.today",
        # URL shorteners
        "bit.ly", "ow.ly", "tinyurl.com", "buff.ly", "is.gd", "rb.gy", "cutt.ly", "shorturl.at",
        # web archives
        "archive.org", "archive.ph", "archive.is", "archive.li", "archive.vn", "archive.md",
        "archive.fo", "perma.cc", "webcitation.org", "ghostarchive.org",
    }
)  # fmt: skip
"""Registered domains that are never an outlet's domain (DESIGN "Domain model")."""

ARCHIVE_DOMAINS = frozenset(
    {"archive.org", "archive.ph", "archive.is", "archive.li", "archive.vn", "archive.md"}
    | {"archive.fo", "archive.today", "perma.cc", "ghostarchive.org"}
)
"""Web archives whose URLs may carry the URL they archived (read instead of theirs)."""

BLOG_SUFFIXES = ("wordpress.com", "tumblr.com", "substack.com")
"""Hosts whose sub-domains are separate sites (``NAME.wordpress.com`` is its own domain)
though the bundled public suffix list does not say so."""

QUOTE_MARKS = "'’‘`\"@ "
"""Stripped from the start of an author string: ``'@name`` (a spreadsheet's text mark
before a handle) is ``name``."""

URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?", re.S)
"""A URL's network location, path, query and fragment (RFC 3986, appendix B)."""

HANDLE = re.compile(r"[\w.\-]+")
"""What an account name in a URL path looks like (letters of any script, digits, ``_.-``)."""

RESERVED: dict[str, frozenset[str]] = {
    "twitter": frozenset(
        {"i", "c", "intent", "search", "hashtag", "home", "share", "explore", "settings"}
        | {"messages", "notifications", "status", "statuses", "login", "signup", "tos"}
    ),
    "facebook": frozenset(
        {"watch", "photo.php", "photo", "photos", "video.php", "videos", "sharer", "share"}
        | {"sharer.php", "events", "hashtag", "plugins", "l.php", "login", "media", "reel"}
        | {"stories", "help", "gaming", "marketplace", "search", "home.php", "dialog"}
        | {"groups", "permalink.php", "story.php", "profile.php", "notes", "pages", "people"}
    ),
    "telegram": frozenset({"joinchat", "addstickers", "share", "proxy", "iv", "c", "s"}),
    "youtube": frozenset(
        {"watch", "shorts", "embed", "results", "playlist", "feed", "live", "redirect"}
        | {"channel", "user", "c", "attribution_link", "v", "hashtag"}
    ),
    "instagram": frozenset({"p", "reel", "reels", "tv", "explore", "accounts", "direct"}),
    "tiktok": frozenset({"tag", "music", "discover", "embed", "video", "t"}),
    "vk": frozenset({"feed", "search", "away.php", "share.php", "video", "photo", "wall"}),
}
"""First path segments that are a platform's own pages, not an account."""


@lru_cache(maxsize=65_536)
def normalise_author(text: str) -> str:
    """An author string, byline or account name as the unit rule compares it (see the
    module docstring); ``""`` when nothing is left.

    >>> normalise_author("'@ SCD"), normalise_author("@scd"), normalise_author("\\u200f'@SCD")
    ('scd', 'scd', 'scd')
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).casefold().lstrip(QUOTE_MARKS)


@cache
def extractor() -> tldextract.TLDExtract:
    """The one ``tldextract`` extractor: the bundled suffix list only (no URL to fetch a
    newer one, no cache directory), with private suffixes (``NAME.blogspot.com`` is a
    site) and :data:`BLOG_SUFFIXES`."""
    import tldextract

    return tldextract.TLDExtract(
        suffix_list_urls=(),
        cache_dir=None,
        fallback_to_snapshot=True,
        include_psl_private_domains=True,
        extra_suffixes=BLOG_SUFFIXES,
    )


class UrlParts(NamedTuple):
    """What the unit rule reads of a URL."""

    host: str
    """Its host name, lower case."""
    platform: str | None
    """The platform's registered domain (:data:`PLATFORM_DOMAINS`), or ``None``."""
    path: str
    query: str
    fragment: str


def split_url(url: str) -> UrlParts | None:
    """The :class:`UrlParts` of ``url`` (a scheme is optional) — of the archived URL for a
    web archive's URL that carries one —; ``None`` when it names no host.

    Platforms are recognised by the host's last labels, without the suffix list, so that
    reading accounts never loads ``tldextract``.
    """
    text = url.strip()
    if "://" not in text[:12]:
        text = "//" + text.lstrip("/")
    match = URL.match(text)
    if match is None:
        return None
    netloc = match[1].rpartition("@")[2]
    host = "" if netloc.startswith("[") else netloc.partition(":")[0].rstrip(".").lower()
    if not host:
        return None
    labels = host.split(".")
    platform = next(
        (d for i in range(len(labels) - 1) if (d := ".".join(labels[i:])) in PLATFORM_DOMAINS),
        None,
    )
    path, query, fragment = match[2], match[3] or "", match[4] or ""
    if platform in ARCHIVE_DOMAINS:
        inner = archived_url(path, query)
        if inner is not None and (found := split_url(inner)) is not None:
            return found
    return UrlParts(host, platform, path, query, fragment)


@lru_cache(maxsize=65_536)
def host_domain(host: str) -> str:
    """The registered domain of a host name, lower case (``""`` when it has none)."""
    return extractor()(host).top_domain_under_public_suffix.lower()


def archived_url(path: str, query: str) -> str | None:
    """The URL an archive's URL carries after its own path (``/web/2017…/https://…``)."""
    match = re.search(r"https?:/+", path, flags=re.IGNORECASE)
    if match is None:
        return None
    rest = path[match.end() :] + ("?" + query if query else "")
    return "http://" + rest


def registered_domain(url: str) -> str | None:
    """The registered domain of ``url``, lower case; ``None`` for a platform's URL
    (:data:`PLATFORM_DOMAINS`) and for text that names no domain.

    >>> registered_domain("www.syriacivildefence.org/ar/x"), registered_domain("http://abc")
    ('syriacivildefence.org', None)
    >>> registered_domain("https://web.archive.org/web/2017/https://www.syriahr.com/1")
    'syriahr.com'
    """
    parts = split_url(url)
    if parts is None or parts.platform is not None:
        return None
    return host_domain(parts.host) or None


def platform_of(url: str) -> str | None:
    """The platform a URL is on: its name for an account platform (``"twitter"``), the
    registered domain for another platform (``"archive.org"``), ``None`` otherwise.

    >>> platform_of("https://mobile.twitter.com/i/web/status/1"), platform_of("https://bbc.com")
    ('twitter', None)
    """
    parts = split_url(url)
    if parts is None or parts.platform is None:
        return None
    return ACCOUNT_PLATFORMS.get(parts.platform, parts.platform)


def account_from_url(url: str) -> str | None:
    """The account ``url`` belongs to, ``PLATFORM:NAME`` (see the module docstring), or
    ``None`` when it is not an account platform's URL or names no account (a search, a
    group, a bare video id).

    >>> account_from_url("https://www.facebook.com/SyriaCivilDefense/posts/pfbid02")
    'facebook:syriacivildefense'
    >>> account_from_url("https://www.facebook.com/profile.php?id=100064")
    'facebook:100064'
    >>> account_from_url("https://t.me/s/Nahermedia/123"), account_from_url("https://x.com/i/web")
    ('telegram:nahermedia', None)
    """
    parts = split_url(url)
    return account_of(parts) if parts is not None else None


def account_of(parts: UrlParts) -> str | None:
    """The account of a URL split by :func:`split_url` (see :func:`account_from_url`)."""
    if (platform := ACCOUNT_PLATFORMS.get(parts.platform or "")) is None:
        return None
    _, _, path, query, fragment = parts
    if platform == "twitter" and fragment.startswith("!/"):
        path = fragment[1:]  # the old twitter.com/#!/NAME/status/… form
    segments = [unquote(s) for s in path.split("/") if s]
    name = account_name(platform, segments, query)
    if not name or not HANDLE.fullmatch(name):
        return None
    name = normalise_author(name)
    return f"{platform}:{name}" if name else None


def account_name(platform: str, segments: list[str], query: str) -> str | None:
    """The account name in the path ``segments`` (or ``query``) of a ``platform`` URL."""
    if not segments:
        return None
    first = segments[0]
    low = first.casefold()
    if platform in ("youtube", "tiktok") and first.startswith("@"):
        return first[1:]
    if platform == "youtube" and low in ("channel", "user", "c") and len(segments) > 1:
        return segments[1]
    if platform == "telegram" and low == "s" and len(segments) > 1:
        return segments[1]
    if platform == "instagram" and low == "stories" and len(segments) > 1:
        return segments[1]
    if platform == "facebook":
        return facebook_name(segments, query)
    if platform == "vk" and low.startswith(("wall", "video", "photo")):
        return None
    if platform == "tiktok" or low in RESERVED[platform]:
        return None
    return first.lstrip("@")


def facebook_name(segments: list[str], query: str) -> str | None:
    """The page or profile of a Facebook URL: ``/NAME/…``, ``/pg/NAME``,
    ``/pages/TITLE/ID`` and ``/people/NAME/ID`` (the id), ``profile.php?id=ID`` and
    ``permalink.php?…&id=ID``. A group is where a post appears, not who wrote it: none."""
    low = segments[0].casefold()
    if low in ("profile.php", "permalink.php", "story.php"):
        ids = parse_qs(query).get("id") or []
        return ids[0] if ids and ids[0].isdigit() else None
    if low in ("pages", "people") and len(segments) > 2:
        return next((s for s in reversed(segments) if s.isdigit()), segments[1])
    if low == "pg" and len(segments) > 1:
        return segments[1]
    if low in RESERVED["facebook"]:
        return None
    return segments[0]
