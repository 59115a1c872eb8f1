"""The bundle's originals directory is a symbolic link to /etc."""

import shutil
from pathlib import Path

from bundle_cases import signed_bundle


def make(dir: Path) -> None:
    bundle, _ = signed_bundle(dir)
    shutil.rmtree(bundle / "originals")
    (bundle / "originals").symlink_to("/etc")
