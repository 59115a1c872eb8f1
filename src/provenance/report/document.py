"""The evidence report as plain data: what an annex to an inquiry prints (pure).

A :class:`Report` holds, for a claim, an incident or a figure: the subjects (each claim with
its corroboration and its chains as tables, grouped by incident), a card for every item of
the evidence (each field with who set it, the audit events that recorded the item), the
audit events with their Merkle inclusion proofs (:mod:`provenance.report.proofs`) and the
checkpoint they lead to. :mod:`provenance.report.load` fills it from a store;
:mod:`provenance.report.html` prints it. Every string here is untrusted text from the data:
the renderer escapes it.

Witnesses appear by pseudonymous id and role only (:func:`provenance.rules.public_fields`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.corroborate.links import SAME_UNIT
from provenance.outlets.names import name_of
from provenance.rules import public_fields

if TYPE_CHECKING:
    from provenance.corroborate import Corroboration
    from provenance.report.proofs import CheckpointInfo, EventProof

FIELD_ORDER: dict[str, tuple[str, ...]] = {
    "Incident": (
        "title", "date", "date_end", "location", "country", "belligerents", "strike_type",
        "grade", "notes",
    ),
    "Claim": ("civilians_killed", "civilians_injured", "belligerent", "text", "supported_by",
              "contradicted_by"),
    "Source": (
        "kind", "title", "publisher", "author", "url", "archive_url", "published_at",
        "captured_at", "sha256", "reliability", "language", "cites", "quotes",
    ),
    "Statement": ("issuer", "date", "text", "url", "assessments"),
    "Witness": ("role",),
}  # fmt: skip
"""The fields of each kind printed first, in this order; any other field follows."""

HIDDEN = frozenset({"id", "origins", "incident", "claims"})
"""Stored keys that are not printed as fields (the id heads the card; origins are the
"set by" column; structure)."""

CAPTURE_FIELDS = frozenset({"sha256", "captured_at", "url"})
"""Fields ``capture`` sets on a source (a capture writes no origins: its audit event says
who captured what)."""

RELATIONSHIPS = {
    "SUPPORTED_BY": "supported by",
    "CONTRADICTED_BY": "contradicted by",
    "CITES": "cites",
    "QUOTES": "quotes",
}
"""How a chain step's relationship reads."""


@dataclass(frozen=True)
class FieldRow:
    """One field of an item: its name, its value as text, and who set it."""

    name: str
    value: str
    set_by: str


@dataclass(frozen=True)
class HistoryRow:
    """One audit event that touched an item: the event, what it did, the content hash then."""

    seq: int
    change: str
    hash: str


@dataclass(frozen=True)
class ItemCard:
    """One item of the evidence as printed: what a reader knows it by, its fields and its
    history in the audit log. ``record`` is its stored data as RFC 8785 canonical JSON
    (what its content ``hash`` is the SHA-256 of), ``None`` when withheld."""

    id: str
    label: str
    name: str | None
    fields: list[FieldRow]
    hash: str
    history: list[HistoryRow] = field(default_factory=list)
    record: str | None = None

    @property
    def logged(self) -> bool:
        """Whether the latest event that touched the item recorded its present content."""
        return bool(self.history) and self.history[-1].hash == self.hash


@dataclass(frozen=True)
class ChainStep:
    """One row of a chain table: how this item is joined to the row above, and the item."""

    position: int
    relationship: str
    id: str
    label: str
    kind: str
    name: str
    reliability: str


@dataclass(frozen=True)
class ClaimSection:
    """A claim and its corroboration, its chains as tables."""

    claim: ItemCard
    result: Corroboration
    chains: list[list[ChainStep]]
    contradicting: list[list[ChainStep]]

    def labelled(self, item_id: str) -> str:
        """``id (outlet)`` where the result names an outlet, else the id."""
        name = self.result.names.get(item_id)
        return f"{item_id} ({name})" if name else item_id


@dataclass(frozen=True)
class IncidentSection:
    """An incident, the official assessments of it, and its claims."""

    incident: ItemCard
    claims: list[ClaimSection]
    assessments: list[tuple[str, str, str]] = field(default_factory=list)
    """``(statement id, verdict, acknowledged deaths)`` of each statement assessing it."""


@dataclass(frozen=True)
class FigureSummary:
    """What a figure report states before its incidents: the filters and the totals."""

    label: str
    lines: list[str]
    totals: list[tuple[str, str]]


@dataclass(frozen=True)
class Report:
    """A whole evidence report (see the module docstring)."""

    kind: str
    """``claim``, ``incident`` or ``figure``."""
    title: str
    subject: str
    generated_at: str
    tool_version: str
    store: str
    incidents: list[IncidentSection]
    items: list[ItemCard]
    events: list[EventProof]
    checkpoint: CheckpointInfo
    figure: FigureSummary | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def claims(self) -> list[ClaimSection]:
        """Every claim section, in the order printed."""
        return [c for inc in self.incidents for c in inc.claims]

    def chain_ids(self) -> list[str]:
        """Every id of every chain (supporting and contradicting), each once."""
        ids = [i for c in self.claims for ch in (*c.result.chains, *c.result.contradicting.chains)
               for i in ch]  # fmt: skip
        return list(dict.fromkeys(ids))


# --- building the parts (pure) ------------------------------------------------------------


def value_text(value: Any) -> str:
    """A stored value as a reader reads it: a casualty range ``12–18``, a place by its
    name, a list joined by commas, anything else as compact JSON or text.

    >>> value_text({"min": 12, "max": 18}), value_text(["a", "b"]), value_text(None)
    ('12–18', 'a, b', '')
    >>> value_text({"name": "Old City, Mosul", "lat": 36.342, "lon": 43.13})
    'Old City, Mosul (36.342, 43.13)'
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        if set(value) == {"min", "max"}:
            low, high = value["min"], value["max"]
            return str(low) if low == high else f"{low}–{high}"
        if "name" in value and isinstance(value["name"], str):
            where = value["name"]
            if value.get("lat") is not None and value.get("lon") is not None:
                where += f" ({value['lat']}, {value['lon']})"
            rest = {k: v for k, v in value.items() if k not in {"name", "lat", "lon"} and v}
            return where + (f"; {json.dumps(rest, ensure_ascii=False)}" if rest else "")
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    return str(value)


def origin_text(origin: Mapping[str, str] | None) -> str:
    """Who set a field: ``import airwars (incidents_flat.csv)``, ``case file``,
    ``analyst alice, 2026-…Z: reason``, or ``—`` (nobody: a default, or a write made
    before origins were kept).

    >>> origin_text({"by": "import", "source": "airwars", "file": "x.csv"}), origin_text(None)
    ('import airwars (x.csv)', '—')
    """
    if not origin:
        return "—"
    by = origin.get("by", "")
    if by == "import":
        file = origin.get("file")
        return f"import {origin.get('source', '')}" + (f" ({file})" if file else "")
    if by == "case":
        return "case file"
    if by == "analyst":
        reason = origin.get("reason")
        return f"analyst {origin.get('actor', '')}, {origin.get('at', '')}" + (
            f": {reason}" if reason else ""
        )
    return by or "—"


def item_card(
    item_id: str,
    label: str,
    data: Mapping[str, Any],
    content_hash: str,
    *,
    origins: Mapping[str, Mapping[str, str]],
    org_names: Mapping[str, str],
    history: Sequence[HistoryRow] = (),
    record: str | None = None,
    captured_by: str | None = None,
) -> ItemCard:
    """The card of one stored item: its non-empty fields in :data:`FIELD_ORDER`, each with
    who set it (``origins``: :func:`provenance.store.origins_of` of its data; a
    :data:`CAPTURE_FIELDS` field without one: ``captured_by``, the capture's event), a
    publisher or issuer shown with its name. A witness shows its id and role only."""
    shown = public_fields(label, data)
    order = FIELD_ORDER.get(label, ())
    names = [n for n in order if n in shown] + sorted(set(shown) - set(order) - HIDDEN)
    rows = []
    for name in names:
        value = shown.get(name)
        if value in (None, "", [], {}):
            continue
        text = value_text(value)
        if name in ("publisher", "issuer") and isinstance(value, str) and org_names.get(value):
            text = f"{org_names[value]} ({value})"
        origin = origins.get(name)
        set_by = origin_text(origin)
        if origin is None and captured_by and name in CAPTURE_FIELDS:
            set_by = captured_by
        rows.append(FieldRow(name, text, set_by))
    if label == "Source":
        rows += absent_source_fields(shown)
    outlet = None
    if label in ("Source", "Statement"):
        outlet = name_of(data.get("publisher") or data.get("issuer"), data.get("author"), org_names)
    elif label == "Witness":
        outlet = f"witness ({shown.get('role') or 'role not given'})"
    return ItemCard(item_id, label, outlet, rows, content_hash, list(history), record)


ABSENT_SOURCE_FIELDS = {
    "archive_url": "none recorded",
    "sha256": "not captured: no original kept (provenance capture)",
    "reliability": "not given (counts as F: cannot be judged)",
}
"""What a source's card says of these fields when they are empty."""


def absent_source_fields(data: Mapping[str, Any]) -> list[FieldRow]:
    """Rows saying plainly that a source has no archive copy, capture or reliability."""
    return [
        FieldRow(name, text, "—")
        for name, text in ABSENT_SOURCE_FIELDS.items()
        if data.get(name) in (None, "", [], {})
    ]


def chain_table(
    chain: Sequence[str], links: Sequence[Any], cards: Mapping[str, ItemCard]
) -> list[ChainStep]:
    """One chain (ids from the claim to an origin) as table rows; ``links`` are the
    result's :class:`~provenance.corroborate.result.Link` of each step."""
    steps: list[ChainStep] = []
    for i, item_id in enumerate(chain):
        if i == 0:
            relationship = "the claim"
        else:
            link = links[i - 1] if i - 1 < len(links) else None
            rel = str(getattr(link, "rel", ""))
            if rel == SAME_UNIT:
                unit = getattr(link, "unit", None) or "one unit"
                relationship = f"same unit as the row above ({unit}): one source, no citation"
            else:
                relationship = RELATIONSHIPS.get(rel, rel.lower() or "→")
        card = cards.get(item_id)
        fields = {f.name: f.value for f in card.fields} if card else {}
        steps.append(
            ChainStep(
                position=i,
                relationship=relationship,
                id=item_id,
                label=card.label if card else "",
                kind=fields.get("kind") or fields.get("role") or "",
                name=(card.name if card and card.name else ""),
                reliability=fields.get("reliability", ""),
            )
        )
    return steps


def claim_section(result: Corroboration, cards: Mapping[str, ItemCard]) -> ClaimSection:
    """The section of one corroborated claim (its card must be in ``cards``)."""
    con = result.contradicting
    return ClaimSection(
        claim=cards[result.claim],
        result=result,
        chains=[
            chain_table(ch, result.links[i] if i < len(result.links) else [], cards)
            for i, ch in enumerate(result.chains)
        ],
        contradicting=[
            chain_table(ch, con.links[i] if i < len(con.links) else [], cards)
            for i, ch in enumerate(con.chains)
        ],
    )
