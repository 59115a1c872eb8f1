"""``provenance outlets suggest`` on every backend, through the console script: the same
pairs from the same export, and an organisation's aliases join its names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_helpers import run_cli

EXPORT = Path(__file__).parents[1] / "outlets" / "airwars_outlets"
FILES = [str(EXPORT / "incidents_flat.csv"), str(EXPORT / "incident_sources_flat.csv")]


def cli(store: Any, *args: str) -> Any:
    """Run the CLI on ``store`` (its credentials are in the environment) with --json."""
    return json.loads(run_cli("--store", store.uri, *args, "--json", check=True).stdout)


def test_outlets_suggest_on_each_backend(store: Any, tmp_path: Path) -> None:
    cli(store, "ingest", "--profile", "airwars", *FILES)
    pairs = cli(store, "outlets", "suggest")
    found = {frozenset((p["a"], p["b"])): p for p in pairs}
    assert frozenset(("SCD", "Syrian Civil Defense")) in found
    assert frozenset(("Baladi", "Baladi News")) in found
    assert not any({"Enab Baladi", "Smart News"} & pair for pair in found)

    case = tmp_path / "orgs.yaml"
    case.write_text(
        "format: provenance-case/1\norganisations:\n"
        "  - {id: org-baladi, name: Baladi News, aliases: [Baladi, Baladi News],"
        " domains: [baladi-news.com]}\n",
        encoding="utf-8",
    )
    cli(store, "ingest", str(case))
    after = cli(store, "outlets", "suggest")
    names = {n for p in after for n in (p["a"], p["b"])}
    assert not names & {"Baladi", "Baladi News", "baladi-news.com"}
    assert {frozenset((p["a"], p["b"])) for p in after} == {
        pair for pair in found if not pair & {"Baladi", "Baladi News", "baladi-news.com"}
    }
