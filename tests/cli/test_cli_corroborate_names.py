"""``corroborate`` output (issues 14 and 15): links and outlet names in ``--json``, ids with
their outlet in the text, critical sources worded by the number of paths, lines unwrapped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_helpers import run_cli, run_json
from paths import EXAMPLE

OLD_KEYS = [
    "claim",
    "incident",
    "supporting_sources",
    "independent_paths",
    "chains",
    "critical_sources",
    "echo_groups",
    "cycles",
    "contradicting",
    "suggested_grade",
    "explanation",
    "analyst_grade",
    "grade_disagreement",
    "min_reliability",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corroborate-names") / "s.db"
    run_cli("ingest", str(EXAMPLE), store=path, check=True)
    return path


def test_json_keeps_its_keys_and_adds_links_and_names_after(store: Path) -> None:
    for r in run_json("corroborate", "--all", store=store):
        assert list(r) == [*OLD_KEYS, "links", "names"]
        assert [len(x) for x in r["links"]] == [len(c) - 1 for c in r["chains"]]
        assert all(x[0] == {"rel": "SUPPORTED_BY"} for x in r["links"])
        printed = {i for c in r["chains"] for i in c[1:]} | set(r["critical_sources"])
        assert set(r["names"]) <= printed | {
            i for g in r["echo_groups"] for i in g["origins"] + g["sources"]
        } | {i for c in r["cycles"] for i in c} | {
            i for c in r["contradicting"]["chains"] for i in c[1:]
        }
    mosul = run_json("corroborate", "ill-mosul-1-c1", store=store)
    assert mosul["links"] == [
        [
            {"rel": "SUPPORTED_BY"},
            {"rel": "CITES"},
            {"rel": "QUOTES"},
        ]
    ]


def test_every_printed_id_with_an_outlet_shows_it(store: Path) -> None:
    for claim in ("ill-mosul-1-c1", "ill-raqqa-1-c1"):
        r = run_json("corroborate", claim, store=store)
        text = run_cli("corroborate", claim, store=store, check=True).stdout
        shown = [i for i in r["names"] if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        assert shown, text
        for item in shown:
            assert f"{item} ({r['names'][item]})" in text


def test_critical_sources_are_a_single_point_of_failure_only_with_one_path(store: Path) -> None:
    two = run_cli("corroborate", "ill-raqqa-1-c1", store=store, check=True).stdout
    assert "single point of failure" not in two
    assert "critical sources: lose these 2 units together" in two
    trace = run_cli("trace", "ill-raqqa-1-c1", store=store, check=True).stdout
    assert "single point of failure" not in trace and "units to lose together" in trace
    one = run_cli("corroborate", "ill-mosul-1-c1", store=store, check=True).stdout
    assert "critical sources: ill-src-mosul-post" in one
    assert "a single point of failure" in one
    assert "echo: 6 sources, 1 origin: ill-w-mosul-resident — false corroboration" in one


def test_lines_are_not_wrapped_when_piped(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    out = run_cli("corroborate", "ill-mosul-1-c1", store=store, check=True).stdout
    assert (
        "  chain 1: ill-mosul-1-c1 → ill-src-mosul-wire (Illustrative Wire Service) → "
        "ill-src-mosul-post (@ill_oldcity_page) → ill-w-mosul-resident\n" in out
    )
