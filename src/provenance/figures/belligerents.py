"""Belligerent names matched through their aliases (DESIGN.md "Casualty figures").

Monitors spell one belligerent many ways: Airwars writes "U.S.-led Coalition", a case file
"US-led coalition", a statement "CJTF-OIR". :func:`name_key` folds case, punctuation and
spacing (so "U.S.-led Coalition" and "US-led coalition" are one already);
:class:`Belligerents` then joins names that are one belligerent through alias groups: the
small built-in table :data:`BUILT_IN_ALIASES`, extended by a monitor with the ``aliases``
of its military and government organisations (an organisation "Russian Military" with
aliases ["Russia", "VKS"] makes all three one belligerent).

Pure.

>>> name_key("U.S.-led Coalition") == name_key("US-led coalition")
True
>>> b = Belligerents.build([("Russian Military", "VKS")])
>>> b.key("vks") == b.key("Russian forces") == b.key("RUSSIAN MILITARY")
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

BUILT_IN_ALIASES: tuple[tuple[str, ...], ...] = (
    (
        "U.S.-led Coalition",
        "International Coalition",
        "Global Coalition",
        "CJTF-OIR",
        "Operation Inherent Resolve",
        "Combined Joint Task Force – Operation Inherent Resolve",
    ),
    ("Russian Military", "Russian forces", "Russian Armed Forces", "Russian Aerospace Forces"),
    ("Turkish Military", "Turkish forces", "Turkish Armed Forces"),
    ("Israeli Military", "Israel Defense Forces", "IDF", "Israeli forces"),
    ("Iranian Military", "Iranian forces"),
    ("Jordanian Military", "Jordanian Armed Forces"),
    ("Syrian Regime", "Syrian government", "Syrian Arab Army", "Assad regime"),
    ("Saudi-led Coalition", "Saudi/UAE-led Coalition", "Arab Coalition"),
)
"""Names that are one belligerent whatever the monitor. A bare "Coalition" is in none:
Airwars' Syria records mean the U.S.-led one, a Yemen monitor the Saudi-led one. Extend it
in the data, not here: give the military or government organisation its ``aliases``."""

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


def name_key(name: str) -> str:
    """``name`` folded for matching: accents, case, punctuation and spacing ignored,
    ``U.S.`` read as ``US``.

    >>> name_key("  U.S.-led  Coalition ")
    'us led coalition'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"\b(\w)\.(?=\w\.)", r"\1", text)  # U.S. → US.
    text = text.replace("u.s", "us")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


@dataclass(frozen=True)
class Belligerents:
    """Which names are one belligerent: each folded name (:func:`name_key`) → its group."""

    groups: dict[str, str]
    """Folded name → the folded first name of its alias group."""

    @classmethod
    def build(cls, extra: Iterable[Iterable[str]] = ()) -> Belligerents:
        """The built-in alias groups joined with ``extra`` groups (an organisation's name
        and aliases); groups sharing a name become one."""
        parent: dict[str, str] = {}

        def find(k: str) -> str:
            while parent.setdefault(k, k) != k:
                k = parent[k]
            return k

        for group in (*BUILT_IN_ALIASES, *(tuple(g) for g in extra)):
            keys = [k for k in map(name_key, group) if k]
            for k in keys[1:]:
                head, other = find(keys[0]), find(k)
                if other != head:
                    parent[other] = head
        return cls({k: find(k) for k in parent})

    def key(self, name: str) -> str:
        """The group of ``name`` (its folded self when no alias names it)."""
        k = name_key(name)
        return self.groups.get(k, k)
