"""One witness policy (issue 13, item 12): views and ``trace`` (through ``to_graph``) and
inquiry bundles show a witness by :func:`provenance.model.public_fields` — its id and role,
never another field, even one a store holds against the model."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from audit_helpers import EXAMPLE

from provenance.audit.bundle import write_bundle
from provenance.audit.checkpoint import generate_key
from provenance.ingest.casefile import load_batch
from provenance.rules import WITNESS_PUBLIC_FIELDS
from provenance.store import to_graph
from provenance.store.sqlite import SQLiteStore
from provenance.store.upstream import walk

WITNESS = "ill-w-mosul-resident"


def _store_with_a_named_witness(path: Path) -> None:
    with SQLiteStore(path, create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="t")
    db = sqlite3.connect(path, isolation_level=None)
    data = {"id": WITNESS, "role": "resident", "name": "A. Person", "phone": "+964 770 123 4567"}
    db.execute("UPDATE nodes SET data=? WHERE id=?", (json.dumps(data), WITNESS))
    db.close()


def test_graph_of_views_and_trace_shows_id_and_role_only(tmp_path: Path) -> None:
    _store_with_a_named_witness(tmp_path / "s.db")
    with SQLiteStore(tmp_path / "s.db") as store:
        graph = to_graph(walk(store, ["ill-mosul-1-c1"]))
    assert WITNESS in graph
    assert graph.nodes[WITNESS] == {"id": WITNESS, "role": "resident", "label": "Witness"}
    assert set(WITNESS_PUBLIC_FIELDS) == {"id", "role"}


def test_bundles_show_id_and_role_only(tmp_path: Path) -> None:
    _store_with_a_named_witness(tmp_path / "s.db")
    with SQLiteStore(tmp_path / "s.db") as store:
        write_bundle(store, "ill-mosul-1", tmp_path / "b", key=generate_key("k"))
    witnesses = json.loads((tmp_path / "b" / "witnesses.json").read_text())
    mine = [w for w in witnesses if w["id"] == WITNESS]
    assert mine and mine[0]["data"] == {"id": WITNESS, "role": "resident"}
    assert "A. Person" not in (tmp_path / "b" / "witnesses.json").read_text()
