"""``audit checkpoint --tsa``, ``audit verify --tsa-cert``, ``audit bundle`` and
``verify-bundle --tsa-cert`` run for real: the console script in a subprocess (output
piped), against a local timestamp authority served from this process."""

from __future__ import annotations

import json
from pathlib import Path

from audit_helpers import EXAMPLE
from cli_helpers import run_cli, run_json
from tsa_helpers import closed_port_url

from provenance.audit.local_tsa import LocalTSA, make_authority


def test_checkpoint_tsa_then_verify_tsa_cert(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run_cli("init", store=db, check=True)
    run_cli("ingest", str(EXAMPLE), store=db, check=True)
    run_cli("audit", "keygen", "--name", "m", "--out", str(tmp_path / "m"), check=True)
    authority = make_authority(tmp_path / "tsa")
    cp, token = tmp_path / "cp.txt", tmp_path / "cp.txt.tsr"
    key = ("--key", str(tmp_path / "m.key"))
    with LocalTSA(authority) as tsa:
        made = run_cli("audit", "checkpoint", *key, "--out", str(cp), "--tsa", tsa.url, store=db)
        assert made.returncode == 0, made.stderr
        assert f"Timestamp token from {tsa.url} written to {token}." in made.stdout
        again = run_cli("audit", "checkpoint", *key, "--out", str(cp), "--tsa", tsa.url, store=db)
        assert again.returncode == 1 and "already exists" in again.stderr
        assert len(tsa.requests) == 1
    check = ("audit", "verify", "--checkpoint", str(cp), "--pubkey", str(tmp_path / "m.pub"))
    ok = run_cli(*check, "--tsa-cert", str(authority.ca_cert), store=db)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert f"[ok ] timestamp {token}: time attested by CN=provenance local TSA" in ok.stdout
    report = run_json(*check, "--tsa-cert", str(authority.ca_cert), store=db)
    [time] = report["timestamps"]
    assert report["ok"] and time["ok"] and time["attested_at"].endswith("Z")
    unchecked = run_cli(*check, store=db)
    assert unchecked.returncode == 0
    assert f"[-- ] timestamp {token}: not checked (give --tsa-cert)" in unchecked.stdout
    other = make_authority(tmp_path / "other")
    wrong = run_cli(*check, "--tsa-cert", str(other.ca_cert), store=db)
    assert wrong.returncode == 1 and "[BAD] timestamp" in wrong.stdout
    assert "chaining to" in wrong.stdout

    bundle = tmp_path / "bundle"
    made_bundle = run_cli(
        "audit", "bundle", "ill-mosul-1", "--out", str(bundle), *key,
        "--checkpoint", str(cp), "--pubkey", str(tmp_path / "m.pub"), store=db,
    )  # fmt: skip
    assert made_bundle.returncode == 0, made_bundle.stderr
    assert "--tsa-cert" in made_bundle.stdout
    assert (bundle / "checkpoint.txt.tsr").read_bytes() == token.read_bytes()
    verified = run_cli(
        "audit", "verify-bundle", str(bundle), "--pubkey", str(tmp_path / "m.pub"),
        "--tsa-cert", str(authority.ca_cert), "--json",
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout
    assert json.loads(verified.stdout)["timestamp"]["tsa"].startswith("CN=provenance local TSA")


def test_checkpoint_with_a_failing_tsa_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run_cli("init", store=db, check=True)
    run_cli("audit", "keygen", "--out", str(tmp_path / "m"), check=True)
    out = tmp_path / "out"
    out.mkdir()
    url = closed_port_url()
    key = ("--key", str(tmp_path / "m.key"))
    down = run_cli(
        "audit", "checkpoint", *key, "--out", str(out / "cp.txt"), "--tsa", url, store=db
    )
    assert down.returncode == 1 and down.stdout == ""
    assert down.stderr.startswith(f"Error: cannot reach the timestamp authority {url}")
    assert "Traceback" not in down.stderr
    with LocalTSA(answer=lambda _: (500, b"broken")) as tsa:
        failing = run_cli(
            "audit", "checkpoint", *key, "--out", str(out / "cp.txt"), "--tsa", tsa.url, store=db
        )
    assert failing.returncode == 1 and f"{tsa.url} answered HTTP 500" in failing.stderr
    assert list(out.iterdir()) == []
    bad = run_cli("audit", "checkpoint", *key, "--out", str(out / "cp.txt"), "--tsa", "x", store=db)
    assert bad.returncode == 2 and "not an http(s) URL" in bad.stderr
    no_cp = run_cli("audit", "verify", "--tsa-cert", str(tmp_path / "m.pub"), store=db)
    assert no_cp.returncode == 2 and "--tsa-cert needs --checkpoint" in no_cp.stderr


def test_bundle_tsa_timestamps_its_own_checkpoint(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run_cli("ingest", str(EXAMPLE), store=db, check=True)
    run_cli("audit", "keygen", "--name", "m", "--out", str(tmp_path / "m"), check=True)
    authority = make_authority(tmp_path / "tsa")
    key, pub = ("--key", str(tmp_path / "m.key")), ("--pubkey", str(tmp_path / "m.pub"))
    bundle = tmp_path / "bundle"
    with LocalTSA(authority) as tsa:
        made = run_cli(
            "audit", "bundle", "ill-mosul-1", "--out", str(bundle), *key, "--tsa", tsa.url,
            store=db,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        assert len(tsa.requests) == 1
    assert "with the checkpoint's timestamp token (checkpoint.txt.tsr)" in made.stdout
    check = ("audit", "verify-bundle", str(bundle), *pub)
    verified = run_cli(*check, "--tsa-cert", str(authority.ca_cert))
    assert verified.returncode == 0, verified.stdout
    assert "time attested by CN=provenance local TSA" in verified.stdout
    other = make_authority(tmp_path / "other")
    assert run_cli(*check, "--tsa-cert", str(other.ca_cert)).returncode == 1

    url = closed_port_url()
    down = run_cli(
        "audit", "bundle", "ill-mosul-1", "--out", str(tmp_path / "b2"), *key, "--tsa", url,
        store=db,
    )  # fmt: skip
    assert down.returncode == 1 and f"cannot reach the timestamp authority {url}" in down.stderr
    assert not (tmp_path / "b2").exists()
    cp = tmp_path / "cp.txt"
    with LocalTSA(authority) as tsa:
        run_cli("audit", "checkpoint", *key, "--out", str(cp), "--tsa", tsa.url, store=db)
        both = run_cli(
            "audit", "bundle", "ill-mosul-1", "--out", str(tmp_path / "b3"), *key,
            "--checkpoint", str(cp), *pub, "--tsa", tsa.url, store=db,
        )  # fmt: skip
    assert both.returncode == 2 and "has a timestamp token already" in both.stderr
    assert not (tmp_path / "b3").exists()
