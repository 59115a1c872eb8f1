"""The manifest lists ../x and /etc/hostname; its signature no longer verifies."""

import json
from pathlib import Path

from bundle_cases import manifest, signed_bundle


def make(dir: Path) -> None:
    bundle, _ = signed_bundle(dir)
    value = manifest(bundle)
    value["files"]["../x"] = "0" * 64
    value["files"]["/etc/hostname"] = "0" * 64
    (bundle / "MANIFEST.json").write_text(json.dumps(value))
    (dir / "x").write_text("outside the bundle")
