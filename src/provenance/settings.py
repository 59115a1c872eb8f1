"""Configuration from environment variables, read in one place with typed defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

from provenance.errors import StoreError


@dataclass(frozen=True)
class Neo4jSettings:
    """Credentials for the Neo4j backend (``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``)."""

    user: str
    password: str
    database: str


def store_uri() -> str:
    """``PROVENANCE_STORE`` or the default embedded store in the working directory."""
    return os.environ.get("PROVENANCE_STORE", "sqlite:///provenance.db")


def neo4j_settings() -> Neo4jSettings:
    """Read the Neo4j credentials; a missing variable is an error that names it."""
    user = os.environ.get("NEO4J_USER")
    password = os.environ.get("NEO4J_PASSWORD")
    for name, value in (("NEO4J_USER", user), ("NEO4J_PASSWORD", password)):
        if not value:
            raise StoreError(
                f"environment variable {name} is not set",
                f"export {name}=… with the Neo4j credentials (they are never taken from the command line)",
            )
    assert user is not None and password is not None
    return Neo4jSettings(user, password, os.environ.get("NEO4J_DATABASE", "neo4j"))
