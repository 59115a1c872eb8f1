"""A signed manifest whose `files` is a list, not an object."""

from pathlib import Path

from bundle_cases import manifest, resign, signed_bundle


def make(dir: Path) -> None:
    bundle, key = signed_bundle(dir)
    value = manifest(bundle)
    value["files"] = sorted(value["files"])
    resign(bundle, key, value)
