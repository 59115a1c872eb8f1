"""W3C PROV-JSON export (package ``prov``).

Mapping — only relations the store recorded, never inferred ones:

* Entities: sources, statements, claims, incidents and strikes (``prov:type`` ``pv:Source``
  …), with their scalar fields as ``pv:`` attributes.
* Agents: organisations (``prov:Organization``), witnesses (``pv:Witness``, pseudonymous id
  only unless identities are included) and the analysts named in the audit log
  (``prov:Person``).
* Activities: every audit event (``pv:event-<seq>``; type the action — ingest, capture,
  judge, …; start time the event's UTC time; ``pv:reason``), associated with its actor; a
  judgement of two incidents carries its verdict (``pv:judgement``: same, different or
  unsure) and the pair (``pv:incident_a``, ``pv:incident_b``).
* ``PUBLISHED_BY`` → wasAttributedTo; ``PART_OF`` → actedOnBehalfOf; ``CITES`` and
  ``SUPPORTED_BY`` → wasDerivedFrom (typed ``pv:cites`` / ``pv:supported_by``);
  ``HAS_CLAIM`` → hadMember (the incident is a collection of claims); ``QUOTES``,
  ``CONTRADICTED_BY``, ``ASSESSES``, ``LINKED_TO``, ``REPORTED_BY`` → wasInfluencedBy typed
  with the relationship (and the verdict). An event's items: created entities
  wasGeneratedBy it; updated or captured ones wasInfluencedBy it; judged incidents were
  used by it.

Streamed: each record is encoded as it is read (attribute values by the ``prov`` package's
own ``encode_json_representation``) and spooled per section to a temporary file; the
sections are then joined in the order of their first record. The text is the one the
``prov`` package writes for the same document (``serialize(indent=1)``), without building
that document in memory.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, BinaryIO
from urllib.parse import quote

from provenance.audit.verify import events_with_items
from provenance.export.common import WitnessPolicy, export_data, iter_edges, iter_nodes

if TYPE_CHECKING:
    from provenance.store import Store

NS = "urn:x-provenance:"
PROGRESS_EVERY = 10_000
"""Records between two calls of a ``progress`` callback."""
ENTITY_LABELS = {"Source", "Statement", "Claim", "Incident", "Strike"}
INFLUENCES = {"QUOTES", "CONTRADICTED_BY", "ASSESSES", "LINKED_TO", "REPORTED_BY"}
RELATION_SECTIONS = {
    "PUBLISHED_BY": ("wasAttributedTo", "prov:entity", "prov:agent"),
    "PART_OF": ("actedOnBehalfOf", "prov:delegate", "prov:responsible"),
    "CITES": ("wasDerivedFrom", "prov:generatedEntity", "prov:usedEntity"),
    "SUPPORTED_BY": ("wasDerivedFrom", "prov:generatedEntity", "prov:usedEntity"),
    "HAS_CLAIM": ("hadMember", "prov:collection", "prov:entity"),
}
"""Edges written as one PROV relation: section and the formal attributes of (src, dst)."""


def qname(kind: str, item_id: str) -> str:
    """The qualified name of an item, event or analyst."""
    return f"pv:{kind}/{quote(item_id, safe='-_.~')}"


def value_json(value: Any) -> Any:
    """An attribute value as PROV-JSON writes it (ints and floats typed)."""
    from prov.serializers.provjson import encode_json_representation

    return encode_json_representation(value)


def item_attrs(label: str, data: dict[str, Any], prov_type: str) -> dict[str, Any]:
    out: dict[str, Any] = {"prov:type": prov_type, "pv:id": data.get("id", "")}
    for k, v in data.items():
        if k != "id" and isinstance(v, str | int | float) and not isinstance(v, bool):
            out[f"pv:{k}"] = value_json(v)
    return out


class Sections:
    """PROV-JSON sections spooled to temporary files, joined in order of first use."""

    def __init__(self, progress: Callable[[int, int | None], None] | None = None) -> None:
        self.progress = progress
        self.files: dict[str, IO[str]] = {}
        self.counts: dict[str, int] = {}
        self.anonymous = 0
        self.records = 0

    def add(self, section: str, attrs: dict[str, Any], identifier: str | None = None) -> None:
        """One record; a relation (no ``identifier``) gets the next ``_:idN``."""
        if identifier is None:
            self.anonymous += 1
            identifier = f"_:id{self.anonymous}"
        spool = self.files.get(section)
        if spool is None:
            spool = self.files[section] = tempfile.TemporaryFile("w+", encoding="utf-8")
            self.counts[section] = 0
        elif self.counts[section]:
            spool.write(",\n")
        record = json.dumps(attrs, indent=1).replace("\n", "\n  ")
        spool.write(f"  {json.dumps(identifier)}: {record}")
        self.counts[section] += 1
        self.records += 1
        if self.progress is not None and self.records % PROGRESS_EVERY == 0:
            self.progress(self.records, None)

    def write(self, out: BinaryIO) -> None:
        out.write(b'{\n "prefix": {\n  "pv": ' + json.dumps(NS).encode() + b"\n }")
        for section, spool in self.files.items():
            out.write(f",\n {json.dumps(section)}: {{\n".encode())
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                out.write(chunk.encode())
            out.write(b"\n }")
        out.write(b"\n}")

    def close(self) -> None:
        for spool in self.files.values():
            spool.close()


def add_nodes(sections: Sections, store: Store, policy: WitnessPolicy) -> dict[str, str]:
    """Entities and agents; return each item's label."""
    kinds: dict[str, str] = {}
    for item in iter_nodes(store):
        data = export_data(item, policy)
        if item.label in ENTITY_LABELS:
            sections.add(
                "entity", item_attrs(item.label, data, f"pv:{item.label}"), qname("item", item.id)
            )
        elif item.label == "Organisation":
            attrs = item_attrs(item.label, data, "prov:Organization")
            sections.add("agent", attrs, qname("item", item.id))
        else:  # Witness
            sections.add(
                "agent", item_attrs(item.label, data, "pv:Witness"), qname("item", item.id)
            )
        kinds[item.id] = item.label
    return kinds


def add_edges(sections: Sections, store: Store) -> None:
    """Each recorded relationship as its PROV relation."""
    for e in iter_edges(store):
        src, dst = qname("item", e.src), qname("item", e.dst)
        typed = {"prov:type": f"pv:{e.rel.lower()}"}
        if e.rel in RELATION_SECTIONS:
            section, first, second = RELATION_SECTIONS[e.rel]
            attrs = {first: src, second: dst}
            if section == "wasDerivedFrom":
                attrs.update(typed)
            sections.add(section, attrs)
        elif e.rel in INFLUENCES:
            extra = {
                f"pv:{k}": value_json(v) for k, v in e.props.items() if isinstance(v, str | int)
            }
            # the influenced item first: the one whose record depends on the other
            pair = (dst, src) if e.rel == "ASSESSES" else (src, dst)
            sections.add(
                "wasInfluencedBy",
                {"prov:influencee": pair[0], "prov:influencer": pair[1], **typed, **extra},
            )


def add_events(sections: Sections, store: Store, kinds: dict[str, str]) -> None:
    """Every audit event as an activity, with its item rows (streamed with the events:
    a fixed number of store reads whatever the length of the log)."""
    analysts: set[str] = set()
    for event, rows in events_with_items(store):
        body = event.decoded()
        act = qname("event", str(event.seq))
        start = datetime.datetime.fromisoformat(body["at"].replace("Z", "+00:00"))
        attrs: dict[str, Any] = {
            "prov:startTime": start.isoformat(),
            "prov:type": f"pv:{body['action']}",
            "pv:hash": event.hash,
        }
        if body.get("reason"):
            attrs["pv:reason"] = body["reason"]
        attrs.update(judgement_attrs(body))
        sections.add("activity", attrs, act)
        actor = qname("analyst", str(body["actor"]))
        if actor not in analysts:
            sections.add("agent", {"prov:type": "prov:Person"}, actor)
            analysts.add(actor)
        sections.add("wasAssociatedWith", {"prov:activity": act, "prov:agent": actor})
        for row in rows or []:
            add_event_row(
                sections, act, qname("item", row.item_id), row.change, kinds.get(row.item_id)
            )


def judgement_attrs(body: dict[str, Any]) -> dict[str, Any]:
    """A judge event's verdict and pair as activity attributes: ``pv:judgement``
    (same, different or unsure), ``pv:incident_a`` and ``pv:incident_b`` (the incidents'
    qualified names); nothing for any other event."""
    summary = body.get("summary") or {}
    if body.get("action") != "judge" or not {"a", "b", "judgement"} <= summary.keys():
        return {}
    return {
        "pv:judgement": str(summary["judgement"]),
        "pv:incident_a": qname("item", str(summary["a"])),
        "pv:incident_b": qname("item", str(summary["b"])),
    }


def add_event_row(
    sections: Sections, act: str, target: str, change: str, label: str | None
) -> None:
    """What one event did to one item."""
    influenced = {"prov:influencee": target, "prov:influencer": act, "prov:type": f"pv:{change}"}
    if label not in ENTITY_LABELS:
        sections.add("wasInfluencedBy", influenced)
    elif change == "created":
        sections.add("wasGeneratedBy", {"prov:entity": target, "prov:activity": act})
    elif change == "judged":
        sections.add("used", {"prov:activity": act, "prov:entity": target})
    else:
        sections.add("wasInfluencedBy", influenced)


def write_prov_json(
    store: Store,
    out: BinaryIO,
    policy: WitnessPolicy,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Write the PROV-JSON document; return the number of records. ``progress(done,
    None)`` is called every :data:`PROGRESS_EVERY` records (for a progress bar)."""
    sections = Sections(progress)
    try:
        kinds = add_nodes(sections, store, policy)
        add_edges(sections, store)
        add_events(sections, store, kinds)
        sections.write(out)
        return sections.records
    finally:
        sections.close()
