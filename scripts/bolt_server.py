"""The pinned ArcadeDB Bolt server from PyPI, for the Neo4j contract suite and benchmark.

No Neo4j server can be installed on the development and CI machines, but
``arcadedb-embedded`` (pinned below) ships ArcadeDB's server jars, its Bolt plugin and a
Java runtime: it speaks Bolt and Cypher to the official ``neo4j`` driver (DESIGN.md "The
Neo4j backend, tested for real").

Usage::

    python scripts/bolt_server.py install .venv-bolt     # install the pinned wheel if missing
    python scripts/bolt_server.py run .venv-bolt          # start, print the URI, wait for ^C

From Python: ``with BoltServer.start(venv) as server: server.uri, server.password``.
The server listens on a free loopback port with a temporary root directory and a random
password; it is ready once ``RETURN 1`` answers through the driver (not when the port
opens) and is stopped by its PID.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

PIN = "arcadedb-embedded==26.10.2.post1"
USER = "neo4j"
DATABASE = "neo4j"
READY_TIMEOUT = 90.0


class BoltServerError(RuntimeError):
    """The Bolt server could not be installed or started; the message says why."""


def package_dir(venv: Path) -> Path | None:
    """The installed ``arcadedb_embedded`` directory in ``venv``, or ``None``."""
    found = sorted(venv.glob("lib/python3*/site-packages/arcadedb_embedded"))
    for pkg in found:
        if (pkg / "jre" / "bin" / "java").exists() and (pkg / "jars").is_dir():
            return pkg
    return None


def install(venv: Path) -> Path:
    """Install the pinned wheel (``--no-deps``) into ``venv`` unless it is there already."""
    venv = venv.resolve()
    pkg = package_dir(venv)
    if pkg is not None:
        return pkg
    if not (venv / "bin" / "python").exists():
        _run([sys.executable, "-m", "venv", str(venv)], "create the virtualenv")
    _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", PIN],
        f"install {PIN}",
    )
    pkg = package_dir(venv)
    if pkg is None:
        raise BoltServerError(
            f"{PIN} installed into {venv} but its jars or Java runtime are missing"
        )
    return pkg


def _run(cmd: list[str], what: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise BoltServerError(f"could not {what} (exit {proc.returncode}):\n" + "\n".join(tail))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class BoltServer:
    """A running ArcadeDB server with its Bolt plugin; stop it with :meth:`stop`."""

    process: subprocess.Popen[bytes]
    root: Path
    port: int
    http_port: int
    password: str
    user: str = USER
    database: str = DATABASE
    _log: Path = field(init=False)

    def __post_init__(self) -> None:
        self._log = self.root / "server.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def env(self) -> dict[str, str]:
        """The environment variables that point the Neo4j backend at this server."""
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USER": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }

    @classmethod
    def start(cls, venv: Path, *, heap: str = "1g", timeout: float = READY_TIMEOUT) -> Self:
        """Install if needed, start on a free port, and wait until ``RETURN 1`` answers."""
        pkg = install(venv)
        root = Path(tempfile.mkdtemp(prefix="provenance-bolt-"))
        password = secrets.token_urlsafe(18)
        port, http_port = free_port(), free_port()
        cmd = [
            str(pkg / "jre" / "bin" / "java"),
            f"-Xmx{heap}",
            "-cp",
            str(pkg / "jars") + os.sep + "*",
            f"-Darcadedb.server.rootPath={root}",
            f"-Darcadedb.server.databaseDirectory={root / 'databases'}",
            f"-Darcadedb.server.rootPassword={password}",
            f"-Darcadedb.server.defaultDatabases={DATABASE}[{USER}:{password}:admin]",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={http_port}",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={port}",
            "com.arcadedb.server.ArcadeDBServer",
        ]
        log = (root / "server.log").open("wb")
        process = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, cwd=root, start_new_session=True
        )
        log.close()
        server = cls(process, root, port, http_port, password)
        try:
            server.wait_ready(timeout)
        except BaseException:
            server.stop(remove=False)
            raise
        return server

    def log_tail(self, lines: int = 25) -> str:
        try:
            text = self._log.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.strip().splitlines()[-lines:])

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Poll ``RETURN 1`` through the official driver until it answers."""
        import neo4j

        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                raise BoltServerError(
                    f"the Bolt server exited with code {code} before it was ready;"
                    f" log {self._log}:\n{self.log_tail()}"
                )
            try:  # an auto-commit query: the driver does not retry it by itself
                with (
                    neo4j.GraphDatabase.driver(
                        self.uri, auth=(self.user, self.password), connection_timeout=2.0
                    ) as driver,
                    driver.session(database=self.database) as session,
                ):
                    record = session.run("RETURN 1 AS one").single()
                    if record is not None and record["one"] == 1:
                        return
            except Exception as exc:
                last = exc
            time.sleep(0.25)
        raise BoltServerError(
            f"the Bolt server at {self.uri} did not answer RETURN 1 within {timeout:.0f} s"
            f" (last error: {last}); log {self._log}:\n{self.log_tail()}"
        )

    def stop(self, *, remove: bool = True) -> None:
        """Stop the server by its PID (SIGTERM, then SIGKILL) and remove its files."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["install", "run"])
    parser.add_argument("venv", type=Path, help="virtualenv directory for the pinned wheel")
    args = parser.parse_args(argv)
    try:
        if args.command == "install":
            print(install(args.venv))
            return 0
        signal.signal(signal.SIGTERM, _interrupt)
        with BoltServer.start(args.venv) as server:
            print(f"Bolt server ready: {server.uri} (pid {server.pid})", flush=True)
            for key, value in server.env().items():
                print(f"export {key}={value}", flush=True)
            try:
                server.process.wait()
            except KeyboardInterrupt:
                pass
    except BoltServerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
