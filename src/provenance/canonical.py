"""Canonical bytes and content hashes.

Every content hash in the system is SHA-256 over RFC 8785 (JCS) canonical JSON bytes, so
the same item always hashes the same, whatever produced it. ``json.dumps(sort_keys=True)``
is not canonical (floats, non-ASCII escapes) and is never used for hashing.
"""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785


def canonical_bytes(value: Any) -> bytes:
    """Return the RFC 8785 canonical JSON encoding of ``value`` (JSON types only)."""
    return bytes(rfc8785.dumps(value))


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def content_hash(value: Any) -> str:
    """Hex SHA-256 of the canonical JSON of ``value``."""
    return sha256_hex(canonical_bytes(value))
