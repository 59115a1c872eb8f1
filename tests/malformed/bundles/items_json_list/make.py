"""log/items.json is `[1]`, listed with its new hash in a re-signed manifest."""

from pathlib import Path

from bundle_cases import manifest, resign, signed_bundle


def make(dir: Path) -> None:
    bundle, key = signed_bundle(dir)
    (bundle / "log" / "items.json").write_text("[1]")
    resign(bundle, key, manifest(bundle), rehash=True)
