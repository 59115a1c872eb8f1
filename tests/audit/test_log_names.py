"""``audit log --item``: beside a source id, its outlet (publisher's name) or author
(issue 14 part 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli_helpers import run_cli, run_json
from paths import EXAMPLE

from provenance.audit.log import item_log


def test_item_log_names_the_outlet_or_author(sqlite_store: Any) -> None:
    from provenance.ingest.casefile import load_batch

    sqlite_store.ingest(load_batch([EXAMPLE]), actor="t")
    published = item_log(sqlite_store, "ill-src-mosul2-broadcaster-ar")
    assert published.heading() == (
        "ill-src-mosul2-broadcaster-ar (Source; Illustrative Broadcaster Arabic)"
    )
    authored = item_log(sqlite_store, "ill-src-mawsil-monitor")
    assert authored.outlet == "@ill_mawsil_monitor" and len(authored.entries) == 1
    incident = item_log(sqlite_store, "ill-mosul-1")
    assert incident.heading() == "ill-mosul-1 (Incident)" and incident.outlet is None


def test_audit_log_prints_the_outlet_beside_the_source_id(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run_json("ingest", str(EXAMPLE), store=db)
    text = run_cli("audit", "log", "--item", "ill-src-mawsil-monitor", store=db, check=True).stdout
    assert text.splitlines()[0] == "History of ill-src-mawsil-monitor (Source; @ill_mawsil_monitor)"
    [row] = run_json("audit", "log", "--item", "ill-src-mosul2-broadcaster-ar", store=db)
    assert row["item"] == "ill-src-mosul2-broadcaster-ar"
    assert row["outlet"] == "Illustrative Broadcaster Arabic" and row["action"] == "ingest"
