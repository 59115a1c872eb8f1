"""Opening view pages in Debian's headless Chromium through Playwright, offline.

Used by the browser tests and by ``benchmarks/views.py``. Never downloads a browser: it
drives ``/usr/bin/chromium`` (CI installs it with apt) and fails with a clear message
when it is missing. Every request that is not ``file://`` is aborted and recorded.
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("PROVENANCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium(path: str = CHROMIUM) -> str:
    """The Chromium executable, or an AssertionError saying how to install it (never a skip)."""
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise AssertionError(
            f"Chromium not found at {path}: the page tests need Debian's chromium "
            "(`apt-get install chromium`, as scripts/test does) or PROVENANCE_CHROMIUM=/path"
        )
    return path


@dataclass
class Opened:
    """What happened while a page was open."""

    page: Any
    load_ms: float
    drawn_ms: float | None
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)


class Browser:
    """One headless Chromium (fresh profile in a temporary user-data-dir) for many pages."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        executable = require_chromium()
        self._profile = tempfile.mkdtemp(prefix="provenance-chromium-")
        self._pw = sync_playwright().start()
        self.context = self._pw.chromium.launch_persistent_context(
            self._profile,
            executable_path=executable,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 900},
        )

    def close(self) -> None:
        self.context.close()
        self._pw.stop()
        shutil.rmtree(self._profile, ignore_errors=True)

    @contextmanager
    def open(self, path: Path, *, timeout_ms: float = 30_000) -> Iterator[Opened]:
        """Open ``path`` with every non-``file://`` request aborted; wait until drawn."""
        page = self.context.new_page()
        blocked: list[str] = []
        result = Opened(page=page, load_ms=0.0, drawn_ms=None, blocked_requests=blocked)

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda exc: result.page_errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: result.console_errors.append(msg.text) if msg.type == "error" else None,
        )

        def dialog(d: Any) -> None:
            result.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.add_init_script(
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation', function (e) {"
            " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });"
        )
        start = time.perf_counter()
        try:
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_ms)
            page.wait_for_selector("body[data-drawn='true']", state="attached", timeout=timeout_ms)
            result.load_ms = (time.perf_counter() - start) * 1000
            drawn = page.evaluate("window.provenanceView && window.provenanceView.drawnAt")
            result.drawn_ms = float(drawn) if drawn is not None else None
            result.csp_violations = list(page.evaluate("window.__csp"))
            yield result
        finally:
            page.close()


@contextmanager
def browser() -> Iterator[Browser]:
    b = Browser()
    try:
        yield b
    finally:
        b.close()


def nonblank_fraction(b: Browser, png: bytes) -> float:
    """Share of pixels of a PNG screenshot that are not (near) white, decoded by Chromium."""
    page = b.context.new_page()
    try:
        page.set_content("<canvas id='c'></canvas>")
        data_url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        value = page.evaluate(
            """async (src) => {
                const img = new Image();
                img.src = src;
                await img.decode();
                const c = document.getElementById('c');
                c.width = img.width; c.height = img.height;
                const ctx = c.getContext('2d');
                ctx.drawImage(img, 0, 0);
                const d = ctx.getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                    if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) n++;
                }
                return n / (d.length / 4);
            }""",
            data_url,
        )
        return float(value)
    finally:
        page.close()


def at_screen_size(opened: Opened, width: int = 1280, height: int = 800) -> Any:
    """The page at ``width``×``height``, fitted: its nodes' boxes (labels included) in DOM
    pixels, the named boxes, the scale, the canvas and side panels, and the labels."""
    page = opened.page
    page.set_viewport_size({"width": width, "height": height})
    return page.evaluate(
        """() => new Promise((done) => {
            const net = provenanceView.network;
            net.setSize('100%', '100%');
            net.redraw();
            net.fit({animation: false});
            net.once('afterDrawing', () => {
                const canvas = document.querySelector('#network canvas').getBoundingClientRect();
                const dom = (x, y) => { const p = net.canvasToDOM({x, y});
                    return [canvas.left + p.x, canvas.top + p.y]; };
                const boxes = {};
                for (const id of provenanceView.nodes.getIds()) {
                    const b = net.getBoundingBox(id);
                    boxes[id] = [...dom(b.left, b.top), ...dom(b.right, b.bottom)];
                }
                const groups = provenanceView.groupRects().map((g) => ({nodes: g.nodes,
                    rect: [...dom(g.rect.left, g.rect.top), ...dom(g.rect.right, g.rect.bottom)]}));
                const panel = (sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                    return [r.left, r.top, r.right, r.bottom]; };
                done({boxes, groups, scale: net.getScale(),
                      canvas: [canvas.left, canvas.top, canvas.right, canvas.bottom],
                      search: panel('#search'), details: panel('#details'),
                      labels: provenanceView.nodes.get().map((n) => [n.id, n.label])});
            });
            net.redraw();
        })"""
    )
