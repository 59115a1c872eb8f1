"""``impact`` agrees with recounting a store copy without the discredited items.

The independent route: the items are deleted from the case file with every reference to
them, each source left citing and quoting nothing it had is made to cite a loop with no
exit (it rests on nothing, as DESIGN says; :func:`impact_cases.without_items`), the copy
is ingested into its own store and every claim is corroborated from scratch
(:func:`provenance.corroborate.corroborate_store`). Which items an author or organisation
stands for is worked out here too, from the case, by the unit rule's first steps.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from impact_cases import ingest_case, without_items

from provenance.corroborate import corroborate_store
from provenance.impact import impact_of

WITNESSES = ("w0", "w1", "w2")
PUBLISHERS = (None, None, "o2", "o3")
AUTHORS = (None, "@a", "@b", "'@B", "@c")
ORGS = [
    {"id": "o1", "name": "One", "kind": "media", "aliases": ["@a"]},
    {"id": "o2", "name": "One Arabic", "kind": "media", "part_of": "o1"},
    {"id": "o3", "name": "Three", "kind": "media"},
]


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A small case (sources with citations, possibly in loops, witnesses, organisations
    with an alias and a family) and a reference to discredit."""
    n = draw(st.integers(1, 7))
    ids = [f"s{i}" for i in range(n)]
    sources = []
    for sid in ids:
        s: dict[str, Any] = {"id": sid, "kind": "news"}
        if (pub := draw(st.sampled_from(PUBLISHERS))) is not None:
            s["publisher"] = pub
        if (author := draw(st.sampled_from(AUTHORS))) is not None:
            s["author"] = author
        s["cites"] = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        s["cites"] = [x for x in s["cites"] if x != sid]
        s["quotes"] = draw(st.lists(st.sampled_from(WITNESSES), max_size=2, unique=True))
        sources.append(s)
    incidents = [
        {
            "id": f"i{j}",
            "title": f"incident {j}",
            "date": f"2020-01-{j + 1:02d}",
            "belligerents": ["X"],
            "claims": [
                {
                    "id": f"c{j}",
                    "civilians_killed": {"min": 1, "max": 2},
                    "belligerent": "X",
                    "supported_by": draw(st.lists(st.sampled_from(ids), max_size=3, unique=True)),
                }
            ],
        }
        for j in range(draw(st.integers(1, 4)))
    ]
    case = {
        "format": "provenance-case/1",
        "organisations": ORGS,
        "witnesses": [{"id": w, "role": "resident"} for w in WITNESSES],
        "sources": sources,
        "incidents": incidents,
    }
    used = {w for s in sources for w in s["quotes"]}
    choices = [*ids, *sorted(used), *(a for a in AUTHORS if a), "o1", "o2", "o3"]
    return case, draw(st.sampled_from(choices))


def expected_items(case: dict[str, Any], ref: str) -> list[str]:
    """The items the unit rule puts behind ``ref``: an item itself; organisation One's
    family (o1, o2) and its alias ``@a``; Three; an author without a publisher."""
    sources = case["sources"]
    if ref.startswith("s") or ref.startswith("w"):
        return [ref]
    if ref in ("o1", "o2", "@a"):
        return sorted(
            s["id"]
            for s in sources
            if s.get("publisher") == "o2" or (not s.get("publisher") and s.get("author") == "@a")
        )
    if ref == "o3":
        return sorted(s["id"] for s in sources if s.get("publisher") == "o3")
    key = ref.lstrip("'@").lower()
    return sorted(
        s["id"]
        for s in sources
        if not s.get("publisher") and (s.get("author") or "").lstrip("'@").lower() == key
    )


@given(cases())
def test_impact_is_a_recount_without_the_items(drawn: tuple[dict[str, Any], str]) -> None:
    case, ref = drawn
    items = expected_items(case, ref)
    with tempfile.TemporaryDirectory() as tmp:
        with ingest_case(case, Path(tmp) / "orig.db") as orig:
            before = {r.claim: r for r in corroborate_store(orig)}
            if not items:
                return  # an author or organisation with no item: an error, tested elsewhere
            result = impact_of(orig, ref)
        with ingest_case(without_items(case, items), Path(tmp) / "copy.db") as copy:
            after = {r.claim: r for r in corroborate_store(copy)}
    assert result.target.items == items
    listed = {c.claim: c for c in result.claims}
    for claim, b in before.items():
        a = after[claim]
        if claim in listed:
            x = listed[claim]
            assert (x.paths_before, x.grade_before) == (b.independent_paths, b.suggested_grade)
            assert (x.paths_after, x.grade_after) == (a.independent_paths, a.suggested_grade)
        else:
            assert a.independent_paths == b.independent_paths, claim
    lost = {
        b.incident
        for c, b in before.items()
        if b.independent_paths > 0 and after[c].independent_paths == 0
    }
    assert {i.incident for i in result.incidents_unsupported} == lost
    assert bool(result.figures) == bool(lost)
