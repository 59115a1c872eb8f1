"""Golden malformed inputs: each case folder's command gives its expected error (README.md)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_helpers import run_cli

HERE = Path(__file__).resolve().parent
CASES = sorted(p.parent for p in HERE.glob("*/*/expected.yaml"))


def _prepare(case: Path, tmp_path: Path) -> tuple[Path, Path]:
    work = tmp_path / case.name
    shutil.copytree(case, work)
    maker = work / "make.py"
    if maker.exists():
        spec = importlib.util.spec_from_file_location(f"make_{case.name}", maker)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.make(work)
    store = tmp_path / "store.db"
    run_cli("--store", f"sqlite:///{store}", "init", check=True)
    return work, store


def _fill(arg: Any, work: Path, store: Path) -> str:
    return str(arg).replace("{dir}", str(work)).replace("{store}", f"sqlite:///{store}")


def test_cases_exist() -> None:
    assert CASES, "no malformed cases found"
    for case in CASES:
        spec = yaml.safe_load((case / "expected.yaml").read_text())
        assert {"why", "args", "exit", "stderr"} <= set(spec), case


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_malformed_input_gives_its_error(case: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load((case / "expected.yaml").read_text())
    work, store = _prepare(case, tmp_path)
    args = [_fill(a, work, store) for a in spec["args"]]
    if not any(a.startswith("--store") for a in args) and "{store}" not in str(spec["args"]):
        args = ["--store", f"sqlite:///{store}", *args]
    proc = run_cli(*args)
    shown = f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.returncode == spec["exit"], shown
    assert "Traceback" not in proc.stderr + proc.stdout, shown
    for text in spec["stderr"]:
        assert text.lower() in proc.stderr.lower(), f"{text!r} not in stderr\n{shown}"
    for text in spec.get("stdout", []):
        assert text.lower() in proc.stdout.lower(), f"{text!r} not in stdout\n{shown}"
