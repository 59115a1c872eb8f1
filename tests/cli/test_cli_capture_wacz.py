"""``provenance capture FILE.wacz`` through the console script: what was checked is said,
a tampered archive is refused with exit 1 and nothing recorded."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run_cli, run_json
from wacz_helpers import PAGE, make_wacz, new_key, read_zip, write_zip


def store_with_source(tmp_path: Path) -> Path:
    db = tmp_path / "s.db"
    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {"format": "provenance-case/1", "sources": [{"id": "s-1", "kind": "social_media"}]}
        )
    )
    run_cli("init", store=db, check=True)
    run_cli("ingest", str(case), store=db, check=True)
    return db


def test_cli_capture_of_a_signed_wacz_says_what_was_checked(tmp_path: Path) -> None:
    db = store_with_source(tmp_path)
    wacz = make_wacz(tmp_path / "post.wacz", key=new_key())
    proc = run_cli("capture", str(wacz), "--source", "s-1", store=db, check=True)
    assert "WACZ checked: datapackage: 3 resources, hashes OK;" in proc.stdout
    assert "signature: anonymous ECDSA P-384, OK (key sha256:" in proc.stdout
    assert f"archived {PAGE} at 2026-03-14T09:30:12" in proc.stdout
    assert "s-1: captured" in proc.stdout
    shown = run_json("show", "s-1", store=db)
    assert json.dumps(shown).count(PAGE) >= 1
    log = run_json("audit", "log", "--item", "s-1", store=db)
    assert "signer sha256:" in json.dumps(log)


def test_cli_capture_refuses_a_tampered_wacz_and_records_nothing(tmp_path: Path) -> None:
    db = store_with_source(tmp_path)
    wacz = make_wacz(tmp_path / "post.wacz", key=new_key())
    files = read_zip(wacz)
    files["archive/data.warc.gz"] = files["archive/data.warc.gz"][:-4] + b"\0\0\0\0"
    write_zip(wacz, files)
    before = run_json("audit", "log", "--item", "s-1", store=db)
    proc = run_cli("capture", str(wacz), "--source", "s-1", store=db)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert str(wacz) in proc.stderr and "'archive/data.warc.gz' was changed" in proc.stderr
    assert run_json("audit", "log", "--item", "s-1", store=db) == before
    assert not (tmp_path / "originals").exists() or not any((tmp_path / "originals").iterdir())
    proc = run_cli("capture", "--help")
    assert "WACZ" in proc.stdout


def test_cli_capture_refuses_a_wacz_that_is_not_a_zip_and_json_says_what_was_checked(
    tmp_path: Path,
) -> None:
    db = store_with_source(tmp_path)
    fake = tmp_path / "page.wacz"
    fake.write_text("<html>saved page, not an archive</html>")
    proc = run_cli("capture", str(fake), "--source", "s-1", store=db)
    assert proc.returncode == 1 and f"{fake}: not a zip file" in proc.stderr
    out = run_json("capture", str(make_wacz(tmp_path / "ok.WACZ")), "--source", "s-1", store=db)
    assert out["event_seq"] == 2 and out["checked"]["resources"] == 3
    assert out["checked"]["signature"]["kind"] == "none"
    assert out["checked"]["archived_url"] == PAGE
