"""The extended unit rule (issue 15): normalised authors and accounts, organisations'
aliases and domains; the three index builders agree on units and names."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from corroborate_graphs import Builder

from provenance.corroborate import corroborate_claim, corroborate_claims, independence_unit
from provenance.corroborate.index import index_from_graph, index_from_upstream
from provenance.corroborate.load import corroborate_store, index_from_store
from provenance.model import CASE_FORMAT, CaseFile
from provenance.store.rows import batch_from_case
from provenance.store.sqlite import SQLiteStore

SCD = {"scd": {"name": "Syrian Civil Defence", "aliases": ["SCD", "Syrian Civil Defense"]}}


def two_posts(a: dict[str, Any], b: dict[str, Any], organisations: Any = None) -> Builder:
    """Two sources, each quoting its own witness, supporting claim ``c``."""
    builder = Builder().witness("w1").witness("w2")
    builder.source("p1", quotes=["w1"]).source("p2", quotes=["w2"])
    builder.g.nodes["p1"].update(a)
    builder.g.nodes["p2"].update(b)
    builder.claim("c", ["p1", "p2"])
    if organisations is not None:
        builder.g.graph["organisations"] = organisations
    return builder


def paths(builder: Builder) -> int:
    return corroborate_claim(builder.g, "c").independent_paths


def test_handle_spellings_are_one_unit() -> None:
    b = two_posts({"author": "@SCD"}, {"author": "'@scd"})
    assert independence_unit(b.g, "p1") == independence_unit(b.g, "p2") == "author:scd"
    assert paths(b) == 1  # was 2: "@SCD" and "'@scd" were two accounts


def test_a_handle_and_its_tweet_url_without_author_are_one_unit() -> None:
    url = "https://twitter.com/SyriaCivilDefe/status/1"
    b = two_posts({"author": "'@SyriaCivilDefe", "url": url}, {"url": url.replace("1", "2")})
    assert independence_unit(b.g, "p1") == "author:twitter:syriacivildefe"
    assert independence_unit(b.g, "p2") == "author:twitter:syriacivildefe"
    assert paths(b) == 1


def test_aliases_join_two_author_strings_into_one_organisation() -> None:
    a, b = {"author": "SCD"}, {"author": " Syrian  civil Defense"}
    assert paths(two_posts(a, b)) == 2
    joined = two_posts(a, b, SCD)
    assert independence_unit(joined.g, "p1") == independence_unit(joined.g, "p2") == "family:scd"
    assert paths(joined) == 1


def test_a_qualified_alias_names_one_account_and_a_bare_alias_every_platform() -> None:
    orgs = {"scd": {"name": "SCD", "aliases": ["twitter:SyriaCivilDefe"]}}
    on_twitter = {"author": "@SyriaCivilDefe", "url": "https://x.com/i/web/status/9"}
    on_facebook = {"url": "https://www.facebook.com/SyriaCivilDefe/posts/1"}
    b = two_posts(on_twitter, on_facebook, orgs)
    assert independence_unit(b.g, "p1") == "family:scd"
    assert independence_unit(b.g, "p2") == "author:facebook:syriacivildefe"
    bare = two_posts(on_twitter, on_facebook, {"scd": {"aliases": ["SyriaCivilDefe"]}})
    assert paths(bare) == 1


def test_a_domain_joins_the_outlet_site_to_its_byline() -> None:
    orgs = {"scd": {"name": "SCD", "aliases": ["SCD"], "domains": ["syriacivildefence.org"]}}
    site = {"author": "SCD news", "url": "https://www.syriacivildefence.org/ar/1"}
    b = two_posts(site, {"author": "@SCD"}, orgs)
    assert independence_unit(b.g, "p1") == "family:scd"
    assert paths(two_posts(site, {"author": "@SCD"})) == 2
    assert paths(b) == 1


def test_a_platform_url_never_matches_a_domain() -> None:
    """An organisation listing facebook.com does not swallow every Facebook page, and its
    real domain does not match a page on a platform."""
    orgs = {"x": {"name": "X", "domains": ["facebook.com", "sana.sy"]}}
    b = two_posts(
        {"url": "https://www.facebook.com/PageOne/posts/1"},
        {"url": "https://web.archive.org/web/2017/https://www.facebook.com/sana.sy/posts/2"},
        orgs,
    )
    assert independence_unit(b.g, "p1") == "author:facebook:pageone"
    assert independence_unit(b.g, "p2") == "author:facebook:sana.sy"
    assert paths(b) == 2


def test_publisher_wins_over_aliases_and_statements_resolve_by_url() -> None:
    orgs = {**SCD, "gov": {"name": "Ministry", "domains": ["centcom.mil"]}}
    b = two_posts({"author": "SCD", "family": "other"}, {"author": "SCD"}, orgs)
    b.statement("st").g.nodes["st"]["url"] = "https://www.centcom.mil/statement"
    assert independence_unit(b.g, "p1") == "family:other"
    assert independence_unit(b.g, "p2") == "family:scd"
    assert independence_unit(b.g, "st") == "family:gov"


def test_index_names_the_outlet_a_reader_knows() -> None:
    b = two_posts({"author": "'@SCD"}, {"author": "Syrian Civil Defense"}, SCD)
    b.source("p3", author="  Hawar  News ").source("p4", author="hawar news")
    b.source("p5", family="bbc").claim("c2", ["p3", "p4", "p5"])
    b.g.nodes["p5"]["publisher_name"] = "BBC Arabic"
    b.g.graph["organisations"]["bbc"] = {"name": "BBC"}
    ix = index_from_graph(b.g)
    assert ix.names == {
        "p1": "Syrian Civil Defence",
        "p2": "Syrian Civil Defence",
        "p3": "Hawar News",
        "p4": "hawar news",
        "p5": "BBC Arabic",
    }
    assert ix.unit_names == {
        "family scd": "Syrian Civil Defence",
        "author hawar news": "Hawar News",  # as first written: the smallest id's spelling
        "family bbc": "BBC",
    }


# --- the three builders, on a store --------------------------------------------------------


def random_case(seed: int) -> dict[str, Any]:
    """Organisations with aliases, domains and PART_OF; sources spelling a few outlets many
    ways (handles, quotes, case, platform URLs, outlet domains, archives)."""
    rng = random.Random(seed)
    names = ["SCD", "Syrian Civil Defense", "SOHR", "Hawar News", "ANHA", "Step", "Enab"]
    spell = [
        lambda n: n,
        lambda n: "@" + n.replace(" ", ""),
        lambda n: "'@" + n.replace(" ", "").lower(),
        lambda n: f"  {n.upper()} ",
    ]
    urls = [
        lambda n: f"https://twitter.com/{n.replace(' ', '')}/status/{rng.randrange(99)}",
        lambda n: f"https://www.facebook.com/{n.replace(' ', '')}/posts/1",
        lambda n: f"https://news.{n.replace(' ', '').lower()}.org/{rng.randrange(99)}",
        lambda n: f"https://web.archive.org/web/2017/https://{n.split()[0].lower()}.net/x",
        lambda n: "https://twitter.com/i/web/status/1",
        lambda n: None,
    ]
    orgs: list[dict[str, Any]] = [
        {"id": "root", "name": "Root"},
        {"id": "scd", "name": "SCD", "part_of": "root", "aliases": ["SCD", "twitter:SCD"]},
        {"id": "sohr", "name": "SOHR", "aliases": ["sohr"], "domains": ["sohr.org"]},
        {"id": "hawar", "name": "Hawar", "aliases": ["Hawar News"], "domains": ["hawar.net"]},
        {"id": "dup", "name": "Dup", "aliases": ["SCD"], "domains": ["facebook.com"]},
        {"id": "plain", "name": "Plain"},
    ]
    sources: list[dict[str, Any]] = []
    for i in range(40):
        src: dict[str, Any] = {"id": f"s{i:02d}", "kind": "social_media"}
        name = rng.choice(names)
        if rng.random() < 0.8:
            src["author"] = rng.choice(spell)(name)
        if (url := rng.choice(urls)(name)) is not None:
            src["url"] = url
        if rng.random() < 0.15:
            src["publisher"] = rng.choice(["scd", "plain", "root"])
        if i > 5 and rng.random() < 0.5:
            src["cites"] = [f"s{rng.randrange(i):02d}"]
        sources.append(src)
    statements = [{"id": "st1", "issuer": "plain"}, {"id": "st2", "url": "https://sohr.org/s"}]
    claims = [
        {
            "id": f"i1-c{k}",
            "belligerent": "b",
            "supported_by": rng.sample([s["id"] for s in sources] + ["st1", "st2"], 6),
        }
        for k in range(6)
    ]
    every = [s["id"] for s in sources] + ["st1", "st2"]  # all upstream: all builders see all
    claims.append({"id": "i1-call", "belligerent": "b", "supported_by": every})
    return {
        "format": CASE_FORMAT,
        "organisations": orgs,
        "sources": sources,
        "statements": statements,
        "incidents": [{"id": "i1", "title": "t", "date": "2017-06-01", "claims": claims}],
    }


@pytest.mark.parametrize("seed", range(6))
def test_three_builders_give_identical_units_and_names(tmp_path: Path, seed: int) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(batch_from_case(CaseFile.model_validate(random_case(seed)), "c"), actor="t")
        indexes = [
            index_from_store(store),
            index_from_graph(store.upstream_graph()),
            index_from_upstream(store.upstream()),
        ]
        claims = sorted(indexes[1].claims)
        first = indexes[0]
        for ix in indexes[1:]:
            assert (ix.unit, ix.names, ix.unit_names) == (
                first.unit,
                first.names,
                first.unit_names,
            )
        streamed = [r.model_dump() for r in corroborate_store(store)]
        per_claim = [r.model_dump() for r in corroborate_claims(store, claims)]
        assert streamed == per_claim
        assert len({*first.unit.values()}) < len(first.unit)  # spellings joined
        # sources resolved by the aliases and domains of organisations none publishes
        assert {"family sohr", "family hawar"} <= {*first.unit.values()}
