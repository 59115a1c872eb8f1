"""``provenance outlets judge`` run as a user would, with an organisation registry kept as
a case file (aliases and domains) beside it."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run_cli, run_json

REGISTRY = {
    "format": "provenance-case/1",
    "organisations": [
        {
            "id": "hawar",
            "name": "Hawar News Agency",
            "aliases": ["ANHA"],
            "domains": ["hawarnews.com"],
        }
    ],
}


def test_registry_judgements_and_reingest(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    registry = tmp_path / "outlets.json"
    registry.write_text(json.dumps(REGISTRY), "utf-8")
    assert run_json("ingest", str(registry), store=db)["created"] == 1
    assert run_json("ingest", str(registry), store=db)["created"] == 0  # changes nothing
    events = run_json("stats", store=db)["audit_events"]
    text = run_cli(
        "outlets",
        "judge",
        "Hawar News",
        "ANHA",
        "same",
        "--reason",
        "same site",
        "--actor",
        "alice",
        store=db,
        check=True,
    ).stdout
    assert "Judged 'ANHA' ~ 'Hawar News': same" in text and "aliases added: Hawar News" in text
    assert run_json("stats", store=db)["audit_events"] == events + 1
    again = run_json("ingest", str(registry), store=db)
    assert again["updated"] == 0  # the import keeps the analyst-judged alias
    shown = run_json("show", "hawar", store=db)
    assert shown["data"]["aliases"] == ["ANHA", "Hawar News"]
    assert shown["origins"]["aliases"]["actor"] == "alice"
    out = run_json(
        "outlets", "judge", "ANHA", "Hawar News", "different", "--reason", "no", store=db
    )
    assert out["removed"] == {"aliases": ["Hawar News"]}
    assert out["organisation_now"]["aliases"] == ["ANHA"]
    # the audit log says what each judgement was (before: "1 item", "0 items")
    log = run_cli("audit", "log", "--limit", "2", store=db, check=True).stdout
    assert "ANHA ~ Hawar News: same" in log and "ANHA ~ Hawar News: different" in log


def test_outlets_judge_errors_exit_as_documented(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run_cli("init", store=db, check=True)
    bad = run_cli("outlets", "judge", "A", "B", "alike", "--reason", "x", store=db)
    assert bad.returncode == 2 and "Error: unknown verdict 'alike'" in bad.stderr
    platform = run_cli("outlets", "judge", "A", "facebook.com", "same", "--reason", "x", store=db)
    assert platform.returncode == 2 and "platform" in platform.stderr
    assert "Traceback" not in bad.stderr + platform.stderr
    assert run_cli("outlets", "judge", "--help", check=True).stdout.count("same|different")
