"""The June 2017 walk-through of ``provenance demo``: the seed case, end to end.

:func:`run` loads ``examples/june-2017.yaml`` into a fresh embedded store under ``out`` and
takes it through every part of the tool — corroboration, duplicates and the casualty figure,
the evidence views, the audit log and an inquiry bundle — returning what each step found
(:class:`DemoRun`). Printing it is the CLI's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.errors import InputError

if TYPE_CHECKING:
    from provenance.audit.demo import AuditDemo
    from provenance.corroborate import Corroboration
    from provenance.figures import JudgementEffect
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


def run(out: Path) -> DemoRun:
    """Load the seed case into a fresh store in ``out`` and run every step on it."""
    from provenance.audit.demo import run as run_audit
    from provenance.corroborate import corroborate_store
    from provenance.figures import Filters, judgement_effect
    from provenance.ingest.casefile import load_batch
    from provenance.store import open_store
    from provenance.views import write_demo_views

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
        views = write_demo_views(store, out / "views")
        audit = run_audit(store, out)
    return DemoRun(path, db, report, rows, corroborations, duplicates, views, audit)
