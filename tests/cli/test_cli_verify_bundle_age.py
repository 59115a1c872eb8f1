"""`audit verify-bundle` and `audit verify` say how far their checkpoint reaches (issue 13,
item 6): a replayed older bundle shows the size and age of its checkpoint."""

from __future__ import annotations

import json
from pathlib import Path

from bundle_cases import INCIDENT, signed_bundle
from cli_helpers import run_cli, run_json

from provenance.store.sqlite import SQLiteStore


def test_an_older_bundle_shows_its_checkpoint_size_and_age(tmp_path: Path) -> None:
    bundle, _ = signed_bundle(tmp_path)
    with SQLiteStore(tmp_path / "s.db") as store:
        store.judge(INCIDENT, "ill-raqqa-1", "different", actor="t", reason="later")
        size = store.counts().audit_events - 1  # the bundle's checkpoint predates the judgement
        newest = max(
            (json.loads(line) for line in (bundle / "log/events.jsonl").read_text().splitlines()),
            key=lambda e: e["seq"],
        )
    data = run_json("audit", "verify-bundle", str(bundle), "--pubkey", str(tmp_path / "k.pub"))
    assert data["ok"] and data["checkpoint_size"] == size
    assert (data["newest_event"], data["newest_event_at"]) == (newest["seq"], newest["at"])
    assert 0 <= data["newest_event_age_seconds"] < 600
    text = run_cli("audit", "verify-bundle", str(bundle), "--pubkey", str(tmp_path / "k.pub"))
    shown = " ".join(text.stdout.split())  # a long line may wrap
    assert text.returncode == 0
    assert f"against the signed checkpoint of {size} events; its newest event here," in shown
    assert f"was recorded {newest['at']} (just now)" in shown
    assert "nothing recorded since" in shown


def test_audit_verify_names_the_unprotected_events(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run_cli("audit", "keygen", "--out", str(tmp_path / "k"), check=True)
    run_cli("init", store=db, check=True)
    example = Path(__file__).resolve().parents[2] / "examples" / "june-2017.yaml"
    run_cli("ingest", str(example), store=db, check=True)
    cp = tmp_path / "cp.txt"
    run_cli(
        "audit",
        "checkpoint",
        "--key",
        str(tmp_path / "k.key"),
        "--out",
        str(cp),
        store=db,
        check=True,
    )
    run_cli(
        "judge", "ill-mosul-1", "ill-raqqa-1", "different", "--reason", "r", store=db, check=True
    )
    args = ("audit", "verify", "--checkpoint", str(cp), "--pubkey", str(tmp_path / "k.pub"))
    data = run_json(*args, store=db)
    assert data["ok"] and data["unprotected_events"] == 1
    assert data["newest_checkpoint"]["size"] == 1
    text = " ".join(run_cli(*args, store=db).stdout.split())  # a long line may wrap
    assert "Event 2 (1 event) lies after the newest checkpoint (size 1, last event" in text
    assert "cannot be detected without a newer checkpoint" in text
