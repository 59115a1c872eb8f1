"""Outlet judgements as data: what ``provenance outlets judge A B same|different`` decides
(:class:`OutletDecision`, :class:`OrgChange`) and what is kept of it (:class:`OutletJudgement`).

Pure and shared: :mod:`provenance.outlets.judge` decides with these types and the store
(:mod:`provenance.store.outlets`) writes and reads them, neither importing the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from provenance.errors import UsageError

OUTLET_JUDGEMENT_KIND = "outlet_judgement"
"""The ``kind`` of an outlet judgement's line in a JSON Lines export."""
OutletVerdict = Literal["same", "different"]
OUTLET_VERDICTS: tuple[str, ...] = ("same", "different")
ORG_FIELDS = ("aliases", "domains")
"""The organisation fields an outlet judgement adds to or removes from."""


def check_outlet_verdict(verdict: str) -> OutletVerdict:
    """``verdict`` as a verdict; :class:`UsageError` (exit 2) unless same or different."""
    if verdict == "same":
        return "same"
    if verdict == "different":
        return "different"
    raise UsageError(f"unknown verdict {verdict!r}", "use one of: same, different")


def changes_of(value: Any) -> dict[str, list[str]]:
    """``{"aliases": [...], "domains": [...]}`` with only the non-empty fields of ``value``."""
    if not isinstance(value, dict):
        return {}
    return {f: [str(x) for x in value[f]] for f in ORG_FIELDS if value.get(f)}


@dataclass(frozen=True)
class OutletJudgement:
    """The current judgement of the pair ``a < b`` and the event ``seq`` that recorded it.

    For ``same``: the ``organisation`` they belong to, what the judgement ``added`` to it
    (``{"aliases": [...], "domains": [...]}``) and whether it ``created`` it; for
    ``different``: what it ``removed`` from ``organisation`` (the aliases an earlier
    ``same`` of the pair had added).
    """

    a: str
    b: str
    verdict: str
    actor: str
    at: str
    reason: str
    seq: int
    organisation: str | None = None
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    created: bool = False

    def props(self) -> dict[str, Any]:
        """The stored properties (everything but the pair)."""
        return {k: v for k, v in self.as_dict().items() if k not in ("a", "b")}

    def as_dict(self) -> dict[str, Any]:
        """The judgement as one JSON-ready mapping."""
        return {
            "a": self.a,
            "b": self.b,
            "verdict": self.verdict,
            "actor": self.actor,
            "at": self.at,
            "reason": self.reason,
            "seq": self.seq,
            "organisation": self.organisation,
            "added": self.added,
            "removed": self.removed,
            "created": self.created,
        }

    @classmethod
    def from_props(cls, a: str, b: str, props: dict[str, Any]) -> OutletJudgement:
        """The judgement stored for ``a`` and ``b`` with properties ``props``."""
        return cls(
            a,
            b,
            str(props["verdict"]),
            str(props["actor"]),
            str(props["at"]),
            str(props["reason"]),
            int(props["seq"]),
            props.get("organisation"),
            changes_of(props.get("added")),
            changes_of(props.get("removed")),
            bool(props.get("created")),
        )


@dataclass(frozen=True)
class OrgChange:
    """Fields to give organisation ``id`` (created when ``create``)."""

    id: str
    fields: dict[str, Any]
    create: bool = False


@dataclass(frozen=True)
class OutletDecision:
    """What an outlet judgement of ``a < b`` changes: the organisation's fields (``None``:
    none) and what the stored judgement says (:class:`OutletJudgement`'s fields)."""

    a: str
    b: str
    verdict: OutletVerdict
    org: OrgChange | None = None
    organisation: str | None = None
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    created: bool = False


def cannot_links(judgements: list[OutletJudgement]) -> set[frozenset[str]]:
    """The pairs whose current judgement is ``different``."""
    return {frozenset((j.a, j.b)) for j in judgements if j.verdict == "different"}
