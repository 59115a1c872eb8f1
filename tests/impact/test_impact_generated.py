"""``impact`` on a case built here (:func:`impact_cases.generated_case`), worked by hand.

The case: organisation Alpha News (``org-a``; aliases ``@alpha_news`` and
``twitter:AlphaTV``, domain ``alpha-news.org``) with Alpha Arabic (``org-a2``) part of it;
Beta Daily (``org-b``); witnesses w1, w2, w3.

* s1 by ``@alpha_news`` (no publisher: Alpha's alias) quotes w1     unit Alpha
* s2 published by Alpha Arabic quotes w2                           unit Alpha (same unit as s1)
* s3 on www.alpha-news.org (Alpha's domain) cites s1                unit Alpha
* s4 published by Beta Daily cites s2                              unit Beta
* s5 by ``@gamma`` quotes w3                                       unit gamma
* s6 by ``'@Delta`` cites s5                                       unit delta

Claims (one per incident, all "Air Force X"), killed, supports, independent paths before:

* c1 / i1 2020-01-10, 3–5, [s4, s6]: s4→s2→w2 and s6→s5→w3: 2 (fair)
* c2 / i2 2020-01-20, 1–2, [s3]: s3→s1→w1 (one unit Alpha): 1 (weak)
* c3 / i3 2020-01-31, 2–4, [s1, s5]: s1→w1, s5→w3: 2 (fair)
* c4 / i4 2020-02-01, 6–6, [s6]: s6→s5→w3: 1 (weak)
* c5 / i5 2020-02-28, 4–4, [s5]: 1 (weak)
* c6 / i6 2020-03-02, 1–1, [s4]: s4→s2→w2: 1 (weak)

i3 and i4 are judged the same incident (a cluster dated 31 January, 2–6 killed), and so
are i5 and i6 (dated 28 February, 1–4).

**Discredit organisation org-a2** (any member names the family, and so do its aliases, the
bare handle `@AlphaTV` of its `twitter:AlphaTV` account among them): s1, s2, s3 (alias,
publisher, domain). c1: s4 rests on nothing, s6→s5→w3 stays: 2 → 1 (fair → weak). c2: s3
is gone: 1 → 0 (weak → unsupported). c3: s5→w3 stays: 2 → 1 (fair → weak). c4, c5 do not
rest on Alpha; c6 does (s4 cites s2): 1 → 0 (weak → unsupported). Unsupported: i2 and i6.
Figures: January, Air Force X: before i1 3–5, i2 1–2, cluster i3+i4 2–6: 3 incidents,
6–13; after (i2 leaves) 2 incidents, 5–11. February: cluster i5+i6 (dated 28 February)
1–4 before; without i6 it is i5 alone, 4–4: 1 incident, 1–4 → 4–4 (its merged minimum
was i6's). March: unchanged (i6 was never counted there: its cluster is February's).

**Discredit the author ``@gamma``** (s5; s6 cites it): c1 2 → 1 (fair → weak), c3 2 → 1
(fair → weak), c4 1 → 0, c5 1 → 0: i4 and i5 lose their last support. January: the
cluster i3+i4 becomes i3 alone (2–4, still 31 January): 3 incidents 6–13 → 3 incidents
6–11. February: the cluster i5+i6 loses i5, its earliest member; it is i6 alone, dated
2 March: February 1 incident 1–4 → 0; March 0 → 1 incident, 1–1 (a row that grows: the
cluster moved, as the figure's rule dates a cluster by its earliest member).

**Discredit witness w1**: s1 rests on nothing, and so does s3 (it cites only s1).
c2 1 → 0, c3 2 → 1. Unsupported: i2. January 3 incidents 6–13 → 2, 5–11.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from impact_cases import generated_case, ingest_case

from provenance.impact import Impact, impact_of
from provenance.store.sqlite import SQLiteStore


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = ingest_case(generated_case(), tmp_path / "gen.db")
    s.judge("i3", "i4", "same", actor="t", reason="one strike")
    s.judge("i5", "i6", "same", actor="t", reason="one strike")
    return s


def _claims(r: Impact) -> list[tuple[str, int, int, str, str]]:
    return sorted(
        (c.claim, c.paths_before, c.paths_after, c.grade_before, c.grade_after) for c in r.claims
    )


def _figures(r: Impact) -> list[tuple[str, int, int, tuple[int, int], tuple[int, int]]]:
    return [
        (
            f.month,
            f.incidents_before,
            f.incidents_after,
            (f.killed_before.min, f.killed_before.max),
            (f.killed_after.min, f.killed_after.max),
        )
        for f in r.figures
    ]


@pytest.mark.parametrize("ref", ["org-a2", "org-a", "twitter:AlphaTV", "@AlphaTV", "@Alpha_News"])
def test_organisation_family_aliases_and_domain(store: SQLiteStore, ref: str) -> None:
    r = impact_of(store, ref)
    assert r.target.kind == "organisation" and r.target.name == "Alpha News"
    assert r.target.items == ["s1", "s2", "s3"]
    assert _claims(r) == [
        ("c1", 2, 1, "fair", "weak"),
        ("c2", 1, 0, "weak", "unsupported"),
        ("c3", 2, 1, "fair", "weak"),
        ("c6", 1, 0, "weak", "unsupported"),
    ]
    assert len(r.grades_falling) == 4 and r.unchanged_claims == 0
    assert [i.incident for i in r.incidents_unsupported] == ["i2", "i6"]
    assert _figures(r) == [
        ("2020-01", 3, 2, (6, 13), (5, 11)),
        ("2020-02", 1, 1, (1, 4), (4, 4)),
    ]
    assert {f.belligerent for f in r.figures} == {"Air Force X"}


def test_author_and_a_cluster_that_moves(store: SQLiteStore) -> None:
    r = impact_of(store, "@GAMMA")
    assert (r.target.kind, r.target.id, r.target.items) == ("author", "gamma", ["s5"])
    assert _claims(r) == [
        ("c1", 2, 1, "fair", "weak"),
        ("c3", 2, 1, "fair", "weak"),
        ("c4", 1, 0, "weak", "unsupported"),
        ("c5", 1, 0, "weak", "unsupported"),
    ]
    assert [i.incident for i in r.incidents_unsupported] == ["i4", "i5"]
    assert _figures(r) == [
        ("2020-01", 3, 3, (6, 13), (6, 11)),
        ("2020-02", 1, 0, (1, 4), (0, 0)),
        ("2020-03", 0, 1, (0, 0), (1, 1)),
    ]


def test_witness(store: SQLiteStore) -> None:
    r = impact_of(store, "w1")
    assert r.target.kind == "witness" and r.target.name == "witness w1 (resident)"
    assert _claims(r) == [("c2", 1, 0, "weak", "unsupported"), ("c3", 2, 1, "fair", "weak")]
    assert [i.incident for i in r.incidents_unsupported] == ["i2"]
    assert _figures(r) == [("2020-01", 3, 2, (6, 13), (5, 11))]


def test_source_by_url(store: SQLiteStore) -> None:
    """s3 is found by its URL; only c2 rests on it."""
    r = impact_of(store, "https://www.alpha-news.org/s")
    assert r.target.kind == "source" and r.target.items == ["s3"]
    assert r.target.name == "Alpha News"
    assert _claims(r) == [("c2", 1, 0, "weak", "unsupported")]
