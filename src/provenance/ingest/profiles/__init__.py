"""Mapping profiles for real monitors' exports (``provenance ingest --profile NAME``).

Each profile documents, in its module docstring, how it maps the export and what it decides
for messy data. :func:`get_profile` finds one by name; :func:`list_profiles` gives each with
its one-line description.
"""

from __future__ import annotations

from provenance.errors import InputError

from .base import ImportContext, ImportResult, Profile, Rejection

__all__ = ["ImportContext", "ImportResult", "Profile", "Rejection", "get_profile", "list_profiles"]


def _registry() -> dict[str, type[Profile]]:
    from .airwars import AirwarsProfile
    from .statements import StatementsProfile
    from .timemap import TimeMapProfile
    from .ydp import YdpProfile

    return {p.name: p for p in (AirwarsProfile, TimeMapProfile, YdpProfile, StatementsProfile)}


def list_profiles() -> list[tuple[str, str, str]]:
    """``(name, one-line description, files read)`` of every built-in profile."""
    return [(p.name, p.description, p.files) for p in _registry().values()]


def get_profile(name: str) -> Profile:
    """The built-in profile ``name``; :class:`InputError` listing the others otherwise."""
    registry = _registry()
    cls = registry.get(name)
    if cls is None:
        raise InputError(
            f"unknown profile {name!r}; built-in profiles: {', '.join(registry)}",
            "see `provenance ingest --list-profiles`, or describe the export with --mapping FILE",
        )
    return cls()
