"""The outlet registry: exact alias and domain matches after normalisation, nothing fuzzy."""

from __future__ import annotations

import pytest

from provenance.outlets.registry import OrgEntry, OutletRegistry, alias_key, author_key, identify

REGISTRY = OutletRegistry(
    [
        OrgEntry("scd", "Syrian Civil Defence", family="net", aliases=("SCD", "twitter:SCD_EN")),
        OrgEntry("net", "Network"),
        OrgEntry("sana", "SANA", domains=("https://www.sana.sy/", "facebook.com")),
        OrgEntry("sohr", "SOHR", aliases=("Syrian Observatory for Human Rights",)),
    ]
)


@pytest.mark.parametrize(
    ("author", "url", "org"),
    [
        ("scd", None, "scd"),
        ("@SCD", None, "scd"),
        ("'@ scd", "https://example.org/x", "scd"),
        (None, "https://twitter.com/scd/status/1", "scd"),  # a bare alias: every platform
        (None, "https://www.facebook.com/SCD/posts/1", "scd"),
        ("@SCD_EN", "https://x.com/i/web/status/1", "scd"),  # a qualified alias on its platform
        (None, "https://twitter.com/SCD_EN/status/1", "scd"),
        ("syrian  observatory for human RIGHTS", None, "sohr"),
        (None, "https://news.sana.sy/en/?p=1", "sana"),
        ("Someone", "https://sana.sy/x", "sana"),
    ],
)
def test_resolves_by_exact_alias_or_domain(author: str | None, url: str | None, org: str) -> None:
    assert REGISTRY.organisation(identify(author, url)) == org


@pytest.mark.parametrize(
    ("author", "url"),
    [
        ("SCD news", None),  # containing an alias is a suggestion, not a match
        ("SOHR", None),  # an acronym is a suggestion too
        ("@SCD_EN", None),  # a qualified alias needs its platform
        ("@SCD_EN", "https://www.facebook.com/x/posts/1"),
        (None, "https://www.facebook.com/SCD_EN/posts/1"),
        (None, "https://www.facebook.com/someone/posts/1"),  # facebook.com is no one's domain
        (None, "https://sana.sy.example.com/x"),
        (None, None),
    ],
)
def test_no_fuzzy_or_platform_matches(author: str | None, url: str | None) -> None:
    assert REGISTRY.organisation(identify(author, url)) is None


def test_resolve_gives_the_family_and_the_names() -> None:
    outlet = REGISTRY.resolve("SCD", None)
    assert outlet is not None
    assert (outlet.kind, outlet.key, outlet.name, outlet.unit_name) == (
        "family",
        "net",
        "Syrian Civil Defence",
        "Network",
    )
    other = REGISTRY.resolve(" Hawar   News ", "https://hawarnews.com/1")
    assert other is not None
    assert (other.kind, other.key, other.name) == ("author", "hawar news", "Hawar News")
    assert REGISTRY.resolve(None, "https://hawarnews.com/1") is None  # a domain nobody holds
    assert OutletRegistry().resolve(None, None) is None


def test_alias_keys() -> None:
    assert alias_key("twitter:SyriaCivilDefe") == (True, "twitter:syriacivildefe")
    assert alias_key("X : '@SyriaCivilDefe") == (True, "twitter:syriacivildefe")
    assert alias_key("fb:SyriaCivilDefense") == (True, "facebook:syriacivildefense")
    assert alias_key("https://t.me/s/SCD") == (True, "telegram:scd")
    assert alias_key("BBC: Arabic") == (False, "bbc: arabic")  # not a platform prefix
    assert alias_key(" Syrian Civil  Defense") == (False, "syrian civil defense")


def test_an_alias_two_organisations_hold_belongs_to_the_smaller_id() -> None:
    reg = OutletRegistry([OrgEntry("b", aliases=("SCD",)), OrgEntry("a", aliases=("@scd",))])
    assert reg.organisation(identify("SCD", None)) == "a"
    assert reg.conflicts == [("scd", "a", "b")]


def test_author_key() -> None:
    assert author_key("'@SyriaCivilDefe", None) == "syriacivildefe"
    assert author_key(None, "https://twitter.com/SyriaCivilDefe/status/1") == "syriacivildefe"
    assert author_key(None, "https://www.facebook.com/SyriaCivilDefe/") == "syriacivildefe"
    # the author as written comes first: a spelling is never split by its URL
    assert author_key("SCD", "https://twitter.com/SyriaCivilDefe/status/9") == "scd"
    assert author_key("@SyriaCivilDefe", "https://twitter.com/i/web/status/9") == "syriacivildefe"
    assert author_key("https://twitter.com/SyriaCivilDefe", None) == "syriacivildefe"
    assert author_key("Syrian Civil Defense", "https://sana.sy/1") == "syrian civil defense"
    assert author_key("'@", None) is None
    assert author_key(None, "https://sana.sy/1") is None
