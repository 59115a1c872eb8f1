"""Running a profile (or a ``--mapping`` file) against a store: one transaction, one report."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provenance.errors import InputError
from provenance.store import Store
from provenance.wording import plural

from .base import ImportContext, ImportResult, Profile
from .withdrawn import mark_withdrawn

SHOWN_REJECTIONS = 20


def build_import(
    profile: Profile,
    paths: Sequence[Path],
    *,
    store: Store | None = None,
    encoding: str | None = None,
    id_prefix: str | None = None,
) -> ImportResult:
    """Run the profile over ``paths`` (reading ``store`` only to resolve references)."""

    def existing(ids: Any) -> set[str]:
        return set(store.get_many(list(ids))) if store is not None else set()

    def captured(ids: Any) -> dict[str, str]:
        found = store.get_many(list(ids)) if store is not None else {}
        return {i: str(item.data["sha256"]) for i, item in found.items() if item.data.get("sha256")}

    ctx = ImportContext(
        encoding=encoding, id_prefix=id_prefix, existing=existing, captured=captured
    )
    return profile.run(paths, ctx)


def run_import(
    store: Store,
    profile: Profile,
    paths: Sequence[Path],
    *,
    actor: str,
    reason: str | None = None,
    strict: bool = False,
    encoding: str | None = None,
    id_prefix: str | None = None,
    replace: bool = False,
) -> dict[str, Any]:
    """Import ``paths`` with ``profile`` into ``store``; return the import report.

    Stored items take the fields the import set before; values an analyst set are kept
    and listed in the report's ``disagreements`` where the export now differs
    (``replace``: items are replaced whole).

    Stored incidents this dataset imported before and the export no longer has are marked
    withdrawn (:func:`~.withdrawn.mark_withdrawn`), listed in the report's ``withdrawn``.

    Rejected rows are listed and the rest is ingested in one transaction (one audit event,
    action ``import``). With ``strict`` any rejected row raises :class:`InputError` and
    nothing is written.
    """
    started = time.perf_counter()
    result = build_import(profile, paths, store=store, encoding=encoding, id_prefix=id_prefix)
    if strict and result.rejections:
        shown = "\n".join(r.text() for r in result.rejections[:SHOWN_REJECTIONS])
        more = len(result.rejections) - SHOWN_REJECTIONS
        raise InputError(
            f"{plural(len(result.rejections), 'row')} rejected (--strict), nothing imported:"
            f"\n{shown}" + (f"\n… and {more} more" if more > 0 else ""),
            "fix the rows named above, or run without --strict to import the rest",
        )
    withdrawn = mark_withdrawn(store, result, paths)
    files = ", ".join(p.name for p in paths)
    result.batch.replace = replace
    report = store.ingest(
        result.batch,
        actor=actor,
        reason=reason or f"import {result.profile}: {files}",
        action="import",
    )
    out = import_report(result, paths, report, time.perf_counter() - started)
    out["withdrawn"] = withdrawn
    return out


def import_report(
    result: ImportResult, paths: Sequence[Path], report: Any, seconds: float
) -> dict[str, Any]:
    """The JSON-ready report of one import."""
    by_label: dict[str, int] = {}
    for row in result.batch.nodes:
        by_label[row.label] = by_label.get(row.label, 0) + 1
    return {
        "profile": result.profile,
        "files": [str(p) for p in paths],
        "encodings": result.encodings,
        "rows_read": result.rows_read,
        "items": len(result.batch.nodes),
        "items_by_label": by_label,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "created_by_label": report.created_by_label,
        "updated_by_label": report.updated_by_label,
        "rejected": len(result.rejections),
        "rejected_by_reason": result.rejected_by_reason(),
        "rejections": [r.as_dict() for r in result.rejections],
        "notes": result.notes,
        "warnings": result.warnings,
        "kept_with_field_dropped": len(result.field_problems),
        "kept_with_field_dropped_by_label": dict(
            Counter(p["label"] for p in result.field_problems)
        ),
        "field_problems": result.field_problems,
        "audit_event": report.event_seq,
        "disagreements": [d.as_dict() for d in report.disagreements],
        "seconds": round(seconds, 3),
    }
