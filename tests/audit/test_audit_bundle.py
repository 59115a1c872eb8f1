"""Inquiry bundles verify offline and name any changed file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from audit_helpers import EXAMPLE, FilelessStore
from cli_helpers import run_cli, run_json

from provenance.audit.bundle import BundleError, write_bundle
from provenance.audit.checkpoint import generate_key
from provenance.audit.custody import CustodyError, capture
from provenance.audit.log import make_checkpoint
from provenance.audit.verify_bundle import verify_bundle
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


@pytest.fixture
def bundled(tmp_path: Path) -> tuple[Path, object, Path]:
    key = generate_key("monitor")
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="ana", reason="case")
        store.judge("ill-mosul-1", "ill-mosul-2", "different", actor="ana", reason="other street")
        page = tmp_path / "p.html"
        page.write_bytes(b"<html>original report</html>")
        claims = [e.dst for e in store.edges(["ill-mosul-1"], ["HAS_CLAIM"])]
        sid = next(
            e.dst
            for e in store.edges(claims, ["SUPPORTED_BY"])
            if store.get(e.dst).label == "Source"  # type: ignore[union-attr]
        )
        capture(store, page, sid, actor="ana", tool="wget")
        write_bundle(store, "ill-mosul-1", tmp_path / "b", key=key)
    return tmp_path / "b", key, tmp_path


def test_bundle_contents_verify(bundled: tuple[Path, object, Path]) -> None:
    b, key, _ = bundled
    report = verify_bundle(b, key.public)  # type: ignore[attr-defined]
    assert report.ok, report.as_dict()
    assert report.events == 3  # ingest, judgement, capture
    for name in ("incident.json", "claims.json", "sources.json", "corroboration.json", "judgements.json",
                 "log/events.jsonl", "log/proofs.json", "checkpoint.txt", "pubkey.txt", "MANIFEST.json", "VERIFY.md"):  # fmt: skip
        assert (b / name).is_file(), name
    assert len(list((b / "originals").iterdir())) == 1
    corr = json.loads((b / "corroboration.json").read_text())
    assert corr["version"] and corr["parameters"] == {"min_reliability": "F"} and corr["results"]
    assert json.loads((b / "judgements.json").read_text())[0]["judgement"] == "different"
    for w in json.loads((b / "witnesses.json").read_text()):
        assert set(w["data"]) == {"id", "role"}


@pytest.mark.parametrize(
    "target",
    ["claims.json", "log/events.jsonl", "log/proofs.json", "corroboration.json", "VERIFY.md"],
)
def test_changed_file_is_named(bundled: tuple[Path, object, Path], target: str) -> None:
    b, key, _ = bundled
    path = b / target
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify_bundle(b, key.public)  # type: ignore[attr-defined]
    assert not report.ok and report.changed == [target]


def test_a_bad_inclusion_proof_is_reported_on_one_line(
    bundled: tuple[Path, object, Path],
) -> None:
    b, key, _ = bundled
    proofs = json.loads((b / "log/proofs.json").read_text())
    proofs["proofs"]["1"] = proofs["proofs"]["1"][:-1]
    (b / "log/proofs.json").write_text(json.dumps(proofs))
    report = verify_bundle(b, key.public)  # type: ignore[attr-defined]
    assert ("log/events.jsonl", "event 1: not in the signed log (the inclusion proof is missing"
            " elements — the proof is malformed)") in report.problems  # fmt: skip


def test_consistent_forgery_of_item_and_manifest_is_caught(
    bundled: tuple[Path, object, Path],
) -> None:
    """The forger edits a claim, rehashes it and rewrites the manifest (unsigned)."""
    b, key, _ = bundled
    from provenance.canonical import content_hash

    claims = json.loads((b / "claims.json").read_text())
    claims[0]["data"]["civilians_killed"] = {"min": 0, "max": 0}
    claims[0]["hash"] = content_hash(claims[0]["data"])
    (b / "claims.json").write_text(json.dumps(claims))
    (b / "MANIFEST.sig").unlink()
    manifest = json.loads((b / "MANIFEST.json").read_text())
    import hashlib

    manifest["files"]["claims.json"] = hashlib.sha256((b / "claims.json").read_bytes()).hexdigest()
    manifest["files"].pop("MANIFEST.sig", None)
    (b / "MANIFEST.json").write_text(json.dumps(manifest))
    report = verify_bundle(b, key.public)  # type: ignore[attr-defined]
    assert not report.ok
    assert any(f == "claims.json" and "signed log" in m for f, m in report.problems)
    assert any(f == "MANIFEST.sig" and "missing" in m for f, m in report.problems)


def test_an_unsigned_bundle_never_verifies(bundled: tuple[Path, object, Path]) -> None:
    """Derived results (corroboration.json) carry no log hash: only the signature guards them."""
    b, key, _ = bundled
    import hashlib

    corr = b / "corroboration.json"
    corr.write_text(corr.read_text().replace('"independent_paths": 1', '"independent_paths": 7'))
    (b / "MANIFEST.sig").unlink()
    manifest = json.loads((b / "MANIFEST.json").read_text())
    manifest["files"]["corroboration.json"] = hashlib.sha256(corr.read_bytes()).hexdigest()
    (b / "MANIFEST.json").write_text(json.dumps(manifest))
    report = verify_bundle(b, key.public)  # type: ignore[attr-defined]
    assert not report.ok
    assert [f for f, _ in report.problems] == ["MANIFEST.sig"]


def test_wrong_key_and_stale_checkpoint(bundled: tuple[Path, object, Path]) -> None:
    b, key, tmp = bundled
    wrong = verify_bundle(b, generate_key("monitor").public)
    assert not wrong.ok
    assert all("\n" not in message for _, message in wrong.problems)  # one line each
    with SQLiteStore(tmp / "s.db") as store:
        old = make_checkpoint(store, key)  # type: ignore[arg-type]
        store.judge("ill-mosul-1", "ill-raqqa-1", "different", actor="ana", reason="other city")
        with pytest.raises(BundleError, match="predates"):
            write_bundle(store, "ill-mosul-1", tmp / "b2", key=key, checkpoint=old)  # type: ignore[arg-type]
        with pytest.raises(BundleError, match="not empty"):
            write_bundle(store, "ill-mosul-1", b, key=key)  # type: ignore[arg-type]


def test_cli_bundle_and_verify_bundle(bundled: tuple[Path, object, Path]) -> None:
    _, _, tmp = bundled
    db = tmp / "s.db"
    run_cli("audit", "keygen", "--out", str(tmp / "k"), check=True)
    out = run_json(
        "audit",
        "bundle",
        "ill-raqqa-1",
        "--out",
        str(tmp / "rb"),
        "--key",
        str(tmp / "k.key"),
        store=db,
    )
    assert "VERIFY.md" in out["files"]
    ok = run_json("audit", "verify-bundle", str(tmp / "rb"), "--pubkey", str(tmp / "k.pub"))
    assert ok["ok"]
    shutil.copy(tmp / "rb" / "incident.json", tmp / "rb" / "extra.json")
    bad = run_cli("audit", "verify-bundle", str(tmp / "rb"), "--pubkey", str(tmp / "k.pub"))
    assert bad.returncode == 1 and "extra.json" in bad.stdout


def test_an_original_left_out_has_a_one_line_reason_in_the_manifest(
    bundled: tuple[Path, object, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store without an originals directory: the signed manifest gives the reason on one line."""
    _, key, tmp = bundled
    monkeypatch.delenv("PROVENANCE_ORIGINALS", raising=False)
    with FilelessStore(tmp / "s.db") as server_like:
        write_bundle(server_like, "ill-mosul-1", tmp / "b2", key=key)  # type: ignore[arg-type]
    manifest = json.loads((tmp / "b2" / "MANIFEST.json").read_text())
    [left] = manifest["originals"]["not_included"]
    assert left["reason"] == (
        "this store has no directory for captured originals — set PROVENANCE_ORIGINALS to a"
        " directory (a server store keeps no files)"
    )


def test_an_unreadable_original_has_a_one_line_reason(
    bundled: tuple[Path, object, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, key, tmp = bundled
    import provenance.audit.bundle_originals as bundle_module

    def denied(path: Path) -> tuple[str, int]:  # as hash_file raises an unreadable file
        raise CustodyError(f"cannot read {path}: Permission denied", "check the path")

    monkeypatch.setattr(bundle_module, "hash_file", denied)
    with SQLiteStore(tmp / "s.db") as store:
        manifest = write_bundle(store, "ill-mosul-1", tmp / "b2", key=key)  # type: ignore[arg-type]
    [left] = manifest["originals"]["not_included"]
    assert "\n" not in left["reason"] and left["reason"].endswith(
        ": Permission denied — check the path)"
    )


def test_a_bundle_holds_the_organisations_that_give_its_sources_their_units(
    tmp_path: Path,
) -> None:
    """Before: an organisation whose ``aliases`` made two sources one unit was left out of
    the bundle, so a reader could not re-derive the bundled corroboration."""
    registry = tmp_path / "outlets.yaml"
    registry.write_text(
        "format: provenance-case/1\n"
        "organisations:\n"
        "  - {id: org-oldcity, name: Old City Page, kind: media, aliases: ['@ill_oldcity_page']}\n"
        "  - {id: org-unrelated, name: Unrelated, kind: media, aliases: ['@nobody_here']}\n"
    )
    key = generate_key("monitor")
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE, registry]), actor="ana", reason="case")
        write_bundle(store, "ill-mosul-1", tmp_path / "b", key=key)
    orgs = {o["id"] for o in json.loads((tmp_path / "b" / "organisations.json").read_text())}
    assert "org-oldcity" in orgs and "org-unrelated" not in orgs
    assert verify_bundle(tmp_path / "b", key.public).ok
