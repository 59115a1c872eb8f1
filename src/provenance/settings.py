"""Configuration from environment variables, read in one place with typed defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

from provenance.errors import StoreError, UsageError

DEFAULT_STORE_URI = "sqlite:///provenance.db"
"""The store used when neither ``--store`` nor ``PROVENANCE_STORE`` names one: the embedded
store ``provenance.db`` in the working directory."""

DEFAULT_MAX_CASE_BYTES = 256 * 1024 * 1024
"""Largest case file read whole unless ``PROVENANCE_MAX_CASE_BYTES`` says otherwise."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Credentials for the Neo4j backend (``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``)."""

    user: str
    password: str
    database: str


def neo4j_settings() -> Neo4jSettings:
    """Read the Neo4j credentials; a missing variable is an error that names it."""
    user = os.environ.get("NEO4J_USER")
    password = os.environ.get("NEO4J_PASSWORD")
    missing = [n for n, v in (("NEO4J_USER", user), ("NEO4J_PASSWORD", password)) if not v]
    if missing:
        names = " and ".join(missing)
        raise StoreError(
            f"environment variable{'s' if len(missing) > 1 else ''} {names} "
            f"{'are' if len(missing) > 1 else 'is'} not set",
            f"export {'=… '.join(missing)}=… with the Neo4j credentials"
            " (they are never taken from the command line)",
        )
    assert user is not None and password is not None
    return Neo4jSettings(user, password, os.environ.get("NEO4J_DATABASE", "neo4j"))


def max_case_bytes() -> int:
    """``PROVENANCE_MAX_CASE_BYTES``, the largest case file read whole (default 256 MiB).

    A value that is not a positive whole number is a :class:`UsageError` naming the variable.
    """
    raw = os.environ.get("PROVENANCE_MAX_CASE_BYTES")
    if raw is None or not raw.strip():
        return DEFAULT_MAX_CASE_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise UsageError(
            f"environment variable PROVENANCE_MAX_CASE_BYTES is {raw!r}, not a positive number of bytes",
            f"set it to a whole number of bytes (e.g. {DEFAULT_MAX_CASE_BYTES}), or unset it",
        )
    return value
