"""Running the real ``provenance`` console script through a pipe at a given width, or on a
pseudo-terminal of that width, as a user would (issue 16, the output contract)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

SCRIPT = shutil.which("provenance", path=str(Path(sys.executable).parent)) or "provenance"
"""The console script installed beside this Python."""
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def cli_env(columns: int) -> dict[str, str]:
    """The environment of a run: no colours, ``columns`` wide, a fixed actor."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(columns), "PROVENANCE_ACTOR": "tester"}
    env.pop("PROVENANCE_STORE", None)
    return env


def argv(args: tuple[str, ...], store: Path | None) -> list[str]:
    """``provenance [--store sqlite:///STORE] ARGS…``."""
    return [SCRIPT, *(["--store", f"sqlite:///{store}"] if store else []), *args]


def piped(
    *args: str, store: Path | None = None, columns: int = 80, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run with stdout and stderr pipes and ``COLUMNS=columns``."""
    return subprocess.run(
        argv(args, store), capture_output=True, text=True, env=cli_env(columns), cwd=cwd,
        timeout=300,
    )  # fmt: skip


def on_tty(
    *args: str, store: Path | None = None, columns: int = 80, cwd: Path | None = None
) -> tuple[int, str]:
    """Run on a pseudo-terminal ``columns`` wide (stdout and stderr both); the exit code
    and what the terminal showed (line ends ``\\n``, styles removed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen(
        argv(args, store), stdin=slave, stdout=slave, stderr=slave, env=cli_env(columns),
        cwd=cwd, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        out += chunk
    code = proc.wait(timeout=120)
    os.close(master)
    return code, ANSI.sub("", out.decode()).replace("\r\n", "\n")
