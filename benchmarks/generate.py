"""The shared synthetic generator: Airwars-scale case data, deterministic for a seed.

Every benchmark builds its data here. Three entry points, all producing the same items:

* :func:`generate_batch` — the fast path: node and edge rows (with content hashes) built
  directly, without pydantic models; use it for 100k–1M sources. Its rows are exactly what
  :func:`provenance.store.rows.batch_from_case` makes from :func:`generate_case` (tested in
  ``tests/test_generate.py``).
* :func:`generate_case` — a validated :class:`~provenance.model.CaseFile` (small sizes).
* :func:`case_document` — the case file as plain JSON-able data (what the CLI writes):
  ``python benchmarks/generate.py --sources 10000 --out case.json [--seed 0]``.

Shape for ``n`` sources (figures for ``n = 1_000_000``)
-------------------------------------------------------
* Incidents: ``round(n / 33)`` (≈ 30,300), dated over a two-year window (2016-01-01 …
  2017-12-30), ~10% with a ``date_end`` 1–3 days later; a location (one of 24 towns in
  Iraq and Syria, jittered lat/lon, a precision from the ladder, name variants, admin
  areas), the country, 1–2 belligerents, strike type, a grade (or none).
* Claims: 3–7 per incident (≈ 5, ≈ 150k), each ``supported_by`` 5–20 sources drawn from
  its incident's pool of ~33 sources (so claims of one incident overlap heavily); ~2% are
  also supported by a hub source, ~5% are contradicted by a source. Casualty ranges,
  sometimes injured ranges, a belligerent, a short text.
* Sources: exactly ``n``. A few hub sources first (``max(1, min(25, n // 40_000))``: wire
  round-ups cited by very many — ~5% of all derived sources cite one). Then each incident
  owns a block of ~33 sources: ~15% origins (social media posts, local monitors, videos,
  eyewitness accounts; ~70% quote 1–2 witnesses) and derived reports that cite 1–2 earlier
  sources of the block, forming citation chains of depth 1–5. ~3% of incidents have
  circular reporting (two derived sources citing each other). ~15% of sources have no
  publisher but an author (a social-media handle); reliability A–F or missing (~20%);
  some have a ``sha256`` and capture time; titles are sometimes Arabic (non-ASCII).
  A claim's upstream graph (supporting sources plus everything they cite, transitively)
  averages ~20–25 sources.
* Organisations: ``max(16, min(400, n // 2_500))`` (400 at 1M): four military/government
  issuers (one ``PART_OF`` another), hub wire services, and media/NGO/monitor outlets,
  ~1 in 8 a broadcaster with 1–3 language services ``PART_OF`` it.
* Witnesses: ``max(8, n // 250)`` (4,000 at 1M), pseudonymous id and role only. Origins
  quote witnesses of nearby incidents (same town), so some are quoted by several outlets.
* Statements: ``max(1, incidents // 20)`` (≈ 1,500) from the military issuers, each
  assessing 1–20 distinct incidents (verdicts, some acknowledged counts); ~10% carry a
  campaign-level acknowledgement.
* Strikes: ``max(1, incidents // 10)`` (≈ 3,000) linked to 1–2 incidents, most reported
  by a statement.

Node and edge totals at 1M: ≈ 1.19M nodes and ≈ 4.2M edges (printed by ``--stats``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.canonical import text_and_hash
from provenance.model import CASE_FORMAT, CaseFile
from provenance.store.origins import CASE_ORIGIN, stamp
from provenance.store.rows import Batch, EdgeRow, NodeRow

SOURCES_PER_INCIDENT = 33
WINDOW_START = dt.date(2016, 1, 1)
WINDOW_DAYS = 730
MIN_SOURCES = 10

Item = dict[str, Any]

# (name, variants, admin, lat, lon, country)
TOWNS: list[tuple[str, list[str], list[str], float, float, str]] = [
    ("Mosul", ["Al-Mawsil", "الموصل", "Mossoul"], ["Nineveh", "Mosul"], 36.34, 43.13, "IQ"),
    ("Tal Afar", ["Tall Afar", "تلعفر"], ["Nineveh", "Tal Afar"], 36.37, 42.45, "IQ"),
    ("Hawija", ["Al-Hawija", "الحويجة"], ["Kirkuk", "Hawija"], 35.32, 43.77, "IQ"),
    ("Qaim", ["Al-Qa'im", "القائم"], ["Anbar", "Qaim"], 34.37, 41.09, "IQ"),
    ("Ramadi", ["Ar-Ramadi", "الرمادي"], ["Anbar", "Ramadi"], 33.42, 43.30, "IQ"),
    ("Fallujah", ["Falluja", "الفلوجة"], ["Anbar", "Fallujah"], 33.35, 43.78, "IQ"),
    ("Hit", ["Heet", "هيت"], ["Anbar", "Hit"], 33.64, 42.83, "IQ"),
    ("Rawa", ["Rawah", "راوة"], ["Anbar", "Rawa"], 34.47, 41.91, "IQ"),
    ("Anah", ["Ana", "عنه"], ["Anbar", "Anah"], 34.37, 41.99, "IQ"),
    ("Sharqat", ["Al-Shirqat", "الشرقاط"], ["Salahuddin", "Sharqat"], 35.51, 43.23, "IQ"),
    ("Baiji", ["Bayji", "بيجي"], ["Salahuddin", "Baiji"], 34.93, 43.49, "IQ"),
    ("Qayyarah", ["Al-Qayyarah", "القيارة"], ["Nineveh", "Mosul"], 35.80, 43.29, "IQ"),
    ("Raqqa", ["Ar-Raqqah", "الرقة"], ["Raqqa", "Raqqa"], 35.95, 39.01, "SY"),
    ("Tabqa", ["At-Tabqah", "الطبقة"], ["Raqqa", "Tabqa"], 35.84, 38.55, "SY"),
    (
        "Deir ez-Zor",
        ["Deir Ezzor", "دير الزور"],
        ["Deir ez-Zor", "Deir ez-Zor"],
        35.33,
        40.14,
        "SY",
    ),
    ("Mayadin", ["Al-Mayadin", "الميادين"], ["Deir ez-Zor", "Mayadin"], 35.02, 40.45, "SY"),
    ("Abu Kamal", ["Albu Kamal", "البوكمال"], ["Deir ez-Zor", "Abu Kamal"], 34.45, 40.92, "SY"),
    ("Hajin", ["Hajeen", "هجين"], ["Deir ez-Zor", "Abu Kamal"], 34.69, 40.83, "SY"),
    ("Manbij", ["Menbij", "منبج"], ["Aleppo", "Manbij"], 36.53, 37.95, "SY"),
    ("Al-Bab", ["Al Bab", "الباب"], ["Aleppo", "Al-Bab"], 36.37, 37.52, "SY"),
    ("Idlib", ["Idleb", "إدلب"], ["Idlib", "Idlib"], 35.93, 36.63, "SY"),
    (
        "Maarat al-Numan",
        ["Ma'arrat al-Nu'man", "معرة النعمان"],
        ["Idlib", "Maarat"],
        35.65,
        36.67,
        "SY",
    ),
    ("Shaddadi", ["Al-Shaddadah", "الشدادي"], ["Hasakah", "Hasakah"], 36.06, 40.73, "SY"),
    ("Palmyra", ["Tadmur", "تدمر"], ["Homs", "Palmyra"], 34.56, 38.28, "SY"),
]
BELLIGERENTS = [
    "US-led coalition",
    "Russian military",
    "Syrian regime",
    "Iraqi forces",
    "Turkish military",
]
PRECISIONS = [
    "exact",
    "street",
    "neighbourhood",
    "village",
    "town",
    "city",
    "subdistrict",
    "district",
]
GRADES = ["confirmed", "fair", "weak", "contested", "discounted", None]
ORIGIN_KINDS = ["social_media", "local_monitor", "eyewitness", "video", "image", "social_media"]
DERIVED_KINDS = ["news", "news", "news", "ngo_report", "social_media", "other"]
ROLES = ["resident", "relative", "medic", "rescuer", "journalist", "official", "survivor", "other"]
LANGUAGES = ["ar", "ar", "en", "en", "fr", "ku", "ru", "tr"]
RELIABILITY = ["A", "B", "B", "C", "C", "C", "D", "D", "E", "F"]
VERDICTS = ["acknowledged", "credible", "non_credible", "non_credible", "duplicate", "under_review"]
STRIKE_TYPES = ["airstrike", "artillery", "airstrike and/or artillery", "drone strike"]


@dataclass
class Synthetic:
    """Every item, as the full field dicts ``model_dump(mode="json")`` produces."""

    organisations: list[Item] = field(default_factory=list)
    sources: list[Item] = field(default_factory=list)
    witnesses: list[Item] = field(default_factory=list)
    incidents: list[Item] = field(default_factory=list)
    """Incident dicts without ``claims``."""
    claims: list[list[Item]] = field(default_factory=list)
    """Claims of each incident (parallel to ``incidents``), each with its ``incident`` key."""
    strikes: list[Item] = field(default_factory=list)
    statements: list[Item] = field(default_factory=list)


def _org(oid: str, name: str, kind: str, part_of: str | None = None) -> Item:
    return {"id": oid, "name": name, "kind": kind, "part_of": part_of, "aliases": [], "domains": []}


def _organisations(rng: random.Random, n_orgs: int, n_hubs: int) -> tuple[list[Item], list[str]]:
    """Organisations; returns them and the ids of the hub wire services."""
    orgs = [
        _org("org-0000", "Coalition Joint Task Force", "military"),
        _org("org-0001", "Coalition Central Command", "military", "org-0000"),
        _org("org-0002", "Ministry of Defence (synthetic)", "military"),
        _org("org-0003", "Government press office (synthetic)", "government"),
    ]
    wires = []
    for h in range(max(1, min(5, n_hubs))):
        oid = f"org-{len(orgs):04d}"
        wires.append(oid)
        orgs.append(_org(oid, f"Synthetic Wire Service {h + 1}", "media"))
    while len(orgs) < n_orgs:
        oid = f"org-{len(orgs):04d}"
        r = rng.random()
        if r < 0.125 and len(orgs) + 2 <= n_orgs:
            orgs.append(_org(oid, f"Synthetic Broadcaster {len(orgs)}", "media"))
            for lang in ["Arabic", "French", "Kurdish"][: rng.randint(1, 3)]:
                if len(orgs) >= n_orgs:
                    break
                orgs.append(
                    _org(
                        f"org-{len(orgs):04d}", f"Synthetic Broadcaster {oid} {lang}", "media", oid
                    )
                )
        else:
            kind = "media" if r < 0.75 else ("ngo" if r < 0.88 else "monitor")
            orgs.append(_org(oid, f"Synthetic {kind.title()} Outlet {len(orgs)}", kind))
    return orgs, wires


def _source(sid: str, kind: str, title: str, publisher: str | None, author: str | None) -> Item:
    return {
        "id": sid,
        "kind": kind,
        "title": title,
        "url": None,
        "publisher": publisher,
        "author": author,
        "published_at": None,
        "captured_at": None,
        "sha256": None,
        "archive_url": None,
        "language": None,
        "reliability": None,
        "cites": [],
        "quotes": [],
    }


def _stamp(day: dt.date, hours: int) -> str:
    d = day + dt.timedelta(days=hours // 24)
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{hours % 24:02d}:00:00Z"


def _fill_source(rng: random.Random, src: Item, day: dt.date, hours: int) -> None:
    src["published_at"] = _stamp(day, hours)
    src["language"] = rng.choice(LANGUAGES)
    if rng.random() < 0.8:
        src["reliability"] = rng.choice(RELIABILITY)
    if src["publisher"] is not None and rng.random() < 0.7:
        src["url"] = f"https://{src['publisher']}.example.org/{src['id']}"
    if rng.random() < 0.1:
        src["sha256"] = f"{rng.getrandbits(256):064x}"
        src["captured_at"] = _stamp(day, hours + 2)
        src["archive_url"] = f"https://archive.example.org/{src['id']}"


def _build(n_sources: int, seed: int) -> Synthetic:
    if n_sources < MIN_SOURCES:
        raise ValueError(f"n_sources must be at least {MIN_SOURCES}, got {n_sources}")
    rng = random.Random(seed)
    out = Synthetic()
    n_inc = max(1, round(n_sources / SOURCES_PER_INCIDENT))
    n_hubs = max(1, min(25, n_sources // 40_000))
    n_orgs = max(16, min(400, n_sources // 2_500))
    n_wit = max(8, n_sources // 250)
    out.organisations, wires = _organisations(rng, n_orgs, n_hubs)
    outlets = [o["id"] for o in out.organisations[4:]]
    out.witnesses = [{"id": f"w-{i:06d}", "role": rng.choice(ROLES)} for i in range(n_wit)]
    width = len(str(n_sources))

    def sid(i: int) -> str:
        return f"src-{i:0{width}d}"

    # hubs: round-ups by the wire services, cited by very many
    hubs: list[str] = []
    for h in range(n_hubs):
        src = _source(
            sid(h), "news", f"Synthetic wire round-up {h + 1}", wires[h % len(wires)], None
        )
        _fill_source(rng, src, WINDOW_START + dt.timedelta(days=h * WINDOW_DAYS // n_hubs), 6)
        src["reliability"] = "B"
        out.sources.append(src)
        hubs.append(src["id"])
    rest = n_sources - n_hubs
    base, extra = divmod(rest, n_inc)
    next_src = n_hubs
    inc_width = len(str(n_inc))
    for k in range(n_inc):
        size = base + (1 if k < extra else 0)
        block = _incident_sources(rng, out, k, size, next_src, sid, hubs, outlets, n_inc)
        next_src += size
        _incident(rng, out, k, f"inc-{k:0{inc_width}d}", block, hubs)
    _statements_and_strikes(rng, out)
    return out


def _incident_sources(
    rng: random.Random,
    out: Synthetic,
    k: int,
    size: int,
    first: int,
    sid: Any,
    hubs: list[str],
    outlets: list[str],
    n_inc: int,
) -> list[str]:
    """The ~33 sources of incident ``k``: origins, then derived reports citing them."""
    day = WINDOW_START + dt.timedelta(days=(k * 7919) % WINDOW_DAYS)
    n_wit = len(out.witnesses)
    local = (k * n_wit) // n_inc  # witnesses near this incident's town
    n_origins = max(1, round(size * 0.15))
    ids = [sid(first + j) for j in range(size)]
    depth: list[int] = []
    for j, src_id in enumerate(ids):
        origin = j < n_origins
        kind = rng.choice(ORIGIN_KINDS if origin else DERIVED_KINDS)
        if rng.random() < 0.15:
            publisher, author = None, f"@page_{rng.randrange(100_000):05d}"
        else:
            publisher, author = rng.choice(outlets), None
        title = f"Report {j} on incident {k}" if rng.random() < 0.8 else f"تقرير {j} عن الحادثة {k}"
        src = _source(src_id, kind, title, publisher, author)
        _fill_source(rng, src, day, j * 3 + rng.randrange(3))
        if origin:
            depth.append(0)
            if rng.random() < 0.7:
                quoted = {
                    f"w-{(local + rng.randrange(6)) % n_wit:06d}" for _ in range(rng.randint(1, 2))
                }
                src["quotes"] = sorted(quoted)
        else:
            parents = [rng.randrange(max(0, j - 6), j)]
            if rng.random() < 0.25:
                parents.append(rng.randrange(j))
            parents = [p if depth[p] < 5 else rng.randrange(n_origins) for p in parents]
            src["cites"] = [ids[p] for p in dict.fromkeys(parents)]
            depth.append(max(depth[p] for p in parents) + 1)
            if rng.random() < 0.05:
                src["cites"].append(rng.choice(hubs))
        out.sources.append(src)
    if size >= n_origins + 3 and rng.random() < 0.03:  # circular reporting
        a, b = sorted(rng.sample(range(n_origins, size), 2))
        src_a, src_b = out.sources[-size + a], out.sources[-size + b]
        for x, y in ((src_a, src_b), (src_b, src_a)):
            if y["id"] not in x["cites"]:
                x["cites"].append(y["id"])
    return ids


def _incident(
    rng: random.Random, out: Synthetic, k: int, iid: str, block: list[str], hubs: list[str]
) -> None:
    day = WINDOW_START + dt.timedelta(days=(k * 7919) % WINDOW_DAYS)
    name, variants, admin, lat, lon, country = TOWNS[k % len(TOWNS)]
    belligerents = sorted(set(rng.sample(BELLIGERENTS, rng.randint(1, 2))))
    end = day + dt.timedelta(days=rng.randint(1, 3)) if rng.random() < 0.1 else None
    out.incidents.append(
        {
            "id": iid,
            "title": f"Synthetic strike near {name} ({k})",
            "date": day.isoformat(),
            "date_end": end.isoformat() if end else None,
            "location": {
                "name": f"{name} district {rng.randrange(12)}",
                "name_variants": variants[: rng.randint(0, len(variants))],
                "admin": list(admin),
                "lat": round(lat + rng.uniform(-0.05, 0.05), 4),
                "lon": round(lon + rng.uniform(-0.05, 0.05), 4),
                "precision": rng.choice(PRECISIONS),
            },
            "country": country,
            "belligerents": belligerents,
            "strike_type": rng.choice(STRIKE_TYPES),
            "strike_status": rng.choice([None, "likely", "contested", "declared"]),
            "grade": rng.choice(GRADES),
            "notes": None,
        }
    )
    claims = []
    for c in range(rng.randint(3, 7)):
        low = rng.randrange(0, 40)
        supported = rng.sample(block, min(len(block), rng.randint(5, 20)))
        if rng.random() < 0.02:
            supported.append(rng.choice(hubs))
        others = [s for s in block if s not in supported]
        contradicted = [rng.choice(others)] if others and rng.random() < 0.05 else []
        injured = rng.randrange(0, 30)
        claims.append(
            {
                "id": f"{iid}-c{c + 1}",
                "civilians_killed": {"min": low, "max": low + rng.randrange(0, 15)},
                "civilians_injured": (
                    {"min": injured, "max": injured + rng.randrange(10)}
                    if rng.random() < 0.4
                    else None
                ),
                "belligerent": rng.choice(belligerents),
                "text": f"Local sources report {low} or more civilians killed near {name}.",
                "supported_by": supported,
                "contradicted_by": contradicted,
                "incident": iid,
            }
        )
    out.claims.append(claims)


def _statements_and_strikes(rng: random.Random, out: Synthetic) -> None:
    n_inc = len(out.incidents)
    issuers = ["org-0000", "org-0001", "org-0002", "org-0003"]
    width = len(str(n_inc))
    for s in range(max(1, n_inc // 20)):
        picked = rng.sample(range(n_inc), min(n_inc, rng.randint(1, 20)))
        assessments = []
        for i in picked:
            verdict = rng.choice(VERDICTS)
            killed = rng.randrange(1, 12) if verdict in ("credible", "acknowledged") else None
            assessments.append(
                {
                    "incident": out.incidents[i]["id"],
                    "verdict": verdict,
                    "civilians_killed_acknowledged": killed,
                }
            )
        day = WINDOW_START + dt.timedelta(days=rng.randrange(WINDOW_DAYS + 60))
        ack = None
        if rng.random() < 0.1:
            ack = {
                "civilians_killed": rng.randrange(100, 2_000),
                "date_from": "2014-08-08",
                "date_to": day.isoformat(),
                "scope": "Whole campaign (synthetic)",
            }
        out.statements.append(
            {
                "id": f"stmt-{s:0{width}d}",
                "issuer": rng.choice(issuers),
                "date": day.isoformat(),
                "text": f"Synthetic civilian-casualty assessment {s}.",
                "url": None,
                "assessments": assessments,
                "acknowledges": ack,
            }
        )
    for s in range(max(1, n_inc // 10)):
        i = rng.randrange(n_inc)
        linked = [out.incidents[i]["id"]]
        if i + 1 < n_inc and rng.random() < 0.2:
            linked.append(out.incidents[i + 1]["id"])
        reported = rng.choice(out.statements)["id"] if rng.random() < 0.8 else None
        out.strikes.append(
            {
                "id": f"strike-{s:0{width}d}",
                "belligerent": rng.choice(BELLIGERENTS),
                "date": out.incidents[i]["date"],
                "location": None,
                "target": "Synthetic reported fighting position",
                "reported_by": reported,
                "incidents": linked,
            }
        )


# --- outputs ----------------------------------------------------------------------------


def _targets(values: list[str | None]) -> list[str]:
    return [t for t in dict.fromkeys(values) if t is not None]


def _node_edges(label: str, d: Item) -> list[EdgeRow]:
    """The edges ``provenance.store.rows`` derives from a node (same order)."""
    oid = d["id"]
    out: list[EdgeRow] = []

    def link(rel: str, values: list[str | None]) -> None:
        out.extend(EdgeRow(oid, rel, t, oid) for t in _targets(values))

    if label == "Organisation":
        link("PART_OF", [d["part_of"]])
    elif label == "Source":
        link("PUBLISHED_BY", [d["publisher"]])
        link("CITES", d["cites"])
        link("QUOTES", d["quotes"])
    elif label == "Claim":
        out.append(EdgeRow(d["incident"], "HAS_CLAIM", oid, oid))
        link("SUPPORTED_BY", d["supported_by"])
        link("CONTRADICTED_BY", d["contradicted_by"])
    elif label == "Strike":
        link("REPORTED_BY", [d["reported_by"]])
        link("LINKED_TO", d["incidents"])
    elif label == "Statement":
        link("PUBLISHED_BY", [d["issuer"]])
        for a in d["assessments"]:
            props: dict[str, Any] = {"verdict": a["verdict"]}
            if a["civilians_killed_acknowledged"] is not None:
                props["civilians_killed_acknowledged"] = a["civilians_killed_acknowledged"]
            out.append(EdgeRow(oid, "ASSESSES", a["incident"], oid, props))
    return out


def _items(syn: Synthetic, origin: str) -> Iterator[tuple[str, Item, str]]:
    """(label, data, where) in the order :func:`batch_from_case` adds them."""
    for section, label in (
        ("organisations", "Organisation"),
        ("sources", "Source"),
        ("witnesses", "Witness"),
    ):
        for i, d in enumerate(getattr(syn, section)):
            yield label, d, f"{origin}: {section}[{i}] (id {d['id']!r})"
    for i, (inc, claims) in enumerate(zip(syn.incidents, syn.claims, strict=True)):
        yield "Incident", inc, f"{origin}: incidents[{i}] (id {inc['id']!r})"
        for j, c in enumerate(claims):
            yield "Claim", c, f"{origin}: incidents[{i}].claims[{j}] (id {c['id']!r})"
    for section, label in (("strikes", "Strike"), ("statements", "Statement")):
        for i, d in enumerate(getattr(syn, section)):
            yield label, d, f"{origin}: {section}[{i}] (id {d['id']!r})"


def generate_batch(n_sources: int, seed: int = 0, origin: str = "synthetic") -> Batch:
    """The fast path: a :class:`Batch` of ``n_sources`` sources and everything around them.

    Equal to ``batch_from_case(generate_case(n_sources, seed), origin)``.
    """
    batch = Batch()
    for label, d, where in _items(_build(n_sources, seed), origin):
        if label != "Witness":  # as batch_from_case: the case file set every given field
            stamp(d, CASE_ORIGIN, None)
        text, digest = text_and_hash(d)
        row = NodeRow(d["id"], label, d, digest, text, "case")
        batch.add_row(row, _node_edges(label, d), where)
    return batch


def _compact(value: Any) -> Any:
    """Drop ``None`` fields and empty lists (their defaults) from nested dicts."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def case_document(n_sources: int, seed: int = 0) -> dict[str, Any]:
    """The case file (``format: provenance-case/1``) as JSON-able data, defaults omitted."""
    syn = _build(n_sources, seed)
    incidents = []
    for inc, claims in zip(syn.incidents, syn.claims, strict=True):
        doc = _compact(inc)
        doc["claims"] = [_compact({k: v for k, v in c.items() if k != "incident"}) for c in claims]
        incidents.append(doc)
    return {
        "format": CASE_FORMAT,
        "description": f"Synthetic data: {n_sources} sources, seed {seed} (benchmarks/generate.py).",
        "organisations": [_compact(o) for o in syn.organisations],
        "sources": [_compact(s) for s in syn.sources],
        "witnesses": [_compact(w) for w in syn.witnesses],
        "incidents": incidents,
        "strikes": [_compact(s) for s in syn.strikes],
        "statements": [_compact(s) for s in syn.statements],
    }


def generate_case(n_sources: int, seed: int = 0) -> CaseFile:
    """A validated :class:`CaseFile` (use :func:`generate_batch` for large sizes)."""
    return CaseFile.model_validate(case_document(n_sources, seed))


def stats(batch: Batch) -> dict[str, Any]:
    """Node counts by label and edge counts by relationship of a batch."""
    nodes: dict[str, int] = {}
    edges: dict[str, int] = {}
    for row in batch.nodes:
        nodes[row.label] = nodes.get(row.label, 0) + 1
    for e in batch.edges:
        edges[e.rel] = edges.get(e.rel, 0) + 1
    return {
        "nodes": nodes,
        "edges": edges,
        "total_nodes": len(batch.nodes),
        "total_edges": len(batch.edges),
    }


def main(argv: list[str] | None = None) -> int:
    """CLI: write a synthetic case file, or print the shape of a batch."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sources", type=int, required=True, help="number of sources")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write the case file here (.json)")
    parser.add_argument("--stats", action="store_true", help="print node and edge counts")
    args = parser.parse_args(argv)
    if args.out is None and not args.stats:
        parser.error("give --out FILE.json and/or --stats")
    if args.out is not None:
        with args.out.open("w", encoding="utf-8") as fh:
            json.dump(case_document(args.sources, args.seed), fh, ensure_ascii=False)
        print(f"wrote {args.out}", file=sys.stderr)
    if args.stats:
        print(json.dumps(stats(generate_batch(args.sources, args.seed)), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
