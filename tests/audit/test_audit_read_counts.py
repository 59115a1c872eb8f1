"""``audit log`` and ``audit bundle`` read the store in a number of calls that does not grow
with the number of events (no query per event or per item)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from audit_helpers import EXAMPLE, CountingStore

from provenance.audit.bundle import write_bundle
from provenance.audit.checkpoint import generate_key
from provenance.audit.log import item_history, recent_events
from provenance.export.common import WitnessPolicy
from provenance.export.prov_json import write_prov_json
from provenance.ingest.casefile import load_batch


def _calls(tmp_path: Path, judgements: int, work: Callable[[CountingStore, Path], Any]) -> Any:
    """The store calls of ``work`` on the June 2017 case whose incident ill-mosul-1 was
    judged ``judgements`` times (one more event in its history each time)."""
    root = tmp_path / str(judgements)
    with CountingStore(root / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="ana", reason="case")
        for i in range(judgements):
            verdict = "different" if i % 2 == 0 else "unsure"
            store.judge("ill-mosul-1", "ill-raqqa-1", verdict, actor="ana", reason=f"look {i}")
        store.calls.clear()
        result = work(store, root)
        return dict(store.calls), result


def test_item_history_reads_do_not_grow_with_its_events(tmp_path: Path) -> None:
    few, short = _calls(tmp_path, 1, lambda s, _: item_history(s, "ill-mosul-1"))
    many, long = _calls(tmp_path, 12, lambda s, _: item_history(s, "ill-mosul-1"))
    assert (len(short), len(long)) == (2, 13)
    assert few == many, (few, many)
    assert sum(many.values()) <= 3


def test_recent_events_reads_do_not_grow_with_the_limit(tmp_path: Path) -> None:
    few, _ = _calls(tmp_path, 12, lambda s, _: recent_events(s, 2))
    many, rows = _calls(tmp_path / "b", 12, lambda s, _: recent_events(s, 12))
    assert len(rows) == 12 and few == many


def test_bundle_reads_do_not_grow_with_the_incident_history(tmp_path: Path) -> None:
    key = generate_key("m")

    def bundle(store: CountingStore, root: Path) -> dict[str, Any]:
        return write_bundle(store, "ill-mosul-1", root / "b", key=key)

    few, small = _calls(tmp_path, 1, bundle)
    many, large = _calls(tmp_path, 12, bundle)
    assert small["checkpoint"]["size"] == 2 and large["checkpoint"]["size"] == 13
    assert few == many, (few, many)
    assert few["audit_events"] <= 2 and few.get("audit_items", 0) == 0


def test_prov_json_reads_do_not_grow_with_the_log(tmp_path: Path) -> None:
    def export(store: CountingStore, _: Path) -> int:
        return write_prov_json(store, io.BytesIO(), WitnessPolicy())

    few, _ = _calls(tmp_path, 1, export)
    many, _ = _calls(tmp_path, 12, export)
    assert few == many, (few, many)
