"""``provenance set`` and field origins through the CLI, as an analyst uses them."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run_cli, run_json
from paths import IMPORT_FIXTURES

FILES = [
    str(IMPORT_FIXTURES / "airwars" / f)
    for f in ("incidents_flat.csv", "incident_sources_flat.csv")
]


def imported(tmp_path: Path) -> tuple[Path, str]:
    """A store with the Airwars fixture imported, and the id of its first source."""
    db = tmp_path / "s.db"
    run_json("ingest", "--profile", "airwars", *FILES, store=db)
    proc = run_cli("export", "--format", "jsonl", "--out", str(tmp_path / "all.jsonl"), store=db)
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "all.jsonl").read_text("utf-8").splitlines()
    sources = sorted(
        d["id"] for d in map(json.loads, lines) if d.get("label") == "Source" and "id" in d
    )
    return db, sources[0]


def test_a_case_file_giving_reliability_keeps_the_rest_of_the_source(tmp_path: Path) -> None:
    db, source = imported(tmp_path)
    before = run_json("show", source, store=db)["data"]
    assert before["url"] and before["author"] and before["title"]
    case = tmp_path / "grade.yaml"
    case.write_text(
        f"format: provenance-case/1\nsources:\n  - id: '{source}'\n    kind: news\n"
        "    reliability: B\n",
        "utf-8",
    )
    assert run_json("ingest", str(case), store=db)["updated"] == 1
    after = run_json("show", source, store=db)
    for key in ("url", "author", "title", "archive_url", "language"):
        assert after["data"][key] == before[key], key
    assert after["data"]["reliability"] == "B" and after["data"]["kind"] == "news"
    assert after["origins"]["reliability"] == {"by": "case"}
    assert after["origins"]["url"]["by"] == "import"
    # re-importing the export keeps the case file's B (and its kind)
    again = run_json("ingest", "--profile", "airwars", *FILES, store=db)
    assert again["updated"] == 0
    assert run_json("show", source, store=db)["data"]["reliability"] == "B"
    # --replace replaces the whole item: the export's fields are gone
    run_json("ingest", str(case), "--replace", store=db)
    replaced = run_json("show", source, store=db)["data"]
    assert replaced["url"] is None and replaced["reliability"] == "B"


def test_set_errors_name_the_field_and_change_nothing(tmp_path: Path) -> None:
    db, source = imported(tmp_path)
    events = run_json("stats", store=db)["audit_events"]
    cases = {
        ("reliability=Z", "--reason", "x"): "reliability",
        ("nope=1", "--reason", "x"): "nope",
        ("reliability", "--reason", "x"): "FIELD=VALUE",
        ("reliability=B", "--reason", ""): "reason",
    }
    for args, named in cases.items():
        proc = run_cli("set", source, *args, store=db)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.startswith("Error: ") and named in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    missing = run_cli("set", "no-such-id", "grade=fair", "--reason", "x", store=db)
    assert missing.returncode == 1 and "no item" in missing.stderr
    assert run_cli("set", source, "reliability=B", store=db).returncode == 2  # --reason required
    assert run_json("stats", store=db)["audit_events"] == events


def test_set_text_output_and_the_import_report(tmp_path: Path) -> None:
    db, _ = imported(tmp_path)
    proc = run_cli(
        "set", "airwars:XS0002", "grade=weak", "--reason", "r", "--actor", "al", store=db
    )
    assert proc.returncode == 0, proc.stderr
    assert "Set on Incident airwars:XS0002 by al (audit event 2)" in proc.stdout
    assert "grade: 'fair' → 'weak'" in proc.stdout
    report = run_cli("ingest", "--profile", "airwars", *FILES, store=db, check=True).stdout
    assert "1 value kept where an analyst set another:" in report
    assert "Incident airwars:XS0002: grade: export now says 'fair' where the analyst (al," in report
    log = run_json("audit", "log", "--item", "airwars:XS0002", store=db)
    assert any(e.get("action") == "set" for e in (log if isinstance(log, list) else log["events"]))


def test_set_a_list_as_ids_separated_by_commas_or_as_json(tmp_path: Path) -> None:
    """An analyst names a claim's sources as ``supported_by=a,b`` (or a JSON list); an id
    among them that is not in the store is named, and nothing changes. Before: ``a,b`` was
    refused as "expected a list", with no word on how to give one."""
    db, _ = imported(tmp_path)
    lines = (tmp_path / "all.jsonl").read_text("utf-8").splitlines()
    items = [json.loads(line) for line in lines]
    sources = sorted(d["id"] for d in items if d.get("label") == "Source" and "id" in d)
    claim = next(d["id"] for d in items if d.get("label") == "Claim")
    two = f"supported_by={sources[0]}, {sources[1]}"
    run_cli("set", claim, two, "--reason", "checked both", store=db, check=True)
    assert run_json("show", claim, store=db)["data"]["supported_by"] == sources[:2]
    as_json = "supported_by=" + json.dumps(sources[2:3])
    run_cli("set", claim, as_json, "--reason", "one", store=db, check=True)
    assert run_json("show", claim, store=db)["data"]["supported_by"] == sources[2:3]
    bad = run_cli(
        "set", claim, f"supported_by={sources[0]},no-such-source", "--reason", "x", store=db
    )
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "'no-such-source'" in bad.stderr
    assert run_json("show", claim, store=db)["data"]["supported_by"] == sources[2:3]
