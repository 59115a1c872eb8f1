"""WACZ checks (provenance.audit.wacz): what each check catches, on archives made here."""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path

import pytest
from wacz.main import main as py_wacz
from wacz_helpers import (
    PAGE,
    entries,
    key_fingerprint,
    make_wacz,
    manifest,
    new_key,
    read_zip,
    sign,
    warc_bytes,
    write_zip,
)

from provenance.audit.wacz import WaczError, check_wacz


def test_a_signed_wacz_passes_with_what_it_holds(tmp_path: Path) -> None:
    key = new_key()
    check = check_wacz(make_wacz(tmp_path / "a.wacz", key=key))
    assert check.resources == 3 and check.unlisted == () and check.pages == 1
    assert check.signature.kind == "anonymous ECDSA" and check.signature.curve == "P-384"
    assert check.signature.signer == key_fingerprint(key)
    assert check.archived_url == PAGE
    assert check.archived_at is not None and check.archived_at.isoformat() == (
        "2026-03-14T09:30:12+00:00"  # the response record's WARC-Date, not the page's ts
    )
    text = check.text()
    assert text.startswith("datapackage: 3 resources, hashes OK; signature: anonymous ECDSA P-384")
    assert f"archived {PAGE} at 2026-03-14T09:30:12" in text


def test_an_unsigned_wacz_made_by_py_wacz_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "d.warc.gz").write_bytes(warc_bytes())
    monkeypatch.chdir(tmp_path)
    assert py_wacz(["create", "-o", "made.wacz", "d.warc.gz", "--detect-pages"]) == 0
    check = check_wacz(tmp_path / "made.wacz")
    assert check.signature.kind == "unsigned" and check.archived_url == PAGE
    assert check.software is not None and check.software.startswith("py-wacz")


def refused(path: Path, *fragments: str) -> str:
    with pytest.raises(WaczError) as info:
        check_wacz(path)
    message = info.value.message
    assert str(path) in message and "not captured" in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_a_changed_resource_is_refused_naming_it(tmp_path: Path) -> None:
    path = make_wacz(tmp_path / "a.wacz", key=new_key())
    files = read_zip(path)
    files["archive/data.warc.gz"] = warc_bytes(body=b"<html>Strike on the market: 2 killed</html>")
    write_zip(path, files)
    refused(path, "'archive/data.warc.gz' was changed")
    # the same size, one byte changed: caught by the hash
    files = entries()
    files["datapackage.json"] = manifest(files)
    files["pages/pages.jsonl"] = files["pages/pages.jsonl"].replace(b"Strike", b"Strife")
    refused(write_zip(path, files), "'pages/pages.jsonl' was changed: its sha256 is")


def test_a_resource_of_the_same_hash_prefix_but_other_size_is_refused(tmp_path: Path) -> None:
    files = entries()
    files["datapackage.json"] = manifest(files)
    files["pages/pages.jsonl"] += b"\n"
    refused(write_zip(tmp_path / "a.wacz", files), "'pages/pages.jsonl' was changed: it is larger")


def test_a_changed_datapackage_is_refused_by_its_digest(tmp_path: Path) -> None:
    path = make_wacz(tmp_path / "a.wacz", key=new_key())
    files = read_zip(path)
    package = json.loads(files["datapackage.json"])
    package["created"] = "2026-03-15T00:00:00Z"  # a re-dated package, hashes untouched
    files["datapackage.json"] = json.dumps(package).encode()
    write_zip(path, files)
    refused(path, "datapackage.json was changed", "datapackage-digest.json")


def test_a_re_signed_digest_with_a_wrong_signature_is_refused(tmp_path: Path) -> None:
    path = make_wacz(tmp_path / "a.wacz", key=new_key())
    files = read_zip(path)
    digest = json.loads(files["datapackage-digest.json"])
    other = json.loads(sign(files["datapackage.json"], new_key()))["signedData"]
    digest["signedData"]["signature"] = other["signature"]  # signed by another key
    files["datapackage-digest.json"] = json.dumps(digest).encode()
    write_zip(path, files)
    refused(path, "signature in datapackage-digest.json does not verify")


def test_a_consistently_re_hashed_package_still_fails_the_signature(tmp_path: Path) -> None:
    """Whoever changes a resource and rewrites datapackage.json and its digest hash cannot
    make the signature match without the signer's key."""
    key = new_key()
    path = make_wacz(tmp_path / "a.wacz", key=key)
    files = read_zip(path)
    old_digest = json.loads(files["datapackage-digest.json"])
    body = {k: v for k, v in files.items() if not k.startswith("datapackage")}
    body["archive/data.warc.gz"] = warc_bytes(body=b"<html>edited</html>")
    files["datapackage.json"] = manifest(body)
    forged = json.loads(sign(files["datapackage.json"], new_key()))
    forged["signedData"]["publicKey"] = old_digest["signedData"]["publicKey"]
    files["datapackage-digest.json"] = json.dumps(forged).encode()
    refused(write_zip(path, files), "does not verify")


def test_a_signature_that_is_not_base64_is_refused(tmp_path: Path) -> None:
    path = make_wacz(tmp_path / "a.wacz", key=new_key())
    files = read_zip(path)
    digest = json.loads(files["datapackage-digest.json"])
    digest["signedData"]["signature"] = "not base64!"
    files["datapackage-digest.json"] = json.dumps(digest).encode()
    refused(write_zip(path, files), "signature in datapackage-digest.json is not base64")


def test_a_public_key_that_is_not_ecdsa_is_refused(tmp_path: Path) -> None:
    path = make_wacz(tmp_path / "a.wacz", key=new_key())
    files = read_zip(path)
    digest = json.loads(files["datapackage-digest.json"])
    digest["signedData"]["publicKey"] = base64.b64encode(b"\x30\x03\x02\x01\x01").decode()
    files["datapackage-digest.json"] = json.dumps(digest).encode()
    refused(write_zip(path, files), "publicKey in datapackage-digest.json")


def test_not_a_zip_and_a_zip_without_datapackage_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "page.wacz"
    text.write_bytes(b"<html>not an archive</html>")
    refused(text, "not a zip file")
    bare = write_zip(tmp_path / "bare.wacz", entries())
    refused(bare, "no datapackage.json in the zip")


def test_a_listed_file_missing_from_the_zip_is_refused(tmp_path: Path) -> None:
    files = entries()
    files["datapackage.json"] = manifest(files)
    del files["indexes/index.cdx"]
    refused(write_zip(tmp_path / "a.wacz", files), "'indexes/index.cdx', listed in")


def test_a_file_the_manifest_does_not_list_is_reported(tmp_path: Path) -> None:
    files = entries()
    files["datapackage.json"] = manifest(files)
    files["extra/notes.txt"] = b"added later"
    check = check_wacz(write_zip(tmp_path / "a.wacz", files))
    assert check.unlisted == ("extra/notes.txt",)
    assert "1 file not listed: extra/notes.txt" in check.text()
    files["extra/more.txt"] = b"and more"
    check = check_wacz(write_zip(tmp_path / "b.wacz", files))
    assert "2 files not listed: extra/more.txt, extra/notes.txt" in check.text()


def test_a_zip_holding_one_name_twice_is_refused(tmp_path: Path) -> None:
    path = make_wacz(tmp_path / "a.wacz")
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as zf:
        zf.writestr("archive/data.warc.gz", b"another WARC")
    refused(path, "holds 'archive/data.warc.gz' more than once")


def test_a_warc_that_is_not_a_warc_is_refused(tmp_path: Path) -> None:
    files = entries()
    files["archive/data.warc.gz"] = b"plain text, no WARC records"
    files["datapackage.json"] = manifest(files)
    refused(write_zip(tmp_path / "a.wacz", files), "'archive/data.warc.gz' is not a readable WARC")
