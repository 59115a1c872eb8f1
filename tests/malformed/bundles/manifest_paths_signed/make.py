"""A signed manifest that lists /etc/hostname and ../x (a buggy or hostile signer)."""

from pathlib import Path

from bundle_cases import manifest, resign, signed_bundle


def make(dir: Path) -> None:
    bundle, key = signed_bundle(dir)
    value = manifest(bundle)
    value["files"]["/etc/hostname"] = "0" * 64
    value["files"]["../x"] = "0" * 64
    resign(bundle, key, value)
