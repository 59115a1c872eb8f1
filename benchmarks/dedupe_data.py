"""Synthetic incidents with injected duplicates, for ``benchmarks/dedupe.py``.

Realistic density: about 80 incidents a day over a span that grows with N, spread over ~40
cities with Zipf weights, so the busiest city sees 15–20 distinct strikes a day (Mosul in
June 2017), each in one of ~30 neighbourhoods and each with its own sources; some sources
are hub accounts feeding hundreds of incidents. About 10% of records are duplicates of
another: date shifted within the uncertainty window, another transliteration (or Arabic
script, or only the city), jittered coordinates, coarser precision or none, casualty ranges
that overlap, and usually (85%) some of the original's sources or witnesses. Distinct
strikes share sources too: 20% are in a local daily round-up with other strikes of that
city and day.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import replace
from typing import Any

from provenance.canonical import text_and_hash
from provenance.dedupe import IncidentRecord
from provenance.store.origins import CASE_ORIGIN, stamp
from provenance.store.rows import Batch, EdgeRow, NodeRow

CITIES: list[tuple[str, str, float, float, str, list[str]]] = [
    # name, province, lat, lon, country, variants
    ("Mosul", "Nineveh", 36.34, 43.13, "IQ", ["Al-Mawsil", "Mossoul", "الموصل"]),
    ("Raqqa", "Raqqa", 35.95, 39.01, "SY", ["Ar-Raqqah", "Rakka", "الرقة"]),
    ("Aleppo", "Aleppo", 36.20, 37.16, "SY", ["Halab", "حلب"]),
    ("Deir ez-Zor", "Deir ez-Zor", 35.33, 40.14, "SY", ["Dayr az-Zawr", "دير الزور"]),
    ("Idlib", "Idlib", 35.93, 36.63, "SY", ["Idleb", "إدلب"]),
    ("Fallujah", "Anbar", 33.35, 43.78, "IQ", ["Al-Fallujah", "Falluja"]),
    ("Ramadi", "Anbar", 33.42, 43.30, "IQ", ["Ar-Ramadi", "الرمادي"]),
    ("Tabqa", "Raqqa", 35.84, 38.55, "SY", ["Al-Thawrah", "الطبقة"]),
    ("Manbij", "Aleppo", 36.53, 37.95, "SY", ["Menbij", "منبج"]),
    ("Al-Bab", "Aleppo", 36.37, 37.52, "SY", ["Al Bab", "الباب"]),
    ("Hawija", "Kirkuk", 35.32, 43.77, "IQ", ["Al-Hawijah", "الحويجة"]),
    ("Tal Afar", "Nineveh", 36.37, 42.45, "IQ", ["Tall Afar", "تلعفر"]),
    ("Qaim", "Anbar", 34.37, 41.09, "IQ", ["Al-Qa'im", "القائم"]),
    ("Abu Kamal", "Deir ez-Zor", 34.45, 40.92, "SY", ["Albu Kamal", "البوكمال"]),
    ("Mayadin", "Deir ez-Zor", 35.02, 40.45, "SY", ["Al-Mayadeen", "الميادين"]),
    ("Hajin", "Deir ez-Zor", 34.69, 40.83, "SY", ["Hajeen", "هجين"]),
    ("Shaddadi", "Hasakah", 36.06, 40.73, "SY", ["Ash-Shaddadi", "الشدادي"]),
    ("Hit", "Anbar", 33.64, 42.83, "IQ", ["Heet", "هيت"]),
    ("Baiji", "Salahuddin", 34.93, 43.49, "IQ", ["Bayji", "بيجي"]),
    ("Tikrit", "Salahuddin", 34.60, 43.68, "IQ", ["Tekrit", "تكريت"]),
    ("Saraqib", "Idlib", 35.86, 36.80, "SY", ["Saraqeb", "سراقب"]),
    ("Ariha", "Idlib", 35.81, 36.61, "SY", ["Areeha", "أريحا"]),
    ("Maarat al-Numan", "Idlib", 35.64, 36.67, "SY", ["Ma'arrat an-Nu'man", "معرة النعمان"]),
    ("Jisr al-Shughur", "Idlib", 35.81, 36.32, "SY", ["Jisr ash-Shughur", "جسر الشغور"]),
    ("Khan Shaykhun", "Idlib", 35.44, 36.65, "SY", ["Khan Sheikhoun", "خان شيخون"]),
    ("Douma", "Rif Dimashq", 33.57, 36.40, "SY", ["Duma", "دوما"]),
    ("Homs", "Homs", 34.73, 36.71, "SY", ["Hims", "حمص"]),
    ("Hama", "Hama", 35.13, 36.75, "SY", ["Hamah", "حماة"]),
    ("Daraa", "Daraa", 32.62, 36.10, "SY", ["Dar'a", "درعا"]),
    ("Sirte", "Sirte", 31.21, 16.59, "LY", ["Surt", "سرت"]),
    ("Kobani", "Aleppo", 36.89, 38.35, "SY", ["Ayn al-Arab", "عين العرب"]),
    ("Hasakah", "Hasakah", 36.50, 40.75, "SY", ["Al-Hasakah", "الحسكة"]),
    ("Qamishli", "Hasakah", 37.05, 41.22, "SY", ["Al-Qamishli", "القامشلي"]),
    ("Sinjar", "Nineveh", 36.32, 41.87, "IQ", ["Shingal", "سنجار"]),
    ("Qayyarah", "Nineveh", 35.80, 43.29, "IQ", ["Al-Qayyarah", "القيارة"]),
    ("Rawa", "Anbar", 34.47, 41.92, "IQ", ["Rawah", "راوة"]),
    ("Anah", "Anbar", 34.37, 41.99, "IQ", ["Ana", "عنه"]),
    ("Baghdad", "Baghdad", 33.31, 44.37, "IQ", ["Bagdad", "بغداد"]),
    ("Kirkuk", "Kirkuk", 35.47, 44.39, "IQ", ["Karkuk", "كركوك"]),
    ("Palmyra", "Homs", 34.56, 38.27, "SY", ["Tadmur", "تدمر"]),
]

NEIGHBOURHOODS = (
    "Safiyah Tanak Yarmuk Zanjili Shifa Nablus Rifai Mashlab Rumaila Dawasa Farouq Sinaa Zuhur"
    " Muthanna Karama Nuri Wahda Amil Hamdaniya Qadisiya Salam Mansour Tahrir Rashidiya Qahira"
    " Sukkar Jamhuriya Mamoun Thawra Bakr Uruba Hurriya Sharqiya Jazair Andalus Maamoun"
).split()

BELLIGERENTS = {
    "IQ": ["US-led coalition", "Iraqi forces"],
    "SY": ["US-led coalition", "Russian military", "Syrian regime", "Turkish military"],
    "LY": ["US forces", "Libyan forces"],
}

_SWAPS = [
    ("iyah", "ia"),
    ("iyah", "iya"),
    ("ia", "iyah"),
    ("ou", "u"),
    ("u", "ou"),
    ("ee", "i"),
    ("q", "k"),
    ("k", "q"),
    ("sh", "ch"),
    ("aa", "a"),
    ("ie", "ei"),
    ("mm", "m"),
    ("nn", "n"),
    ("ll", "l"),
    ("ah", "a"),
    ("a", "ah"),
    ("y", "i"),
    ("i", "y"),
    ("dh", "z"),
]


def spelling_variant(rng: random.Random, name: str) -> str:
    """Another transliteration of ``name``: article toggled, vowels, digraphs, doubling."""
    out = name
    for old, new in rng.sample(_SWAPS, len(_SWAPS)):
        if old in out.lower() and rng.random() < 0.6:
            i = out.lower().index(old)
            out = out[:i] + (new.capitalize() if i == 0 else new) + out[i + len(old) :]
            break
    if out.startswith("Al-"):
        out = out[3:]
    elif rng.random() < 0.5:
        out = rng.choice(["Al-", "al-", "El-", "As-"]) + out
    return out


def _offset(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    dlat = km * math.cos(bearing) / 110.574
    dlon = km * math.sin(bearing) / (111.320 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def generate(
    n: int,
    seed: int = 7,
    dup_rate: float = 0.10,
    per_day: float = 80.0,
    source_overlap: float = 0.85,
) -> tuple[list[IncidentRecord], set[tuple[str, str]]]:
    """``n`` incident records (about ``dup_rate`` of them duplicates) and the true pairs."""
    rng = random.Random(seed)
    weights = [1.0 / (k + 1) for k in range(len(CITIES))]
    hoods = {
        c[0]: [
            (h, *_offset(c[2], c[3], rng.uniform(0.5, 6.0), rng.uniform(0, 2 * math.pi)))
            for h in rng.sample(NEIGHBOURHOODS, 30)
        ]
        for c in CITIES
    }
    hubs = [f"hub-{k}" for k in range(60)]
    day0 = dt.date(2014, 8, 8).toordinal()
    span = max(30, int(n / per_day))
    n_orig = round(n / (1 + dup_rate))
    records: list[IncidentRecord] = []
    group: dict[str, int] = {}
    src = 0

    def own_sources(k: int) -> set[str]:
        nonlocal src
        src += k
        return {f"s{src - j}" for j in range(k)}

    for i in range(n_orig):
        city, prov, lat, lon, cc, _ = rng.choices(CITIES, weights)[0]
        hood, hlat, hlon = rng.choice(hoods[city])
        day = day0 + rng.randrange(span)
        r = rng.random()
        if r < 0.6:
            names, precision, (plat, plon) = (
                (f"{hood}, {city}",),
                "neighbourhood",
                _offset(hlat, hlon, rng.uniform(0, 0.3), rng.uniform(0, 6.3)),
            )
        elif r < 0.75:
            names, precision, (plat, plon) = (
                (f"{hood} street, {city}",),
                "street",
                _offset(hlat, hlon, rng.uniform(0, 0.5), rng.uniform(0, 6.3)),
            )
        elif r < 0.92:
            names, precision, (plat, plon) = (city,), "city", (lat, lon)
        else:
            names, precision, (plat, plon) = (f"{hood}, {city}",), None, (math.nan, math.nan)
        bell = frozenset(rng.sample(BELLIGERENTS[cc], 1 if rng.random() < 0.85 else 2))
        kmin = int(rng.expovariate(1 / 4))
        ev = own_sources(rng.randint(1, 5))
        if rng.random() < 0.3:
            ev.add(rng.choice(hubs))
        if rng.random() < 0.3:
            ev.add(f"w{i}")
        if rng.random() < 0.2:  # a daily round-up covering several distinct strikes in the city
            ev.add(f"roundup-{city}-{day}-{rng.randrange(2)}")
        rec = IncidentRecord(
            id=f"i{i}",
            start=dt.date.fromordinal(day),
            end=dt.date.fromordinal(day + (1 if rng.random() < 0.1 else 0)),
            names=names,
            admin=(prov, city),
            lat=None if math.isnan(plat) else plat,
            lon=None if math.isnan(plon) else plon,
            precision=precision,
            country=cc,
            belligerents=bell,
            killed=(kmin, kmin + rng.randint(0, 5)),
            injured=(0, rng.randint(0, 10)),
            evidence=frozenset(ev),
        )
        records.append(rec)
        group[rec.id] = i
    k = 0
    while len(records) < n:
        orig = records[rng.randrange(n_orig)]
        city = orig.admin[1]
        variants = next(c[5] for c in CITIES if c[0] == city)
        r = rng.random()
        if r < 0.45 and "," in orig.names[0]:
            hood = orig.names[0].split(",")[0].replace(" street", "")
            names: tuple[str, ...] = (
                f"{spelling_variant(rng, hood)}, {rng.choice([city, *variants[:-1]])}",
            )
        elif r < 0.65:
            names = (rng.choice(variants),)
        else:
            names = (spelling_variant(rng, orig.names[0].split(",")[0]),)
        lat, lon, precision = orig.lat, orig.lon, orig.precision
        p = rng.random()
        if p < 0.25 or lat is None:
            c = next(c for c in CITIES if c[0] == city)
            lat, lon, precision = c[2], c[3], "city"
        elif p < 0.35:
            lat = lon = precision = None
        elif lat is not None and lon is not None:
            lat, lon = _offset(lat, lon, rng.uniform(0.1, 1.0), rng.uniform(0, 6.3))
        shift = rng.choice([-2, -1, -1, 0, 0, 0, 1, 1, 2])
        kmin, kmax = orig.killed or (0, 0)
        lo = max(0, kmin + rng.randint(-2, 2))
        ev = own_sources(rng.randint(1, 3))
        if rng.random() < source_overlap:
            ev |= set(rng.sample(sorted(orig.evidence), min(len(orig.evidence), rng.randint(1, 3))))
        dup = replace(
            orig,
            id=f"d{k}",
            start=orig.start + dt.timedelta(days=shift),
            end=orig.end + dt.timedelta(days=shift),
            names=names,
            lat=lat,
            lon=lon,
            precision=precision,
            belligerents=orig.belligerents if rng.random() < 0.9 else frozenset(),
            killed=(lo, max(lo, kmax + rng.randint(-2, 3))),
            evidence=frozenset(ev),
        )
        records.append(dup)
        group[dup.id] = group[orig.id]
        k += 1
    members: dict[int, list[str]] = {}
    for rid, g in group.items():
        members.setdefault(g, []).append(rid)
    truth = {(min(a, b), max(a, b)) for ms in members.values() for a in ms for b in ms if a < b}
    rng.shuffle(records)
    return records, truth


def store_batch(records: list[IncidentRecord]) -> Batch:
    """The records as store rows (what ``provenance ingest`` writes), built directly: one
    incident, one claim (its killed and injured ranges) supported by one source per evidence
    item. :func:`provenance.dedupe.load_records` on such a store gives the records back
    (ids with spaces get underscores)."""
    batch = Batch()

    def add(label: str, d: dict[str, Any], edges: list[EdgeRow]) -> None:
        stamp(d, CASE_ORIGIN, None)
        text, digest = text_and_hash(d)
        batch.add_row(NodeRow(d["id"], label, d, digest, text, "case"), edges, d["id"])

    seen: set[str] = set()
    for r in records:
        for e in sorted(r.evidence):
            sid = e.replace(" ", "_")
            if sid not in seen:
                seen.add(sid)
                add("Source", {"id": sid, "kind": "other", "cites": [], "quotes": []}, [])
    for r in records:
        add("Incident", _incident_data(r), [])
        cid = f"{r.id}-c1"
        supported = sorted(e.replace(" ", "_") for e in r.evidence)
        claim = {
            "id": cid,
            "civilians_killed": _range(r.killed),
            "civilians_injured": _range(r.injured),
            "belligerent": None,
            "text": None,
            "supported_by": supported,
            "contradicted_by": [],
            "incident": r.id,
        }
        edges = [EdgeRow(r.id, "HAS_CLAIM", cid, cid)]
        edges += [EdgeRow(cid, "SUPPORTED_BY", s, cid) for s in supported]
        add("Claim", claim, edges)
    return batch


def _incident_data(r: IncidentRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": f"Synthetic incident {r.id}",
        "date": r.start.isoformat(),
        "date_end": r.end.isoformat() if r.end != r.start else None,
        "location": {
            "name": r.names[0],
            "name_variants": list(r.names[1:]),
            "admin": list(r.admin),
            "lat": r.lat,
            "lon": r.lon,
            "precision": r.precision,
        },
        "country": r.country,
        "belligerents": sorted(r.belligerents),
    }


def _range(r: tuple[int, int] | None) -> dict[str, int] | None:
    return None if r is None else {"min": r[0], "max": r[1]}
