"""Case files for the impact tests, built in the tests (no real data)."""

from __future__ import annotations

import copy
from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml

from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore

DEAD_ENDS = ("zz-dead-1", "zz-dead-2")
"""Two sources citing each other and nothing else: a loop with no exit supports nothing."""


def generated_case() -> dict[str, Any]:
    """The generated case of ``test_impact_generated`` (its docstring works it by hand)."""

    def claim(cid: str, killed: tuple[int, int], sup: list[str]) -> dict[str, Any]:
        return {
            "id": cid,
            "civilians_killed": {"min": killed[0], "max": killed[1]},
            "belligerent": "Air Force X",
            "supported_by": sup,
        }

    def incident(iid: str, date: str, c: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": iid,
            "title": f"Incident {iid}",
            "date": date,
            "country": "SY",
            "belligerents": ["Air Force X"],
            "claims": [c],
        }

    return {
        "format": "provenance-case/1",
        "organisations": [
            {
                "id": "org-a",
                "name": "Alpha News",
                "kind": "media",
                "aliases": ["@alpha_news", "twitter:AlphaTV"],
                "domains": ["alpha-news.org"],
            },
            {"id": "org-a2", "name": "Alpha Arabic", "kind": "media", "part_of": "org-a"},
            {"id": "org-b", "name": "Beta Daily", "kind": "media"},
        ],
        "witnesses": [{"id": w, "role": "resident"} for w in ("w1", "w2", "w3")],
        "sources": [
            {"id": "s1", "kind": "social_media", "author": "@alpha_news", "quotes": ["w1"]},
            {"id": "s2", "kind": "video", "publisher": "org-a2", "quotes": ["w2"]},
            {"id": "s3", "kind": "news", "url": "https://www.alpha-news.org/s", "cites": ["s1"]},
            {"id": "s4", "kind": "news", "publisher": "org-b", "cites": ["s2"]},
            {"id": "s5", "kind": "social_media", "author": "@gamma", "quotes": ["w3"]},
            {"id": "s6", "kind": "social_media", "author": "'@Delta", "cites": ["s5"]},
        ],
        "incidents": [
            incident("i1", "2020-01-10", claim("c1", (3, 5), ["s4", "s6"])),
            incident("i2", "2020-01-20", claim("c2", (1, 2), ["s3"])),
            incident("i3", "2020-01-31", claim("c3", (2, 4), ["s1", "s5"])),
            incident("i4", "2020-02-01", claim("c4", (6, 6), ["s6"])),
            incident("i5", "2020-02-28", claim("c5", (4, 4), ["s5"])),
            incident("i6", "2020-03-02", claim("c6", (1, 1), ["s4"])),
        ],
    }


def ingest_case(case: dict[str, Any], path: Path) -> SQLiteStore:
    """A new store at ``path`` holding ``case`` (the caller closes it)."""
    file = path.with_suffix(".yaml")
    file.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    store = SQLiteStore(path, create=True)
    store.ingest(load_batch([file]), actor="tester")
    return store


def without_items(case: dict[str, Any], removed: Collection[str]) -> dict[str, Any]:
    """``case`` with the ``removed`` sources, statements and witnesses deleted, every
    reference to them dropped, and every source that cited or quoted only removed items
    made to cite a loop with no exit (:data:`DEAD_ENDS`): it then rests on nothing, as
    DESIGN's ``--min-reliability`` rule says, instead of becoming an origin. The
    independent route to what ``impact`` computes."""
    gone = set(removed)
    out = copy.deepcopy(case)
    out["witnesses"] = [w for w in out.get("witnesses", []) if w["id"] not in gone]
    sources = []
    for s in out.get("sources", []):
        if s["id"] in gone:
            continue
        had = [*s.get("cites", []), *s.get("quotes", [])]
        s["cites"] = [x for x in s.get("cites", []) if x not in gone]
        s["quotes"] = [x for x in s.get("quotes", []) if x not in gone]
        if had and not s["cites"] and not s["quotes"]:
            s["cites"] = [DEAD_ENDS[0]]
        sources.append(s)
    sources += [
        {"id": DEAD_ENDS[0], "kind": "other", "cites": [DEAD_ENDS[1]]},
        {"id": DEAD_ENDS[1], "kind": "other", "cites": [DEAD_ENDS[0]]},
    ]
    out["sources"] = sources
    for inc in out.get("incidents", []):
        for c in inc.get("claims", []):
            c["supported_by"] = [x for x in c.get("supported_by", []) if x not in gone]
    return out
