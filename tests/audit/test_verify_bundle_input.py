"""`verify-bundle` treats the bundle as untrusted input (issue 13, item 10): it reads nothing
outside it, nothing an unsigned manifest lists, and never follows a link."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bundle_cases import manifest, original, resign, signed_bundle

from provenance.audit.checkpoint import load_public_key
from provenance.audit.verify_bundle import verify_bundle

_OPENED: list[str] | None = None


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], str | Path):
        _OPENED.append(str(args[0]))


sys.addaudithook(_hook)


@pytest.fixture
def opened() -> Iterator[list[str]]:
    """Every path opened while the test runs (a Python audit hook)."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, Any]:
    return signed_bundle(tmp_path)


def test_paths_of_an_unsigned_manifest_are_never_read(
    made: tuple[Path, Any], tmp_path: Path, opened: list[str]
) -> None:
    bundle, _ = made
    (tmp_path / "x").write_text("outside")
    value = manifest(bundle)
    value["files"].update({"../x": "0" * 64, "/etc/hostname": "0" * 64})
    (bundle / "MANIFEST.json").write_text(json.dumps(value))
    public = load_public_key(tmp_path / "k.pub")
    opened.clear()
    report = verify_bundle(bundle, public)
    assert not report.ok
    assert ("MANIFEST.json", "the manifest's signature does not verify: it was altered (the"
            " files it lists were not read)") in report.problems  # fmt: skip
    assert not [p for p in opened if p.endswith(("/x", "/etc/hostname", "/VERIFY.md"))], opened
    assert all(Path(p).resolve().is_relative_to(tmp_path) for p in opened if "bundle" in p)


def test_a_linked_original_is_refused_and_not_read(
    made: tuple[Path, Any], tmp_path: Path, opened: list[str]
) -> None:
    bundle, _ = made
    target = original(bundle)
    outside = tmp_path / "outside.html"
    outside.write_bytes(target.read_bytes())  # the very bytes: only the link is wrong
    target.unlink()
    target.symlink_to(outside)
    public = load_public_key(tmp_path / "k.pub")
    opened.clear()
    report = verify_bundle(bundle, public)
    name = f"originals/{target.name}"
    assert report.problems == [
        (name, "refused: a symbolic link (never followed) — a bundle holds only regular files")
    ]
    assert str(outside) not in opened and not any(p.endswith("MANIFEST.json") for p in opened)


def test_a_signed_manifest_of_the_wrong_shape_is_refused(
    made: tuple[Path, Any], tmp_path: Path
) -> None:
    bundle, key = made
    value = manifest(bundle)
    value["files"]["a//b"] = "0" * 64
    resign(bundle, key, value)
    report = verify_bundle(bundle, key.public)
    [message] = [m for f, m in report.problems if f == "MANIFEST.json"]
    assert message.startswith("refused: not a bundle manifest — files.a//b")
    assert "'a//b' is not a relative path inside the bundle" in message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("log/items.json", "[1]", "log/items.json"),
        ("log/proofs.json", '{"proofs": []}', "log/proofs.json"),
        ("claims.json", '[{"id": 1}]', "claims.json"),
        ("incident.json", "[" * 100_000, "incident.json"),
        ("judgements.json", '{"a": 1}', "judgements.json"),
    ],
)
def test_signed_documents_of_the_wrong_shape_are_problems_not_tracebacks(
    made: tuple[Path, Any], name: str, content: str, expected: str
) -> None:
    bundle, key = made
    (bundle / name).write_text(content)
    resign(bundle, key, manifest(bundle), rehash=True)
    report = verify_bundle(bundle, key.public)
    assert any(
        f == expected and m.startswith("not in the bundle's format: ") for f, m in report.problems
    ), report.problems


def test_a_bundle_that_is_not_a_directory(tmp_path: Path) -> None:
    _, key = signed_bundle(tmp_path)
    (tmp_path / "file").write_text("x")
    report = verify_bundle(tmp_path / "file", key.public)
    assert report.problems == [
        (str(tmp_path / "file"), "not a directory: give the bundle's directory")
    ]


def test_a_signed_manifest_of_another_format_is_refused(made: tuple[Path, Any]) -> None:
    bundle, key = made
    value = manifest(bundle)
    value["format"] = "provenance-bundle/9"
    resign(bundle, key, value)
    report = verify_bundle(bundle, key.public)
    assert any(
        f == "MANIFEST.json"
        and m.startswith("refused: not a bundle manifest — format:")
        and "'provenance-bundle/9' is not 'provenance-bundle/1'" in m
        for f, m in report.problems
    ), report.problems


def test_event_lines_nested_too_deeply_are_problems(made: tuple[Path, Any]) -> None:
    bundle, key = made
    events = bundle / "log/events.jsonl"
    events.write_bytes(events.read_bytes() + b"[" * 100_000 + b"\n")
    resign(bundle, key, manifest(bundle), rehash=True)
    report = verify_bundle(bundle, key.public)
    assert report.problems == [("log/events.jsonl", "a line is not an audit event")]
