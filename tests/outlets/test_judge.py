"""The pure decision of ``outlets judge``: which organisation, what to add or remove."""

from __future__ import annotations

import pytest

from provenance.errors import ConflictError, UsageError
from provenance.judgements import OutletJudgement
from provenance.outlets.judge import (
    OrgView,
    check_pair,
    decide,
    free_id,
    is_domain,
    new_org_name,
    org_id_base,
)

SCD = OrgView("scd", "Syrian Civil Defence", ("SCD",), ("scd.org",), (("aliases", "case"),))
SOHR = OrgView("sohr", "SOHR")


def prior(
    verdict: str, org: str, added: dict[str, list[str]], created: bool = False
) -> OutletJudgement:
    return OutletJudgement("a", "b", verdict, "al", "t", "r", 1, org, added, {}, created)


def test_same_adds_the_other_string_to_the_holder() -> None:
    d = decide([SCD, SOHR], *check_pair("@SCD", "SCD news"), "same", None)
    assert d.organisation == "scd" and not d.created
    assert d.org is not None and d.org.fields == {"aliases": ["SCD", "SCD news"]}
    assert d.added == {"aliases": ["SCD news"]}  # "@SCD" is "SCD" (case, a leading @)


def test_same_by_name_only_adds_the_name_as_an_alias() -> None:
    d = decide([SOHR], *check_pair("SOHR", "SOHR news"), "same", None)
    assert d.org is not None and d.org.fields == {"aliases": ["SOHR", "SOHR news"]}


def test_same_puts_a_domain_in_domains_and_matches_www() -> None:
    d = decide([SCD], *check_pair("www.scd.org", "SCD"), "same", None)
    assert d.org is None and d.added == {}  # both held already
    d = decide([SCD], *check_pair("scd-news.net", "scd"), "same", None)
    assert d.org is not None and d.org.fields == {"domains": ["scd.org", "scd-news.net"]}


def test_same_creates_a_readable_organisation() -> None:
    d = decide(
        [], *check_pair("SCD", "Syrian Civil Defense"), "same", None, {"org-syrian-civil-defense"}
    )
    assert d.created and d.organisation == "org-syrian-civil-defense-2"
    assert d.org is not None and d.org.create
    assert d.org.fields == {
        "name": "Syrian Civil Defense",
        "aliases": ["SCD", "Syrian Civil Defense"],
    }


def test_same_refuses_two_organisations_and_ambiguous_strings() -> None:
    with pytest.raises(ConflictError, match=r"scd.*sohr"):
        decide([SCD, SOHR], *check_pair("SCD", "SOHR"), "same", None)
    twin = OrgView("scd-2", "Other", ("SCD",))
    with pytest.raises(ConflictError, match="several organisations"):
        decide([SCD, twin], *check_pair("SCD", "X"), "same", None)


def test_different_removes_only_what_the_pairs_same_added() -> None:
    org = OrgView("scd", "Syrian Civil Defence", ("SCD", "SCD news"))
    d = decide(
        [org], "SCD", "SCD news", "different", prior("same", "scd", {"aliases": ["SCD news"]})
    )
    assert d.removed == {"aliases": ["SCD news"]}
    assert d.org is not None and d.org.fields == {"aliases": ["SCD"]}
    with pytest.raises(ConflictError, match="set by case"):
        decide([SCD], "SCD", "scd.org", "different", None)


def test_different_of_strings_no_organisation_joins_is_only_a_cannot_link() -> None:
    d = decide([SCD, SOHR], "SCD", "SOHR", "different", None)
    assert (d.org, d.organisation, d.verdict) == (None, None, "different")


def test_different_after_a_created_organisation_keeps_its_name() -> None:
    org = OrgView("org-x", "Hawar News Agency", ("Hawar News", "Hawar News Agency"))
    before = prior("same", "org-x", {"aliases": ["Hawar News", "Hawar News Agency"]}, created=True)
    d = decide([org], "Hawar News", "Hawar News Agency", "different", before)
    assert d.org is not None and d.org.fields == {"aliases": ["Hawar News Agency"]}


def test_same_again_keeps_what_the_earlier_same_added() -> None:
    org = OrgView("scd", "Syrian Civil Defence", ("SCD", "SCD news"))
    d = decide([org], "SCD", "SCD news", "same", prior("same", "scd", {"aliases": ["SCD news"]}))
    assert d.org is None and d.added == {"aliases": ["SCD news"]}


def test_names_ids_and_pairs() -> None:
    assert new_org_name("SANA", "sana.sy") == "SANA"
    assert new_org_name("twitter:HawarNews", "ANHA") == "ANHA"
    assert org_id_base("Hawar News Agency (ANHA)") == "org-hawar-news-agency-anha"
    assert free_id("org-a", {"org-a", "org-a-2"}) == "org-a-3"
    assert is_domain("www.sana.sy") and not is_domain("Enab Baladi")
    assert check_pair("b ", " a") == ("a", "b")
    for a, b in [("x", "x"), ("", "x"), ("x", "t.me"), ("x\x1b", "y")]:
        with pytest.raises(UsageError):
            check_pair(a, b)
