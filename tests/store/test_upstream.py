"""The one upstream traversal reads the store a fixed number of times, whatever the number of
claims and incidents: never once per claim or per incident (no N+1, no incidents x claims)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import pytest

from provenance.model import CASE_FORMAT, CaseFile
from provenance.store import Edge, StoredItem
from provenance.store.rows import batch_from_case
from provenance.store.sqlite import SQLiteStore
from provenance.store.upstream import incident_context, walk


class Counting:
    """A :class:`GraphReader` over ``store`` that counts reads and the ids they ask for."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self.reads = 0
        self.ids = 0

    def _count(self, ids: Iterable[str]) -> list[str]:
        wanted = list(ids)
        self.reads += 1
        self.ids += len(wanted)
        return wanted

    def get_many(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        return self.store.get_many(self._count(ids))

    def edges(
        self, ids: Iterable[str], rels: Sequence[str], direction: Literal["out", "in"] = "out"
    ) -> list[Edge]:
        return self.store.edges(self._count(ids), rels, direction)

    def step(
        self, ids: Iterable[str], rels: Sequence[str]
    ) -> tuple[list[Edge], dict[str, StoredItem]]:
        return self.store.step(self._count(ids), rels)

    def iter_items(self, label: str, batch_size: int = 5_000) -> Iterator[StoredItem]:
        self._count([])
        return self.store.iter_items(label, batch_size)


def _case(incidents: int, claims: int) -> dict[str, Any]:
    """``incidents`` incidents of ``claims`` claims each, all resting on one chain of
    sources, and a statement assessing every incident."""
    return {
        "format": CASE_FORMAT,
        "organisations": [
            {"id": "root", "name": "R"},
            {"id": "org", "name": "O", "part_of": "root"},
        ],
        "sources": [
            {"id": "s1", "kind": "news", "publisher": "org", "cites": ["s2"]},
            {"id": "s2", "kind": "news"},
        ],
        "statements": [
            {
                "id": "st",
                "issuer": "org",
                "assessments": [
                    {"incident": f"i{i}", "verdict": "credible"} for i in range(incidents)
                ],
            }
        ],
        "incidents": [
            {
                "id": f"i{i}",
                "title": "t",
                "date": "2017-06-01",
                "grade": "fair",
                "claims": [
                    {"id": f"i{i}-c{j}", "belligerent": f"b{j % 3}", "supported_by": ["s1"]}
                    for j in range(claims)
                ],
            }
            for i in range(incidents)
        ],
    }


def _store(tmp_path: Path, incidents: int, claims: int) -> SQLiteStore:
    store = SQLiteStore(tmp_path / f"s-{incidents}-{claims}.db", create=True)
    case = CaseFile.model_validate(_case(incidents, claims))
    store.ingest(batch_from_case(case, "case.yaml"), actor="t")
    return store


@pytest.mark.parametrize(("incidents", "claims"), [(1, 1), (3, 2), (40, 25)])
def test_incident_context_reads_three_times_linear_in_ids(
    tmp_path: Path, incidents: int, claims: int
) -> None:
    with _store(tmp_path, incidents, claims) as store:
        reader = Counting(store)
        ids = {f"i{i}" for i in range(incidents)}
        context = incident_context(reader, ids)
        assert reader.reads == 3
        assert reader.ids == 3 * incidents
        assert set(context) == ids
        ctx = context["i0"]
        assert ctx.grade == "fair" and ctx.verdicts == ("credible",)
        assert ctx.belligerents == tuple(f"b{j}" for j in range(min(claims, 3)))


@pytest.mark.parametrize(("incidents", "claims"), [(1, 1), (40, 25)])
def test_walk_reads_per_depth_not_per_claim(tmp_path: Path, incidents: int, claims: int) -> None:
    with _store(tmp_path, incidents, claims) as store:
        reader = Counting(store)
        up = walk(reader)
        # 1 claim listing; one step (edges with their targets) per depth: 1 (claims -> s1),
        # 2 (s1 -> s2) and 3 (s2 cites nothing); 1 of the organisations; 3 for the
        # incidents' context (the incidents, their claims with one step, the assessments)
        assert reader.reads == 1 + 3 + 1 + 3
        assert len(up.claims) == incidents * claims
        assert up.families == {"org": "root", "root": "root"}
        assert up.family("s1") == "root" and up.family("s2") is None
        assert walk(store) == up
