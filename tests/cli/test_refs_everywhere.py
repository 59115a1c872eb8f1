"""Every command that takes an incident or a claim accepts what ``show`` accepts: an id in
any case, a monitor's code (RS4720) or a URL (issue 14). Before: only ``show`` and ``set``
did; ``corroborate RS4720`` said "no claim with id 'RS4720'"."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_cli, run_json

CLAIM = "airwars:RS4720:c:russian-military"


def test_corroborate_a_code_gives_each_claim_of_its_incident(real_airwars_db: Path) -> None:
    results = run_json("corroborate", "RS4720", store=real_airwars_db)
    assert [r["claim"] for r in results] == [CLAIM]
    by_incident = run_json("corroborate", "--incident", "rs4720", store=real_airwars_db)
    assert by_incident == results
    one = run_json("corroborate", CLAIM.upper(), store=real_airwars_db)
    assert one["claim"] == CLAIM and one["independent_paths"] == results[0]["independent_paths"]


def test_trace_of_an_incident_traces_its_only_claim(real_airwars_db: Path) -> None:
    tree = run_json("trace", "RS4720", store=real_airwars_db)
    assert tree["claim"] == CLAIM
    proc = run_cli("trace", "RS4802", store=real_airwars_db)  # three claims: named
    assert proc.returncode == 1
    assert "'RS4802' is an incident (airwars:RS4802), not a claim" in proc.stderr
    assert "give one of its claims: airwars:RS4802:c:" in proc.stderr


def test_judge_takes_monitors_codes(real_airwars_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(real_airwars_db.read_bytes())
    out = run_json(
        "judge", "RS4720", "airwars:rs4721", "different", "--reason", "two villages", store=db
    )
    assert (out["a"], out["b"], out["judgement"]) == (
        "airwars:RS4720",
        "airwars:RS4721",
        "different",
    )


def test_an_unknown_code_says_what_was_looked_for_and_offers_near_ids(
    real_airwars_db: Path,
) -> None:
    proc = run_cli("corroborate", "RS47200", store=real_airwars_db)
    assert proc.returncode == 1
    assert (
        "no claim with id 'RS47200'" in proc.stderr and "did you mean airwars:RS4720" in proc.stderr
    )
    proc = run_cli("judge", "RS47200", "RS4721", "same", "--reason", "x", store=real_airwars_db)
    assert proc.returncode == 1 and "no incident with id 'RS47200'" in proc.stderr
