"""``corroborate`` and ``trace`` run as real processes on the June 2017 demo case."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run_cli, run_json
from paths import EXAMPLE


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corroborate") / "s.db"
    run_cli("ingest", str(EXAMPLE), store=path, check=True)
    return path


def test_demo_claims_as_worked_out_by_hand(store: Path) -> None:
    echo = run_json("corroborate", "ill-mosul-1-c1", store=store)
    assert echo["supporting_sources"] == 6
    assert echo["independent_paths"] == 1
    assert echo["critical_sources"] == ["ill-src-mosul-post"]
    assert (
        echo["chains"][0][0] == "ill-mosul-1-c1" and echo["chains"][0][-1] == "ill-w-mosul-resident"
    )
    assert echo["echo_groups"] == [
        {
            "origins": ["ill-w-mosul-resident"],
            "sources": sorted(
                ["ill-src-mosul-wire", "ill-src-mosul-daily-1", "ill-src-mosul-daily-2"]
                + [f"ill-src-mosul-agg-{i}" for i in (1, 2, 3)]
            ),
            "outlets": ["ill-w-mosul-resident"],
            "false_corroboration": True,
        }
    ]
    assert (echo["suggested_grade"], echo["analyst_grade"]) == ("weak", "fair")
    assert echo["grade_disagreement"].startswith("graded fair by the analyst")

    family = run_json("corroborate", "ill-mosul-2-c1", store=store)
    assert family["independent_paths"] == 1
    assert family["critical_sources"] == ["ill-w-mosul-rescuer"]
    assert family["grade_disagreement"] is None

    two = run_json("corroborate", "ill-raqqa-1-c1", store=store)
    assert two["independent_paths"] == 2
    assert sorted(c[-1] for c in two["chains"]) == ["ill-w-raqqa-medic", "ill-w-raqqa-relative"]
    assert two["suggested_grade"] == "confirmed"

    for cid in ("ill-raqqa-2-c1", "ill-raqqa-2-c2"):
        loop = run_json("corroborate", cid, store=store)
        assert loop["independent_paths"] == 0
        assert loop["cycles"] == [["ill-src-raqqa2-page-a", "ill-src-raqqa2-page-b"]]
        assert loop["suggested_grade"] == "contested"
        assert loop["contradicting"] == {
            "sources": 0,
            "independent_paths": 0,
            "chains": [],
            "links": [],
        }


def test_incident_and_all_agree_with_single_claims(store: Path) -> None:
    incident = run_json("corroborate", "--incident", "ill-raqqa-2", store=store)
    assert [r["claim"] for r in incident] == ["ill-raqqa-2-c1", "ill-raqqa-2-c2"]
    everything = run_json("corroborate", "--all", store=store)
    assert [r["claim"] for r in everything] == sorted(r["claim"] for r in everything)
    assert len(everything) == 6
    by_id = {r["claim"]: r for r in everything}
    assert by_id["ill-raqqa-2-c1"] == incident[0]
    assert by_id["ill-mosul-1-c1"] == run_json("corroborate", "ill-mosul-1-c1", store=store)


def test_min_reliability_sets_sources_aside(store: Path) -> None:
    strict = run_json("corroborate", "ill-mosul-1-c1", "--min-reliability", "B", store=store)
    # only the wire (B) is left, and the post it cites (C) is set aside
    assert strict["supporting_sources"] == 1
    assert strict["independent_paths"] == 0
    assert strict["min_reliability"] == "B"
    assert strict["suggested_grade"] == "unsupported"
    bad = run_cli("corroborate", "ill-mosul-1-c1", "--min-reliability", "Z", store=store)
    assert bad.returncode == 2 and bad.stderr.startswith("Error:")


def test_human_summary_and_errors(store: Path) -> None:
    out = run_cli("corroborate", "--all", store=store, check=True).stdout
    assert "ill-mosul-1-c1: 6 sources, 1 independent path, rests on: ill-w-mosul-resident" in out
    assert "ill-raqqa-1-c1: 3 sources, 2 independent paths, rests on:" in out
    detail = run_cli("corroborate", "ill-mosul-1-c1", store=store, check=True).stdout
    assert "critical sources: ill-src-mosul-post" in detail
    assert "DISAGREES" in detail
    assert run_cli("corroborate", store=store).returncode == 2
    assert run_cli("corroborate", "ill-mosul-1-c1", "--all", store=store).returncode == 2
    missing = run_cli("corroborate", "nope", store=store)
    assert missing.returncode == 1 and "no claim with id 'nope'" in missing.stderr
    no_incident = run_cli("corroborate", "--incident", "nope", store=store)
    assert no_incident.returncode == 1 and "no incident" in no_incident.stderr


def test_trace_tree(store: Path) -> None:
    out = run_cli("trace", "ill-raqqa-1-c1", store=store, check=True).stdout
    assert "supported by ill-src-raqqa-wire" in out
    assert "Illustrative Wire Service" in out and "reliability B" in out
    assert "chain 1" in out and "chain 2" in out and "origin" in out
    tree = run_json("trace", "ill-raqqa-2-c1", store=store)
    page_a = tree["children"][0]
    assert page_a["id"] == "ill-src-raqqa2-page-a" and page_a["rel"] == "SUPPORTED_BY"
    page_b = page_a["children"][0]
    assert page_b["children"][0]["repeat"] == "cycle"
    raqqa = run_json("trace", "ill-raqqa-1-c1", store=store)
    medic = next(c for c in raqqa["children"] if c["id"] == "ill-src-raqqa-medics")
    assert medic["kind"] == "ngo_report" and medic["reliability"] == "B" and medic["chains"]


def test_bad_min_reliability_is_a_usage_error(store: Path) -> None:
    # a bad option value exits 2 from every command, like the parser's own usage errors
    for args in (
        ("corroborate", "ill-mosul-1-c1"),
        ("corroborate", "--all"),
        ("trace", "ill-mosul-1-c1"),
    ):
        bad = run_cli(*args, "--min-reliability", "Z", store=store)
        assert bad.returncode == 2, args
        assert bad.stderr.startswith("Error: --min-reliability 'Z' is not an Admiralty grade")


def test_one_claim_as_json_starts_without_the_models(store: Path) -> None:
    """``corroborate ID --json`` reads the store and prints the result without importing
    pydantic, the item models or the result's models (building pydantic model classes
    costs start-up time); the text output builds the result's models."""
    code = (
        "import sys\n"
        "sys.argv = ['provenance', '--store', sys.argv[1], 'corroborate', sys.argv[2], *sys.argv[3:]]\n"
        "from provenance_cli.main import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "models = ('pydantic', 'provenance.model', 'provenance.corroborate.result', 'networkx')\n"
        "sys.stderr.write(f'LOADED {[m for m in models if m in sys.modules]}')\n"
    )
    uri = f"sqlite:///{store}"
    as_json = subprocess.run(
        [sys.executable, "-c", code, uri, "ill-mosul-1-c1", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "LOADED []" in as_json.stderr, as_json.stderr
    assert json.loads(as_json.stdout) == run_json("corroborate", "ill-mosul-1-c1", store=store)
    as_text = subprocess.run(
        [sys.executable, "-c", code, uri, "ill-mosul-1-c1"], capture_output=True, text=True
    )
    assert "LOADED ['pydantic', 'provenance.corroborate.result']" in as_text.stderr
    assert "ill-mosul-1-c1" in as_text.stdout
