"""How two outlet names compare, as text (pure): the name evidence of ``outlets suggest``.

A name (an author string as written, an account's handle, a domain's label) is split into
tokens (words, camelCase parts, digit runs; Arabic words kept whole). Its *core* is what
is left without generic words (:data:`GENERIC`: "news", "agency", "network", "report",
"media", "أخبار", languages, the country's name …): generic words never make a pair on
their own. Evidence, strongest first:

* the same core ("SCD news" / "SCD", "Hawar News Agency" / "Hawar News", "ZamanAlWasl" /
  "Zaman Al Wasl");
* an acronym of the other name ("SCD" / "Syrian Civil Defense");
* a truncated handle (one core is the start of the other, 8 letters or more:
  "SyriaCivilDefe" / "SyriaCivilDefense");
* a spelling variant (rapidfuzz ratio of the cores >= 92, 8 letters or more, same digits);
* a transliteration of an Arabic name close to the other's consonants (weak);
* one core containing the other's with a distinctive word more ("Enab Baladi" ⊃
  "Baladi": weak, for other evidence to confirm or not).

>>> n = name_info("SCD news")
>>> n.core, n.core_text
(('scd',), 'scd')
>>> name_info("'@HalabTodayTV").core
('halab', 'today')
>>> [e.reason for e in name_evidence(name_info("SCD"), name_info("Syrian Civil Defense"))]
["'SCD' is the acronym of 'Syrian Civil Defense'"]
>>> name_evidence(name_info("Enab Baladi"), name_info("Baladi News"))[0].strength
0.3
>>> name_evidence(name_info("Step News"), name_info("Smart News"))
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz.fuzz import ratio

FILLER = frozenset(
    """news new report reports reporter official page online live info update updates
    breaking the of for and in on a an al el com org net sy syr syria syrian english arabic
    en ar arabi facebook twitter youtube telegram account""".split()
    + "أخبار اخبار الأخبار الاخبار نيوز عربية عربي سوريا السورية سوري".split()
)
"""Words said around an outlet's name ("SCD *news*", "ANHA *English*", "*Syria* TV")."""

KINDS = frozenset(
    """agency network media center centre channel tv television radio fm press group
    foundation post""".split()
    + "شبكة وكالة تلفزيون قناة مركز الإعلامي الاعلامي إعلامي اعلامي".split()
)
"""Words naming what kind of outlet it is ("Hawar News *Agency*", "Syrian *Network* …"):
two names that differ by a kind word on each side may be two outlets of one place."""

GENERIC = FILLER | KINDS
"""Words that never make two names one outlet on their own (tokens compared casefolded)."""

STOPWORDS = frozenset({"the", "of", "for", "and", "in", "on", "a", "an"})
"""Words an acronym may skip ("SOHR": Syrian Observatory *for* Human Rights)."""

_AFFIXES = sorted((g for g in GENERIC if g.isascii() and len(g) >= 2), key=lambda g: (-len(g), g))
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\d_]+", re.UNICODE)
_LATIN = re.compile(r"^[a-z0-9]+$")
_VOWELS = str.maketrans("", "", "aeiouyw'`-_ ")


@dataclass(frozen=True)
class NameInfo:
    """One name, split for comparison: ``tokens`` (casefolded), ``core`` (without
    :data:`GENERIC` words), ``core_text`` (the core joined), ``initials`` (acronyms it
    may be written as), ``skeleton`` (consonants of its Latin transliteration) and whether
    it is written in Arabic script; ``handle``: it is an account's handle; ``generic_only``: its core is its generic words, as it
    has no others ("Syria TV")."""

    text: str
    tokens: tuple[str, ...]
    core: tuple[str, ...]
    core_text: str
    initials: frozenset[str]
    skeleton: str
    arabic: bool
    generic_only: bool
    handle: bool


@dataclass(frozen=True)
class Evidence:
    """One reason two names may be one outlet, with its strength in [0, 1]."""

    strength: float
    reason: str


def split_words(text: str) -> list[str]:
    """The words of ``text``: camelCase and digit runs split, casefolded.

    >>> split_words("'@SyriaCivilDefe 24")
    ['syria', 'civil', 'defe', '24']
    """
    return [w.casefold() for w in _WORD.findall(text)]


def strip_generic(word: str) -> str:
    """A one-word handle or domain label without generic words glued to it
    ("enhawarnews" → "hawar", "npasyr" → "npa"); the word itself when nothing distinctive
    (3 letters or more) would be left.

    >>> strip_generic("enhawarnews"), strip_generic("baladinetwork"), strip_generic("news")
    ('hawar', 'baladi', 'news')
    """
    if not _LATIN.match(word):
        return word
    current, changed = word, True
    while changed:
        changed = False
        for g in _AFFIXES:
            suffix = current.removesuffix(g) if len(g) >= 3 else current
            for cut in (current.removeprefix(g), suffix):
                if cut != current and len(cut) >= 3:
                    current, changed = cut, True
                    break
            if changed:
                break
    return current


def name_info(text: str, *, handle: bool = False) -> NameInfo:
    """Split ``text`` (an author string, a handle or a domain label) for comparison;
    ``handle``: it is an account's handle (as is an author written with a leading @)."""
    body = text.strip().lstrip("'@").strip()
    tokens = tuple(split_words(body))
    latin = tuple(t for t in tokens if _LATIN.match(t) and not t.isdigit())
    if latin and len(latin) < len([t for t in tokens if not t.isdigit()]):
        tokens = latin  # a name given in two scripts: the Latin part translates the other
    core = tuple(t for t in tokens if t not in GENERIC)
    generic_only = not core
    if generic_only:
        core = tuple(t for t in tokens if t not in STOPWORDS)
    elif len(core) == 1:
        core = (strip_generic(core[0]),)
    arabic = any("\u0600" <= c <= "\u06ff" for c in body)
    content = [t for t in tokens if t not in STOPWORDS]
    initials = {"".join(t[0] for t in seq) for seq in (tokens, content) if len(seq) >= 3}
    spelled = anyascii(" ".join(t.removeprefix("ال") for t in core)).casefold()
    return NameInfo(
        text=text,
        tokens=tokens,
        core=core,
        core_text="".join(core),
        initials=frozenset(i for i in initials if i.isalpha()),
        skeleton=_skeleton(spelled),
        arabic=arabic,
        generic_only=generic_only,
        handle=handle or text.lstrip("'").startswith("@"),
    )


def _skeleton(latin: str) -> str:
    """Consonants of a Latin spelling, doubled letters once and a leading article
    dropped: what survives transliteration ("Deir Ezzor" and "ديرالزور" both → "drzr")."""
    text = re.sub(r"^(al|el)[- ]?", "", latin).translate(_VOWELS)
    text = re.sub(r"(al|l)(?=[tdrzsnshc])", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def name_evidence(a: NameInfo, b: NameInfo) -> list[Evidence]:
    """The name evidence that ``a`` and ``b`` are one outlet (empty when none), strongest
    first; see the module docstring."""
    if not a.core or not b.core:
        return []
    found = [e for e in (_same_core(a, b), _acronym(a, b), _acronym(b, a)) if e]
    if not found:
        found = [e for e in (_truncated(a, b), _variant(a, b), _contains(a, b)) if e]
    if not found:
        found = [e for e in (_transliteration(a, b),) if e]
    if a.tokens != b.tokens and (a.generic_only or b.generic_only):
        found = [Evidence(min(e.strength, 0.5), e.reason) for e in found]  # generic words
    return sorted(found, key=lambda e: -e.strength)


def _same_core(a: NameInfo, b: NameInfo) -> Evidence | None:
    if a.core_text != b.core_text or len(a.core_text) < 3:
        return None
    if a.generic_only or b.generic_only:
        if a.tokens == b.tokens and len(a.tokens) >= 2:  # also written in another script
            return Evidence(0.85, f"{a.text!r} and {b.text!r} are one name written differently")
        return Evidence(0.5, f"{a.text!r} and {b.text!r} are the same generic words")
    if "".join(a.tokens) == "".join(b.tokens):
        return Evidence(0.9, f"{a.text!r} and {b.text!r} are one name written differently")
    kinds_a, kinds_b = set(a.tokens) & KINDS, set(b.tokens) & KINDS
    if kinds_a - kinds_b and kinds_b - kinds_a:
        return Evidence(0.45, f"{a.text!r} and {b.text!r} share a name but not a kind of outlet")
    if kinds_a != kinds_b:
        return Evidence(0.55, f"{a.text!r} and {b.text!r} differ by generic words")
    return Evidence(0.65, f"{a.text!r} and {b.text!r} differ only by generic words")


def _acronym(short: NameInfo, long: NameInfo) -> Evidence | None:
    if len(short.core) != 1 or not 3 <= len(short.core_text) <= 6:
        return None
    if short.core_text in long.initials and len(long.core) >= 2:
        return Evidence(0.6, f"{short.text!r} is the acronym of {long.text!r}")
    return None


def _truncated(a: NameInfo, b: NameInfo) -> Evidence | None:
    short, long = sorted((a, b), key=lambda n: len(n.core_text))
    x, y = short.core_text, long.core_text
    whole = "".join(short.tokens)
    cut = len(whole) >= 12 and 8 <= len(x) < len(y) <= len(x) + 6  # a few letters cut off
    if short.handle and cut and y.startswith(x) and _LATIN.match(x):
        return Evidence(0.6, f"the handle {short.text!r} looks cut short from {long.text!r}")
    return None


def _variant(a: NameInfo, b: NameInfo) -> Evidence | None:
    x, y = a.core_text, b.core_text
    if min(len(x), len(y)) < 8 or _digits(x) != _digits(y):
        return None
    score = ratio(x, y)
    if score >= 92:
        return Evidence(0.6, f"{a.text!r} and {b.text!r} are spelling variants ({score:.0f}%)")
    return None


def _contains(a: NameInfo, b: NameInfo) -> Evidence | None:
    small, big = sorted((a, b), key=lambda n: len(n.core))
    if len(small.core) < len(big.core) and set(small.core) <= set(big.core):
        if len(small.core_text) >= 4:
            return Evidence(0.3, f"{big.text!r} contains {small.text!r} and more words")
    return None


def _transliteration(a: NameInfo, b: NameInfo) -> Evidence | None:
    if a.arabic == b.arabic or min(len(a.skeleton), len(b.skeleton)) < 4:
        return None
    if _digits(a.core_text) != _digits(b.core_text):
        return None
    score = ratio(a.skeleton, b.skeleton)
    if score >= 85:
        arabic, latin = (a, b) if a.arabic else (b, a)
        return Evidence(
            0.45, f"{arabic.text!r} transliterated sounds like {latin.text!r} ({score:.0f}%)"
        )
    return None
