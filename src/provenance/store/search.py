"""What the search index holds, the same on every backend.

Each item is indexed under three things:

* its **id words**: the id split at every character that is not a letter or digit
  (``airwars:RS4720`` → ``airwars rs4720``), so a monitor's code finds its item;
* its **text words**: the words of :data:`TEXT_FIELDS` (title, organisation name, place name
  with its transliteration variants and administrative areas, author, URLs, aliases,
  domains);
* its exact **keys** (:func:`item_keys`): the id, the monitor's code of an incident or strike
  (the id's second ``:``-separated part: ``rs4720`` for ``airwars:RS4720``) and its URLs
  (:func:`url_key`), lower-cased.

Words are folded (:func:`fold`: lower case, accents removed) so ``Raqqa``, ``raqqa`` and
``Ráqqa`` match. A query's words (:func:`query_words`) all have to match an indexed word,
the last one (of 3 letters or more) as a prefix: ``raqqa cit`` finds "Raqqa city". A URL's
scheme and ``www`` are not words of a query, and a URL that is an item's exact key finds
that item (and any other with that URL) without a word search (:func:`wants_words`).
The SQLite backend builds the same index in SQL (:mod:`.sqlite_search`), the Neo4j backend
from :func:`index_document` (:mod:`.neo4j.search`); the contract tests check they agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "name",
    "location.name",
    "location.name_variants",
    "location.admin",
    "author",
    "url",
    "archive_url",
    "aliases",
    "domains",
)
"""The (dotted) fields whose words are searchable, besides the id."""

URL_FIELDS: tuple[str, ...] = ("url", "archive_url")
"""The fields whose values are exact keys (:func:`url_key`)."""

CODE_LABELS: tuple[str, ...] = ("Incident", "Strike")
"""Labels whose id carries a monitor's code (``<prefix>:<code>[:…]``)."""

DEFAULT_LIMIT = 20
"""Hits returned when no limit is given."""

_WORD = re.compile(r"[^\W_]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """``text`` with A–Z lower-cased and nothing else changed (as SQLite's ``lower``)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class SearchHit:
    """One item found: its id, label, a short description (title, name, author or URL) and
    how it matched: ``key`` (its id, code or URL exactly) or ``text`` (words)."""

    id: str
    label: str
    title: str
    match: str

    def as_dict(self) -> dict[str, str]:
        """The hit as a JSON-able dict."""
        return {"id": self.id, "label": self.label, "title": self.title, "match": self.match}


def fold(text: str) -> str:
    """``text`` in lower case without accents (``Ráqqa`` → ``raqqa``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of ``text``: runs of letters and digits."""
    return _WORD.findall(fold(text))


def looks_like_url(text: str) -> bool:
    """Whether ``text`` is written like a URL (a scheme, ``www.`` or a ``/``)."""
    t = ascii_lower(text.strip())
    return "/" in t or t.startswith(("http:", "https:", "www."))


MAX_QUERY_WORDS = 16
"""Words of a query searched for, at most (the first ones; a long URL has many)."""
MIN_PREFIX = 3
"""The last word of a query is a prefix when it has at least this many letters or digits."""


def query_words(text: str) -> list[str]:
    """The words a search for ``text`` looks for: :func:`words`, of its :func:`url_key`
    when it looks like a URL; the first :data:`MAX_QUERY_WORDS`."""
    return words(url_key(text) if looks_like_url(text) else text)[:MAX_QUERY_WORDS]


def last_is_prefix(terms: list[str]) -> bool:
    """Whether the last of a query's words is matched as a prefix (:data:`MIN_PREFIX`)."""
    return bool(terms) and len(terms[-1]) >= MIN_PREFIX


def wants_words(text: str, key_hits: int) -> bool:
    """Whether a search for ``text`` that found ``key_hits`` exact matches also looks for
    words: always, unless it is a URL that matched exactly."""
    return not (key_hits and looks_like_url(text))


def url_key(url: str) -> str:
    """A URL as an exact key: A–Z in lower case, without scheme, ``www.`` and trailing ``/``."""
    u = ascii_lower(url)
    if u.startswith("https://"):
        u = u[8:]
    elif u.startswith("http://"):
        u = u[7:]
    return u.removeprefix("www.").rstrip("/")


def code_of(item_id: str) -> str | None:
    """The monitor's code in an id ``<prefix>:<code>[:…]`` (lower case), else ``None``."""
    parts = item_id.split(":")
    return ascii_lower(parts[1]) if len(parts) > 1 and parts[1] else None


def query_keys(ref: str) -> list[str]:
    """The exact keys a reference typed by a user may be: itself (lower case) and, when it
    looks like a URL, its :func:`url_key`."""
    ref = ref.strip()
    keys = [ascii_lower(ref)]
    if looks_like_url(ref):
        keys.append(url_key(ref))
    return list(dict.fromkeys(k for k in keys if k))


def field_values(data: dict[str, Any], path: str) -> list[str]:
    """The string values at dotted ``path`` of ``data`` (a list field gives each element)."""
    return values_at(data, path.split("."))


def values_at(data: dict[str, Any], parts: Sequence[str]) -> list[str]:
    """:func:`field_values` of a path already split at its dots."""
    value: Any = data
    for part in parts:
        if not isinstance(value, dict):
            return []
        value = value.get(part)
    return texts_of(value)


def texts_of(value: Any) -> list[str]:
    """A field's value as texts: none for ``None``, each element of a list, else itself."""
    if value is None:
        return []
    if value.__class__ is str:
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def matches(data: dict[str, Any], path: str, value: str) -> bool:
    """Whether the value at dotted ``path`` of ``data`` is ``value`` (as text, ignoring
    case; a list matches when one of its elements does; ``id`` is a field too)."""
    wanted = value.casefold()
    return any(v.casefold() == wanted for v in field_values(data, path))


def item_keys(item_id: str, label: str, data: dict[str, Any]) -> list[str]:
    """The exact keys of an item: id, code (incidents, strikes) and URLs."""
    keys = [ascii_lower(item_id)]
    if label in CODE_LABELS:
        code = code_of(item_id)
        if code:
            keys.append(code)
    for name in _URL_NAMES:  # runs for every item written: an absent field costs a get
        value = data.get(name)
        if value is not None:
            keys += map(url_key, texts_of(value))
    for parts in _URL_PATHS:
        keys += map(url_key, values_at(data, parts))
    if len(keys) == 1:
        return keys if keys[0] else []
    return sorted({k for k in keys if k})


def item_text(data: dict[str, Any]) -> str:
    """The searchable text of an item's fields (:data:`TEXT_FIELDS`), space-separated."""
    out: list[str] = []
    for head, tail in _TEXT_PATHS:  # runs for every item written: absent fields cost a get
        value = data.get(head)
        if value is not None:
            out += values_at(value, tail) if tail else texts_of(value)
    return " ".join(out)


_TEXT_PATHS = tuple((name.split(".")[0], name.split(".")[1:]) for name in TEXT_FIELDS)
_URL_NAMES = tuple(name for name in URL_FIELDS if "." not in name)
_URL_PATHS = tuple(tuple(name.split(".")) for name in URL_FIELDS if "." in name)


def describe(label: str, data: dict[str, Any]) -> str:
    """A short description of an item for a hit: title, name, place, author, URL, text,
    belligerent or role (the first given), else its label."""
    for name in ("title", "name", "location.name", "author", "url", "text", "belligerent", "role"):
        values = field_values(data, name)
        if values and values[0]:
            return values[0][:200]
    return label


@dataclass(frozen=True)
class IndexDocument:
    """What a backend without SQL indexes for one item: id words, text words, keys."""

    id: str
    id_words: str
    text_words: str
    keys: list[str]


def index_document(item_id: str, label: str, data: dict[str, Any]) -> IndexDocument:
    """The search index entry of one item (folded words, space-separated)."""
    return IndexDocument(
        id=item_id,
        id_words=" ".join(words(item_id)),
        text_words=" ".join(words(item_text(data))),
        keys=item_keys(item_id, label, data),
    )


def lucene_escape(term: str) -> str:
    """``term`` with Lucene's query syntax characters escaped by a backslash."""
    return re.sub(r'([+\-&|!(){}\[\]^"~*?:\\/])', r"\\\1", term)
