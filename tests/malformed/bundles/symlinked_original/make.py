"""The captured original in the bundle is a symbolic link to a file outside it."""

from pathlib import Path

from bundle_cases import original, signed_bundle


def make(dir: Path) -> None:
    bundle, _ = signed_bundle(dir)
    target = original(bundle)
    target.unlink()
    target.symlink_to("/etc/hostname")
