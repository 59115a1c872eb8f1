"""Printing a report's HTML to PDF with Debian's headless Chromium (``apt-get install
chromium``), never a browser downloaded by a tool.

The HTML is written into a private temporary directory (mode 0700, removed afterwards) and
printed with ``chromium --headless --print-to-pdf``, with a throwaway profile, background
networking off and every host name made unresolvable: the page fetches nothing anyway (its
policy allows no request), and Chromium itself is kept from the network too.

Which Chromium: ``PROVENANCE_CHROMIUM`` when set (the path of the executable), else
``chromium`` on the ``PATH``, else ``/usr/bin/chromium``. Where none is found,
:class:`ChromiumMissing` says what to install, before anything is read or written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from provenance.errors import ProvenanceError

ENV_CHROMIUM = "PROVENANCE_CHROMIUM"
"""The environment variable naming the Chromium executable to print with."""
DEFAULT_CHROMIUM = "/usr/bin/chromium"
"""Where Debian's ``chromium`` package puts the browser."""
PRINT_TIMEOUT = 600.0
"""Seconds Chromium may take to print one report."""
INSTALL_HINT = (
    "install Debian's headless Chromium (apt-get install chromium), or set"
    f" {ENV_CHROMIUM} to a Chromium executable; or write --out FILE.html and print that"
)


class ChromiumMissing(ProvenanceError):
    """No Chromium executable to print a PDF with."""


class PrintError(ProvenanceError):
    """Chromium could not print the report."""


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_chromium(path: str | None = None) -> str:
    """The Chromium executable to print with: ``path``, else ``PROVENANCE_CHROMIUM``, else
    ``chromium`` on the ``PATH``, else ``/usr/bin/chromium``; :class:`ChromiumMissing`
    naming what to install when there is none (or the one named is not executable)."""
    given = path or os.environ.get(ENV_CHROMIUM)
    if given:
        if not _executable(given):
            raise ChromiumMissing(
                f"a PDF report needs Chromium, and {given} ({ENV_CHROMIUM}) is not an"
                " executable file",
                INSTALL_HINT,
            )
        return given
    found = shutil.which("chromium") or (
        DEFAULT_CHROMIUM if _executable(DEFAULT_CHROMIUM) else None
    )
    if found is None:
        raise ChromiumMissing("a PDF report needs Chromium, which is not installed", INSTALL_HINT)
    return found


def chromium_args(chromium: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    """The command line that prints ``page`` to ``pdf`` (A4 and margins come from the
    page's ``@page`` rule; no header or footer of Chromium's own)."""
    args = [
        chromium,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(2, "--no-sandbox")  # Chromium refuses root otherwise; the page runs no code
    return args


def print_pdf(html: str, chromium: str, *, timeout: float = PRINT_TIMEOUT) -> bytes:
    """The PDF Chromium prints of ``html``; :class:`PrintError` when it fails."""
    with tempfile.TemporaryDirectory(prefix="provenance-report-") as tmp:
        base = Path(tmp)
        page, pdf, profile = base / "report.html", base / "report.pdf", base / "profile"
        page.write_text(html, encoding="utf-8")
        try:
            done = subprocess.run(  # our own arguments, no shell
                chromium_args(chromium, page, pdf, profile),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
                check=False,
                cwd=base,
            )
        except subprocess.TimeoutExpired as exc:
            raise PrintError(
                f"Chromium did not finish printing the report in {timeout:.0f} s",
                "write --out FILE.html and print it from a browser",
            ) from exc
        except OSError as exc:
            raise ChromiumMissing(f"cannot run {chromium}: {exc.strerror}", INSTALL_HINT) from exc
        data = pdf.read_bytes() if pdf.is_file() else b""
        if done.returncode != 0 or not data.startswith(b"%PDF"):
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PrintError(
                f"Chromium ({chromium}) could not print the report (exit {done.returncode}"
                + (f": {' | '.join(said)}" if said else "")
                + ")",
                "check that Debian's chromium package works (chromium --headless --version)",
            )
        return data
