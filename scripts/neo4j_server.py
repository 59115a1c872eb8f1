"""A real Neo4j server from Maven Central, without Docker: for the contract suite and benchmarks.

The versions the project is tested on are pinned here, in :data:`NEO4J_VERSIONS`, and nowhere
else (docker-compose.yml's image tag is checked against :data:`LTS` by the tests):

* :func:`install` resolves ``org.neo4j:neo4j:<version>`` (kernel, Cypher, Bolt and
  ``org.neo4j.app:neo4j-server``) with Maven's ``dependency:copy-dependencies`` on
  ``scripts/neo4j/pom.xml`` into ``<cache>/neo4j-<version>/lib``. The cache
  (``PROVENANCE_NEO4J_CACHE``, default ``~/.cache/provenance-neo4j``) keeps its own local Maven
  repository, so an installed version is never resolved again.
* :meth:`Neo4jServer.start` sets a random password in a fresh home before the first start
  (``neo4j-admin dbms set-initial-password``, from the same jars), starts the server's own
  entry point with the JVM flags of Neo4j's launch script on a free 127.0.0.1 port, Bolt only,
  on the Java release the version needs (found under ``JAVA_HOME`` or ``/usr/lib/jvm``), and
  returns once ``RETURN 1`` answers through the driver. :meth:`Neo4jServer.stop` sends SIGTERM
  to its PID (SIGKILL after a grace period) and removes the home.

Usage::

    python scripts/neo4j_server.py install              # every pinned version
    python scripts/neo4j_server.py run [--version V]    # start, print the credentials, wait for ^C
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

LTS = "5.26.30"
"""Neo4j 5.26 LTS: what teams run on their own servers (docker-compose.yml uses its image)."""
CALENDAR = "2026.08.1"
"""The newest calendar release that resolves from Maven Central: what Aura runs."""
NEO4J_VERSIONS: dict[str, int] = {LTS: 17, CALENDAR: 25}
"""Each tested Neo4j version with the Java feature release it runs on."""

USER = "neo4j"
DATABASE = "neo4j"
READY_TIMEOUT = 180.0
POM = Path(__file__).resolve().parent / "neo4j" / "pom.xml"
ENTRY_POINT_SERVICE = "META-INF/services/org.neo4j.server.startup.EntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"

# The flags of Neo4j's own neo4j.conf (server.jvm.additional) that matter here: module opens
# and native access for the off-heap page cache and Netty, G1, no JMX from log4j.
# -XX:+AlwaysPreTouch is left out: it would commit the whole heap up front.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


# Run beside each server: stops it when the process that started it is gone (a test run or
# benchmark killed with SIGKILL), so no server is left running with nobody to stop it.
WATCHDOG = """
import os, signal, sys, time
parent, server = int(sys.argv[1]), int(sys.argv[2])
def alive(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
while alive(server):
    if not alive(parent):
        os.kill(server, signal.SIGTERM)
        for _ in range(300):
            if not alive(server):
                break
            time.sleep(0.1)
        else:
            os.kill(server, signal.SIGKILL)
        break
    time.sleep(0.5)
"""


class Neo4jServerError(RuntimeError):
    """The jars could not be resolved or the server did not start; the message says why."""


def cache_dir() -> Path:
    """Where resolved jars are kept between runs."""
    default = Path.home() / ".cache" / "provenance-neo4j"
    return Path(os.environ.get("PROVENANCE_NEO4J_CACHE", default)).resolve()


def install(version: str, *, cache: Path | None = None) -> Path:
    """Resolve Neo4j ``version`` from Maven Central (once); return the directory of its jars."""
    cache = cache or cache_dir()
    target = cache / f"neo4j-{version}" / "lib"
    if (target / ".complete").exists():
        return target
    if shutil.which("mvn") is None:
        raise Neo4jServerError("Maven (mvn) is not on PATH: it fetches Neo4j's jars")
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".neo4j-{version}-", dir=cache))
    cmd = [
        "mvn",
        "-B",
        "-q",
        "-f",
        str(POM),
        f"-Dmaven.repo.local={cache / 'm2'}",
        f"-Dneo4j.version={version}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={staging}",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not any(staging.glob("neo4j-server-*.jar")):
        shutil.rmtree(staging, ignore_errors=True)
        tail = (proc.stdout + proc.stderr).strip()[-3000:]
        raise Neo4jServerError(
            f"resolving org.neo4j:neo4j:{version} failed: {' '.join(cmd)}\n{tail}"
        )
    (staging / ".complete").write_text(version + "\n")
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir(parents=True)
    staging.rename(target)
    return target


def java_feature(java_home: Path) -> int | None:
    """The feature release (17, 25, …) of the JDK at ``java_home``, from its ``release`` file."""
    with contextlib.suppress(OSError, ValueError):
        for line in (java_home / "release").read_text().splitlines():
            if line.startswith("JAVA_VERSION="):
                number = line.split("=", 1)[1].strip().strip('"')
                return int(number.split(".")[0].split("-")[0].split("+")[0])
    return None


def find_java(feature: int) -> Path:
    """The ``java`` executable of a JDK of release ``feature``: ``JAVA_HOME`` if it is one,
    else the first under ``/usr/lib/jvm``, else ``java`` on PATH."""
    candidates: list[Path] = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]))
    candidates += sorted(Path("/usr/lib/jvm").glob("*"))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(os.path.realpath(on_path)).parent.parent)
    for home in candidates:
        java = home / "bin" / "java"
        if java_feature(home.resolve()) == feature and os.access(java, os.X_OK):
            return java
    looked = ", ".join(str(c) for c in candidates) or "nowhere"
    raise Neo4jServerError(f"no Java {feature} found (looked in JAVA_HOME, {looked})")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def entry_point(lib: Path) -> str:
    """The server's main class, found as Neo4j's own launcher finds it: the ``EntryPoint``
    service in the jars (``org.neo4j.server.CommunityEntryPoint`` in 5.x,
    ``org.neo4j.server.Neo4jCommunity`` in the calendar releases)."""
    for jar in sorted(lib.glob("neo4j-*.jar")):
        with zipfile.ZipFile(jar) as archive:
            if ENTRY_POINT_SERVICE in archive.namelist():
                lines = archive.read(ENTRY_POINT_SERVICE).decode().splitlines()
                names = [line.split("#")[0].strip() for line in lines]
                for name in names:
                    if name:
                        return name
    raise Neo4jServerError(f"no Neo4j server entry point among the jars in {lib}")


def has_setting(lib: Path, name: str) -> bool:
    """Whether Neo4j's configuration classes declare setting ``name`` (names change)."""
    for jar in lib.glob("neo4j-*.jar"):
        with zipfile.ZipFile(jar) as archive:
            for entry in archive.namelist():
                if entry.endswith("Settings.class") and name.encode() in archive.read(entry):
                    return True
    return False


def server_settings(lib: Path, port: int, pagecache: str) -> dict[str, str]:
    """The ``-c`` overrides: Bolt only, on 127.0.0.1, auth on, and a fast shutdown."""
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.advertised_address": f"127.0.0.1:{port}",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "server.memory.pagecache.size": pagecache,
        "dbms.security.auth_enabled": "true",
        "dbms.usage_report.enabled": "false",
        # Stop in about a second instead of ~10 s (a 5 s quiet period per Bolt connector).
        "internal.server.bolt.connection_shutdown_wait_time": "0s",
    }
    quiet = "internal.dbms.bolt.netty_server_shutdown_quiet_period"
    if has_setting(lib, quiet + "_duration"):  # the calendar releases' name
        settings[quiet + "_duration"] = "0s"
    else:
        settings[quiet] = "0"
    return settings


@dataclass
class Neo4jServer:
    """A running Neo4j server; start with :meth:`start`, stop with :meth:`stop`."""

    version: str
    process: subprocess.Popen[bytes]
    home: Path
    port: int
    password: str
    heap: str
    pagecache: str
    user: str = USER
    database: str = DATABASE

    @property
    def uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def log(self) -> Path:
        return self.home / "console.log"

    def env(self) -> dict[str, str]:
        """The environment variables that point the Neo4j backend at this server."""
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USER": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }

    @classmethod
    def start(
        cls,
        version: str = LTS,
        *,
        heap: str = "512m",
        pagecache: str = "128m",
        timeout: float = READY_TIMEOUT,
    ) -> Self:
        """Install ``version`` if needed, start it on a free port, wait for ``RETURN 1``."""
        if version not in NEO4J_VERSIONS:
            raise Neo4jServerError(f"Neo4j {version} is not pinned; pinned: {list(NEO4J_VERSIONS)}")
        lib = install(version)
        java = find_java(NEO4J_VERSIONS[version])
        flags = [f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS]
        if NEO4J_VERSIONS[version] >= 23:  # JEP 471/498: allow Netty's sun.misc.Unsafe quietly
            flags.append("--sun-misc-unsafe-memory-access=allow")
        home = Path(tempfile.mkdtemp(prefix=f"provenance-neo4j-{version}-"))
        (home / "conf").mkdir()
        (home / "conf" / "neo4j.conf").touch()  # settings come as -c; the file silences a warning
        env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
        classpath = str(lib / "*")
        password = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(24))
        admin_args = ["dbms", "set-initial-password", "--", password]
        try:
            admin = subprocess.run(  # writes data/dbms/auth.ini, read on the first start
                [java, *flags, "-cp", classpath, ADMIN_CLASS, *admin_args],
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            if admin.returncode != 0:
                raise Neo4jServerError(
                    f"neo4j-admin dbms set-initial-password failed:\n{admin.stdout}{admin.stderr}"
                )
            port = free_port()
            cmd = [str(java), *flags, "-cp", classpath, entry_point(lib)]
            cmd += [f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode"]
            for key, value in server_settings(lib, port, pagecache).items():
                cmd += ["-c", f"{key}={value}"]
            with (home / "console.log").open("wb") as log:
                process = subprocess.Popen(
                    cmd,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        except BaseException:
            shutil.rmtree(home, ignore_errors=True)
            raise
        subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, str(os.getpid()), str(process.pid)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        server = cls(version, process, home, port, password, heap, pagecache)
        try:
            server.wait_ready(timeout)
        except BaseException:
            server.stop(remove=False)
            raise
        return server

    def log_tail(self, lines: int = 25) -> str:
        try:
            text = self.log.read_text(errors="replace")
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
                raise Neo4jServerError(
                    f"Neo4j {self.version} exited with code {code} before it was ready;"
                    f" log {self.log}:\n{self.log_tail()}"
                )
            try:  # the port opens once the databases are up: no driver warning per attempt
                socket.create_connection(("127.0.0.1", self.port), timeout=1.0).close()
            except OSError as exc:
                last = exc
                time.sleep(0.2)
                continue
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
        raise Neo4jServerError(
            f"Neo4j {self.version} at {self.uri} did not answer RETURN 1 within {timeout:.0f} s"
            f" (last error: {last}); log {self.log}:\n{self.log_tail()}"
        )

    def stop(self, *, remove: bool = True, grace: float = 30.0) -> None:
        """Stop the server by its PID (SIGTERM, then SIGKILL) and remove its home."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if remove:
            shutil.rmtree(self.home, ignore_errors=True)

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
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    inst = sub.add_parser("install", help="resolve the pinned versions' jars (cached)")
    inst.add_argument("--version", choices=list(NEO4J_VERSIONS), help="default: every one")
    run = sub.add_parser("run", help="start a server, print its credentials, wait for ^C")
    run.add_argument("--version", choices=list(NEO4J_VERSIONS), default=LTS)
    run.add_argument("--heap", default="1g", help="JVM heap (default 1g)")
    run.add_argument("--pagecache", default="512m", help="page cache (default 512m)")
    args = parser.parse_args(argv)
    try:
        if args.command == "install":
            for version in [args.version] if args.version else list(NEO4J_VERSIONS):
                started = time.monotonic()
                lib = install(version)
                print(f"Neo4j {version}: {lib} ({time.monotonic() - started:.1f} s)", flush=True)
            return 0
        signal.signal(signal.SIGTERM, _interrupt)
        started = time.monotonic()
        with Neo4jServer.start(args.version, heap=args.heap, pagecache=args.pagecache) as server:
            took = time.monotonic() - started
            print(f"Neo4j {server.version} ready in {took:.1f} s (pid {server.pid})", flush=True)
            for key, value in server.env().items():
                print(f"export {key}={value}", flush=True)
            try:
                server.process.wait()
            except KeyboardInterrupt:
                pass
    except Neo4jServerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
