"""Place-name normalisation and transliteration for duplicate detection.

Monitors write one place many ways: *Mosul*, *Al-Mawsil*, *Mossoul*, *الموصل*. Three levels
of normal form, each coarser than the last:

* :func:`normalise` — Latin script (Arabic transliterated with ``anyascii``), lower case, no
  diacritics or punctuation, the Arabic article (al-/el-, and its assimilated forms
  ar-/as-/ash-/az-/ad-/… before the matching consonant) removed, well-known exonyms
  replaced by one spelling (Halab → aleppo). ``"Al-Mawsil al-Jadida"`` → ``"mawsil jadida"``.
* :func:`phonetic` — spelling variants of one transliteration folded: digraphs (sh, kh, gh,
  th, dh, ou, ch), q/c/k, vowel classes, final -h, doubled letters.
  ``"Al-Safiyah"`` → ``"safia"``, ``"Safia"`` → ``"safia"``.
* :func:`skeleton` — the consonant skeleton of each word (what Arabic script writes):
  ``"Mosul"``, ``"Al-Mawsil"``, ``"Mossoul"`` and ``"الموصل"`` all give ``"msl"``.

:func:`name_keys` gives the blocking keys of a name (the skeletons of its significant
words); :func:`similarity` scores two names in [0, 1] with rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06FF])\u0627\u0644(?=[\u0600-\u06FF])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SUN = set("tdrzsnl")  # first letters of sun-letter assimilated articles (ar-, as-, ash-, …)

#: Exonyms and well-known variant spellings folded to one form (after :func:`normalise`'s
#: article removal). Keys and values are lower-case, space-separated words.
VARIANTS: dict[str, str] = {
    "halab": "aleppo",
    "alep": "aleppo",
    "dimashq": "damascus",
    "damas": "damascus",
    "sham": "damascus",
    "hims": "homs",
    "ayn arab": "kobani",
    "ain arab": "kobani",
    "kobane": "kobani",
    "thawrah": "tabqa",
    "thawra": "tabqa",
    "madinat thawrah": "tabqa",
    "bagdad": "baghdad",
    "mossoul": "mosul",
    "mawsil": "mosul",
    "mousel": "mosul",
    "ninawa": "nineveh",
    "ninewa": "nineveh",
    "niniveh": "nineveh",
    "deir zor": "dayr zawr",
    "deir ezzor": "dayr zawr",
    "deirezzor": "dayr zawr",
    "der zor": "dayr zawr",
    "rakka": "raqqa",
    "racca": "raqqa",
    "sanaa": "sana",
    "hudaydah": "hodeidah",
    "hodeida": "hodeidah",
    "taizz": "taiz",
    "falluja": "fallujah",
    "fallouja": "fallujah",
    # unvowelled forms that Arabic script gives after transliteration
    "hlb": "aleppo",
    "dmshq": "damascus",
    "hms": "homs",
    "bghdd": "baghdad",
    "rqh": "raqqa",
    "mwsl": "mosul",
}

#: Words that say what kind of place it is, not which: left out of blocking keys.
GENERIC = frozenset(
    "city town village old new west east north south western eastern northern southern"
    " central centre center near of the in and countryside outskirts district neighbourhood"
    " neighborhood quarter area province governorate subdistrict hay hayy qaryat qarya"
    " madinat madina jadida jadid jadidah qadima road street market camp bridge sharqi gharbi"
    " shamali janubi al el".split()
)

_DIGRAPHS = (
    ("sch", "sh"),
    ("tch", "ch"),
    ("dj", "j"),
    ("ch", "sh"),
    ("sh", "s"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
)
_VOWEL_CLASS = str.maketrans({"e": "a", "o": "u", "y": "i"})
_SKELETON_DROP = str.maketrans("", "", "aeiouwy")


def _strip_arabic_article(text: str) -> str:
    return _ARABIC_ARTICLE.sub("", text)


def _latin_words(name: str) -> list[str]:
    """Latin-script, lower-case words of ``name`` (Arabic script transliterated)."""
    if _ARABIC.search(name):
        name = _strip_arabic_article(name)
    text = anyascii(unicodedata.normalize("NFC", name)).lower()
    text = text.replace("'", "").replace("`", "")
    return [w for w in _NON_ALNUM.split(text) if w]


def _drop_articles(words: list[str]) -> list[str]:
    """Remove al/el/il and assimilated articles (ar-raqqa, ash-sham, ez-zor)."""
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in ("al", "el", "il", "ul") and nxt:
            continue
        if nxt and len(w) in (2, 3) and w[0] in "aeiu" and w[1] in _SUN and nxt.startswith(w[1:]):
            continue
        for prefix in ("al", "el"):  # "alraqqa" written as one word
            if w.startswith(prefix) and len(w) > 4 and w[2] == w[3] and w[2] in _SUN:
                w = w[2:]
                break
        out.append(w)
    return out


def _fold_variants(words: list[str]) -> list[str]:
    text = " ".join(words)
    for size in (3, 2, 1):
        i = 0
        found: list[str] = []
        parts = text.split()
        while i < len(parts):
            chunk = " ".join(parts[i : i + size])
            if len(parts[i : i + size]) == size and chunk in VARIANTS:
                found.append(VARIANTS[chunk])
                i += size
            else:
                found.append(parts[i])
                i += 1
        text = " ".join(found)
    return text.split()


@lru_cache(maxsize=200_000)
def normalise(name: str) -> str:
    """Latin script, lower case, no diacritics, punctuation or Arabic article; exonyms folded.

    >>> normalise("Al-Mawsil al-Jadida")
    'mosul jadida'
    >>> normalise("Ar-Raqqah")
    'raqqah'
    """
    return " ".join(_fold_variants(_drop_articles(_latin_words(name))))


@lru_cache(maxsize=200_000)
def _phonetic_word(word: str) -> str:
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = word.translate(_VOWEL_CLASS)
    if len(word) > 3 and word.endswith("h"):
        word = word[:-1]
    word = re.sub(r"aw(?=[^aiu]|$)", "u", word)
    word = re.sub(r"ai|ia", "ia", word)
    word = re.sub(r"(.)\1+", r"\1", word)
    return word


@lru_cache(maxsize=200_000)
def phonetic(name: str) -> str:
    """:func:`normalise`, then transliteration variants folded (digraphs, vowels, final -h).

    >>> phonetic("Al-Safiyah") == phonetic("Safia")
    True
    """
    return " ".join(_phonetic_word(w) for w in normalise(name).split())


@lru_cache(maxsize=200_000)
def core(name: str) -> str:
    """:func:`phonetic` of the significant words only ("the village of Tanb" → "tanb")."""
    words = normalise(name).split()
    significant = [w for w in words if w not in GENERIC] or words
    return " ".join(_phonetic_word(w) for w in significant)


@lru_cache(maxsize=200_000)
def _skeleton_word(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", _phonetic_word(word).translate(_SKELETON_DROP))


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """Consonant skeleton of each word, as Arabic script writes it.

    >>> {skeleton(n) for n in ("Mosul", "Al-Mawsil", "Mossoul", "الموصل")}
    {'msl'}
    """
    return " ".join(s for w in normalise(name).split() if (s := _skeleton_word(w)))


def name_keys(names: Iterable[str]) -> set[str]:
    """Blocking keys of a place: skeletons of the significant words of each name's most
    specific part (before the first comma: "Safiyah, Mosul" → the keys of "Safiyah").

    Generic words ("city", "west", "hay") are left out, and so are words whose skeleton is
    shorter than two consonants (too common to block on), unless nothing else is left.

    Examples
    --------
    >>> sorted(name_keys(["Al-Safiyah, Mosul", "West Mosul"]))
    ['msl', 'sf']
    """
    keys: set[str] = set()
    for name in names:
        parts = [p for p in name.split(",") if normalise(p)]
        words = normalise(parts[0] if parts else name).split()
        significant = [w for w in words if w not in GENERIC] or words
        for w in significant:
            s = _skeleton_word(w)
            if len(s) >= 2 or (len(significant) == 1 and s):
                keys.add(s)
    return keys


def specific(name: str) -> str:
    """The most specific part of a place name: before the first comma ("Safiyah, Mosul"
    → "Safiyah"), or the whole name when it has one part."""
    parts = [p for p in name.split(",") if normalise(p)]
    return parts[0] if len(parts) > 1 else name


def is_multipart(name: str) -> bool:
    """Whether ``name`` has several comma-separated parts ("village, district, province")."""
    return sum(1 for p in name.split(",") if normalise(p)) > 1


#: Share of the name score given to the full phonetic forms (generic words kept), so that
#: names equal only once "west", "jadida", "old city" are dropped score below 1.
GENERIC_SHARE = 0.3


def place_similarity(x: str, y: str) -> float:
    """Similarity in [0, 1] of two place names, the most specific part deciding.

    When both names have several parts, only their most specific parts are compared
    ("Al-Mohsenli, Manbij" vs "Kafr Ta'al, Manbij" differ); otherwise the whole names, so a
    city-only name still contains "Safiyah, Mosul". Of the score, ``1 - GENERIC_SHARE``
    compares :func:`core` forms and ``GENERIC_SHARE`` the :func:`phonetic` forms.
    """
    if is_multipart(x) and is_multipart(y):
        x, y = specific(x), specific(y)
    return (1 - GENERIC_SHARE) * pair_score(core(x), core(y)) + GENERIC_SHARE * pair_score(
        phonetic(x), phonetic(y)
    )


def place_keys(names: Iterable[str]) -> set[str]:
    """:func:`name_keys` of every comma-separated part of every name (the whole hierarchy)."""
    return name_keys(p for n in names for p in n.split(",") if normalise(p))


def similarity(a: Iterable[str], b: Iterable[str]) -> tuple[float, str, str]:
    """Best :func:`place_similarity` between any name of ``a`` and any of ``b``, with the
    pair; equal skeletons count as at least 0.9.

    >>> similarity(["Mosul"], ["Al-Mawsil"])
    (1.0, 'Mosul', 'Al-Mawsil')
    """
    best = (0.0, "", "")
    for x in a:
        sx = skeleton(x)
        for y in b:
            score = place_similarity(x, y)
            if sx and sx == skeleton(y):
                score = max(score, 0.9)
            if score > best[0]:
                best = (score, x, y)
    return best


def pair_score(a: str, b: str) -> float:
    """Similarity in [0, 1] of two :func:`phonetic` forms (see :func:`similarity`)."""
    if not a or not b:
        return 0.0
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 200.0
