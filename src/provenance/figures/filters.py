"""Which incidents a figure counts: the options, checked before anything is counted.

A figure never misleads in silence (DESIGN.md "Casualty figures"): ``--from`` after ``--to``
is a :class:`~provenance.errors.UsageError`, and so is a ``--country``, ``--belligerent``
or ``--dataset`` value that matches nothing in the data (exit 2, as every bad option value:
the message lists the values the data holds). Countries are matched by ISO code or name
("Syria" is SY, :mod:`provenance.figures.countries`), belligerents through their aliases
(:mod:`provenance.figures.belligerents`), datasets by the import's profile or mapping name
or its file (:class:`~provenance.figures.types.Dataset`).

Pure.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from provenance.errors import UsageError
from provenance.figures.belligerents import Belligerents
from provenance.figures.countries import country_code, country_name
from provenance.figures.types import CASE, FigureIncident
from provenance.vocab import GRADE_RANK

ByKey = Literal["belligerent", "country", "month"]
BY_KEYS: tuple[ByKey, ...] = ("belligerent", "country", "month")
KNOWN_SHOWN = 40
"""At most this many known values are listed in an error (the most frequent first)."""


@dataclass(frozen=True)
class Filters:
    """Which incidents a figure counts (see :mod:`provenance.figures.compute`).

    An unknown ``min_grade`` and ``date_from`` after ``date_to`` are
    :class:`~provenance.errors.UsageError`; so are dates that are not ``YYYY-MM-DD``
    given to :meth:`from_options`.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    belligerent: str | None = None
    min_grade: str | None = None
    dataset: str | None = None

    def __post_init__(self) -> None:
        if self.min_grade is not None and self.min_grade not in GRADE_RANK:
            raise UsageError(
                f"--min-grade: unknown grade {self.min_grade!r}",
                f"use one of: {', '.join(GRADE_RANK)}",
            )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UsageError(
                f"--from {self.date_from} is after --to {self.date_to}",
                "give the earlier date to --from",
            )

    @classmethod
    def from_options(
        cls,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        country: str | None = None,
        belligerent: str | None = None,
        min_grade: str | None = None,
        dataset: str | None = None,
    ) -> Filters:
        """The filters of ``--from``, ``--to`` (``YYYY-MM-DD``), ``--country``,
        ``--belligerent``, ``--min-grade`` and ``--dataset`` as typed on a command line."""
        return cls(
            date_from=parse_date(date_from, "--from"),
            date_to=parse_date(date_to, "--to"),
            country=country,
            belligerent=belligerent,
            min_grade=min_grade,
            dataset=dataset,
        )


def parse_date(value: str | None, option: str) -> dt.date | None:
    """``value`` (``YYYY-MM-DD``) as a date; a :class:`~provenance.errors.UsageError`
    naming ``option`` when it is not one.

    >>> parse_date("2017-06-01", "--from")
    datetime.date(2017, 6, 1)
    """
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option}: {value!r} is not a date", "use YYYY-MM-DD, e.g. 2017-06-01"
        ) from None


def by_key(value: str | None) -> ByKey | None:
    """``value`` as a breakdown key (``--by``); a :class:`~provenance.errors.UsageError`
    when it is not belligerent, country or month."""
    if value is None:
        return None
    for key in BY_KEYS:
        if value == key:
            return key
    raise UsageError(f"--by: cannot break down by {value!r}", "use belligerent, country or month")


def _no_match(option: str, value: str, known: Counter[str], what: str) -> UsageError:
    listed = [f"{name} ({n:,})" for name, n in known.most_common(KNOWN_SHOWN)]
    more = len(known) - len(listed)
    tail = f", … {more:,} more" if more > 0 else ""
    if not known:
        return UsageError(f"{option} {value!r} matches no incident", f"the store has no {what}")
    return UsageError(
        f"{option} {value!r} matches no incident",
        f"known {what} (incidents): {', '.join(listed)}{tail}",
    )


@dataclass(frozen=True)
class Selector:
    """The ``--country``, ``--belligerent`` and ``--dataset`` values resolved against the
    data: what each incident must carry to be counted."""

    country: str | None
    belligerent: str | None
    """The alias group (:meth:`Belligerents.key`) of ``--belligerent``."""
    dataset: str | None
    names: Belligerents

    @classmethod
    def resolve(
        cls, f: Filters, incidents: Sequence[FigureIncident], names: Belligerents
    ) -> Selector:
        """Check each value against ``incidents``; a :class:`UsageError` listing the known
        values when one matches no incident."""
        country = belligerent = dataset = None
        if f.country:
            codes = Counter(i.country.upper() for i in incidents if i.country)
            country = country_code(f.country)
            if country is None or country not in codes:
                shown = Counter({f"{country_name(c)} = {c}": n for c, n in codes.items()})
                raise _no_match("--country", f.country, shown, "countries")
        if f.belligerent:
            spelled = Counter(b for i in incidents for b in belligerents_of(i))
            belligerent = names.key(f.belligerent)
            if not any(names.key(b) == belligerent for b in spelled):
                raise _no_match("--belligerent", f.belligerent, spelled, "belligerents")
        if f.dataset:
            found = Counter(d for i in incidents for d in (i.datasets or (CASE,)))
            if not any(d.matches(f.dataset) for d in found):
                shown = Counter({d.label(): n for d, n in found.items()})
                raise _no_match("--dataset", f.dataset, shown, "datasets")
            dataset = f.dataset
        return cls(country, belligerent, dataset, names)

    def place(self, members: Iterable[FigureIncident]) -> bool:
        """Whether the country and dataset filters hold for one of ``members``."""
        ms = list(members)
        if self.country and not any((m.country or "").upper() == self.country for m in ms):
            return False
        return not self.dataset or any(
            d.matches(self.dataset) for m in ms for d in (m.datasets or (CASE,))
        )


def belligerents_of(inc: FigureIncident) -> list[str]:
    """The belligerents an incident names, itself or in one of its claims (each once)."""
    return list(
        dict.fromkeys([*inc.belligerents, *(c.belligerent for c in inc.claims if c.belligerent)])
    )
