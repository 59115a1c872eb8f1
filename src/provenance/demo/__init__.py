"""The June 2017 walk-through of ``provenance demo``: the seed case, end to end.

:func:`run` loads ``examples/june-2017.yaml`` into a fresh embedded store under ``out`` and
takes it through every part of the tool — corroboration, duplicates and the casualty figure,
the evidence views, the audit log and an inquiry bundle — returning what each step found
(:class:`DemoRun`). Printing it is the CLI's. The steps are library functions of their own
in :mod:`provenance.demo.steps`; the case's names are in :mod:`provenance.demo.case` and the
bookkeeping of the files a run makes in :mod:`provenance.demo.outputs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.demo.case import (
    ACTOR,
    DUPLICATE,
    DUPLICATE_REASON,
    PERIOD_DATES,
    bundled_incident,
    example_path,
)
from provenance.demo.outputs import clear_outputs, demo_outputs, made_files, write_manifest
from provenance.demo.steps import audit_step, incident_rows, judgement_effect, write_views

if TYPE_CHECKING:
    from provenance.corroborate import Corroboration
    from provenance.demo.steps import AuditDemo, JudgementEffect
    from provenance.impact import Impact
    from provenance.store import IngestReport


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
    impact: Impact
    """What discrediting the Mosul post behind the echo chamber changes
    (:func:`provenance.impact.demo_impact`), after the duplicate judgement."""
    views: dict[str, Path]
    """The pages written, by what they show."""
    audit: AuditDemo


def run(out: Path) -> DemoRun:
    """Load the seed case into a fresh store in ``out`` and run every step on it.

    Only files an earlier run made are replaced (:func:`clear_outputs`); anything else in
    ``out`` is left alone, and a file of someone else's where the demo writes is refused
    before anything is written."""
    from provenance.corroborate import corroborate_store
    from provenance.figures import Filters
    from provenance.impact import demo_impact
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
            impact = demo_impact(store)
            views = write_views(store, out / "views")
            audit = audit_step(store, out)
    finally:
        write_manifest(out, made_files(outputs))
    return DemoRun(path, db, report, rows, corroborations, duplicates, impact, views, audit)
