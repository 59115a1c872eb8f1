"""How a report lays out in Debian's headless Chromium, measured rather than string-checked:
the contents' two columns never run into each other (a number once sat in the gap against
the other column's text: "…content4. How to verify"), the PDF never ends on a blank page,
and no page holds only a heading, a table's header, or a lone row of a key/value table
("Root (hex) …" alone on a page of the real CS1985's PDF)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from report_cases import CHROMIUM_ARGS, DemoCase, make_demo

from provenance.audit.checkpoint import load_checkpoint, load_public_key
from provenance.figures import Filters
from provenance.report import (
    Report,
    claim_report,
    figure_report,
    find_chromium,
    incident_report,
    render_report,
    write_report,
)
from provenance.store.sqlite import SQLiteStore

pytestmark = pytest.mark.browser

A4_TEXT_WIDTH = round((210 - 2 * 14) / 25.4 * 96)
"""The CSS pixels between the @page rule's side margins on A4: the width printing lays out."""
FOOTER = re.compile(r"^\s*page \d+ of \d+\s*provenance evidence report")
"""The page's footer, which Chromium prints before the page's content."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoCase:
    return make_demo(tmp_path_factory.mktemp("report-pages"))


def _demo_report(demo: DemoCase, kind: str) -> Report:
    """The demo's report of a claim, an incident or June 2017's figure, anchored."""
    cp, key = load_checkpoint(demo.checkpoint), load_public_key(demo.pubkey)
    with SQLiteStore(demo.db) as store:
        if kind == "figure":
            june = Filters(dt.date(2017, 6, 1), dt.date(2017, 6, 30))
            return figure_report(store, june, checkpoint=cp, key=key)
        if kind == "incident":
            return incident_report(store, "ill-raqqa-1", checkpoint=cp, key=key)
        return claim_report(store, "ill-mosul-1-c1", checkpoint=cp, key=key)


# --- the contents, measured in the browser ------------------------------------------------


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A page of headless Chromium (Playwright on /usr/bin/chromium) and a DevTools session
    on it: DevTools gives the boxes of ``::marker`` pseudo-elements, which the DOM does not."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
        )
        page = context.new_page()
        yield page, context.new_cdp_session(page)
        context.close()


Rect = tuple[float, float, float, float]


def _rect(quad: list[float]) -> Rect:
    xs, ys = quad[0::2], quad[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(a: Rect, b: Rect) -> float:
    """The area two rectangles share (0 where they only touch)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def contents_boxes(cdp: Any) -> tuple[Rect, list[list[Rect]]]:
    """The contents list's box and, per entry, the boxes of the entry and of its number
    (its ``::marker``, or a ``::before`` printing it)."""
    cdp.send("DOM.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
    nodes: dict[int, dict[str, Any]] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        nodes[node["nodeId"]] = node
        stack += node.get("children", []) + node.get("pseudoElements", [])
    (toc,) = cdp.send("DOM.querySelectorAll", {"nodeId": root["nodeId"], "selector": "ol.toc"})[
        "nodeIds"
    ]
    items = cdp.send("DOM.querySelectorAll", {"nodeId": toc, "selector": "li"})["nodeIds"]

    def box(node_id: int) -> Rect:
        return _rect(cdp.send("DOM.getBoxModel", {"nodeId": node_id})["model"]["border"])

    entries = []
    for item in items:
        pseudo = [p["nodeId"] for p in nodes[item].get("pseudoElements", [])]
        entries.append([box(item), *(box(p) for p in pseudo)])
    return box(toc), entries


@pytest.mark.parametrize(
    ("media", "width"), [("screen", 1280), ("print", A4_TEXT_WIDTH)], ids=["screen", "print"]
)
def test_contents_entries_never_overlap(
    demo: DemoCase, tmp_path: Path, browser_page: Any, media: str, width: int
) -> None:
    """Each entry of the two-column contents, its number included, keeps clear of every
    other entry and inside the list, at 1280x800 on screen and at A4's width in print."""
    page, cdp = browser_page
    path = tmp_path / "figure.html"
    path.write_text(render_report(_demo_report(demo, "figure")), encoding="utf-8")
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(media=media)
    page.goto(path.as_uri(), wait_until="load")
    outer, entries = contents_boxes(cdp)
    assert len(entries) == 6 and all(len(e) >= 2 for e in entries)  # every number measured
    clashes = [
        (i + 1, j + 1)
        for i, a in enumerate(entries)
        for j, b in enumerate(entries[i + 1 :], i + 1)
        if any(_overlap(ra, rb) > 0.5 for ra in a for rb in b)
    ]
    assert clashes == []
    outside = [r for e in entries for r in e if _overlap(r, outer) < (r[2] - r[0]) * (r[3] - r[1])]
    assert outside == []


# --- the pages of the PDF -----------------------------------------------------------------


def compact(text: str) -> str:
    """Text as both the HTML and the PDF's text layer hold it: ligatures and case folded,
    whitespace (where a line wrapped, or cells were joined) removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


def pdf_pages(data: bytes) -> list[list[str]]:
    """The lines of text of each page of a PDF (pypdf), the footer left out."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        text = FOOTER.sub("", page.extract_text() or "")
        pages.append([line for line in text.split("\n") if line.strip()])
    return pages


def _texts(fragment: str, pattern: str) -> list[str]:
    """The compacted text of each match of ``pattern``'s last group in ``fragment``."""
    found = (m.groups()[-1] for m in re.finditer(pattern, fragment, re.S))
    return [compact(html.unescape(re.sub(r"<[^>]+>", "", f))) for f in found]


def _lines_making(lines: list[str], text: str) -> int:
    """How many of ``lines``, from the first, make up ``text`` exactly (0: none do)."""
    joined = ""
    for count, line in enumerate(lines, 1):
        joined += compact(line)
        if joined == text:
            return count
        if not text.startswith(joined):
            return 0
    return 0


def layout_faults(page: str, data: bytes) -> list[str]:
    """What a reader would find left alone in the PDF ``data`` printed from ``page``: a page
    of fewer than two lines (blank, or one row alone), a page whose last lines are a heading,
    a caption or a table's header row, a key/value table split after its first row or
    before its last."""
    heads = _texts(page, r"<(h[1-4])\b[^>]*>(.*?)</\1>") + _texts(page, r"<caption>(.*?)</caption>")
    theads = set(_texts(page, r"<thead>(.*?)</thead>"))
    first: set[str] = set()
    last: set[str] = set()
    for table in re.findall(r'<table class="(?:meta|fields|kv)\b[^"]*">(.*?)</table>', page, re.S):
        rows = _texts(table.split("<tbody>", 1)[-1], r"<tr[^>]*>(.*?)</tr>")
        if len(rows) > 1:
            first.add(rows[0])
        last.add(rows[-1])
    faults = []
    for number, lines in enumerate(pdf_pages(data), 1):
        if len(lines) < 2:
            faults.append(f"page {number} holds {len(lines)} line(s): {lines}")
            continue
        backwards = [compact(line)[::-1] for line in reversed(lines)]
        alone = [t for t in {*heads, *theads, *first} if _lines_making(backwards, t[::-1])]
        header = max((_lines_making(lines, t) for t in theads), default=0)
        alone += [t for t in last if _lines_making(lines[header:], t)]
        if alone:
            faults.append(f"page {number} leaves alone: {sorted(alone)}")
    return faults


def _print(report: Report, path: Path) -> tuple[str, bytes]:
    write_report(report, path, chromium=find_chromium(), force=True)
    return render_report(report), path.read_bytes()


@pytest.mark.parametrize("kind", ["claim", "incident", "figure"])
def test_demo_pages_leave_nothing_alone(demo: DemoCase, tmp_path: Path, kind: str) -> None:
    page, data = _print(_demo_report(demo, kind), tmp_path / f"{kind}.pdf")
    assert layout_faults(page, data) == []


def test_real_incidents_pages_leave_nothing_alone(real_airwars_db: Path, tmp_path: Path) -> None:
    """CS1985 printed "Root (hex) …" alone on its page 12; RS4659 split its corroboration
    table after the first row and left its chains table's header alone at a page's foot."""
    faults = {}
    with SQLiteStore(real_airwars_db) as store:
        for ref in ("CS1985", "RS4659"):
            page, data = _print(incident_report(store, ref), tmp_path / f"{ref}.pdf")
            faults[ref] = layout_faults(page, data)
    assert faults == {"CS1985": [], "RS4659": []}


def fewest_adding_a_page(pages: Callable[[int], int], step: int) -> int:
    """The least ``n`` for which ``pages(n)``, the pages of a report lengthened by ``n``
    units, exceeds ``pages(0)``: the length at which something first spills onto another
    page (found by doubling, then halving; the pages never fall as the report grows)."""
    count = pages(0)
    low, high = 0, step
    while pages(high) == count:
        low, high = high, high * 2
        assert high < 64 * step, "the report never grew by a page"
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if pages(middle) == count else (low, middle)
    return high


def test_pdf_never_ends_on_a_blank_page(demo: DemoCase, tmp_path: Path) -> None:
    """Lengthen the last stored record printed, a line at a time: the first line that takes
    the report onto one more page puts text on that page. (The body's padding below the
    last line used to spill over first, onto a page of its own: RS4659's ended blank.)"""
    report = _demo_report(demo, "claim")
    *cards, last = report.items

    @cache
    def printed(extra: int) -> list[list[str]]:
        record = "\n".join([last.record or "", *(["x"] * extra)])
        longer = dataclasses.replace(
            report, items=[*cards, dataclasses.replace(last, record=record)]
        )
        return pdf_pages(_print(longer, tmp_path / f"longer-{extra}.pdf")[1])

    pages = printed(fewest_adding_a_page(lambda n: len(printed(n)), 8))
    assert len(pages) == len(printed(0)) + 1 and pages[-1] != []


def test_checkpoint_root_never_alone_on_a_page(demo: DemoCase, tmp_path: Path) -> None:
    """An unanchored report ends its how-to-verify section with the warning and the log's
    root. Lengthen the worked example above them (its item's id) until the section takes
    one more page: the root goes over with its warning, never as a line alone (CS1985)."""
    with SQLiteStore(demo.db) as store:
        report = claim_report(store, "ill-mosul-1-c1")  # no checkpoint: not anchored
    assert not report.checkpoint.anchored
    claim = next(c for c in report.items if c.label == "Claim")
    others = [c for c in report.items if c is not claim]

    @cache
    def printed(parts: int) -> tuple[str, bytes, int]:
        longer = dataclasses.replace(claim, id=claim.id + "-and-more" * parts)
        changed = dataclasses.replace(report, items=[longer, *others])
        page, data = _print(changed, tmp_path / f"longer-{parts}.pdf")
        starts = [compact(lines[0]) if lines else "" for lines in pdf_pages(data)]
        verify = starts.index(compact("How to verify this document by hand"))
        appendix = starts.index(compact("Appendix: the stored records"))
        return page, data, appendix - verify

    page, data, _ = printed(fewest_adding_a_page(lambda n: printed(n)[2], 4))
    assert layout_faults(page, data) == []
