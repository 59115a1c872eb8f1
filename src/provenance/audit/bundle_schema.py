"""The shape of an inquiry bundle's files, checked before a verifier trusts any of them.

A bundle arrives from elsewhere: its manifest and documents are untrusted input until
their signature and hashes say otherwise, and even a signed one must not make the verifier
read outside the bundle or fail with a traceback. Each model here is the exact shape
:mod:`provenance.audit.bundle` writes; :func:`parse` turns any other into a one-line
message naming the file and the field.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationError,
)

from provenance.audit.bundle import FORMAT
from provenance.errors import expected_text

MANIFEST_FILES = ("MANIFEST.json", "MANIFEST.sig")
"""The two files the manifest does not list: itself and its signature."""

SHA256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,254}$")


def bundle_path(name: str) -> str:
    """``name`` if it is a relative POSIX path inside a bundle: segments of letters, digits,
    ``.``, ``_`` and ``-`` (none empty, ``.`` or ``..``, none starting with a dot), at most
    8 deep. Raises ``ValueError`` otherwise (``../x``, ``/etc/hostname``, ``a//b``,
    ``a\\b``).

    >>> bundle_path("originals/ab12")
    'originals/ab12'
    """
    parts = name.split("/")
    if len(parts) > 8 or not all(_SEGMENT.match(p) for p in parts):
        raise ValueError(f"{name[:120]!r} is not a relative path inside the bundle")
    if name in MANIFEST_FILES:
        raise ValueError(f"{name!r} cannot list itself")
    return name


def _bundle_format(value: str) -> str:
    if value != FORMAT:
        raise ValueError(f"{value[:60]!r} is not {FORMAT!r}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ManifestCheckpoint(_Strict):
    origin: str
    size: Annotated[int, Field(ge=0)]
    timestamp_token: Literal["checkpoint.txt.tsr"] | None = None
    """The checkpoint's RFC 3161 timestamp token, when the bundle carries one."""


class LeftOut(_Strict):
    sha256: str
    sources: list[str]
    reason: str


class ManifestOriginals(_Strict):
    included: list[SHA256]
    not_included: list[LeftOut]


class Manifest(_Strict):
    """``MANIFEST.json``: what the bundle holds, each file with its SHA-256."""

    format: Annotated[str, AfterValidator(_bundle_format)]
    incident: str
    checkpoint: ManifestCheckpoint
    files: dict[Annotated[str, AfterValidator(bundle_path)], SHA256]
    originals: ManifestOriginals


class ItemRow(_Strict):
    """One item row of an event in ``log/items.json``."""

    seq: int
    item_id: str
    label: str
    hash: str
    change: str


ItemRows = RootModel[
    dict[Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,18}$")], list[ItemRow]]
]
"""``log/items.json``: event seq → its item rows."""


class Proofs(_Strict):
    """``log/proofs.json``: the inclusion proof of each bundled event."""

    tree_size: Annotated[int, Field(ge=0)]
    root: str
    proofs: dict[str, list[Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]]]


class BundledItem(BaseModel):
    """One item of an item file: as stored."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: str
    label: str
    data: dict[str, Any]
    hash: str


ItemList = RootModel[list[BundledItem]]


class BundledJudgement(BaseModel):
    """One judgement of ``judgements.json`` (its other fields are not checked here)."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    a: str
    b: str
    seq: int


JudgementList = RootModel[list[BundledJudgement]]

M = TypeVar("M", bound=BaseModel)


class ShapeError(ValueError):
    """A bundle file that is not JSON of the expected shape; ``str()`` is one line."""


def parse(model: type[M], data: bytes) -> M:
    """``data`` as JSON validated by ``model``; :class:`ShapeError` naming the first bad
    field otherwise (deep nesting and bad UTF-8 included)."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ShapeError(f"not JSON ({str(exc)[:120]})") from None
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the document"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ShapeError(f"{where}: {expected_text(first)[:200]}{more}") from None
    except RecursionError:
        raise ShapeError("nested too deeply") from None
