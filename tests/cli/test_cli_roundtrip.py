"""``export --format jsonl`` → ``ingest``: a lossless round trip, run as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_helpers import run_cli, run_json
from paths import EXAMPLE, IMPORT_FIXTURES

AIRWARS = [
    str(IMPORT_FIXTURES / "airwars" / f)
    for f in ("incidents_flat.csv", "incident_sources_flat.csv")
]


def export(db: Path, out: Path) -> list[dict[str, Any]]:
    """Export ``db`` as JSON Lines to ``out``; return its lines parsed."""
    run_cli("export", "--format", "jsonl", "--out", str(out), store=db, check=True)
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def hashes(db: Path, ids: list[str]) -> dict[str, str]:
    return {i: run_json("show", i, store=db)["hash"] for i in ids}


def test_the_example_round_trips_byte_for_byte(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    run_json("ingest", str(EXAMPLE), store=a)
    first = export(a, tmp_path / "a.jsonl")
    report = run_json("ingest", str(tmp_path / "a.jsonl"), store=b)
    nodes = [r for r in first if r["kind"] == "node"]
    assert report["created"] == len(nodes) and report["updated"] == 0
    export(b, tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    some = [r["id"] for r in nodes][::7]
    assert hashes(a, some) == hashes(b, some)
    again = run_json("ingest", str(tmp_path / "a.jsonl"), store=b)
    assert again["created"] == again["updated"] == 0 and again["audit_event"] is None


def test_analysts_edits_origins_and_judgements_round_trip(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    run_json("ingest", "--profile", "airwars", *AIRWARS, store=a)
    run_json("ingest", str(EXAMPLE), store=a)
    lines = export(a, tmp_path / "pre.jsonl")
    source = next(r["id"] for r in lines if r.get("label") == "Source" and "airwars" in r["id"])
    run_json("set", source, "reliability=A", "--reason", "checked by phone", store=a)
    run_json("judge", "ill-mawsil-2b", "ill-mosul-2", "same", "--reason", "one strike", store=a)
    first = export(a, tmp_path / "a.jsonl")
    edited = next(r for r in first if r.get("id") == source)
    assert edited["data"]["reliability"] == "A"
    assert any(o["by"] == "analyst" for o in edited["data"]["origins"])
    report = run_json("ingest", str(tmp_path / "a.jsonl"), store=b)
    assert report["judgements"] == 1
    second = export(b, tmp_path / "b.jsonl")
    shown = run_json("show", source, store=b)
    assert shown["data"]["reliability"] == "A" and shown["hash"] == edited["hash"]

    def stable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Judgements get the time and event of the store that records them again."""
        for r in rows:
            if r.get("rel") == "JUDGED":
                r["props"] = {k: v for k, v in r["props"].items() if k not in ("at", "seq")}
        return rows

    assert stable(second) == stable(first)
    judged = [r for r in second if r.get("rel") == "JUDGED"]
    assert judged[0]["props"]["judgement"] == "same"
    assert judged[0]["props"]["reason"] == "one strike"
    again = run_json("ingest", str(tmp_path / "a.jsonl"), store=b)
    assert again["audit_event"] is None and "judgements" not in again


def test_an_edited_export_is_refused_with_its_line(tmp_path: Path) -> None:
    a = tmp_path / "a.db"
    run_json("ingest", str(EXAMPLE), store=a)
    export(a, tmp_path / "a.jsonl")
    text = (tmp_path / "a.jsonl").read_text("utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(text.replace("Amnesty International", "Amnesty"), "utf-8")
    proc = run_cli("ingest", str(bad), store=tmp_path / "b.db")
    assert proc.returncode != 0
    assert "bad.jsonl:2:" in proc.stderr and "hash" in proc.stderr
    assert not (tmp_path / "b.db").exists() or "Ingested" not in proc.stdout


def test_an_item_stored_otherwise_needs_replace(tmp_path: Path) -> None:
    a = tmp_path / "a.db"
    run_json("ingest", str(EXAMPLE), store=a)
    export(a, tmp_path / "a.jsonl")
    source = "amnesty-mosul-call"
    run_json("set", source, "reliability=C", "--reason", "re-graded", store=a)
    proc = run_cli("ingest", str(tmp_path / "a.jsonl"), store=a)
    assert proc.returncode != 0 and source in proc.stderr and "--replace" in proc.stderr
    assert run_json("show", source, store=a)["data"]["reliability"] == "C"
    run_json("ingest", "--replace", str(tmp_path / "a.jsonl"), store=a)
    assert run_json("show", source, store=a)["data"]["reliability"] == "B"


def test_a_json_file_is_recognised_by_its_first_line(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    run_json("ingest", str(EXAMPLE), store=a)
    export(a, tmp_path / "a.jsonl")
    renamed = tmp_path / "copy.json"
    renamed.write_bytes((tmp_path / "a.jsonl").read_bytes())
    assert run_json("ingest", str(renamed), store=b)["created"] > 0


def test_outlet_judgements_round_trip(tmp_path: Path) -> None:
    """Before: the export left out outlet judgements, so a cannot-link (``different``)
    was lost and ``outlets suggest`` proposed the pair again in the new store."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    run_json("ingest", str(EXAMPLE), store=a)
    run_json("outlets", "judge", "SOHR", "SNHR", "different", "--reason", "two monitors", store=a)
    same = ("outlets", "judge", "SCD", "Syrian Civil Defence", "same", "--reason", "acronym")
    run_json(*same, store=a)
    first = [r for r in export(a, tmp_path / "a.jsonl") if r["kind"] == "outlet_judgement"]
    assert [(r["a"], r["b"], r["verdict"]) for r in first] == [
        ("SCD", "Syrian Civil Defence", "same"),
        ("SNHR", "SOHR", "different"),
    ]
    report = run_json("ingest", str(tmp_path / "a.jsonl"), store=b)
    assert report["judgements"] == 2
    second = [r for r in export(b, tmp_path / "b.jsonl") if r["kind"] == "outlet_judgement"]

    def kept(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k not in ("seq", "at")} for r in rows]

    assert kept(second) == kept(first)
    again = run_json("ingest", str(tmp_path / "a.jsonl"), store=b)
    assert "judgements" not in again and again["audit_event"] is None
