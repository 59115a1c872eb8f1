"""The report in Debian's headless Chromium: the PDF it prints holds every chain's ids, the
HTML fetches nothing and runs nothing; on the demo case and on the real Airwars import."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_cases import CHROMIUM_ARGS, DemoCase, make_demo

from provenance.audit.checkpoint import load_checkpoint, load_public_key
from provenance.report import (
    Report,
    claim_report,
    find_chromium,
    incident_report,
    render_report,
    write_report,
)
from provenance.store.sqlite import SQLiteStore

pytestmark = pytest.mark.browser


def pdf_text(data: bytes) -> tuple[int, str]:
    """Pages and the text of a PDF (pypdf), all whitespace removed: ids hold none, and a
    table cell may wrap a long id over two lines."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", "", text)


def _assert_pdf_has_chains(report: Report, path: Path) -> None:
    written = write_report(report, path, chromium=find_chromium())
    data = path.read_bytes()
    assert written.format == "pdf" and data.startswith(b"%PDF") and written.bytes == len(data)
    pages, text = pdf_text(data)
    assert pages >= 1
    ids = report.chain_ids()
    assert ids
    missing = [i for i in ids if i not in text]
    assert missing == []


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoCase:
    return make_demo(tmp_path_factory.mktemp("report-print"))


def _anchored(demo: DemoCase) -> dict[str, Any]:
    return {"checkpoint": load_checkpoint(demo.checkpoint), "key": load_public_key(demo.pubkey)}


def test_demo_incident_pdf_holds_every_chain_id(demo: DemoCase, tmp_path: Path) -> None:
    with SQLiteStore(demo.db) as store:
        report = incident_report(store, "ill-raqqa-1", **_anchored(demo))
    assert len(report.claims[0].chains) == 2
    _assert_pdf_has_chains(report, tmp_path / "incident.pdf")


@pytest.fixture(scope="module")
def page_opener(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Open a file in headless Chromium (Playwright on /usr/bin/chromium), every request
    that is not ``file://`` aborted and recorded."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
        )

        def open_page(path: Path) -> dict[str, Any]:
            page = context.new_page()
            seen: dict[str, list[str]] = {"blocked": [], "errors": [], "console": []}

            def route(r: Any) -> None:
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    seen["blocked"].append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
            page.on("console", lambda m: seen["console"].append(m.text))
            page.goto(path.resolve().as_uri(), wait_until="load")
            state = page.evaluate(
                "({scripts: document.scripts.length, tables: document.querySelectorAll("
                "'tbody.chain').length, text: document.body.innerText})"
            )
            page.emulate_media(media="print")
            page.screenshot(path=str(path.with_suffix(".png")), full_page=False)
            page.close()
            return {**seen, **state}

        yield open_page
        context.close()


def test_demo_html_fetches_and_runs_nothing(
    demo: DemoCase, tmp_path: Path, page_opener: Any
) -> None:
    with SQLiteStore(demo.db) as store:
        report = claim_report(store, "x-claim", **_anchored(demo))  # hostile text
    path = tmp_path / "claim.html"
    path.write_text(render_report(report), encoding="utf-8")
    seen = page_opener(path)
    assert seen["blocked"] == [] and seen["errors"] == [] and seen["console"] == []
    assert seen["scripts"] == 0 and seen["tables"] == len(report.claims[0].chains)
    assert "<script>alert(1)</script>" in seen["text"]  # shown as text, never run


def test_real_rs4720_pdf_and_html(real_airwars_db: Path, tmp_path: Path, page_opener: Any) -> None:
    with SQLiteStore(real_airwars_db) as store:
        report = claim_report(store, "RS4720")
        assert report.claims[0].result.supporting_sources >= 70
        _assert_pdf_has_chains(report, tmp_path / "rs4720.pdf")
        html_path = tmp_path / "rs4720.html"
        write_report(report, html_path)
    seen = page_opener(html_path)
    assert seen["blocked"] == [] and seen["errors"] == [] and seen["scripts"] == 0
    assert seen["tables"] == len(report.claims[0].chains)
