"""The fast path (find_candidates: joins, per-combination features, blocks of pairs) against
a straightforward reference written pair by pair on seeded generated records."""

from __future__ import annotations

import datetime as dt
import math
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.dedupe import Config, IncidentRecord, find_candidates, score_pairs
from provenance.dedupe import features as features_module
from provenance.dedupe.arrays import factorize, window_cross_join
from provenance.dedupe.features import place_conflict
from provenance.dedupe.names import name_keys, normalise, place_similarity, skeleton
from provenance.dedupe.records import belligerent_key, date_gap, radius_km
from provenance.dedupe.score import score

PLACES = [
    ("Mosul", 36.34, 43.13),
    ("Al-Mawsil", 36.35, 43.12),
    ("Safiyah, Mosul", 36.36, 43.15),
    ("Al-Safiyah, Mossoul", 36.36, 43.16),
    ("Tanak, Mosul", 36.32, 43.08),
    ("Raqqa", 35.95, 39.01),
    ("Ar-Raqqah", 35.95, 39.02),
    ("الرقة", 35.96, 39.0),
    ("Al-Mohsenli, countryside of Manbij, Aleppo", 36.53, 37.95),
    ("Kafr Ta'al, countryside of Manbij, Aleppo", 36.54, 37.97),
    ("Old City, Mosul", 36.34, 43.14),
]
PRECISIONS = [None, "exact", "street", "neighbourhood", "city", "district"]
BELLIGERENTS = ["US-led coalition", " us-led Coalition ", "Russian military", "Syrian regime"]
ADMINS = [(), ("Nineveh",), ("Nineveh", "Mosul"), ("Ninawa", "Mosul"), ("Raqqa", "Raqqa")]


def generated(seed: int, n: int) -> list[IncidentRecord]:
    """``n`` records crowded into a few places and weeks, sharing evidence often."""
    rng = random.Random(seed)
    day0 = dt.date(2017, 6, 1)
    out = []
    for i in range(n):
        name, lat, lon = rng.choice(PLACES)
        start = day0 + dt.timedelta(days=rng.randrange(25))
        coords = rng.random() < 0.8
        low = rng.randrange(20)
        evidence = {f"s{rng.randrange(3 * n)}" for _ in range(rng.randrange(4))}
        if rng.random() < 0.3:
            evidence.add("hub")
        out.append(
            IncidentRecord(
                id=f"r{i:03d}",
                start=start,
                end=start + dt.timedelta(days=rng.choice([0, 0, 0, 1, 4])),
                names=tuple(
                    rng.sample([n for n, _, _ in PLACES], rng.choice([0, 1, 1, 2]))
                    if rng.random() < 0.3
                    else [name]
                ),
                admin=rng.choice(ADMINS),
                lat=lat + rng.uniform(-0.02, 0.02) if coords else None,
                lon=lon + rng.uniform(-0.02, 0.02) if coords else None,
                precision=rng.choice(PRECISIONS),
                country=rng.choice([None, "IQ", "SY"]),
                belligerents=frozenset(rng.sample(BELLIGERENTS, rng.choice([0, 1, 1, 2]))),
                killed=rng.choice([None, (low, low), (low, low + 10)]),
                evidence=frozenset(evidence),
            )
        )
    return out


def km(a: IncidentRecord, b: IncidentRecord) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def reference(records: list[IncidentRecord], c: Config) -> dict[tuple[int, int], dict[str, float]]:
    """Every candidate pair ``(i, j)``, ``i < j``, with its features, one pair at a time."""
    degree: dict[str, int] = {}
    for r in records:
        for e in r.evidence:
            degree[e] = degree.get(e, 0) + 1
    out = {}
    for i, a in enumerate(records):
        for j in range(i + 1, len(records)):
            b = records[j]
            gap = date_gap(a, b)
            ra, rb = radius_km(a, c), radius_km(b, c)
            coords = a.lat is not None and b.lat is not None
            pa, pb = [normalise(x) for x in a.admin], [normalise(x) for x in b.admin]
            k = min(len(pa), len(pb))
            shared = [e for e in a.evidence & b.evidence if degree[e] <= c.max_source_incidents]
            near = gap <= c.source_date_tolerance
            if not (
                (
                    gap <= c.date_tolerance
                    and (
                        (coords and km(a, b) <= max(ra, rb))
                        or bool(name_keys(a.names) & name_keys(b.names))
                        or (not coords and k > 0 and pa[:k] == pb[:k])
                    )
                )
                or (shared and near)
            ):
                continue
            sim = place_similarity(a.names[0], b.names[0]) if a.names and b.names else 0.0
            weight = sum(2 / degree[e] for e in shared) if near else 0.0
            bells_a = {belligerent_key(x) for x in a.belligerents}
            bells_b = {belligerent_key(x) for x in b.belligerents}
            ka, kb = a.killed or (-1, -1), b.killed or (-1, -1)
            out[(i, j)] = {
                "gap": gap,
                "dist": km(a, b) if coords else math.nan,
                "radius": max(ra, rb),
                "name_sim": sim,
                "has_names": bool(a.names and b.names),
                "name_equal": bool(
                    {s for x in a.names if (s := skeleton(x))}
                    & {s for x in b.names if (s := skeleton(x))}
                ),
                "evidence_weight": weight,
                "evidence_count": len(shared) if near else 0,
                "bell_known": bool(bells_a and bells_b),
                "bell_agree": bool(bells_a & bells_b),
                "killed_known": a.killed is not None and b.killed is not None,
                "killed_gap": max(0, max(ka[0], kb[0]) - min(ka[1], kb[1])),
                "killed_scale": max(ka[1], kb[1], 0) + 1,
                "country_differ": bool(a.country and b.country and a.country != b.country),
                "place_conflict": weight > 0
                and sim < c.conflict_similarity
                and place_conflict(a, b),
            }
    return out


@pytest.mark.parametrize("seed", range(4))
def test_fast_path_gives_the_reference_candidates_features_and_scores(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = generated(seed, 160)
    config = Config(max_source_incidents=6)
    monkeypatch.setattr("provenance.dedupe.score.BLOCK", 257)  # several blocks of pairs
    found = find_candidates(records, config)
    want = reference(records, config)
    got = list(zip(found.a.tolist(), found.b.tolist(), strict=True))
    assert got == sorted(want)  # the same pairs, in code order
    feats = found.features
    for key in next(iter(want.values())):
        expected = np.array([want[p][key] for p in got], dtype=np.float64)
        np.testing.assert_allclose(
            np.asarray(feats[key], dtype=np.float64), expected, atol=1e-6, err_msg=key
        )
    ref_features = {k: np.array([want[p][k] for p in got]) for k in next(iter(want.values()))}
    np.testing.assert_allclose(found.score, score(ref_features, config), atol=1e-6)
    # the other path (given pairs, one block) agrees bit for bit
    again = score_pairs(records, got, config)
    assert again.score.tolist() == found.score.tolist()


def test_sparse_and_dense_combinations_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    records = generated(9, 120)
    dense = find_candidates(records)
    monkeypatch.setattr(features_module, "DENSE_COMBINATIONS", 0)
    sparse = find_candidates(records)
    assert sparse.score.tolist() == dense.score.tolist()
    for key, values in dense.features.items():
        assert np.array_equal(values, sparse.features[key], equal_nan=key == "dist"), key


@given(st.lists(st.integers(0, 40), max_size=300))
def test_factorize_numbers_each_distinct_value_once(values: list[int]) -> None:
    x = np.array(values, dtype=np.int64) * 1_000_003
    uniques, inverse = factorize(x)
    assert uniques[inverse].tolist() == x.tolist()
    assert sorted(uniques.tolist()) == sorted(set(x.tolist()))


windows = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 12), st.integers(0, 3)), max_size=25)


@given(windows, windows, st.integers(0, 3))
def test_window_cross_join_finds_each_compatible_pair_once(
    left: list[tuple[int, int, int]], right: list[tuple[int, int, int]], tol: int
) -> None:
    def arrays(rows: list[tuple[int, int, int]]) -> tuple[np.ndarray, ...]:
        key = np.array([r[0] for r in rows], dtype=np.int64)
        start = np.array([r[1] for r in rows], dtype=np.int64)
        return key, start, start + np.array([r[2] for r in rows], dtype=np.int64)

    i, j = window_cross_join(*arrays(left), *arrays(right), tol)
    got = sorted(zip(i.tolist(), j.tolist(), strict=True))
    want = [
        (x, y)
        for x, (kx, sx, dx) in enumerate(left)
        for y, (ky, sy, dy) in enumerate(right)
        if kx == ky and max(sx, sy) - min(sx + dx, sy + dy) <= tol
    ]
    assert got == want
