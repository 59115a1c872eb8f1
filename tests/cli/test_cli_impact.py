"""``provenance impact`` run as a user runs it: piped, ``--json``, ``--format``, on a
terminal 80 columns wide, and with references that name nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from cli_helpers import run_cli, run_json
from output16_helpers import on_tty, piped
from paths import EXAMPLE

JSON_KEYS = {
    "target",
    "claims",
    "grades_falling",
    "grades_held",
    "incidents_unsupported",
    "figures",
    "unchanged_claims",
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("impact-cli") / "demo.db"
    run_cli("ingest", str(EXAMPLE), store=db, check=True)
    run_cli(
        "judge", "ill-mosul-2", "ill-mawsil-2b", "same", "--reason", "one rescuer",
        store=db, check=True,
    )  # fmt: skip
    return db


@pytest.fixture(scope="module")
def many_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """25 incidents whose one claim each rests on one post."""
    folder = tmp_path_factory.mktemp("impact-many")
    case = {
        "format": "provenance-case/1",
        "sources": [{"id": "the-post", "kind": "social_media", "author": "@one_page"}],
        "incidents": [
            {
                "id": f"inc-{i:02d}",
                "title": f"Strike {i}",
                "date": "2020-05-01",
                "belligerents": ["X"],
                "claims": [
                    {
                        "id": f"inc-{i:02d}-claim",
                        "civilians_killed": {"min": 1, "max": 2},
                        "belligerent": "X",
                        "supported_by": ["the-post"],
                    }
                ],
            }
            for i in range(25)
        ],
    }
    path = folder / "many.yaml"
    path.write_text(yaml.safe_dump(case), encoding="utf-8")
    db = folder / "many.db"
    run_cli("ingest", str(path), store=db, check=True)
    return db


def test_json_is_one_document_with_the_keys(demo_db: Path) -> None:
    doc = run_json("impact", "ill-src-mosul-post", store=demo_db)
    assert set(doc) == JSON_KEYS
    assert doc["target"] == {
        "kind": "source",
        "id": "ill-src-mosul-post",
        "name": "@ill_oldcity_page",
        "items": ["ill-src-mosul-post"],
    }
    assert [(c["claim"], c["paths_before"], c["paths_after"]) for c in doc["claims"]] == [
        ("ill-mosul-1-c1", 1, 0)
    ]
    assert doc["incidents_unsupported"][0]["incident"] == "ill-mosul-1"
    assert doc["figures"] == [
        {
            "month": "2017-06",
            "belligerent": "US-led coalition",
            "incidents_before": 4,
            "incidents_after": 3,
            "killed_before": {"min": 25, "max": 40},
            "killed_after": {"min": 13, "max": 22},
        }
    ]


def test_piped_text_names_things_and_reads_at_80_columns(demo_db: Path) -> None:
    proc = piped("impact", "ill-src-mosul-post", store=demo_db, columns=80)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "If the source @ill_oldcity_page [ill-src-mosul-post] is discredited:"
    assert "      ILLUSTRATIVE: strike on a house in Mosul Old City" in lines
    assert "  2017-06  US-led coalition: 4 → 3 incidents, killed 25–40 → 13–22" in lines
    assert max(len(line) for line in lines) <= 80


def test_format_lists_the_claim_rows(demo_db: Path) -> None:
    text = run_cli("impact", "@ill_oldcity_page", "--format", "csv", store=demo_db, check=True)
    rows = list(csv.DictReader(io.StringIO(text.stdout)))
    assert rows == [
        {
            "claim": "ill-mosul-1-c1",
            "incident": "ill-mosul-1",
            "paths_before": "1",
            "paths_after": "0",
            "grade_before": "weak",
            "grade_after": "unsupported",
        }
    ]
    jl = run_cli("impact", "ill-w-mosul-rescuer", "--format", "jsonl", store=demo_db, check=True)
    assert [json.loads(x)["claim"] for x in jl.stdout.splitlines()] == [
        "ill-mawsil-2b-c1",
        "ill-mosul-2-c1",
    ]


def test_piped_nothing_is_cut(many_db: Path) -> None:
    out = run_cli("impact", "the-post", store=many_db, check=True).stdout
    assert "inc-24-claim" in out and "more claims" not in out
    assert "  25 incidents lose their last support" in out


def test_on_a_terminal_long_lists_are_cut_and_say_so(many_db: Path) -> None:
    code, text = on_tty("impact", "the-post", store=many_db, columns=80)
    assert code == 0, text
    assert "inc-19-claim" in text and "inc-24-claim" not in text
    assert "… 5 more claims (all: pipe it, or --json)" in text
    assert "… 5 more incidents" in text
    assert "  2020-05  X: 25 → 0 incidents, killed 25–50 → 0" in text


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["ill-src-mosul-pots"], 1, "did you mean ill-src-mosul-post"),
        (["ill-mosul-1"], 1, "is an incident"),
        (["@nobody_at_all"], 1, "is no source, statement, witness, organisation or author"),
        (["ill-src-mosul-post", "--min-reliability", "Z"], 2, "Error:"),
    ],
)
def test_bad_references_are_clear_errors(
    demo_db: Path, args: list[str], code: int, words: str
) -> None:
    proc = run_cli("impact", *args, store=demo_db)
    assert proc.returncode == code
    assert words in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_the_readme_shows_real_output(demo_db: Path) -> None:
    from paths import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ provenance impact ill-src-mosul-post\n", 1)[1].split("\n\n", 4)
    shown = "\n\n".join(block[:4])
    out = run_cli("impact", "ill-src-mosul-post", store=demo_db, check=True).stdout
    assert out.startswith(shown)
