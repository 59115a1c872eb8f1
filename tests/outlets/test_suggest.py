"""``outlets suggest`` on a small synthetic Airwars-style export (invented rows, real outlet
names): every pair above the default threshold is right, the look-alikes are not
suggested, and pairs already joined or judged different are left out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from provenance.ingest.files import IngestOptions, ingest_files
from provenance.outlets.features import KnownOrganisation, Mention
from provenance.outlets.load import mentions_from_store, organisations_from_store
from provenance.outlets.suggest import DEFAULT_MIN_SCORE, suggest_outlets

EXPORT = Path(__file__).parent / "airwars_outlets"
FILES = [EXPORT / "incidents_flat.csv", EXPORT / "incident_sources_flat.csv"]

OUTLET = {
    "@SyriaCivilDefe": "scd",
    "Syrian Civil Defense": "scd",
    "SCD": "scd",
    "SCD news": "scd",
    "twitter:syriacivildefe": "scd",
    "facebook:syriacivildefense": "scd",
    "syriacivildefence.org": "scd",
    "Syrian Observatory for Human Rights": "sohr",
    "SOHR": "sohr",
    "SOHR news": "sohr",
    "المرصد السوري": "sohr",
    "syriahr.com": "sohr",
    "Syrian Network for Human Rights": "snhr",
    "SNHR": "snhr",
    "snhr.org": "snhr",
    "Hawar News": "hawar",
    "Hawar News Agency": "hawar",
    "@hawarnews": "hawar",
    "hawarnews.com": "hawar",
    "facebook:hawarnews": "hawar",
    "twitter:hawarnews": "hawar",
    "Baladi News": "baladi",
    "Baladi": "baladi",
    "baladi-news.com": "baladi",
    "Enab Baladi": "enab",
    "enabbaladi.net": "enab",
    "Step News": "step",
    "stepagency-sy.net": "step",
    "Smart News": "smart",
    "smartnews-agency.com": "smart",
    "Syria TV": "syriatv",
    "syria.tv": "syriatv",
    "Syria News": "syrianews",
    "syria-news.com": "syrianews",
    "Orient News": "orient",
    "@OrientNews": "orient",
    "twitter:orientnews": "orient",
    "orient-news.net": "orient",
}
"""The truth of the synthetic export: each name (as suggestions show it) → its outlet."""

LOOK_ALIKES = [
    ("Enab Baladi", "Baladi News"),
    ("Enab Baladi", "Baladi"),
    ("SOHR", "SNHR"),
    ("Syrian Network for Human Rights", "Syrian Observatory for Human Rights"),
    ("Step News", "Smart News"),
    ("Syria TV", "Syria News"),
]


def ingest(db: Path, files: list[Path], profile: str | None = None) -> Any:
    """Ingest ``files`` into the SQLite store ``db``; the store, open."""
    from provenance.store.sqlite import SQLiteStore

    ingest_files(
        lambda: SQLiteStore(db, create=True), files, IngestOptions(profile=profile), actor="t"
    )
    return SQLiteStore(db)


@pytest.fixture(scope="module")
def mentions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Mention]]:
    with ingest(tmp_path_factory.mktemp("outlets") / "store.db", FILES, "airwars") as store:
        yield mentions_from_store(store)


def joined(pairs: list[Any]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from((p.a, p.b) for p in pairs)
    return graph


def test_every_suggested_pair_is_one_outlet(mentions: list[Mention]) -> None:
    pairs = suggest_outlets(mentions)
    assert len(pairs) >= 15
    for p in pairs:
        assert DEFAULT_MIN_SCORE <= p.score <= 1 and p.reasons
        assert OUTLET[p.a] == OUTLET[p.b], (p.a, p.b, p.reasons)


def test_spellings_of_one_outlet_are_joined(mentions: list[Mention]) -> None:
    graph = joined(suggest_outlets(mentions))
    for a, b in [
        ("SCD", "Syrian Civil Defense"),
        ("SOHR", "Syrian Observatory for Human Rights"),
        ("المرصد السوري", "SOHR news"),
        ("Hawar News Agency", "Hawar News"),
        ("facebook:hawarnews", "twitter:hawarnews"),
        ("SNHR", "Syrian Network for Human Rights"),
        ("Baladi", "Baladi News"),
        ("@OrientNews", "Orient News"),
    ]:
        assert a in graph and b in graph and nx.has_path(graph, a, b), (a, b)


def test_look_alikes_are_not_suggested_even_joined(mentions: list[Mention]) -> None:
    """Not as a pair, and not through a chain of accepted pairs, even at a low score."""
    graph = joined(suggest_outlets(mentions, min_score=0.5))
    for a, b in LOOK_ALIKES:
        assert not (a in graph and b in graph and nx.has_path(graph, a, b)), (a, b)


def test_names_already_one_organisation_are_not_suggested(mentions: list[Mention]) -> None:
    scd = KnownOrganisation(
        "org:scd", "Syrian Civil Defence", "org:scd", ("scd", "syrian civil defense"), ()
    )
    pairs = suggest_outlets(mentions, [scd])
    names = {n for p in pairs for n in (p.a, p.b)}
    assert "SCD" not in names and "Syrian Civil Defense" not in names
    assert any("org:scd" in (p.a, p.b) for p in pairs)  # shown by its organisation id


def test_pairs_judged_different_are_not_suggested(mentions: list[Mention]) -> None:
    before = {(p.a, p.b) for p in suggest_outlets(mentions)}
    assert ("SCD", "Syrian Civil Defense") in before
    after = {
        (p.a, p.b) for p in suggest_outlets(mentions, different=[("scd", "Syrian Civil Defense")])
    }
    assert before - after == {("SCD", "Syrian Civil Defense")}


def test_organisations_are_read_with_their_family(tmp_path: Path) -> None:
    case = tmp_path / "orgs.yaml"
    case.write_text(
        "format: provenance-case/1\norganisations:\n"
        "  - {id: org-sohr, name: Syrian Observatory for Human Rights, aliases: ['SOHR'],"
        " domains: [syriahr.com]}\n"
        "  - {id: org-sohr-ar, name: المرصد السوري, part_of: org-sohr}\n",
        encoding="utf-8",
    )
    with ingest(tmp_path / "s.db", [case]) as store:
        orgs = {o.id: o for o in organisations_from_store(store)}
    assert orgs["org-sohr"].aliases == ("sohr",) and orgs["org-sohr"].domains == ("syriahr.com",)
    assert orgs["org-sohr-ar"].family == "org-sohr"
