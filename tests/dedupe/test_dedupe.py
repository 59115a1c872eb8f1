"""Duplicate candidates: blocking against brute force, scores and reasons."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st
from paths import EXAMPLE

from provenance.dedupe import (
    RADIUS_KM,
    Config,
    IncidentRecord,
    find_candidates,
    load_records,
    reasons,
    score_pairs,
)
from provenance.dedupe.names import name_keys, normalise

D0 = dt.date(2017, 6, 1)


def _km(a: IncidentRecord, b: IncidentRecord) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def brute_force(records: list[IncidentRecord], c: Config) -> set[tuple[str, str]]:
    """The blocking rules of provenance.dedupe, written out pair by pair."""
    degree: dict[str, int] = {}
    for r in records:
        for e in r.evidence:
            degree[e] = degree.get(e, 0) + 1
    out = set()
    for i, a in enumerate(records):
        for b in records[i + 1 :]:
            gap = max(0, max(a.start, b.start).toordinal() - min(a.end, b.end).toordinal())
            ra = RADIUS_KM.get(a.precision or "", c.default_radius_km)
            rb = RADIUS_KM.get(b.precision or "", c.default_radius_km)
            coords = a.lat is not None and b.lat is not None
            pa, pb = [normalise(x) for x in a.admin], [normalise(x) for x in b.admin]
            k = min(len(pa), len(pb))
            rules = gap <= c.date_tolerance and (
                (coords and _km(a, b) <= max(ra, rb))
                or bool(name_keys(a.names) & name_keys(b.names))
                or (not coords and k > 0 and pa[:k] == pb[:k])
            )
            shared = any(degree[e] <= c.max_source_incidents for e in a.evidence & b.evidence)
            if rules or (shared and gap <= c.source_date_tolerance):
                out.add((min(a.id, b.id), max(a.id, b.id)))
    return out


NAMES = [
    "Mosul",
    "Al-Mawsil",
    "Safia",
    "Al-Safiyah, Mosul",
    "Raqqa",
    "Tanak",
    "Old City, Mosul",
    "حلب",
]
ADMINS = [
    (),
    ("Nineveh",),
    ("Nineveh", "Mosul"),
    ("Ninawa", "Mosul"),
    ("Raqqa", "Raqqa"),
    ("Nineveh", "Hamdaniya"),
]
PRECISIONS = [None, "exact", "neighbourhood", "city", "district", "province"]


@st.composite
def record(draw: st.DrawFn, i: int) -> IncidentRecord:
    start = D0 + dt.timedelta(days=draw(st.integers(0, 40)))
    has_coords = draw(st.booleans())
    lat = draw(st.floats(36.0, 37.5)) if has_coords else None
    lon = draw(st.floats(42.5, 44.0)) if has_coords else None
    return IncidentRecord(
        id=f"x{i:02d}",
        start=start,
        end=start + dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 5]))),
        names=tuple(draw(st.lists(st.sampled_from(NAMES), max_size=2))),
        admin=draw(st.sampled_from(ADMINS)),
        lat=lat,
        lon=lon,
        precision=draw(st.sampled_from(PRECISIONS)),
        evidence=frozenset(
            draw(st.lists(st.sampled_from(["s1", "s2", "s3", "w1", "hub"]), max_size=3))
        ),
    )


@st.composite
def records(draw: st.DrawFn) -> list[IncidentRecord]:
    n = draw(st.integers(0, 14))
    return [draw(record(i)) for i in range(n)]


@given(records(), st.integers(0, 4), st.integers(1, 4), st.integers(2, 20))
def test_blocking_finds_exactly_the_pairs_its_rules_allow(
    recs: list[IncidentRecord], tol: int, max_src: int, src_tol: int
) -> None:
    config = Config(date_tolerance=tol, max_source_incidents=max_src, source_date_tolerance=src_tol)
    found = find_candidates(recs, config)
    ids = [r.id for r in recs]
    got = {
        (min(ids[a], ids[b]), max(ids[a], ids[b]))
        for a, b in zip(found.a.tolist(), found.b.tolist(), strict=True)
    }
    assert len(got) == len(found)  # each pair once
    assert got == brute_force(recs, config)
    assert all(0.0 <= s <= 1.0 for s in found.score.tolist())


def test_demo_duplicate_is_the_top_candidate(sqlite_store: object) -> None:
    from provenance.ingest.casefile import load_batch
    from provenance.store import Store

    assert isinstance(sqlite_store, Store)
    sqlite_store.ingest(load_batch([EXAMPLE]), actor="t")
    recs = load_records(sqlite_store)
    by_id = {r.id: r for r in recs}
    assert {"ill-src-mosul2-broadcaster-ar", "ill-w-mosul-rescuer"} <= by_id[
        "ill-mawsil-2b"
    ].evidence
    top = find_candidates(recs).top(min_score=0.5)
    assert [(c.a, c.b) for c in top] == [("ill-mawsil-2b", "ill-mosul-2")]
    text = "; ".join(top[0].reasons)
    assert (
        "1 day apart" in text and "2 shared sources" in text and "casualty ranges overlap" in text
    )
    assert "names Al-Mawsil al-Jadida ~ " in text


def test_generic_words_and_specific_parts_matter() -> None:
    from provenance.dedupe.names import similarity

    # equal once "west"/"jadida" are dropped, but not the same name
    assert 0.75 <= similarity(["Al-Mawsil al-Jadida"], ["West Mosul"])[0] < 0.9
    # two villages of one district: the village decides
    far = similarity(
        ["Al-Mohsenli, countryside of Manbij, Aleppo"],
        ["Kafr Ta'al, countryside of Manbij, Aleppo"],
    )
    assert far[0] < 0.45
    assert similarity(["Safiyah, Mosul"], ["Al-Safiyah, Mossoul"])[0] >= 0.9


def test_multi_strike_report_counts_less() -> None:
    a = _rec("a", names=("Al-Mohsenli, countryside of Manbij, Aleppo",), evidence=frozenset({"s1"}))
    b = _rec("b", names=("Kafr Ta'al, countryside of Manbij, Aleppo",), evidence=frozenset({"s1"}))
    same = _rec("c", names=("Al Mohsenli, Manbij",), evidence=frozenset({"s1"}))
    scored = score_pairs([a, b, same], [(0, 1), (0, 2)])
    assert bool(scored.features["place_conflict"][0]) and not scored.features["place_conflict"][1]
    assert scored.score[0] < 0.5 < scored.score[1]
    assert any("counted ×0.5" in w for w in reasons(a, b))
    assert not any("counted" in w for w in reasons(a, same))


def _rec(i: str, **kw: object) -> IncidentRecord:
    base: dict[str, object] = {
        "id": i,
        "start": D0,
        "end": D0,
        "names": ("Safia, Mosul",),
        "lat": 36.34,
        "lon": 43.13,
        "precision": "neighbourhood",
        "country": "IQ",
        "belligerents": frozenset({"US-led coalition"}),
        "killed": (3, 5),
    }
    base.update(kw)
    return IncidentRecord(**base)  # type: ignore[arg-type]


def test_shared_evidence_decides_and_hubs_count_little() -> None:
    a = _rec("a", evidence=frozenset({"s1", "hub"}))
    b = _rec(
        "b",
        start=D0 + dt.timedelta(days=1),
        end=D0 + dt.timedelta(days=1),
        names=("Al-Safiyah",),
        lat=36.345,
        lon=43.135,
        killed=(4, 8),
        evidence=frozenset({"s1", "hub"}),
    )
    c = _rec("c", names=("Tanak, Mosul",), lat=36.35, lon=43.12, evidence=frozenset({"hub"}))
    others = [
        _rec(f"o{k}", names=(f"Place{k}",), lat=10.0 + k, lon=10.0, evidence=frozenset({"hub"}))
        for k in range(20)
    ]
    scored = score_pairs([a, b, c, *others], [(0, 1), (0, 2)])
    same, other = scored.score.tolist()
    assert same > 0.9 > 0.5 > other
    why = reasons(a, b)
    assert why[0] == "1 day apart" and any("2 shared sources" in w for w in why)
    assert any(w.startswith("names Safia, Mosul ~ Al-Safiyah") for w in why)


def test_disagreements_lower_the_score() -> None:
    a = _rec("a", evidence=frozenset({"s1"}))
    agree = _rec("b", evidence=frozenset({"s1"}))
    differ = _rec(
        "c",
        evidence=frozenset({"s1"}),
        belligerents=frozenset({"Russian military"}),
        killed=(40, 50),
        country="SY",
    )
    s = score_pairs([a, agree, differ], [(0, 1), (0, 2)]).score.tolist()
    assert s[0] > 0.95 and s[1] < 0.5
    assert any(w.startswith("different belligerents") for w in reasons(a, differ))
    assert "different countries (IQ vs SY)" in reasons(a, differ)


def test_empty_and_single_inputs() -> None:
    assert len(find_candidates([])) == 0
    assert len(find_candidates([_rec("a")])) == 0


def _day(k: int) -> dt.date:
    return D0 + dt.timedelta(days=k)


def test_mosul_musil_ten_days_apart_scores_the_same_both_ways() -> None:
    """Regression: 0.31 from find_candidates, 0.60 from score_pairs for one pair."""
    mosul = IncidentRecord(id="a", start=D0, end=D0, names=("Mosul",), evidence=frozenset({"s1"}))
    musil = IncidentRecord(
        id="b", start=_day(10), end=_day(10), names=("Musil",), evidence=frozenset({"s1"})
    )
    found = find_candidates([mosul, musil])
    assert len(found) == 1
    scored = score_pairs([mosul, musil], [(0, 1)])
    assert math.isclose(float(found.score[0]), float(scored.score[0]), abs_tol=1e-12)


BELLIGERENTS = ["US-led coalition", "Russian military", "Syrian regime", " us-led Coalition "]


@st.composite
def scored_records(draw: st.DrawFn) -> list[IncidentRecord]:
    """:func:`records` with every scored field drawn too (belligerents, casualties, country)."""
    out = []
    for r in draw(records()):
        low = draw(st.integers(0, 30))
        out.append(
            IncidentRecord(
                **{
                    **vars(r),
                    "belligerents": frozenset(
                        draw(st.lists(st.sampled_from(BELLIGERENTS), max_size=2))
                    ),
                    "killed": draw(st.sampled_from([None, (low, low), (low, low + 12)])),
                    "country": draw(st.sampled_from([None, "IQ", "SY"])),
                }
            )
        )
    return out


@given(scored_records(), st.integers(0, 4), st.integers(1, 4), st.integers(2, 20))
def test_both_scoring_paths_agree_on_every_candidate(
    recs: list[IncidentRecord], tol: int, max_src: int, src_tol: int
) -> None:
    config = Config(date_tolerance=tol, max_source_incidents=max_src, source_date_tolerance=src_tol)
    found = find_candidates(recs, config)
    pairs = list(zip(found.a.tolist(), found.b.tolist(), strict=True))
    if not pairs:
        return
    scored = score_pairs(recs, pairs, config)
    assert scored.a.tolist() == found.a.tolist() and scored.b.tolist() == found.b.tolist()
    for k, (x, y) in enumerate(zip(found.score.tolist(), scored.score.tolist(), strict=True)):
        assert math.isclose(x, y, abs_tol=1e-12), (pairs[k], x, y)


def test_63rd_belligerent_is_not_the_first() -> None:
    """Regression: belligerent bits were assigned modulo 62, so b0 and b62 'agreed'."""
    recs = [_rec(f"i{k:02d}", belligerents=frozenset({f"b{k}"}), lat=10.0 + k) for k in range(63)]
    first, last = recs[0], recs[62]
    scored = score_pairs(recs, [(0, 62)])
    assert not bool(scored.features["bell_agree"][0])
    alone = score_pairs([first, last], [(0, 1)])
    assert math.isclose(float(scored.score[0]), float(alone.score[0]), abs_tol=1e-12)
    assert "different belligerents (b0 vs b62)" in reasons(first, last)
