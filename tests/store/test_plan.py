"""Planning an ingest reads the store a fixed number of times, whatever the batch size (no
read per item or per reference), and reports what it will write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from provenance.model import Organisation, Source
from provenance.store.plan import plan
from provenance.store.rows import Batch
from provenance.store.sqlite import SQLiteStore


def _batch(n: int, *, title: str = "t", sha256: str | None = None) -> Batch:
    batch = Batch()
    batch.add(Organisation(id="org", name="O"), "org")
    for i in range(n):
        source = Source(id=f"s{i}", kind="news", title=title, publisher="org", sha256=sha256)
        batch.add(source, f"sources[{i}]")
    return batch


def _counting(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"stored_versions": 0, "get_many": 0}
    for name in calls:
        method = getattr(store, name)

        def counted(ids: Any, _method: Any = method, _name: str = name) -> Any:
            calls[_name] += 1
            return _method(ids)

        monkeypatch.setattr(store, name, counted)
    return calls


@pytest.mark.parametrize("n", [1, 700])
def test_plan_reads_a_fixed_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int
) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(_batch(n, sha256="a" * 64), actor="t")
        calls = _counting(store, monkeypatch)
        fresh = _batch(n, title="edited")  # every source updated, the organisation unchanged
        p = plan(store, fresh)
        # versions of the batch's ids; the stored captures of the updated sources (one read)
        assert calls == {"stored_versions": 1, "get_many": 1}
        assert (len(p.create), len(p.update), p.unchanged) == (0, n, 1)
        assert all(r.data["sha256"] == "a" * 64 for r in p.update)  # the custody rule
        assert p.summary() == {"created": {}, "updated": {"Source": n}}
        assert [row[0] for row in p.audit_items()] == sorted(r.id for r in p.update)
        report = p.report(7)
        assert (report.updated, report.event_seq, report.updated_by_label) == (n, 7, {"Source": n})
        assert p.report(None).event_seq is None


def test_references_to_the_store_are_checked_in_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(_batch(0), actor="t")  # the organisation only
        calls = _counting(store, monkeypatch)
        batch = Batch()
        for i in range(600):
            batch.add(Source(id=f"s{i}", kind="news", publisher="org"), f"sources[{i}]")
        p = plan(store, batch)
        # the batch's ids, then the referenced ids that are not in the batch
        assert calls == {"stored_versions": 2, "get_many": 0}
        assert len(p.create) == 600 and len(p.edges) == 600


def test_a_claim_without_its_incident_is_an_input_error() -> None:
    from provenance.errors import InputError
    from provenance.model import Claim
    from provenance.store import node_and_edges

    with pytest.raises(InputError, match="claim 'c1' belongs to no incident"):
        node_and_edges(Claim(id="c1"))


def test_what_a_reference_may_name_depends_on_its_relationship_only() -> None:
    from provenance.store.plan import TARGETS_OF_REL
    from provenance.store.rows import REFERENCE_TARGETS

    for (owner, rel), targets in REFERENCE_TARGETS.items():
        assert TARGETS_OF_REL[rel] == targets, (owner, rel)


@pytest.mark.parametrize(
    ("field", "expected"),
    [("incident", "which is a Source, expected Incident"), ("supported", "expected Source or")],
)
def test_a_wrong_reference_within_the_batch_is_named(
    tmp_path: Path, field: str, expected: str
) -> None:
    from provenance.errors import ReferenceError_
    from provenance.model import Claim, Incident

    batch = _batch(1)
    batch.add(Incident(id="inc", title="T"), "incidents[0]")
    bad = "s0" if field == "incident" else "org"
    claim = Claim(id="c1", supported_by=["s0" if field == "incident" else bad])
    batch.add(claim, "claims[0]", incident=bad if field == "incident" else "inc")
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        with pytest.raises(ReferenceError_, match=expected):
            plan(store, batch)
