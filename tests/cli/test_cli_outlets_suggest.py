"""``provenance outlets suggest``, run as a user would (the console script, SQLite); the
same on every backend is tests/contract/test_cli_outlets_suggest_backends.py."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_cli, run_json

EXPORT = Path(__file__).parents[1] / "outlets" / "airwars_outlets"
FILES = [str(EXPORT / "incidents_flat.csv"), str(EXPORT / "incident_sources_flat.csv")]


def imported(tmp_path: Path) -> Path:
    db = tmp_path / "store.db"
    run_cli("ingest", "--profile", "airwars", *FILES, store=db, check=True)
    return db


def test_suggest_json_contract_and_look_alikes(tmp_path: Path) -> None:
    db = imported(tmp_path)
    pairs = run_json("outlets", "suggest", store=db)
    assert pairs and all(set(p) == {"a", "b", "score", "reasons"} for p in pairs)
    assert all(0.7 <= p["score"] <= 1 and p["reasons"] for p in pairs)
    assert [p["score"] for p in pairs] == sorted((p["score"] for p in pairs), reverse=True)
    found = {frozenset((p["a"], p["b"])) for p in pairs}
    assert frozenset(("SCD", "Syrian Civil Defense")) in found
    assert frozenset(("SOHR", "Syrian Observatory for Human Rights")) in found
    names = {n for p in pairs for n in (p["a"], p["b"])}
    assert not names & {"Enab Baladi", "Smart News", "Syria News", "Step News"}
    more = run_json("outlets", "suggest", "--min-score", "0.3", store=db)
    assert len(more) > len(pairs)


def test_suggest_text_table_and_bad_score(tmp_path: Path) -> None:
    db = imported(tmp_path)
    out = run_cli("outlets", "suggest", store=db, check=True).stdout
    lines = out.splitlines()
    assert lines[0].endswith("suggested pairs") and lines[1].split() == [
        "a",
        "b",
        "score",
        "reasons",
    ]
    assert any(line.startswith("SCD ") and "Syrian Civil Defense" in line for line in lines)
    bad = run_cli("outlets", "suggest", "--min-score", "1.5", store=db)
    assert bad.returncode == 2 and bad.stderr.startswith("Error: --min-score")
    assert "Traceback" not in bad.stderr


def test_an_organisation_with_the_aliases_replaces_the_pair(tmp_path: Path) -> None:
    db = imported(tmp_path)
    case = tmp_path / "scd.yaml"
    case.write_text(
        "format: provenance-case/1\norganisations:\n"
        "  - {id: org-scd, name: Syrian Civil Defence, kind: ngo,"
        " aliases: [SCD, Syrian Civil Defense]}\n",
        encoding="utf-8",
    )
    run_cli("ingest", str(case), store=db, check=True)
    pairs = run_json("outlets", "suggest", store=db)
    names = {n for p in pairs for n in (p["a"], p["b"])}
    assert "SCD" not in names and "Syrian Civil Defense" not in names
    assert "org-scd" in names  # the organisation stands for the names it holds


def test_outlets_help_lists_suggest() -> None:
    out = run_cli("outlets", "--help", check=True).stdout
    assert "suggest" in out
