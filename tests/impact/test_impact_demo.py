"""``impact`` on the demo case (examples/june-2017.yaml), against expectations worked by hand.

The hand working, from the YAML:

* The Mosul post ``ill-src-mosul-post`` (author ``@ill_oldcity_page``) quotes the resident
  ``ill-w-mosul-resident``. The wire and Daily One cite the post; the three aggregators and
  Daily Two cite the wire. Claim ``ill-mosul-1-c1`` is supported by the wire, the
  aggregators and both dailies: every chain runs through the post's unit to the resident,
  so it has 1 independent path (suggested weak: the only verdict on ill-mosul-1 is
  ``under_review``, which is not an acceptance; one belligerent, so not contested).
  Discredit the post: the wire and Daily One cited only the post, so they rest on nothing
  (not origins), and the aggregators and Daily Two cite only the wire: 0 paths,
  unsupported. No other claim is downstream. ill-mosul-1 has only that claim: it loses its
  last support.
* The June 2017 figure, US-led coalition row, with ill-mosul-2 and ill-mawsil-2b judged
  the same incident (as the demo does): ill-mosul-1 12–18, the cluster 7–9 ∪ 8–11 = 7–11,
  ill-raqqa-1 4–6, ill-raqqa-2 (its coalition claim) 2–5: 4 incidents, 25–40 killed.
  Without ill-mosul-1: 3 incidents, 13–22. The Russian row (ill-raqqa-2's other claim)
  does not change. Without the judgement the row is 5 incidents, 33–49 → 4, 21–31.
* The rescuer ``ill-w-mosul-rescuer`` is quoted by the two broadcaster reports and Daily
  One's West Mosul interview, and by nothing else; the Al-Mawsil monitor cites the Arabic
  broadcaster's report. Discredit the rescuer: ill-mosul-2-c1 1 → 0 and ill-mawsil-2b-c1
  1 → 0 (both weak → unsupported); both incidents lose their last support, so the whole
  cluster leaves the June coalition row: 4 incidents 25–40 → 3 (ill-mosul-1, ill-raqqa-1,
  ill-raqqa-2) 12+4+2 – 18+6+5 = 18–29.
* The organisation ``ill-org-broadcaster-arabic`` is part of ``ill-org-broadcaster``: its
  whole family goes (both broadcaster reports). ill-mosul-2-c1 keeps its path through
  Daily One's interview of the rescuer (unchanged but touched: 1); ill-mawsil-2b-c1 loses
  its only one (its monitor cited the Arabic report). ill-mawsil-2b loses its last
  support; the cluster keeps ill-mosul-2 (7–9, still 12 June): the row keeps 4 incidents
  but shrinks 25–40 → 25–38.
* ``@ill_page_a`` is the Raqqa page caught in a citation loop with page B: both Raqqa-2
  claims rest on it (page B cites page A) but had no path before: nothing changes, 2
  claims touched, no incident "loses" a support it never had.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from paths import EXAMPLE

from provenance.errors import NotFoundError
from provenance.impact import DEMO_POST, demo_impact, impact_lines, impact_of
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


@pytest.fixture
def demo_store(tmp_path: object) -> Iterator[SQLiteStore]:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    with SQLiteStore(tmp_path / "demo.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="tester")
        yield store


def _judge(store: SQLiteStore) -> None:
    store.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="t", reason="same rescuer")


def test_mosul_post(demo_store: SQLiteStore) -> None:
    _judge(demo_store)
    r = demo_impact(demo_store)
    assert DEMO_POST == "ill-src-mosul-post"
    assert r.target.model_dump() == {
        "kind": "source",
        "id": "ill-src-mosul-post",
        "name": "@ill_oldcity_page",
        "items": ["ill-src-mosul-post"],
    }
    assert [c.model_dump() for c in r.claims] == [
        {
            "claim": "ill-mosul-1-c1",
            "incident": "ill-mosul-1",
            "paths_before": 1,
            "paths_after": 0,
            "grade_before": "weak",
            "grade_after": "unsupported",
        }
    ]
    assert [(g.claim, g.grade_before, g.grade_after) for g in r.grades_falling] == [
        ("ill-mosul-1-c1", "weak", "unsupported")
    ]
    assert [(i.incident, i.claims) for i in r.incidents_unsupported] == [
        ("ill-mosul-1", ["ill-mosul-1-c1"])
    ]
    assert [f.model_dump() for f in r.figures] == [
        {
            "month": "2017-06",
            "belligerent": "US-led coalition",
            "incidents_before": 4,
            "incidents_after": 3,
            "killed_before": {"min": 25, "max": 40},
            "killed_after": {"min": 13, "max": 22},
        }
    ]
    assert r.unchanged_claims == 0 and r.grades_held == []


def test_mosul_post_without_the_duplicate_judgement(demo_store: SQLiteStore) -> None:
    r = impact_of(demo_store, "ill-src-mosul-post")
    assert [(f.incidents_before, f.incidents_after) for f in r.figures] == [(5, 4)]
    f = r.figures[0]
    assert (f.killed_before.min, f.killed_before.max) == (33, 49)
    assert (f.killed_after.min, f.killed_after.max) == (21, 31)


def test_rescuer(demo_store: SQLiteStore) -> None:
    _judge(demo_store)
    r = impact_of(demo_store, "ill-w-mosul-rescuer")
    assert r.target.kind == "witness" and r.target.items == ["ill-w-mosul-rescuer"]
    assert [(c.claim, c.paths_before, c.paths_after, c.grade_after) for c in r.claims] == [
        ("ill-mawsil-2b-c1", 1, 0, "unsupported"),
        ("ill-mosul-2-c1", 1, 0, "unsupported"),
    ]
    assert [i.incident for i in r.incidents_unsupported] == ["ill-mawsil-2b", "ill-mosul-2"]
    assert [
        (f.incidents_before, f.incidents_after, f.killed_after.min, f.killed_after.max)
        for f in r.figures
    ] == [(4, 3, 18, 29)]


def test_broadcaster_family(demo_store: SQLiteStore) -> None:
    _judge(demo_store)
    r = impact_of(demo_store, "ill-org-broadcaster-arabic")
    assert r.target.kind == "organisation"
    assert r.target.name == "Illustrative Broadcaster"
    assert r.target.items == ["ill-src-mosul2-broadcaster", "ill-src-mosul2-broadcaster-ar"]
    assert [(c.claim, c.paths_before, c.paths_after) for c in r.claims] == [
        ("ill-mawsil-2b-c1", 1, 0)
    ]
    assert r.unchanged_claims == 1
    assert [i.incident for i in r.incidents_unsupported] == ["ill-mawsil-2b"]
    assert [
        (f.incidents_before, f.incidents_after, f.killed_before.max, f.killed_after.max)
        for f in r.figures
    ] == [(4, 4, 40, 38)]


def test_page_in_a_loop_changes_nothing(demo_store: SQLiteStore) -> None:
    r = impact_of(demo_store, "@ill_page_a")
    assert (r.target.kind, r.target.id, r.target.items) == (
        "author",
        "ill_page_a",
        ["ill-src-raqqa2-page-a"],
    )
    assert r.claims == [] and r.incidents_unsupported == [] and r.figures == []
    assert r.unchanged_claims == 2


def test_text_names_the_target_and_fits_80_columns(demo_store: SQLiteStore) -> None:
    lines = impact_lines(demo_impact(demo_store))
    assert lines[0] == "If the source @ill_oldcity_page [ill-src-mosul-post] is discredited:"
    assert "  ill-mosul-1-c1  1 → 0 paths  weak → unsupported" in lines
    assert all(len(line) <= 80 for line in lines), lines


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("ill-mosul-1", "is an incident"),
        ("ill-mosul-1-c1", "is a claim"),
        ("ill-src-mosul-pots", "did you mean ill-src-mosul-post"),
        ("@nobody_at_all", "is no source, statement, witness, organisation or author"),
    ],
)
def test_bad_references(demo_store: SQLiteStore, ref: str, words: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        impact_of(demo_store, ref)
    assert words in str(caught.value)


def test_a_statement_nothing_rests_on(demo_store: SQLiteStore) -> None:
    """The coalition's admission supports no claim (it assesses incidents): nothing moves."""
    r = impact_of(demo_store, "us-acknowledged-603")
    assert (r.target.kind, r.target.items) == ("statement", ["us-acknowledged-603"])
    assert r.target.name.startswith("Combined Joint Task Force")
    assert (r.claims, r.unchanged_claims, r.figures) == ([], 0, [])
