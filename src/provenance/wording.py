"""Numbers and counts as a person reads them, everywhere the project prints them: "2–7",
"1 incident", "24,636 incidents", "1,234".

>>> range_text(2, 7), range_text(5, 5), range_text(1200, 1500)
('2–7', '5', '1,200–1,500')
>>> plural(1, "incident"), plural(24636, "incident"), plural(2, "hit")
('1 incident', '24,636 incidents', '2 hits')
"""

from __future__ import annotations


def number(n: int) -> str:
    """``n`` with thousands separators (``1,234``)."""
    return f"{n:,}"


def range_text(low: int, high: int) -> str:
    """A range: one number when both ends agree, else ``low–high`` (en dash)."""
    return number(low) if low == high else f"{number(low)}–{number(high)}"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1 (``nouns`` when not just ``+s``)."""
    return f"{number(n)} {noun if n == 1 else (nouns or noun + 's')}"
