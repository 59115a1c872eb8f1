"""The ``audit``, ``capture`` commands end to end, through the console script."""

from __future__ import annotations

import json
import os
from pathlib import Path

from audit_helpers import store_with_events
from cli_helpers import run_cli, run_json

from provenance.model import Claim, Incident
from provenance.store.rows import Batch
from provenance.store.sqlite import SQLiteStore


def test_cli_keygen_checkpoint_verify_log(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store_with_events(db, 3).close()
    keys = run_json("audit", "keygen", "--name", "m", "--out", str(tmp_path / "m"))
    assert Path(keys["public_key"]).exists()
    cp = run_json(
        "audit",
        "checkpoint",
        "--key",
        str(tmp_path / "m.key"),
        "--out",
        str(tmp_path / "cp.txt"),
        store=db,
    )
    assert cp["size"] == 3
    ok = run_json(
        "audit",
        "verify",
        "--checkpoint",
        str(tmp_path / "cp.txt"),
        "--pubkey",
        str(tmp_path / "m.pub"),
        store=db,
    )
    assert ok["ok"] and ok["externally_anchored"] and ok["root"] == cp["root"]
    internal = run_json("audit", "verify", store=db)
    assert internal["ok"] and not internal["externally_anchored"]
    assert "only the log's internal consistency" in internal["summary"]
    history = run_json("audit", "log", "--item", "s-1", store=db)
    assert [h["seq"] for h in history] == [2] and history[0]["change"] == "created"
    assert history[0]["actor"] == "analyst" and history[0]["at"].endswith("Z")
    missing = run_cli("audit", "verify", "--checkpoint", str(tmp_path / "cp.txt"), store=db)
    assert missing.returncode == 2 and "--pubkey" in missing.stderr
    # a checkpoint from a longer log than the store has: truncation
    from audit_helpers import attacker

    raw = attacker(db)
    raw.execute("DELETE FROM audit_events WHERE seq=3")
    raw.close()
    bad = run_cli(
        "audit",
        "verify",
        "--checkpoint",
        str(tmp_path / "cp.txt"),
        "--pubkey",
        str(tmp_path / "m.pub"),
        "--json",
        store=db,
    )
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["first_bad_event"] == 3


def test_cli_capture_and_verify_reports_altered_original(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store_with_events(db, 1).close()
    f = tmp_path / "shot.png"
    f.write_bytes(b"\x89PNG fake")
    out = run_json("capture", str(f), "--source", "s-0", "--tool", "browser", store=db)
    assert out["event_seq"] == 2
    kept = Path(out["path"])
    kept = kept if kept.is_absolute() else tmp_path / kept
    os.chmod(kept, 0o644)
    kept.write_bytes(b"changed")
    proc = run_cli("audit", "verify", "--json", store=db, cwd=tmp_path)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["originals_problems"]
    missing = run_cli("capture", str(f), "--source", "nope", store=db)
    assert missing.returncode == 1 and "no source" in missing.stderr


def test_verify_reports_a_deleted_original_and_a_graph_edit(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store_with_events(db, 1).close()
    f = tmp_path / "shot.png"
    f.write_bytes(b"\x89PNG fake")
    out = run_json("capture", str(f), "--source", "s-0", store=db)
    assert run_cli("audit", "verify", store=db, cwd=tmp_path).returncode == 0
    kept = Path(out["path"])
    kept = kept if kept.is_absolute() else tmp_path / kept
    kept.unlink()
    proc = run_cli("audit", "verify", "--json", store=db, cwd=tmp_path)
    assert proc.returncode == 1
    problems = json.loads(proc.stdout)["originals_problems"]
    assert problems == [f"{out['sha256']}: a captured original recorded in the graph is missing"]
    # an edit of the graph behind the tool's back fails verification, naming the item
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("UPDATE nodes SET data = replace(data, 'news', 'video') WHERE id = 's-0'")
    con.commit()
    con.close()
    report = json.loads(run_cli("audit", "verify", "--json", store=db, cwd=tmp_path).stdout)
    assert report["ok"] is False and report["state_checked"] is True
    assert any("'s-0'" in p["message"] for p in report["state_problems"])


def test_verify_fails_when_an_original_cannot_be_read(tmp_path: Path) -> None:
    """An original replaced by a directory: exit 1, ``ok`` false, the file named."""
    db = tmp_path / "s.db"
    store_with_events(db, 1).close()
    f = tmp_path / "shot.png"
    f.write_bytes(b"\x89PNG fake")
    out = run_json("capture", str(f), "--source", "s-0", store=db)
    kept = tmp_path / "originals" / out["sha256"]
    os.chmod(kept, 0o644)
    kept.unlink()
    kept.mkdir()
    proc = run_cli("audit", "verify", "--json", store=db, cwd=tmp_path)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["ok"] is False
    [problem] = report["originals"]["problems"]
    assert problem["file"] == out["sha256"] and problem["kind"] == "unreadable"
    assert problem["sources"] == ["s-0"]
    assert report["originals"]["not_checked_reason"] is None
    text = run_cli("audit", "verify", store=db, cwd=tmp_path)
    assert text.returncode == 1
    assert f"original {out['sha256']}: cannot be read: it is a directory" in text.stdout
    assert "FAILED" in text.stdout


def test_bundle_names_the_originals_it_leaves_out(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store_with_events(db, 2).close()
    digests = []
    for i in range(2):
        f = tmp_path / f"shot{i}.png"
        f.write_bytes(f"PNG {i}".encode())
        digests.append(run_json("capture", str(f), "--source", f"s-{i}", store=db)["sha256"])
    kept, lost = digests
    with SQLiteStore(db) as store:
        batch = Batch()
        batch.add(Incident(id="i-1", title="strike", date="2017-06-01"), "t")
        batch.add(Claim(id="i-1-c1", supported_by=["s-0", "s-1"]), "t", incident="i-1")
        store.ingest(batch, actor="ana")
    os.chmod(tmp_path / "originals" / lost, 0o644)
    (tmp_path / "originals" / lost).unlink()
    run_cli("audit", "keygen", "--out", str(tmp_path / "k"), check=True)
    args = ("audit", "bundle", "i-1", "--key", str(tmp_path / "k.key"))
    manifest = run_json(*args, "--out", str(tmp_path / "b"), store=db)
    assert manifest["originals"]["included"] == [kept]
    [left] = manifest["originals"]["not_included"]
    assert (left["sha256"], left["sources"]) == (lost, ["s-1"])
    assert left["reason"].startswith("not found in")
    assert f"originals/{kept}" in manifest["files"]
    text = run_cli(*args, "--out", str(tmp_path / "b2"), store=db, check=True)
    assert f"original {lost} of s-1 NOT included: not found in" in text.stdout


def test_an_unsigned_bundle_is_a_usage_error(tmp_path: Path) -> None:
    """No --key: exit 2, like every bad option value, and nothing is written."""
    db = tmp_path / "s.db"
    store_with_events(db, 1).close()
    unsigned = run_cli("audit", "bundle", "i-1", "--out", str(tmp_path / "b"), store=db)
    assert unsigned.returncode == 2 and "Error: a bundle must be signed" in unsigned.stderr
    assert not (tmp_path / "b").exists()
