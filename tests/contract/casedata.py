"""Small case files for the contract suite, built from plain dicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from provenance.model import CASE_FORMAT, CaseFile
from provenance.store.rows import Batch, batch_from_case

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "june-2017.yaml"


def batch(origin: str = "case.yaml", **sections: Any) -> Batch:
    """A validated batch of a case file with ``sections``."""
    case = CaseFile.model_validate({"format": CASE_FORMAT, **sections})
    return batch_from_case(case, origin)


def example() -> Batch:
    """The June 2017 demo case."""
    from provenance.ingest.casefile import load_batch

    return load_batch([EXAMPLE])


def small(prefix: str = "", *, title: str = "Old City strike") -> Batch:
    """One incident with two claims, an echo chamber of sources and a statement."""
    p = prefix
    return batch(
        organisations=[
            {"id": f"{p}org-root", "name": "Root"},
            {"id": f"{p}org-child", "name": "Child", "part_of": f"{p}org-root"},
            {"id": f"{p}org-mil", "name": "Military", "kind": "military"},
        ],
        witnesses=[{"id": f"{p}w1", "role": "resident"}],
        sources=[
            {"id": f"{p}s-post", "kind": "social_media", "reliability": "C", "quotes": [f"{p}w1"]},
            {
                "id": f"{p}s-wire",
                "kind": "news",
                "publisher": f"{p}org-child",
                "reliability": "B",
                "cites": [f"{p}s-post"],
            },
            {
                "id": f"{p}s-agg",
                "kind": "news",
                "publisher": f"{p}org-root",
                "cites": [f"{p}s-wire"],
            },
            {"id": f"{p}s-other", "kind": "ngo_report", "reliability": "A"},
        ],
        incidents=[
            {
                "id": f"{p}inc-1",
                "title": title,
                "date": "2017-06-03",
                "grade": "fair",
                "claims": [
                    {
                        "id": f"{p}c1",
                        "belligerent": "Coalition",
                        "civilians_killed": {"min": 3, "max": 9},
                        "supported_by": [f"{p}s-agg", f"{p}s-other"],
                    },
                    {"id": f"{p}c2", "belligerent": "ISIS", "contradicted_by": [f"{p}st-1"]},
                ],
            },
            {"id": f"{p}inc-2", "title": "Another", "date": "2017-06-04"},
        ],
        strikes=[{"id": f"{p}k1", "reported_by": f"{p}st-1", "incidents": [f"{p}inc-1"]}],
        statements=[
            {
                "id": f"{p}st-1",
                "issuer": f"{p}org-mil",
                "assessments": [{"incident": f"{p}inc-1", "verdict": "non_credible"}],
            },
        ],
    )
