"""Running the real ``provenance`` console script in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

_SCRIPT = shutil.which("provenance", path=str(Path(sys.executable).parent)) or "provenance"


def run_cli(
    *args: str, store: Path | None = None, cwd: Path | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``provenance [--store sqlite:///STORE] ARGS…``; return the completed process."""
    argv = [_SCRIPT]
    if store is not None:
        argv += ["--store", f"sqlite:///{store}"]
    argv += list(args)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PROVENANCE_ACTOR": "tester"}
    env.pop("PROVENANCE_STORE", None)
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{argv} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
    return proc


def run_json(*args: str, store: Path | None = None, cwd: Path | None = None) -> Any:
    """Run a command with ``--json`` appended and parse its stdout."""
    proc = run_cli(*args, "--json", store=store, cwd=cwd, check=True)
    return json.loads(proc.stdout)
