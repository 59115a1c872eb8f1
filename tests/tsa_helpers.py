"""Shared helpers of the trusted-time tests (``tests/audit/test_tsa*.py``)."""

from __future__ import annotations

import socket


def closed_port_url() -> str:
    """The URL of a port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsr"
