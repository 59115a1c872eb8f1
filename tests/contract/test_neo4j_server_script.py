"""scripts/neo4j_server.py: a server whose starter is killed does not stay behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from neo4j_support import REPO

STARTER = """
import importlib.util, sys, time
spec = importlib.util.spec_from_file_location("ns", sys.argv[1])
module = importlib.util.module_from_spec(spec)
sys.modules["ns"] = module
spec.loader.exec_module(module)
server = module.Neo4jServer.start(module.LTS)
print(server.pid, flush=True)
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


@pytest.mark.neo4j
def test_a_server_stops_when_the_process_that_started_it_is_killed() -> None:
    """Before: a test run killed with SIGKILL left both JVMs running, parented to init.
    After: the watchdog beside each server stops it within seconds."""
    script = str(REPO / "scripts" / "neo4j_server.py")
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER, script], stdout=subprocess.PIPE, text=True
    )
    assert starter.stdout is not None
    line = starter.stdout.readline()
    assert line.strip().isdigit(), f"the server did not start: {line!r}"
    jvm = int(line)
    assert alive(jvm)
    starter.send_signal(signal.SIGKILL)
    starter.wait()
    deadline = time.monotonic() + 45
    while alive(jvm) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not alive(jvm), "the server outlived the process that started it"
