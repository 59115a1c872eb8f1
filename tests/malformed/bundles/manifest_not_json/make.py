"""A signed MANIFEST.json that is not JSON."""

import base64
from pathlib import Path

from bundle_cases import signed_bundle


def make(dir: Path) -> None:
    bundle, key = signed_bundle(dir)
    raw = b"\xff{not json"
    (bundle / "MANIFEST.json").write_bytes(raw)
    sig = key.public.id + key.sign(raw)
    (bundle / "MANIFEST.sig").write_text(base64.b64encode(sig).decode() + "\n")
