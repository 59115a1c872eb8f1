"""The steps of the demo, each a library function of its own: the incident table, a
judgement and its effect on the figure, the evidence views, and the audit step."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.demo.case import (
    CHECKPOINT_FILE,
    FIGURE_PAGE,
    KEY_FILE,
    KEY_NAME,
    PERIOD,
    PERIOD_DATES,
    PUBLIC_FILE,
    bundle_name,
    bundled_incident,
    view_name,
)

if TYPE_CHECKING:
    from provenance.audit.local_tsa import DemoTimestamp
    from provenance.audit.verify import LogReport
    from provenance.audit.verify_bundle import BundleReport
    from provenance.dedupe import Candidate, JudgementOutcome
    from provenance.figures import Figure, Filters
    from provenance.store import Store


@dataclass(frozen=True)
class JudgementEffect:
    """What one judgement does: the candidates before it, the figure before and after."""

    candidates: list[Candidate]
    before: Figure
    outcome: JudgementOutcome
    after: Figure


@dataclass(frozen=True)
class AuditDemo:
    """What :func:`audit_step` wrote and found."""

    directory: Path
    """``<out>/audit``: the keys, the checkpoint and the bundle."""
    public_key: Path
    checkpoint: Path
    log: LogReport
    """The log verified against the checkpoint."""
    incident: str | None
    """The incident bundled, or ``None`` when the store has no incident."""
    bundle: Path | None
    bundle_report: BundleReport | None
    """The bundle verified offline against the public key (and its timestamp token against
    the local authority's root certificate)."""
    timestamp: DemoTimestamp | None
    """The checkpoint's RFC 3161 token from a throwaway local authority, or ``None`` when
    none could be made (:attr:`timestamp_problem` says why)."""
    timestamp_problem: str | None = None


def incident_rows(store: Store) -> list[tuple[str, ...]]:
    """Each claim of each incident as a row of :data:`INCIDENT_COLUMNS`."""
    claims: dict[str, list[dict[str, object]]] = {}
    for claim in store.iter_items("Claim"):
        claims.setdefault(str(claim.data["incident"]), []).append(claim.data)
    rows: list[tuple[str, ...]] = []
    for inc in store.iter_items("Incident"):
        d = inc.data
        location = d.get("location") or {}
        for c in claims.get(inc.id, []):
            killed = c.get("civilians_killed")
            supports = c.get("supported_by")
            rows.append(
                (
                    inc.id,
                    str(d["date"]),
                    str(location.get("name", "")),
                    str(d.get("grade") or ""),
                    str(c["id"]),
                    f"{killed['min']}–{killed['max']}" if isinstance(killed, dict) else "",
                    str(c.get("belligerent") or ""),
                    str(len(supports) if isinstance(supports, list) else 0),
                )
            )
    return rows


def judgement_effect(
    store: Store,
    a: str,
    b: str,
    judgement: str,
    *,
    actor: str,
    reason: str,
    filters: Filters | None = None,
    min_score: float = 0.5,
    limit: int | None = 5,
) -> JudgementEffect:
    """Record a judgement of ``a`` and ``b`` (:func:`~provenance.dedupe.load.record_judgement`)
    and return the candidate pairs (at least ``min_score``, at most ``limit``) and the figure
    under ``filters`` as they were before it, and the figure after."""
    from provenance.dedupe import duplicate_pairs, record_judgement
    from provenance.figures import figure_from_store

    candidates = duplicate_pairs(store, min_score, limit)
    before = figure_from_store(store, filters)
    outcome = record_judgement(store, a, b, judgement, actor=actor, reason=reason)
    return JudgementEffect(candidates, before, outcome, figure_from_store(store, filters))


def write_views(store: Store, directory: Path) -> dict[str, Path]:
    """Write the claim view of every claim in ``store`` and the figure view of
    :data:`PERIOD` into ``directory`` (created if missing; pages of an earlier run are
    replaced). Returns each page's path by what it shows, in order: ``"claim ID"`` for every
    claim, then ``"figure, June 2017"``."""
    from provenance.figures import Filters
    from provenance.views import claim_view_from_store, figure_view_from_store, write_view
    from provenance.views.data import claim_ids

    directory.mkdir(parents=True, exist_ok=True)
    written = {
        f"claim {claim}": write_view(
            claim_view_from_store(store, claim), directory / view_name(claim), force=True
        )
        for claim in claim_ids(store)
    }
    figure = figure_view_from_store(store, Filters(*PERIOD_DATES))
    # force: every file here was checked against the demo's manifest before the run began
    written[f"figure, {PERIOD}"] = write_view(figure, directory / FIGURE_PAGE, force=True)
    return written


def audit_step(store: Store, out: Path) -> AuditDemo:
    """In ``out/audit`` (created if missing; nothing else in it is touched): sign a
    checkpoint of ``store``'s log with a new key, have a throwaway local timestamp authority
    attest its time (RFC 3161; skipped with the reason when it cannot run, e.g. without
    ``openssl``), verify the log against it, bundle one incident with the checkpoint and its
    token and verify the bundle offline. The key files, checkpoint, token and bundle must
    not exist yet (:func:`~provenance.demo.run` removes those of an earlier run first)."""
    from provenance.audit.bundle import write_bundle
    from provenance.audit.checkpoint import generate_key, write_keypair
    from provenance.audit.log import make_checkpoint
    from provenance.audit.verify import verify_log
    from provenance.audit.verify_bundle import verify_bundle

    audit_dir = out / "audit"
    audit_dir.mkdir(parents=True, exist_ok=True)
    key = generate_key(KEY_NAME)
    public = audit_dir / PUBLIC_FILE
    write_keypair(key, audit_dir / KEY_FILE, public)
    cp = make_checkpoint(store, key)
    checkpoint = audit_dir / CHECKPOINT_FILE
    with checkpoint.open("x", encoding="utf-8") as f:
        f.write(cp.text())
    stamp, problem = _timestamp(checkpoint, audit_dir)
    log = verify_log(store, [(checkpoint.name, cp)], key.public)
    incident = bundled_incident([i.id for i in store.iter_items("Incident")])
    if incident is None:
        return AuditDemo(audit_dir, public, checkpoint, log, None, None, None, stamp, problem)
    bundle = audit_dir / bundle_name(incident)
    token = stamp.token.read_bytes() if stamp is not None else None
    write_bundle(
        store, incident, bundle, key=key, checkpoint=cp, public=key.public, timestamp=token
    )
    anchors = None
    if stamp is not None:
        from provenance.audit.tsa_verify import load_tsa_certs

        anchors = load_tsa_certs(stamp.ca_cert)
    report = verify_bundle(bundle, key.public, anchors)
    return AuditDemo(audit_dir, public, checkpoint, log, incident, bundle, report, stamp, problem)


def _timestamp(checkpoint: Path, audit_dir: Path) -> tuple[DemoTimestamp | None, str | None]:
    """The demo's local timestamp of ``checkpoint``, or why there is none."""
    from provenance.audit.local_tsa import timestamp_demo_checkpoint
    from provenance.audit.tsa_client import TSAError

    try:
        return timestamp_demo_checkpoint(checkpoint, audit_dir), None
    except TSAError as exc:
        return None, exc.brief()
