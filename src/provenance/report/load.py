"""Reading a report's evidence from a store: the only module of :mod:`provenance.report`
that touches one.

Each entry point names its subject as ``provenance show`` does (an id, a monitor's code
such as ``RS4720``, a URL: :func:`provenance.find.resolve`) or, for a figure, by the filters
of ``provenance figure`` (:class:`provenance.figures.Filters`), and reads, through the
store contract only: the incidents and claims, their upstream evidence in one traversal
(:meth:`Store.upstream`), the statements assessing the incidents, and the audit log in one
streamed pass (:func:`provenance.audit.bundle.extract_log`: the Merkle tree and the events
that touched an item of the report). The rest is pure (:mod:`.document`, :mod:`.proofs`).

A report is a read: it records no audit event (DESIGN.md "Audit and custody" audits
mutations and identity exports; a report never holds identities). Were it audited, the log
would grow with every report and each report's proofs would no longer reach the newest head.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from provenance import __version__
from provenance.audit.bundle import extract_log
from provenance.audit.checkpoint import load_checkpoint, load_public_key
from provenance.canonical import canonical_bytes
from provenance.corroborate import check_reliability, corroborate_all
from provenance.errors import UsageError
from provenance.figures import Filters, figure_from_store, figure_lines
from provenance.find import resolve_claim, resolve_incident
from provenance.report.document import (
    FigureSummary,
    HistoryRow,
    IncidentSection,
    ItemCard,
    Report,
    claim_section,
    item_card,
)
from provenance.report.proofs import EventProof, checkpoint_info, event_proof
from provenance.rules import public_fields
from provenance.store import fields_of, find_incident, origins_of, to_graph
from provenance.wording import range_text

if TYPE_CHECKING:
    from provenance.audit.bundle import LogExtract
    from provenance.audit.checkpoint import Checkpoint, PublicKey
    from provenance.store import Store, StoredItem

ALL_ROWS_UP_TO = 200
"""An event that touched at most this many items has all its rows printed as the JSON its
``items.digest`` is the SHA-256 of (so it can be recomputed from the report); of a larger
one (an import) only the rows of the report's items."""


def load_anchor(
    checkpoint: Path | None, pubkey: Path | None
) -> tuple[Checkpoint | None, PublicKey | None]:
    """The checkpoint the proofs are to lead to and its signer's key, read from the files
    ``--checkpoint`` and ``--pubkey`` name (neither: ``(None, None)``); a checkpoint without
    its key is a :class:`~provenance.errors.UsageError`, as for ``audit verify``."""
    if checkpoint is None:
        return None, None
    if pubkey is None:
        raise UsageError("--checkpoint needs --pubkey", "give the public key of the signer")
    return load_checkpoint(checkpoint), load_public_key(pubkey)


def claim_id_of(store: Store, ref: str) -> str:
    """The claim ``ref`` names: a claim, or an incident's only claim
    (:func:`provenance.find.resolve_claim`)."""
    return resolve_claim(store, ref).id


def incident_id_of(store: Store, ref: str) -> str:
    """The incident ``ref`` names: an incident, or a claim's
    (:func:`provenance.find.resolve_incident`)."""
    return resolve_incident(store, ref).id


def claim_report(
    store: Store,
    ref: str,
    *,
    checkpoint: Checkpoint | None = None,
    key: PublicKey | None = None,
    min_reliability: str = "F",
) -> Report:
    """The evidence report of one claim (see :func:`claim_id_of` for ``ref``)."""
    check_reliability(min_reliability)
    claim = claim_id_of(store, ref)
    item = store.get(claim)
    incident = str(item.data.get("incident")) if item else ""
    return build_report(
        store,
        kind="claim",
        title=f"Evidence report: claim {claim}",
        subject=claim,
        incidents=[(incident, [claim])],
        checkpoint=(checkpoint, key),
        min_reliability=min_reliability,
    )


def incident_report(
    store: Store,
    ref: str,
    *,
    checkpoint: Checkpoint | None = None,
    key: PublicKey | None = None,
    min_reliability: str = "F",
) -> Report:
    """The evidence report of one incident and each of its claims."""
    check_reliability(min_reliability)
    incident = incident_id_of(store, ref)
    _, claims = find_incident(store, incident)
    return build_report(
        store,
        kind="incident",
        title=f"Evidence report: incident {incident}",
        subject=incident,
        incidents=[(incident, claims)],
        checkpoint=(checkpoint, key),
        min_reliability=min_reliability,
    )


def figure_report(
    store: Store,
    filters: Filters | None = None,
    *,
    checkpoint: Checkpoint | None = None,
    key: PublicKey | None = None,
) -> Report:
    """The evidence report of a casualty figure: its totals (with the incidents whose
    casualties were not recorded and the undated ones counted apart), then each incident
    it counts or lists as not recorded, with all its claims."""
    f = filters or Filters()
    fig = figure_from_store(store, f)
    ids = list(dict.fromkeys([*fig.incident_ids, *fig.not_recorded_ids]))
    edges = store.edges(ids, ["HAS_CLAIM"], "out")
    claims: dict[str, list[str]] = {i: [] for i in ids}
    for e in edges:
        claims[e.src].append(e.dst)
    k, inj = fig.civilians_killed, fig.civilians_injured
    totals = [
        ("incidents with recorded casualties (each counted once)", f"{fig.incidents:,}"),
        ("civilians killed", range_text(k.min, k.max)),
        ("civilians injured", range_text(inj.min, inj.max)),
        ("casualties not recorded (not in the totals, never 0)", f"{fig.not_recorded:,}"),
        ("undated (not counted: no date)", f"{fig.undated:,}"),
    ]
    label = figure_label(f)
    summary = FigureSummary(label, figure_lines(fig, None), totals)
    return build_report(
        store,
        kind="figure",
        title=f"Evidence report: casualty figure, {label}",
        subject=label,
        incidents=[(i, sorted(claims[i])) for i in ids],
        checkpoint=(checkpoint, key),
        figure=summary,
    )


def figure_label(f: Filters) -> str:
    """The filters of a figure in words: ``2017-06-01 to 2017-06-30, IQ, US-led coalition``."""
    parts = []
    if f.date_from or f.date_to:
        parts.append(f"{f.date_from or 'the start'} to {f.date_to or 'the end'}")
    parts += [p for p in (f.country, f.belligerent, f.dataset) if p]
    if f.min_grade:
        parts.append(f"grade {f.min_grade} or better")
    return ", ".join(parts) or "every incident"


def build_report(
    store: Store,
    *,
    kind: str,
    title: str,
    subject: str,
    incidents: Sequence[tuple[str, list[str]]],
    checkpoint: tuple[Checkpoint | None, PublicKey | None],
    min_reliability: str = "F",
    figure: FigureSummary | None = None,
) -> Report:
    """Read everything a report of ``incidents`` (each with the claims to print) shows."""
    claim_ids = [c for _, cs in incidents for c in cs]
    up = store.upstream(claim_ids) if claim_ids else None
    items: dict[str, StoredItem] = dict(store.get_many([i for i, _ in incidents if i]))
    if up is not None:
        items.update(up.items)
    orgs = {
        o.id: str(o.data.get("name") or o.id) for o in (up.organisations if up else {}).values()
    }
    log = extract_log(store, set(items), set(), None)
    actions = {e.seq: str(e.decoded().get("action")) for e in log.events}
    cards = {i: _card(it, orgs, log, actions) for i, it in items.items()}
    results = {}
    if up is not None:
        graph = to_graph(up)
        results = {
            r.claim: r for r in corroborate_all(graph, claim_ids, min_reliability=min_reliability)
        }
    assessments = _assessments(store, [i for i, _ in incidents])
    sections = [
        IncidentSection(
            incident=cards[i] if i in cards else _missing(i),
            claims=[claim_section(results[c], cards) for c in cs],
            assessments=assessments.get(i, []),
        )
        for i, cs in incidents
    ]
    cp, key = checkpoint
    info = checkpoint_info(log.tree, cp, key)
    return Report(
        kind=kind,
        title=title,
        subject=subject,
        generated_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        tool_version=__version__,
        store=store.uri,
        incidents=sections,
        items=sorted(cards.values(), key=lambda c: (LABEL_ORDER.get(c.label, 9), c.id)),
        events=_events(log, set(items), info.size),
        checkpoint=info,
        figure=figure,
        notes=[f"sources below reliability {min_reliability} set aside"]
        if min_reliability != "F"
        else [],
    )


LABEL_ORDER = {"Incident": 0, "Claim": 1, "Source": 2, "Statement": 3, "Witness": 4}
"""The order of the item cards: incidents, claims, sources, statements, witnesses."""


def _missing(item_id: str) -> ItemCard:
    return ItemCard(item_id, "Incident", None, [], "")


def _card(
    item: StoredItem, orgs: dict[str, str], log: LogExtract, actions: dict[int, str]
) -> ItemCard:
    history = sorted(
        (
            HistoryRow(seq, r.change, r.hash)
            for seq, rows in log.rows.items()
            for r in rows
            if r.item_id == item.id
        ),
        key=lambda h: h.seq,
    )
    captures = [h.seq for h in history if actions.get(h.seq) == "capture"]
    stored = fields_of(item.data)
    public = public_fields(item.label, stored) == stored
    record = canonical_bytes(item.data).decode("utf-8") if public else None
    return item_card(
        item.id,
        item.label,
        item.data,
        item.hash,
        origins=origins_of(item.data),
        org_names=orgs,
        history=history,
        record=record,
        captured_by=f"capture, audit event {captures[-1]}" if captures else None,
    )


def _assessments(store: Store, incident_ids: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """``(statement, verdict, acknowledged)`` of the statements assessing each incident."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for e in sorted(store.edges(incident_ids, ["ASSESSES"], "in"), key=lambda e: e.src):
        ack = e.props.get("civilians_killed_acknowledged")
        out.setdefault(e.dst, []).append(
            (e.src, str(e.props.get("verdict") or ""), "" if ack is None else str(ack))
        )
    return out


def _events(log: LogExtract, item_ids: set[str], size: int) -> list[EventProof]:
    """Every event that touched an item of the report, with its proof in the first
    ``size`` events."""
    out = []
    for event in log.events:
        rows = [(r.item_id, r.label, r.hash, r.change) for r in log.rows.get(event.seq, [])]
        mine = [r for r in rows if r[0] in item_ids]
        every = rows if len(rows) <= ALL_ROWS_UP_TO else None
        out.append(event_proof(event, log.tree, size, mine, every_row=every))
    return out
