"""Text from the data never reaches the terminal as control characters, and capture writes
only what the model takes (issue 13, items 3, 9 and 11)."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from unittest.mock import patch

import pytest
from audit_helpers import source_batch
from cli_helpers import run_cli, run_json
from provenance_cli.console import SafeConsole
from provenance_cli.terminal import terminal_text
from rich.text import Text

from provenance.store import build_event
from provenance.store.sqlite import SQLiteStore

ESCAPES = ("\x1b", "\x07", "\x9b", "\x9d", "\u202e")


def _store(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with SQLiteStore(path, create=True) as store:
        store.ingest(source_batch(1), actor="analyst", reason="first")
    return path


def _legacy_writes(path: Path) -> None:
    """Control characters written straight into the file, as a store made before these
    checks (or by another tool) may hold them."""
    db = sqlite3.connect(path, isolation_level=None)
    seq, prev = db.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC").fetchone()
    # build_event refuses control characters today: a legacy store's event had none checked
    with patch("provenance.store.events.check_text", lambda value, what: value):
        event = build_event(
            seq=seq + 1,
            prev_hash=prev,
            actor="\x1b]0;PWNED\x07",
            action="note",
            items=[],
            reason="\x1b[2J\x9b31mred\u202eevil\nsecond line",
        )
    db.execute(
        "INSERT INTO audit_events VALUES (?,?,?,?,?)",
        (event.seq, event.event_id, event.prev_hash, event.hash, event.body),
    )
    data = {"id": "s-1", "kind": "news", "url": "https://x/\x1b]8;;http://evil\x1b\\click"}
    db.execute("UPDATE nodes SET data=? WHERE id='s-1'", (json.dumps(data),))
    db.close()


def test_terminal_text_pictures_every_control_one_for_one() -> None:
    text = "\x1b]0;PWNED\x07 a\x9bb\u202ec\td\ne\r"
    shown = terminal_text(text)
    assert len(shown) == len(text) and not any(c in shown for c in (*ESCAPES, "\r"))
    assert shown.startswith("␛]0;PWNED␇") and "\t" in shown and "\n" in shown
    assert "\n" not in terminal_text("a\nb", one_line=True)


def test_the_cli_console_neutralises_strings_and_styled_text() -> None:
    buf = io.StringIO()
    con = SafeConsole(file=buf, width=200, color_system=None)
    con.print("plain \x1b]0;x\x07", markup=False)
    con.print(Text("styled \x9b2J", style="bold"))
    out = buf.getvalue()
    assert "plain ␛]0;x␇" in out and "styled \ufffd2J" in out
    assert not any(c in out for c in ESCAPES)


def test_audit_log_and_show_print_no_control_characters(tmp_path: Path) -> None:
    path = _store(tmp_path)
    _legacy_writes(path)
    log = run_cli("audit", "log", store=path, check=True)
    assert "PWNED" in log.stdout and "second line" in log.stdout
    assert not any(c in log.stdout for c in ESCAPES)
    assert len(log.stdout.strip().splitlines()) == 3  # a header, then one line per event
    show = run_cli("show", "s-1", store=path, check=True)
    assert "http://evil" in show.stdout and not any(c in show.stdout for c in ESCAPES)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["judge", "i1", "i2", "same", "--reason", "\x1b]0;PWNED\x07"], "--reason"),
        (["judge", "i1", "i2", "same", "--reason", "ok", "--actor", "\x9b2J"], "--actor"),
        (["capture", "FILE", "--source", "s-1", "--tool", "wget\x1b[2J"], "--tool"),
        (["capture", "FILE", "--source", "s-1", "--url", "https://x/\x1b]8;;y"], "--url"),
    ],
)
def test_control_characters_are_refused_before_they_are_stored(
    tmp_path: Path, args: list[str], option: str
) -> None:
    path = _store(tmp_path)
    (tmp_path / "page.html").write_text("<p>x</p>")
    args = [str(tmp_path / "page.html") if a == "FILE" else a for a in args]
    proc = run_cli(*args, store=path)
    assert proc.returncode == 2, proc.stderr
    assert f"{option}" in proc.stderr and "control character" in proc.stderr
    assert run_json("stats", store=path)["audit_events"] == 1


def test_a_long_capture_url_is_refused_and_verify_stays_clean(tmp_path: Path) -> None:
    path = _store(tmp_path)
    (tmp_path / "page.html").write_text("<p>x</p>")
    page = str(tmp_path / "page.html")
    long_url = "https://example.org/" + "a" * 3000
    proc = run_cli("capture", page, "--source", "s-1", "--url", long_url, store=path)
    assert proc.returncode == 2 and "--url" in proc.stderr and "2000" in proc.stderr
    ok = run_json("capture", page, "--source", "s-1", "--url", "https://example.org/p", store=path)
    assert ok["event_seq"] == 2
    verify = run_cli("audit", "verify", store=path)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert run_json("show", "s-1", store=path)["data"]["url"] == "https://example.org/p"


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "dir"])
def test_capture_takes_regular_files_only(tmp_path: Path, special: str) -> None:
    import os

    path = _store(tmp_path)
    target = tmp_path / special
    if special == "fifo":
        os.mkfifo(target)
    elif special == "dir":
        target.mkdir()
    else:
        target = Path(special)
    proc = run_cli("capture", str(target), "--source", "s-1", store=path)
    assert proc.returncode == 1 and "not a regular file" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_witness_id_like_a_name_is_ingested_with_a_warning(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("format: provenance-case/1\nwitnesses:\n  - {id: Ahmed-Hassan, role: medic}\n")
    proc = run_cli("ingest", str(case), store=tmp_path / "s.db", check=True)
    assert "Warning: witness id 'Ahmed-Hassan' looks like a personal name" in proc.stderr
    assert "Traceback" not in proc.stderr and "IdentifyingIdWarning" not in proc.stderr
