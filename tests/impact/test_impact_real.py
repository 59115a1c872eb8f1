"""``impact`` of the most-cited account of the real Airwars import, ``@SyriaCivilDefe``:
structural truths, no numbers written down (session fixture ``real_airwars_db``)."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run_cli

from provenance.corroborate import corroborate_claims
from provenance.store.sqlite import SQLiteStore

GRADE_ORDER = {"unsupported": 0, "weak": 1, "fair": 2, "contested": 3, "confirmed": 4}


def test_syria_civil_defence(real_airwars_db: Path) -> None:
    proc = run_cli("impact", "@SyriaCivilDefe", "--json", store=real_airwars_db, check=True)
    doc = json.loads(proc.stdout)
    target = doc["target"]
    assert (target["kind"], target["id"]) == ("author", "syriacivildefe")
    assert len(target["items"]) > 100
    claims = doc["claims"]
    assert claims, "the most-cited account supports claims"
    for c in claims:
        assert 0 <= c["paths_after"] < c["paths_before"]
        assert GRADE_ORDER[c["grade_after"]] <= GRADE_ORDER[c["grade_before"]]
        if c["grade_before"] in ("confirmed", "contested"):
            assert c["grade_after"] == c["grade_before"]
    falling = {g["claim"] for g in doc["grades_falling"]}
    assert falling == {c["claim"] for c in claims if c["grade_after"] != c["grade_before"]}
    with SQLiteStore(real_airwars_db) as store:
        # the counts before are corroborate's own
        sample = [c["claim"] for c in claims[:: max(1, len(claims) // 20)]]
        direct = {r.claim: r.independent_paths for r in corroborate_claims(store, sample)}
        assert {c["claim"]: c["paths_before"] for c in claims if c["claim"] in direct} == direct
        # an incident listed as unsupported has every claim at 0 paths after
        after = {c["claim"]: c["paths_after"] for c in claims}
        lost = [i["incident"] for i in doc["incidents_unsupported"]]
        for e in store.edges(lost, ["HAS_CLAIM"], "out"):
            if e.dst in after:
                assert after[e.dst] == 0
            else:  # not downstream: unchanged, so it had no path either
                (r,) = corroborate_claims(store, [e.dst])
                assert r.independent_paths == 0
    # no duplicates are judged in a fresh import: every figure row shrinks only
    for f in doc["figures"]:
        assert f["incidents_after"] <= f["incidents_before"]
        assert f["killed_after"]["min"] <= f["killed_before"]["min"]
        assert f["killed_after"]["max"] <= f["killed_before"]["max"]
    assert bool(doc["figures"]) == bool(lost)
