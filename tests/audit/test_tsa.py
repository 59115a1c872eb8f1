"""Trusted time on checkpoints: RFC 3161 tokens from a local authority (``openssl ts -reply``
behind :class:`~provenance.audit.local_tsa.LocalTSA`), checked against the authority's CA;
refused when over other data, from another CA or signed with an expired certificate; a
failing authority leaves no file. The CLI is run for real in ``test_tsa_cli.py``."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from audit_helpers import source_batch, store_with_events
from tsa_helpers import closed_port_url

from provenance.audit.checkpoint import PrivateKey, generate_key, load_checkpoint
from provenance.audit.local_tsa import (
    Authority,
    LocalTSA,
    make_authority,
    openssl,
    timestamp_demo_checkpoint,
)
from provenance.audit.timestamped import write_signed_checkpoint
from provenance.audit.tsa_client import TSAError, request_token
from provenance.audit.tsa_verify import checkpoint_times, load_tsa_certs
from provenance.audit.verify import verify_all
from provenance.errors import InputError, UsageError
from provenance.store.sqlite import SQLiteStore


@pytest.fixture
def authority(tmp_path: Path) -> Authority:
    return make_authority(tmp_path / "tsa")


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[SQLiteStore, PrivateKey]]:
    store = store_with_events(tmp_path / "s.db", 3)
    yield store, generate_key("monitor")
    store.close()


def test_round_trip_attests_the_time_and_openssl_agrees(
    tmp_path: Path, authority: Authority, logged: tuple[SQLiteStore, PrivateKey]
) -> None:
    store, key = logged
    cp = tmp_path / "cp.txt"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with LocalTSA(authority) as tsa:
        done = write_signed_checkpoint(store, key, cp, tsa=tsa.url)
    assert done.token == tmp_path / "cp.txt.tsr" and done.token.is_file()
    assert len(tsa.requests) == 1
    [time] = checkpoint_times([cp], authority.ca_cert)
    assert time.ok and time.kind == "ok", time
    assert time.tsa is not None and "CN=provenance local TSA" in time.tsa
    assert time.attested_at is not None and time.attested_at.endswith("Z")
    attested = dt.datetime.fromisoformat(time.attested_at)
    assert before - dt.timedelta(seconds=2) <= attested <= dt.datetime.now(dt.UTC)
    assert (
        time.line()
        == f"[ok ] timestamp {done.token}: time attested by {time.tsa}: {attested:%Y-%m-%dT%H:%M:%SZ}"
    )
    report = verify_all(store, [(str(cp), load_checkpoint(cp))], key.public, timestamps=[time])
    assert report.ok and report.as_dict()["timestamps"][0]["attested_at"] == time.attested_at
    assert any("time attested by" in line for line in report.lines())
    # what is hashed is the checkpoint file's bytes: openssl checks it by hand the same way
    by_hand = ["ts", "-verify", "-data", str(cp), "-in", str(done.token)]
    subprocess.run(
        [openssl(), *by_hand, "-CAfile", str(authority.ca_cert)], check=True, capture_output=True
    )


def test_a_token_without_tsa_cert_is_reported_not_checked_never_passed(
    tmp_path: Path, authority: Authority, logged: tuple[SQLiteStore, PrivateKey]
) -> None:
    store, key = logged
    cp = tmp_path / "cp.txt"
    with LocalTSA(authority) as tsa:
        write_signed_checkpoint(store, key, cp, tsa=tsa.url)
    [time] = checkpoint_times([cp], None)
    assert time.ok is None and time.kind == "unchecked"
    assert time.line().endswith("not checked (give --tsa-cert)")
    assert time.attested_at is None
    plain = tmp_path / "plain.txt"
    write_signed_checkpoint(store, key, plain)
    assert checkpoint_times([plain], None) == []
    [absent] = checkpoint_times([plain], authority.ca_cert)
    assert absent.ok is None and "not attested" in absent.message
    with pytest.raises(UsageError, match="--tsa-cert needs --checkpoint"):
        checkpoint_times([], authority.ca_cert)


def test_a_token_over_another_checkpoint_is_refused(
    tmp_path: Path, authority: Authority, logged: tuple[SQLiteStore, PrivateKey]
) -> None:
    store, key = logged
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    with LocalTSA(authority) as tsa:
        write_signed_checkpoint(store, key, first, tsa=tsa.url)
        store.ingest(source_batch(9), actor="analyst", reason="later")
        write_signed_checkpoint(store, key, second, tsa=tsa.url)
    (tmp_path / "second.txt.tsr").write_bytes((tmp_path / "first.txt.tsr").read_bytes())
    [time] = checkpoint_times([second], authority.ca_cert)
    assert time.ok is False and time.kind == "other-data"
    assert "over other data, not this checkpoint" in time.message
    cps = [(str(second), load_checkpoint(second))]
    report = verify_all(store, cps, key.public, timestamps=[time])
    assert report.log.ok and not report.ok
    assert report.lines()[-1].startswith("FAILED") and "timestamp" in report.lines()[-1]


def test_a_token_checked_against_another_ca_is_refused(
    tmp_path: Path, authority: Authority, logged: tuple[SQLiteStore, PrivateKey]
) -> None:
    store, key = logged
    cp = tmp_path / "cp.txt"
    with LocalTSA(authority) as tsa:
        write_signed_checkpoint(store, key, cp, tsa=tsa.url)
    other = make_authority(tmp_path / "other")
    [time] = checkpoint_times([cp], other.ca_cert)
    assert time.ok is False and time.kind == "untrusted"
    assert f"chaining to {other.ca_cert}" in time.message
    assert "unable to get local issuer certificate" in time.message
    # the TSA's certificate alone is no trust anchor; a file without certificates neither
    with pytest.raises(InputError, match="no root"):
        load_tsa_certs(authority.tsa_cert)
    with pytest.raises(InputError, match="no PEM certificate"):
        load_tsa_certs(cp)


def test_a_token_signed_with_an_expired_certificate_is_refused(
    tmp_path: Path, logged: tuple[SQLiteStore, PrivateKey]
) -> None:
    store, key = logged
    now = dt.datetime.now(dt.UTC)
    expired = make_authority(
        tmp_path / "expired",
        valid_from=now - dt.timedelta(days=400),
        valid_until=now - dt.timedelta(days=1),
    )
    cp = tmp_path / "cp.txt"
    with LocalTSA(expired) as tsa:  # openssl signs with it all the same
        write_signed_checkpoint(store, key, cp, tsa=tsa.url)
    [time] = checkpoint_times([cp], expired.ca_cert)
    assert time.ok is False and time.kind == "expired"
    assert "was not valid at the time the token attests" in time.message


def test_an_unreachable_authority_is_a_clear_error_and_writes_nothing(
    tmp_path: Path, logged: tuple[SQLiteStore, PrivateKey]
) -> None:
    store, key = logged
    url = closed_port_url()
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(TSAError, match=f"cannot reach the timestamp authority {url}") as err:
        write_signed_checkpoint(store, key, out / "cp.txt", tsa=url)
    assert err.value.exit_code == 1
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ((503, b"down for maintenance"), "answered HTTP 503"),
        ((200, b"<html>not a timestamp</html>"), "not an RFC 3161 timestamp reply"),
        ((200, bytes.fromhex("3005300302010" + "2")), "refused the request (status 2"),
    ],
)
def test_a_failing_authority_is_named_and_writes_nothing(
    tmp_path: Path,
    logged: tuple[SQLiteStore, PrivateKey],
    answer: tuple[int, bytes],
    expected: str,
) -> None:
    store, key = logged
    out = tmp_path / "out"
    out.mkdir()
    with LocalTSA(answer=lambda _: answer) as tsa, pytest.raises(TSAError) as err:
        write_signed_checkpoint(store, key, out / "cp.txt", tsa=tsa.url)
    assert expected in err.value.message and tsa.url in err.value.message
    assert list(out.iterdir()) == []


def test_a_replayed_reply_fails_the_nonce_check(tmp_path: Path, authority: Authority) -> None:
    with LocalTSA(authority) as honest:
        earlier = request_token(honest.url, b"the checkpoint\n")
    with LocalTSA(answer=lambda _: (200, earlier)) as replaying, pytest.raises(TSAError) as err:
        request_token(replaying.url, b"the checkpoint\n")
    assert "another request's nonce" in err.value.message


def test_existing_files_are_never_replaced_without_force(
    tmp_path: Path, authority: Authority, logged: tuple[SQLiteStore, PrivateKey]
) -> None:
    store, key = logged
    cp = tmp_path / "cp.txt"
    with LocalTSA(authority) as tsa:
        write_signed_checkpoint(store, key, cp, tsa=tsa.url)
        token = (tmp_path / "cp.txt.tsr").read_bytes()
        with pytest.raises(InputError, match="already exists"):
            write_signed_checkpoint(store, key, cp, tsa=tsa.url)
        assert len(tsa.requests) == 1  # refused before the authority was asked
    cp.unlink()  # the token of a checkpoint that is gone: never left beside a new one
    with pytest.raises(InputError, match="timestamp token of an earlier checkpoint"):
        write_signed_checkpoint(store, key, cp)
    assert not cp.exists() and (tmp_path / "cp.txt.tsr").read_bytes() == token
    replaced = write_signed_checkpoint(store, key, cp, force=True)
    assert replaced.removed_token == tmp_path / "cp.txt.tsr"
    assert not (tmp_path / "cp.txt.tsr").exists()
    with pytest.raises(InputError, match="--tsa needs --out FILE"):
        write_signed_checkpoint(store, key, Path("-"), tsa="http://127.0.0.1:1/")
    with pytest.raises(UsageError, match="not an http"):
        write_signed_checkpoint(store, key, tmp_path / "x.txt", tsa="ftp://tsa.example/")


def test_the_demo_timestamps_a_checkpoint_with_a_throwaway_authority(
    tmp_path: Path, logged: tuple[SQLiteStore, PrivateKey]
) -> None:
    store, key = logged
    audit = tmp_path / "audit"
    audit.mkdir()
    cp = audit / "checkpoint.txt"
    write_signed_checkpoint(store, key, cp)
    demo = timestamp_demo_checkpoint(cp, audit)
    assert demo.token == audit / "checkpoint.txt.tsr" and demo.token.is_file()
    assert demo.ca_cert == audit / "local-tsa-ca.pem" and demo.attested_at.endswith("Z")
    assert sorted(p.name for p in audit.iterdir()) == [
        "checkpoint.txt", "checkpoint.txt.tsr", "local-tsa-ca.pem"
    ]  # fmt: skip
    assert "provenance local TSA" in demo.tsa
    [time] = checkpoint_times([cp], demo.ca_cert)
    assert time.ok and time.attested_at == demo.attested_at
    with pytest.raises(InputError, match="already exists"):
        timestamp_demo_checkpoint(cp, audit)
