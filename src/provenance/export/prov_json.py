"""W3C PROV-JSON export (package ``prov``).

Mapping — only relations the store recorded, never inferred ones:

* Entities: sources, statements, claims, incidents and strikes (``prov:type`` ``pv:Source``
  …), with their scalar fields as ``pv:`` attributes.
* Agents: organisations (``prov:Organization``), witnesses (``pv:Witness``, pseudonymous id
  only unless identities are included) and the analysts named in the audit log
  (``prov:Person``).
* Activities: every audit event (``pv:event-<seq>``; type the action — ingest, capture,
  judge, …; start time the event's UTC time; ``pv:reason``), associated with its actor.
* ``PUBLISHED_BY`` → wasAttributedTo; ``PART_OF`` → actedOnBehalfOf; ``CITES`` and
  ``SUPPORTED_BY`` → wasDerivedFrom (typed ``pv:cites`` / ``pv:supported_by``);
  ``HAS_CLAIM`` → hadMember (the incident is a collection of claims); ``QUOTES``,
  ``CONTRADICTED_BY``, ``ASSESSES``, ``LINKED_TO``, ``REPORTED_BY`` → wasInfluencedBy typed
  with the relationship (and the verdict). An event's items: created entities
  wasGeneratedBy it; updated or captured ones wasInfluencedBy it; judged incidents were
  used by it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import quote

from provenance.audit.verify import events_with_items
from provenance.export.common import WitnessPolicy, export_data, iter_edges, iter_nodes

if TYPE_CHECKING:
    from prov.model import ProvDocument

    from provenance.store import Store

NS = "urn:x-provenance:"
ENTITY_LABELS = {"Source", "Statement", "Claim", "Incident", "Strike"}
INFLUENCES = {"QUOTES", "CONTRADICTED_BY", "ASSESSES", "LINKED_TO", "REPORTED_BY"}


def _q(kind: str, item_id: str) -> str:
    return f"pv:{kind}/{quote(item_id, safe='-_.~')}"


def _attrs(label: str, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"prov:type": f"pv:{label}", "pv:id": data.get("id", "")}
    for k, v in data.items():
        if k != "id" and isinstance(v, str | int | float) and not isinstance(v, bool):
            out[f"pv:{k}"] = v
    return out


def build_document(store: Store, policy: WitnessPolicy) -> ProvDocument:
    """The PROV document of the whole store and its audit log."""
    from prov.model import ProvDocument

    doc = ProvDocument()
    doc.add_namespace("pv", NS)
    kinds: dict[str, str] = {}
    for item in iter_nodes(store):
        data = export_data(item, policy)
        if item.label in ENTITY_LABELS:
            doc.entity(_q("item", item.id), _attrs(item.label, data))
        elif item.label == "Organisation":
            attrs = _attrs("Organisation", data)
            attrs["prov:type"] = "prov:Organization"
            doc.agent(_q("item", item.id), attrs)
        else:  # Witness
            doc.agent(_q("item", item.id), _attrs("Witness", data))
        kinds[item.id] = item.label
    for e in iter_edges(store):
        src, dst = _q("item", e.src), _q("item", e.dst)
        typed = {"prov:type": f"pv:{e.rel.lower()}"}
        if e.rel == "PUBLISHED_BY":
            doc.wasAttributedTo(src, dst)
        elif e.rel == "PART_OF":
            doc.actedOnBehalfOf(src, dst)
        elif e.rel in ("CITES", "SUPPORTED_BY"):
            doc.wasDerivedFrom(src, dst, other_attributes=typed)
        elif e.rel == "HAS_CLAIM":
            doc.hadMember(src, dst)
        elif e.rel in INFLUENCES:
            extra: dict[str, Any] = dict(typed)
            extra.update({f"pv:{k}": v for k, v in e.props.items() if isinstance(v, str | int)})
            # the influenced item first: the one whose record depends on the other
            if e.rel == "ASSESSES":
                doc.wasInfluencedBy(dst, src, other_attributes=extra)
            else:
                doc.wasInfluencedBy(src, dst, other_attributes=extra)
    _events(doc, store, kinds)
    return doc


def _events(doc: ProvDocument, store: Store, kinds: dict[str, str]) -> None:
    """Every audit event as an activity, with its item rows (streamed with the events:
    a fixed number of store reads whatever the length of the log)."""
    analysts: set[str] = set()
    for event, rows in events_with_items(store):
        body = event.decoded()
        act = _q("event", str(event.seq))
        attrs: dict[str, Any] = {"prov:type": f"pv:{body['action']}", "pv:hash": event.hash}
        if body.get("reason"):
            attrs["pv:reason"] = body["reason"]
        doc.activity(act, body["at"].replace("Z", "+00:00"), None, attrs)
        actor = _q("analyst", str(body["actor"]))
        if actor not in analysts:
            doc.agent(actor, {"prov:type": "prov:Person"})
            analysts.add(actor)
        doc.wasAssociatedWith(act, actor)
        for row in rows or []:
            target = _q("item", row.item_id)
            if kinds.get(row.item_id) not in ENTITY_LABELS:
                doc.wasInfluencedBy(target, act, other_attributes={"prov:type": f"pv:{row.change}"})
            elif row.change == "created":
                doc.wasGeneratedBy(target, act)
            elif row.change == "judged":
                doc.used(act, target)
            else:
                doc.wasInfluencedBy(target, act, other_attributes={"prov:type": f"pv:{row.change}"})


def write_prov_json(store: Store, out: BinaryIO, policy: WitnessPolicy) -> int:
    """Write the PROV-JSON document; return the number of records."""
    doc = build_document(store, policy)
    out.write(str(doc.serialize(indent=1)).encode())
    return len(list(doc.get_records()))
