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
import hashlib
import json
import os
from collections.abc import Sequence
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
"""The demo's manifest in its ``--out`` directory: every file it made there, by path and
SHA-256 (:func:`write_manifest`). A later run removes exactly those files, unchanged, and
refuses to replace anything else (:func:`clear_outputs`)."""
FIGURE_PAGE = "figure-2017-06.html"
KEY_FILE = "demo.key"
PUBLIC_FILE = "demo.pub"
CHECKPOINT_FILE = "checkpoint.txt"
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


def view_name(claim: str) -> str:
    """The file name of ``claim``'s page in ``views/``."""
    return f"claim-{claim}.html"


def bundle_name(incident: str) -> str:
    """The directory name of ``incident``'s bundle in ``audit/``."""
    return f"bundle-{incident}"


def bundled_incident(incidents: list[str]) -> str | None:
    """The incident the demo bundles: :data:`BUNDLED_INCIDENT` if among ``incidents``, else
    the first in id order (``None`` when there is none)."""
    if BUNDLED_INCIDENT in incidents:
        return BUNDLED_INCIDENT
    return min(incidents, default=None)


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


MANIFEST_VERSION = "provenance-demo/2"


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at ``path``, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def read_manifest(out: Path) -> dict[str, str]:
    """The files an earlier run made in ``out`` (path relative to ``out`` → SHA-256), from
    its :data:`MARKER`; empty when there is none (or one of an older version)."""
    try:
        doc = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = doc.get("files") if isinstance(doc, dict) else None
    if doc.get("format") != MANIFEST_VERSION or not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


PENDING = "pending"
"""The manifest's value for a path a run is about to write (and checked was free): a run
killed before it finished leaves its files marked so, and the next run may remove them."""


def write_manifest(out: Path, files: list[Path], pending: Sequence[Path] = ()) -> None:
    """Record in ``out``'s :data:`MARKER` the files of this run (those that exist) by path
    and SHA-256, and the ``pending`` paths it is about to write, so that the next run
    removes exactly these and nothing else."""
    made = {p.relative_to(out).as_posix(): PENDING for p in pending}
    made |= {
        p.relative_to(out).as_posix(): file_sha256(p)
        for p in sorted(files)
        if p.is_file() and not p.is_symlink()
    }
    doc = {
        "format": MANIFEST_VERSION,
        "note": "made by `provenance demo`: the files below are replaced on each run; nothing"
        " else here is ever touched",
        "files": made,
    }
    tmp = out / (MARKER + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, out / MARKER)


def demo_outputs(out: Path, claims: list[str], incident: str | None) -> list[Path]:
    """Every path a run into ``out`` writes, for the seed case's ``claims`` and the
    ``incident`` it bundles (a bundle is a directory)."""
    paths = [out / "demo.db", out / "demo.db-wal", out / "demo.db-shm"]
    paths += [out / "views" / view_name(c) for c in claims]
    paths.append(out / "views" / FIGURE_PAGE)
    paths += [out / "audit" / name for name in (KEY_FILE, PUBLIC_FILE, CHECKPOINT_FILE)]
    if incident is not None:
        paths.append(out / "audit" / bundle_name(incident))
    return paths


def clear_outputs(out: Path, paths: list[Path]) -> None:
    """Make room for a run: remove each of ``paths`` that an earlier run made (listed in
    its manifest with the same SHA-256; a directory, when every file in it is), and refuse
    with an :class:`~provenance.errors.InputError` naming the first that it did not make
    (or that was changed since) before removing anything."""
    made = read_manifest(out)
    doomed: list[Path] = []
    dirs: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            dirs.append(path)
            found = sorted(p for p in path.rglob("*") if not p.is_dir() or p.is_symlink())
        else:
            found = [path] if path.exists() or path.is_symlink() else []
        pending = made.get(path.relative_to(out).as_posix()) == PENDING
        for f in found:
            rel = f.relative_to(out).as_posix()
            ours = pending or made.get(rel) == file_sha256(f)
            if f.is_symlink() or not f.is_file() or not ours:
                raise InputError(
                    f"{f} exists and was not made by `provenance demo` (or was changed since)",
                    "move it away or choose another --out directory; the demo removes only"
                    " files it made itself",
                )
            doomed.append(f)
    for f in doomed:
        f.unlink()
    for d in dirs:  # empty now, but for directories of its own
        for sub in sorted((p for p in d.rglob("*") if p.is_dir()), reverse=True):
            sub.rmdir()
        d.rmdir()


def made_files(paths: list[Path]) -> list[Path]:
    """The files among ``paths`` (a directory stands for every file in it)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file()]
        elif path.is_file():
            files.append(path)
    return files


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
    checkpoint of ``store``'s log with a new key, verify the log against it, bundle one
    incident and verify the bundle offline. The key files, checkpoint and bundle must not
    exist yet (:func:`run` removes those of an earlier run first)."""
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
    log = verify_log(store, [(checkpoint.name, cp)], key.public)
    incident = bundled_incident([i.id for i in store.iter_items("Incident")])
    if incident is None:
        return AuditDemo(audit_dir, public, checkpoint, log, None, None, None)
    bundle = audit_dir / bundle_name(incident)
    write_bundle(store, incident, bundle, key=key)
    report = verify_bundle(bundle, key.public)
    return AuditDemo(audit_dir, public, checkpoint, log, incident, bundle, report)


def run(out: Path) -> DemoRun:
    """Load the seed case into a fresh store in ``out`` and run every step on it.

    Only files an earlier run made are replaced (:func:`clear_outputs`); anything else in
    ``out`` is left alone, and a file of someone else's where the demo writes is refused
    before anything is written."""
    from provenance.corroborate import corroborate_store
    from provenance.figures import Filters
    from provenance.ingest.casefile import load_batch
    from provenance.store import open_store

    path = example_path()
    batch = load_batch([path])
    out.mkdir(parents=True, exist_ok=True)
    outputs = demo_outputs(
        out,
        [n.id for n in batch.nodes if n.label == "Claim"],
        bundled_incident([n.id for n in batch.nodes if n.label == "Incident"]),
    )
    clear_outputs(out, outputs)
    write_manifest(out, [], pending=outputs)
    db = out / "demo.db"
    try:
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
    finally:
        write_manifest(out, made_files(outputs))
    return DemoRun(path, db, report, rows, corroborations, duplicates, views, audit)
