"""The wheel: it ships the Cypher files (built, installed in a fresh venv, every query loaded)
and the compiled kernel of the corroboration, and asks for no benchmark-only dependency."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from paths import REPO

CHECK = """
import sys
from provenance.store import catalog
import provenance
assert "/venv/lib/" in provenance.__file__, provenance.__file__
texts = [catalog.query(name) for name in catalog.NAMES]
assert all(t.strip() for t in texts)
from provenance.corroborate.kernel import native
assert native is not None and "/venv/lib/" in native.__file__, native
print(len(texts))
"""


def _copy_project(dest: Path) -> Path:
    """The files the wheel is built from (building in a copy keeps the shared tree clean)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc", "*.so")
    for name in ("src", "cli", "cypher", "examples"):
        shutil.copytree(REPO / name, dest / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, dest / name)
    if not (dest / "README.md").exists():
        (dest / "README.md").write_text("provenance\n")
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of this checkout."""
    tmp = tmp_path_factory.mktemp("wheel")
    project = _copy_project(tmp / "project")
    dist = tmp / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (found,) = dist.glob("provenance-*.whl")
    return found


def test_benchmark_dependencies_are_an_extra(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        requires = [
            line.removeprefix("Requires-Dist: ")
            for line in zf.read(name).decode().splitlines()
            if line.startswith("Requires-Dist: ")
        ]
    igraph = [r for r in requires if r.startswith("igraph")]
    assert igraph and all('extra == "bench"' in r for r in igraph), igraph


def test_wheel_ships_every_query(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        shipped = {Path(n).stem for n in zf.namelist() if n.startswith("provenance/cypher/")}
    from provenance.store import catalog

    assert set(catalog.NAMES) <= shipped
    with zipfile.ZipFile(wheel) as zf:
        kernel = [n for n in zf.namelist() if n.startswith("provenance/corroborate/native")]
    assert any(n.endswith(".so") for n in kernel) and "provenance/corroborate/native.pyi" in kernel

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # the dependencies (pydantic …) come from the test environment's site-packages, added
    # as plain paths: its .pth files (the editable install of this checkout) are not run,
    # so `provenance` can only be imported from the installed wheel
    site = next(env_dir.glob("lib/python3*/site-packages"))
    deps = [p for p in sys.path if p.endswith("site-packages") and Path(p) != site]
    (site / "zz_test_deps.pth").write_text("\n".join(deps) + "\n")
    result = subprocess.run(
        [str(python), "-c", CHECK],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout.strip()) == len(catalog.NAMES)
