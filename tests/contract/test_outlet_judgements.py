"""Outlet judgements on every backend: ``same`` adds an alias to an organisation as the
analyst's value (creating one when needed), ``different`` is a stored cannot-link, a later
judgement of the pair reverses the earlier one, each is one audit event, and organisation
files with aliases and domains ingest as ordinary case files that never undo a judgement."""

from __future__ import annotations

import json
from typing import Any

import pytest
from casedata import batch
from cli_helpers import run_cli

from provenance.audit.state import verify_state
from provenance.errors import ConflictError, UsageError
from provenance.outlets.load import judge_outlets
from provenance.store import origins_of

REGISTRY = {
    "organisations": [
        {
            "id": "scd",
            "name": "Syrian Civil Defence",
            "kind": "ngo",
            "aliases": ["SCD", "twitter:SyriaCivilDefe"],
            "domains": ["syriacivildefence.org"],
        },
        {"id": "sohr", "name": "Syrian Observatory for Human Rights", "aliases": ["SOHR"]},
    ]
}


def judge(store: Any, a: str, b: str, verdict: str, reason: str = "read both") -> Any:
    return judge_outlets(store, a, b, verdict, actor="al", reason=reason)


def events(store: Any) -> int:
    return int(store.counts().audit_events)


def test_same_creates_an_organisation_in_one_audited_write(store: Any) -> None:
    outcome = judge(store, "SCD news", "Syrian Civil Defense", "same")
    j = outcome.judgement
    assert (j.a, j.b, j.verdict, j.created) == ("SCD news", "Syrian Civil Defense", "same", True)
    assert j.organisation == "org-syrian-civil-defense"
    org = store.get("org-syrian-civil-defense")
    assert org.data["name"] == "Syrian Civil Defense"
    assert org.data["aliases"] == ["SCD news", "Syrian Civil Defense"]
    assert origins_of(org.data)["aliases"]["by"] == "analyst"
    assert origins_of(org.data)["aliases"]["actor"] == "al"
    assert events(store) == 1
    event = next(store.audit_events(j.seq, j.seq)).decoded()
    assert event["action"] == "outlets-judge" and event["reason"] == "read both"
    assert event["summary"]["outlets"]["organisation"] == "org-syrian-civil-defense"
    assert [i.item_id for i in store.audit_items(seq=j.seq)] == ["org-syrian-civil-defense"]
    assert store.outlet_judgements() == [j]
    assert store.outlet_cannot_links() == set()
    assert verify_state(store) == []


def test_same_adds_to_the_organisation_holding_one_of_them(store: Any) -> None:
    store.ingest(batch(**REGISTRY), actor="t")
    judge(store, "@SyriaCivilDefe", "SCD", "same")  # account matched without case or @
    assert store.get("scd").data["aliases"] == ["SCD", "twitter:SyriaCivilDefe", "@SyriaCivilDefe"]
    judge(store, "scd", "www.scd-news.net", "same")  # an organisation id, and a domain
    assert store.get("scd").data["domains"] == ["syriacivildefence.org", "www.scd-news.net"]
    # already held: nothing changes, the judgement is still recorded
    seq = judge(store, "SCD", "scd", "same").judgement.seq
    assert [i.item_id for i in store.audit_items(seq=seq)] == []
    assert len(store.outlet_judgements()) == 3


def test_ingesting_the_registry_again_keeps_judged_aliases(store: Any) -> None:
    first = store.ingest(batch(**REGISTRY), actor="t")
    assert first.created == 2
    assert store.ingest(batch(**REGISTRY), actor="t").event_seq is None  # changes nothing
    judge(store, "SCD", "Syria Civil Defence", "same")
    again = store.ingest(batch(**REGISTRY), actor="t")
    assert again.event_seq is None  # the analyst's aliases stay
    [said] = again.disagreements
    assert said.field == "aliases" and said.kept_by["by"] == "analyst"
    assert "Syria Civil Defence" in store.get("scd").data["aliases"]
    assert store.get("sohr").data["aliases"] == ["SOHR"]


def test_same_refuses_to_join_two_organisations(store: Any) -> None:
    store.ingest(batch(**REGISTRY), actor="t")
    before = events(store)
    with pytest.raises(ConflictError) as info:
        judge(store, "SCD", "SOHR", "same")
    assert "scd" in str(info.value) and "sohr" in str(info.value)
    assert "part_of" in info.value.hint
    assert events(store) == before and store.outlet_judgements() == []


def test_different_is_a_cannot_link_and_same_reverses_it(store: Any) -> None:
    judge(store, "Enab Baladi", "Baladi News", "different")
    assert store.outlet_cannot_links() == {frozenset({"Enab Baladi", "Baladi News"})}
    assert store.counts().nodes == {}
    judge(store, "Baladi News", "Enab Baladi", "same", reason="on reflection")
    assert store.outlet_cannot_links() == set()
    [j] = store.outlet_judgements()
    assert j.verdict == "same" and j.reason == "on reflection"
    assert j.organisation == "org-baladi-news"  # as long as the other: the first in order
    assert store.get(j.organisation).data["aliases"] == ["Baladi News", "Enab Baladi"]


def test_different_after_same_removes_only_the_alias_it_added(store: Any) -> None:
    store.ingest(batch(**REGISTRY), actor="t")
    judge(store, "SCD", "SCD report", "same")
    assert "SCD report" in store.get("scd").data["aliases"]
    out = judge(store, "SCD report", "SCD", "different").judgement
    assert out.removed == {"aliases": ["SCD report"]}
    assert store.get("scd").data["aliases"] == ["SCD", "twitter:SyriaCivilDefe"]
    assert store.outlet_cannot_links() == {frozenset({"SCD", "SCD report"})}
    # the aliases the registry gave are never removed by a judgement
    before = events(store)
    with pytest.raises(ConflictError) as info:
        judge(store, "SCD", "twitter:SyriaCivilDefe", "different")
    assert "set by case" in str(info.value) and "provenance set scd" in info.value.hint
    assert events(store) == before
    assert verify_state(store) == []


def test_different_after_same_that_created_keeps_the_name(store: Any) -> None:
    judge(store, "SOHR news", "SOHR News Agency", "same")
    org_id = "org-sohr-news-agency"
    judge(store, "SOHR news", "SOHR News Agency", "different")
    assert store.get(org_id).data["aliases"] == ["SOHR News Agency"]
    judge(store, "SOHR news", "SOHR News Agency", "same")  # and back
    assert store.get(org_id).data["aliases"] == ["SOHR News Agency", "SOHR news"]


def test_bad_pairs_are_usage_errors(store: Any) -> None:
    for a, b, verdict in [
        ("SCD", " SCD ", "same"),
        ("SCD", "facebook.com", "same"),
        ("SCD", "SOHR", "maybe"),
    ]:
        with pytest.raises(UsageError):
            judge(store, a, b, verdict)
    with pytest.raises(UsageError):
        judge(store, "SCD", "SOHR", "same", reason=" ")
    assert events(store) == 0


def cli(store: Any, *args: str) -> Any:
    proc = run_cli("--store", store.uri, *args, "--json", check=True)
    return json.loads(proc.stdout)


def test_outlets_judge_through_the_cli(store: Any) -> None:
    store.ingest(batch(**REGISTRY), actor="t")
    said = cli(store, "outlets", "judge", "SCD", "SCD news", "same", "--reason", "same logo")
    assert said["organisation"] == "scd" and said["added"] == {"aliases": ["SCD news"]}
    shown = cli(store, "show", "scd")
    assert "SCD news" in shown["data"]["aliases"]
    assert shown["origins"]["aliases"]["by"] == "analyst"
    assert shown["origins"]["domains"] == {"by": "case"}
    text = run_cli("--store", store.uri, "show", "scd", check=True).stdout
    assert "set by analyst" in text
    refused = run_cli(
        "--store", store.uri, "outlets", "judge", "SCD", "SOHR", "same", "--reason", "x"
    )
    assert refused.returncode == 1
    assert "Error:" in refused.stderr and "sohr" in refused.stderr and "part_of" in refused.stderr
    bad = run_cli("--store", store.uri, "outlets", "judge", "SCD", "SOHR", "maybe", "--reason", "x")
    assert bad.returncode == 2
    text = run_cli(
        "--store",
        store.uri,
        "outlets",
        "judge",
        "SOHR",
        "SNHR",
        "different",
        "--reason",
        "two",
        check=True,
    ).stdout
    assert "different" in text and "will not propose" in text
    assert store.outlet_cannot_links() == {frozenset({"SOHR", "SNHR"})}
