"""An unsigned manifest (signature removed) whose `files` is a list."""

import json
from pathlib import Path

from bundle_cases import manifest, signed_bundle


def make(dir: Path) -> None:
    bundle, _ = signed_bundle(dir)
    value = manifest(bundle)
    value["files"] = sorted(value["files"])
    (bundle / "MANIFEST.json").write_text(json.dumps(value))
    (bundle / "MANIFEST.sig").unlink()
