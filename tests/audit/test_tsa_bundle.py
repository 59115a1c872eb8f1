"""An inquiry bundle carries its checkpoint's RFC 3161 timestamp token, and verify-bundle
checks it against the TSA's CA (or says it did not)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from bundle_cases import INCIDENT

from provenance.audit.bundle import write_bundle
from provenance.audit.checkpoint import PrivateKey, generate_key, load_checkpoint
from provenance.audit.local_tsa import Authority, LocalTSA, make_authority
from provenance.audit.timestamped import read_token_beside, write_signed_checkpoint
from provenance.audit.tsa_client import TSAError
from provenance.audit.tsa_verify import load_tsa_certs
from provenance.audit.verify_bundle import verify_bundle
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


def timestamped_bundle(work: Path, authority: Authority) -> tuple[Path, PrivateKey, Path]:
    """A checkpoint timestamped by ``authority``, and the bundle of :data:`INCIDENT` made
    with it; returns the bundle, the key and the checkpoint file."""
    key = generate_key("monitor")
    example = Path(str(resources.files("provenance.examples").joinpath("june-2017.yaml")))
    cp = work / "checkpoint.txt"
    with SQLiteStore(work / "s.db", create=True) as store:
        store.ingest(load_batch([example]), actor="t", reason="case")
        with LocalTSA(authority) as tsa:
            write_signed_checkpoint(store, key, cp, tsa=tsa.url)
        write_bundle(
            store,
            INCIDENT,
            work / "bundle",
            key=key,
            checkpoint=load_checkpoint(cp),
            public=key.public,
            timestamp=read_token_beside(cp),
        )
    return work / "bundle", key, cp


def test_the_bundle_carries_the_token_and_verify_bundle_checks_it(tmp_path: Path) -> None:
    authority = make_authority(tmp_path / "tsa")
    bundle, key, cp = timestamped_bundle(tmp_path, authority)
    token = bundle / "checkpoint.txt.tsr"
    assert token.read_bytes() == (tmp_path / "checkpoint.txt.tsr").read_bytes()
    assert (bundle / "checkpoint.txt").read_bytes() == cp.read_bytes()
    manifest = json.loads((bundle / "MANIFEST.json").read_bytes())
    assert manifest["checkpoint"]["timestamp_token"] == "checkpoint.txt.tsr"
    assert "checkpoint.txt.tsr" in manifest["files"]
    assert "checkpoint.txt.tsr" in (bundle / "VERIFY.md").read_text()

    report = verify_bundle(bundle, key.public, load_tsa_certs(authority.ca_cert))
    assert report.ok, report.problems
    assert report.timestamp is not None and report.timestamp.ok
    assert any("time attested by CN=provenance local TSA" in line for line in report.lines())
    assert report.as_dict()["timestamp"]["attested_at"].endswith("Z")

    unchecked = verify_bundle(bundle, key.public)
    assert unchecked.ok and unchecked.timestamp is not None and unchecked.timestamp.ok is None
    assert any(line.endswith("not checked (give --tsa-cert)") for line in unchecked.lines())

    other = make_authority(tmp_path / "other")
    wrong = verify_bundle(bundle, key.public, load_tsa_certs(other.ca_cert))
    assert not wrong.ok
    assert [f for f, _ in wrong.problems] == ["checkpoint.txt.tsr"]
    assert "chaining to" in wrong.problems[0][1]


def test_a_token_over_another_checkpoint_is_never_bundled(tmp_path: Path) -> None:
    authority = make_authority(tmp_path / "tsa")
    _, key, cp = timestamped_bundle(tmp_path, authority)
    with SQLiteStore(tmp_path / "s.db") as store:
        store.judge("ill-mosul-1", "ill-mosul-2", "different", actor="ana", reason="later")
        newer = tmp_path / "newer.txt"
        write_signed_checkpoint(store, key, newer)
        with pytest.raises(TSAError, match="over other data"):
            write_bundle(
                store,
                INCIDENT,
                tmp_path / "b2",
                key=key,
                checkpoint=load_checkpoint(newer),
                public=key.public,
                timestamp=read_token_beside(cp),
            )
    assert not (tmp_path / "b2").exists()


def test_a_swapped_token_in_a_bundle_is_named(tmp_path: Path) -> None:
    authority = make_authority(tmp_path / "tsa")
    bundle, key, _ = timestamped_bundle(tmp_path, authority)
    with LocalTSA(authority) as tsa:
        from provenance.audit.tsa_client import request_token

        other = request_token(tsa.url, b"another checkpoint\n")
    (bundle / "checkpoint.txt.tsr").write_bytes(other)
    report = verify_bundle(bundle, key.public, load_tsa_certs(authority.ca_cert))
    assert not report.ok and "checkpoint.txt.tsr" in report.changed
    messages = [m for f, m in report.problems if f == "checkpoint.txt.tsr"]
    assert any("over other data" in m for m in messages)
