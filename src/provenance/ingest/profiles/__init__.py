"""Mapping profiles for real monitors' exports (``provenance ingest --profile NAME``).

Each profile documents, in its module docstring, how it maps the export and what it decides
for messy data. :func:`get_profile` finds one by name; :func:`list_profiles` gives each with
its one-line description.
"""

from __future__ import annotations

from provenance.errors import UsageError

from .airwars import AirwarsProfile
from .auto_archiver import AutoArchiverProfile
from .base import ImportContext, ImportResult, Profile, Rejection
from .statements import StatementsProfile
from .timemap import TimeMapProfile
from .ydp import YdpProfile

__all__ = [
    "PROFILES",
    "ImportContext",
    "ImportResult",
    "Profile",
    "Rejection",
    "get_profile",
    "list_profiles",
]

PROFILES: dict[str, type[Profile]] = {
    p.name: p
    for p in (
        AirwarsProfile,
        TimeMapProfile,
        YdpProfile,
        StatementsProfile,
        AutoArchiverProfile,
    )
}
"""The built-in profiles by name, in the order ``--list-profiles`` shows them."""


def list_profiles() -> list[tuple[str, str, str]]:
    """``(name, one-line description, files read)`` of every built-in profile."""
    return [(p.name, p.description, p.files) for p in PROFILES.values()]


def get_profile(name: str) -> Profile:
    """The built-in profile ``name``; a :class:`UsageError` listing the others otherwise."""
    cls = PROFILES.get(name)
    if cls is None:
        raise UsageError(
            f"unknown profile {name!r}; built-in profiles: {', '.join(PROFILES)}",
            "see `provenance ingest --list-profiles`, or describe the export with --mapping FILE",
        )
    return cls()
