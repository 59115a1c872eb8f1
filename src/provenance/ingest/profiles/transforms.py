"""Cell transforms shared by the built-in profiles and ``--mapping`` files.

Each function takes the text of one cell and either returns a value or raises
:class:`CellError` with a reason a monitor can act on; the caller adds the file, row number
and column. Blank cells are ``None`` before they get here.

>>> parse_range("3-5", None)
(3, 5)
>>> try:
...     parse_range("2", "x")
... except CellError as exc:
...     print(exc.part, exc.message)
max 'x' is not a whole number
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from provenance.errors import InputError

Part = Literal["min", "max", "lat", "lon"]


class CellError(InputError):
    """A cell's value cannot be used; ``message`` says why.

    ``part`` says which of two cells read together is at fault (``min``/``max`` of a range,
    ``lat``/``lon`` of a coordinate pair), ``None`` when it is the one cell or both.
    """

    def __init__(self, message: str, *, part: Part | None = None) -> None:
        super().__init__(message)
        self.part = part


# --- dates ------------------------------------------------------------------------------

ARABIC_MONTHS = {
    "يناير": "January",
    "كانون الثاني": "January",
    "فبراير": "February",
    "شباط": "February",
    "مارس": "March",
    "آذار": "March",
    "أبريل": "April",
    "ابريل": "April",
    "نيسان": "April",
    "مايو": "May",
    "أيار": "May",
    "يونيو": "June",
    "حزيران": "June",
    "يوليو": "July",
    "تموز": "July",
    "أغسطس": "August",
    "اغسطس": "August",
    "آب": "August",
    "سبتمبر": "September",
    "أيلول": "September",
    "أكتوبر": "October",
    "اكتوبر": "October",
    "تشرين الأول": "October",
    "نوفمبر": "November",
    "تشرين الثاني": "November",
    "ديسمبر": "December",
    "كانون الأول": "December",
}
"""Arabic month names (Egyptian/Gulf and Levantine forms) → English, for ``strptime``."""

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")

DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d %Y", "%B %d, %Y", "%d %b %Y", "%b %d %Y")
"""Unambiguous formats tried when a profile names none (never dd/mm vs mm/dd guesses)."""


def parse_date(text: str, formats: Sequence[str] = DEFAULT_DATE_FORMATS) -> dt.date:
    """Parse a date with the first matching ``strptime`` format.

    Arabic month names and Arabic-Indic digits are translated first ("22 أكتوبر 2024"),
    and an ISO timestamp is cut to its date when ``%Y-%m-%d`` is among the formats.
    """
    value = " ".join(re.sub(r"\s*,\s*", ", ", text.translate(_ARABIC_DIGITS)).split())
    for arabic in sorted(ARABIC_MONTHS, key=len, reverse=True):
        if arabic in value:
            value = value.replace(arabic, ARABIC_MONTHS[arabic])
            break
    impossible = None
    for fmt in formats:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError as exc:  # "day is out of range for month": written right, no such day
            if not str(exc).startswith(("time data", "unconverted data")):
                impossible = impossible or str(exc)
    if impossible:
        raise CellError(f"{text!r} is not a day of the calendar ({impossible})")
    if "%Y-%m-%d" in formats and re.match(r"^\d{4}-\d{2}-\d{2}[T ]", value):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    shown = ", ".join(f.replace("%", "") for f in formats)
    raise CellError(f"{text!r} is not a date in a known format ({shown})")


# --- numbers and ranges -----------------------------------------------------------------

_INT = re.compile(r"^[+]?\d{1,3}(,\d{3})+$|^[+]?\d+$")


MAX_COUNT_DIGITS = 15
"""Digits a count may have (far above any casualty figure; Python refuses to read
integers of more than 4,300 digits, and a spreadsheet's overflow can be that long)."""


def parse_count(text: str) -> int:
    """A non-negative whole number ("12", "1,204", "3.0"); anything else is an error."""
    value = text.strip().translate(_ARABIC_DIGITS)
    if sum(c.isdigit() for c in value) > MAX_COUNT_DIGITS:
        raise CellError(f"{text[:40]!r}… is not a count: more than {MAX_COUNT_DIGITS} digits")
    if _INT.match(value):
        return int(value.replace(",", "").lstrip("+"))
    if re.match(r"^\d+\.0+$", value):
        return int(float(value))
    if re.match(r"^-\d", value):
        raise CellError(f"{text!r} is negative; a count must be 0 or more")
    raise CellError(f"{text!r} is not a whole number")


def scaled(count: int, scale: float) -> int:
    """``count`` times ``scale`` (a mapping's unit), as a whole number; an error when too
    large to be one."""
    try:
        return int(count * scale)
    except OverflowError:
        raise CellError(f"{count} times {scale:g} is too large to be a count") from None


def parse_range(low: str | None, high: str | None) -> tuple[int, int] | None:
    """A ``(min, max)`` from two cells. A blank minimum is 0 (never raised to the maximum:
    DESIGN "Who set each field"); a blank maximum means the range is the minimum alone.

    A single cell may also hold a range itself ("3-5", "3–5", "3 to 5"). Both blank →
    ``None``. ``min > max`` is an error (the cells are not silently swapped).
    """
    if low is None and high is None:
        return None
    if low is not None and high is None:
        m = re.match(r"^\s*(\d[\d,]*)\s*(?:-|–|—|to)\s*(\d[\d,]*)\s*$", low)
        if m:
            low, high = m.group(1), m.group(2)
    lo = _count_part(low, "min")
    hi = _count_part(high, "max")
    lo = 0 if lo is None else lo
    hi = lo if hi is None else hi
    assert lo is not None and hi is not None
    if lo > hi:
        raise CellError(f"minimum {lo} is larger than maximum {hi}")
    return lo, hi


def _count_part(text: str | None, part: Part) -> int | None:
    """:func:`parse_count` of one end of a range; an error names the end (``part``)."""
    if text is None:
        return None
    try:
        return parse_count(text)
    except CellError as exc:
        raise CellError(exc.message, part=part) from None


def parse_coordinate(text: str, kind: Literal["lat", "lon"]) -> float:
    """A latitude (``kind="lat"``) or longitude in decimal degrees, range-checked.

    Errors carry ``part=kind``.
    """
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise CellError(f"{text!r} is not a number (decimal degrees)", part=kind) from None
    bound = 90 if kind == "lat" else 180
    if not -bound <= value <= bound:
        name = "latitude" if kind == "lat" else "longitude"
        raise CellError(f"{name} {value} is outside -{bound}..{bound}", part=kind)
    return value


def split_list(text: str, sep: str = ",") -> list[str]:
    """Split a list cell ("YPG, Russian Military"), trimming and dropping blanks/repeats."""
    parts = [p.strip() for p in (text.split(sep) if sep else [text])]
    return list(dict.fromkeys(p for p in parts if p))


# --- names, countries, ids --------------------------------------------------------------

COUNTRIES = {
    "syria": "SY",
    "syrian arab republic": "SY",
    "iraq": "IQ",
    "yemen": "YE",
    "libya": "LY",
    "somalia": "SO",
    "afghanistan": "AF",
    "pakistan": "PK",
    "ukraine": "UA",
    "russia": "RU",
    "russian federation": "RU",
    "palestine": "PS",
    "state of palestine": "PS",
    "gaza": "PS",
    "israel": "IL",
    "lebanon": "LB",
    "turkey": "TR",
    "türkiye": "TR",
    "iran": "IR",
    "saudi arabia": "SA",
    "sudan": "SD",
    "mali": "ML",
    "nigeria": "NG",
    "ethiopia": "ET",
}
"""Country names monitors use → ISO 3166 alpha-2 (extend as exports need)."""


def country_code(text: str) -> str:
    """ISO alpha-2 of a country name or code ("Syria" → "SY", "sy" → "SY")."""
    value = text.strip()
    if re.match(r"^[A-Za-z]{2}$", value):
        return value.upper()
    code = COUNTRIES.get(value.lower())
    if code is None:
        raise CellError(f"unknown country {text!r}; give an ISO 3166 alpha-2 code")
    return code


def slug(text: str) -> str:
    """A lower-case ASCII-ish id part: "U.S.-led Coalition" → "u-s-led-coalition"."""
    value = unicodedata.normalize("NFKC", text).lower()
    value = re.sub(r"[^\w]+", "-", value, flags=re.UNICODE).strip("-")
    return value[:80] or "x"


_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|igshid|s|t|ref|ref_src|ref_url|__cft__.*|__tn__|time_continue|embeds_referring_euri|source_ve_path|feature|si)$"
)
_HOST_ALIASES = {
    "x.com": "twitter.com",
    "mobile.twitter.com": "twitter.com",
    "m.facebook.com": "facebook.com",
    "web.facebook.com": "facebook.com",
    "mobile.x.com": "twitter.com",
    "m.youtube.com": "youtube.com",
}


def normalise_url(text: str) -> str:
    """The identity of a URL: one web page, however it was copied.

    Lower-case scheme and host, no ``www.``, x.com = twitter.com, mobile hosts folded, no
    fragment, no tracking parameters (``utm_*``, ``fbclid``, ``s``, …), percent-encoding
    decoded, no trailing slash. Raises :class:`CellError` unless it is an http(s) URL.
    """
    value = text.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in parts.netloc:
        raise CellError(f"{text[:120]!r} is not an http(s) URL")
    host = parts.netloc.lower().removeprefix("www.")
    host = _HOST_ALIASES.get(host, host)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    path = unquote(parts.path).rstrip("/")
    return urlunsplit(("https", host, quote(path, safe="/:@!$&'()*+,;=-._~"), urlencode(query), ""))


def url_source_id(url: str) -> str:
    """``url:<sha256(normalised url)[:16]>``: one URL is one source, whoever cites it."""
    return "url:" + hashlib.sha256(normalise_url(url).encode()).hexdigest()[:16]


_ACCOUNT_PATTERNS = (
    (re.compile(r"^https://twitter\.com/([A-Za-z0-9_]{1,30})(/|$)"), "@{}"),
    (re.compile(r"^https://t\.me/(?:s/)?([A-Za-z0-9_]{3,64})(/|$)"), "t.me/{}"),
    (
        re.compile(
            r"^https://facebook\.com/(?!profile\.php|watch|photo|story|groups|permalink)([A-Za-z0-9.\-]{2,80})(/|$)"
        ),
        "facebook.com/{}",
    ),
)
_NOT_ACCOUNTS = {"i", "intent", "search", "hashtag", "home", "share"}


def account_of_url(url: str) -> str | None:
    """The posting account a social-media URL names (twitter.com/NAME/status/… → ``@NAME``).

    Only read from the URL itself; ``None`` when the URL names no account.
    """
    try:
        norm = normalise_url(url)
    except CellError:
        return None
    for pattern, shape in _ACCOUNT_PATTERNS:
        m = pattern.match(norm)
        if m and m.group(1).lower() not in _NOT_ACCOUNTS:
            return shape.format(m.group(1))
    return None


LANGUAGES = {
    "arabic": "ar",
    "english": "en",
    "turkish": "tr",
    "kurdish": "ku",
    "hebrew": "he",
    "russian": "ru",
    "ukrainian": "uk",
    "french": "fr",
    "persian": "fa",
    "farsi": "fa",
}
"""Language names in exports → BCP 47 codes."""

SOCIAL_PLATFORMS = {
    "twitter": "Twitter",
    "facebook": "Facebook",
    "telegram": "Telegram",
    "youtube": "YouTube",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "video": "Video",
}
"""Platform words in exports → display names (all kind ``social_media``, ``video`` → video)."""


def platform_and_language(text: str) -> tuple[str | None, str | None]:
    """Split an Airwars-style platform cell ("Twitter\\nArabic", "Facebook Arabic", "English").

    Returns ``(platform display name or None, language code or None)``; unknown words are
    ignored.
    """
    platform = language = None
    for word in re.split(r"[\s/,]+", text.strip().lower()):
        if word in SOCIAL_PLATFORMS and platform is None:
            platform = SOCIAL_PLATFORMS[word]
        elif word in LANGUAGES and language is None:
            language = LANGUAGES[word]
    return platform, language
