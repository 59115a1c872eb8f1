"""The June 2017 walk-through of ``provenance demo``: the seed case, end to end.

:func:`run` loads ``examples/june-2017.yaml`` into a fresh embedded store under ``out`` and
takes it through every part of the tool — corroboration, duplicates and the casualty figure,
the evidence views, the audit log and an inquiry bundle — returning what each step found
(:class:`DemoRun`). Printing it is the CLI's. The steps are library functions of their own
(:func:`judgement_effect`, :func:`write_views`, :func:`audit_step`); the demo is their one
home.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.errors import InputError

if TYPE_CHECKING:
    from provenance.audit.verify import LogReport
    from provenance.audit.verify_bundle import BundleReport
    from provenance.corroborate import Corroboration
    from provenance.dedupe import Candidate, JudgementOutcome
    from provenance.figures import Figure, Filters
    from provenance.store import IngestReport, Store

ACTOR = "provenance-demo"
MARKER = ".provenance-demo"
"""The file that marks a directory as the demo's own."""
PERIOD = "June 2017"
PERIOD_DATES = (dt.date(2017, 6, 1), dt.date(2017, 6, 30))
DUPLICATE = ("ill-mosul-2", "ill-mawsil-2b")
"""The pair the demo judges the same strike."""
DUPLICATE_REASON = (
    "demo: same rescuer and broadcaster report behind both; a day apart, Mosul = Al-Mawsil"
)
INCIDENT_COLUMNS = (
    "incident",
    "date",
    "place",
    "grade",
    "claim",
    "killed",
    "belligerent",
    "sources",
)
KEY_NAME = "provenance-demo"
BUNDLED_INCIDENT = "ill-mosul-1"
"""The incident bundled when the store has it (else the first incident)."""


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
    """The bundle verified offline against the public key."""


@dataclass(frozen=True)
class DemoRun:
    """What :func:`run` did, step by step."""

    case_file: Path
    store: Path
    """The demo's SQLite store, ``<out>/demo.db``."""
    ingest: IngestReport
    incidents: list[tuple[str, ...]]
    """One row per claim, in the order of :data:`INCIDENT_COLUMNS`."""
    corroborations: list[Corroboration]
    duplicates: JudgementEffect
    """The candidate pairs, the demo's judgement and the figure of :data:`PERIOD` before
    and after it."""
    views: dict[str, Path]
    """The pages written, by what they show."""
    audit: AuditDemo


def example_path() -> Path:
    """The packaged seed case file, ``examples/june-2017.yaml``."""
    return Path(str(resources.files("provenance.examples").joinpath("june-2017.yaml")))


def fresh_store_path(out: Path) -> Path:
    """Make room for a fresh demo store in ``out``, never touching anything the demo did
    not make.

    The directory is marked as the demo's on first use; a store there without the mark (a
    real store, say ``--out .``) is refused rather than deleted.
    """
    db = out / "demo.db"
    out.mkdir(parents=True, exist_ok=True)
    marker = out / MARKER
    if db.exists() and not marker.exists():
        raise InputError(
            f"{db} exists and was not made by `provenance demo`",
            "choose another --out directory; the demo never deletes a store it did not make",
        )
    marker.write_text("made by `provenance demo`; the demo store here is rebuilt on each run\n")
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    return db


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
            claim_view_from_store(store, claim), directory / f"claim-{claim}.html", force=True
        )
        for claim in claim_ids(store)
    }
    figure = figure_view_from_store(store, Filters(*PERIOD_DATES))
    written[f"figure, {PERIOD}"] = write_view(figure, directory / "figure-2017-06.html", force=True)
    return written


def audit_step(store: Store, out: Path) -> AuditDemo:
    """Make a fresh ``out/audit``: sign a checkpoint of ``store``'s log with a new key,
    verify the log against it, bundle one incident and verify the bundle offline."""
    import shutil

    from provenance.audit.bundle import write_bundle
    from provenance.audit.checkpoint import generate_key, write_keypair
    from provenance.audit.log import make_checkpoint
    from provenance.audit.verify import verify_log
    from provenance.audit.verify_bundle import verify_bundle

    audit_dir = out / "audit"
    if audit_dir.exists():
        shutil.rmtree(audit_dir)
    audit_dir.mkdir(parents=True)
    key = generate_key(KEY_NAME)
    public = audit_dir / "demo.pub"
    write_keypair(key, audit_dir / "demo.key", public)
    cp = make_checkpoint(store, key)
    checkpoint = audit_dir / "checkpoint.txt"
    checkpoint.write_text(cp.text(), encoding="utf-8")
    log = verify_log(store, [(checkpoint.name, cp)], key.public)
    incidents = [i.id for i in store.iter_items("Incident")]
    if not incidents:
        return AuditDemo(audit_dir, public, checkpoint, log, None, None, None)
    incident = BUNDLED_INCIDENT if BUNDLED_INCIDENT in incidents else incidents[0]
    bundle = audit_dir / f"bundle-{incident}"
    write_bundle(store, incident, bundle, key=key)
    report = verify_bundle(bundle, key.public)
    return AuditDemo(audit_dir, public, checkpoint, log, incident, bundle, report)


def run(out: Path) -> DemoRun:
    """Load the seed case into a fresh store in ``out`` and run every step on it."""
    from provenance.corroborate import corroborate_store
    from provenance.figures import Filters
    from provenance.ingest.casefile import load_batch
    from provenance.store import open_store

    db = fresh_store_path(out)
    path = example_path()
    batch = load_batch([path])
    with open_store(str(db), create=True) as store:
        report = store.ingest(batch, actor=ACTOR, reason="demo: the June 2017 case")
        rows = incident_rows(store)
        corroborations = list(corroborate_store(store))
        duplicates = judgement_effect(
            store,
            *DUPLICATE,
            "same",
            actor=ACTOR,
            reason=DUPLICATE_REASON,
            filters=Filters(date_from=PERIOD_DATES[0], date_to=PERIOD_DATES[1]),
        )
        views = write_views(store, out / "views")
        audit = audit_step(store, out)
    return DemoRun(path, db, report, rows, corroborations, duplicates, views, audit)
