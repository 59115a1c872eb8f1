"""The figure page of a whole store (no filters) in Chromium at 1280×800: it opens on its
table, its title says what it covers, the long lists of ids counted apart are folded under
their count (every id still there), and an opened row's graph passes under the table's
sticky headings, never over them.

The figure is the size of the real Airwars + Bellingcat store: a few dozen incidents
counted and over a thousand whose casualties were not recorded (it holds 1,271).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from views_browser import Browser, browser

from provenance.dedupe.clusters import cluster
from provenance.figures import ClaimFigure, FigureIncident, compute_figure
from provenance.views.figure_page import FigurePage, write_figure_page
from provenance.views.figure_table import FigureItems, figure_rows

pytestmark = pytest.mark.browser

DAY = dt.date(2017, 6, 1)


def _incidents(counted: int = 40, unrecorded: int = 1_300) -> list[FigureIncident]:
    ranged = (ClaimFigure((1, 2), None),)
    incs = [
        FigureIncident(f"counted-{i:04}", DAY + dt.timedelta(days=i), claims=ranged)
        for i in range(counted)
    ]
    incs += [
        FigureIncident(f"unrecorded-{i:04}", DAY + dt.timedelta(days=3 * i))
        for i in range(unrecorded)
    ]
    return [*incs, FigureIncident("undated-0001", None)]


def _page(incs: list[FigureIncident]) -> FigurePage:
    """The unfiltered figure of ``incs``, each counted claim resting on a dozen sources."""
    fig = compute_figure(incs, [], cluster([]))
    claims = {
        f"{x.id}-c": {"incident": x.id, "civilians_killed": {"min": 1, "max": 2}}
        for x in incs
        if x.claims
    }
    sources = {
        f"src-{i}": ("Source", {"author": f"@outlet{i}", "url": f"https://example.org/{i}"})
        for i in range(12)
    }
    items = FigureItems(
        incidents={x.id: {"date": x.date.isoformat() if x.date else None} for x in incs},
        claims=claims,
        results={},
        evidence=sources,
        links=[(c, "SUPPORTED_BY", s) for c in claims for s in sources],
    )
    return FigurePage("… to …", fig, figure_rows(fig, items), "now")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[FigureIncident]]:
    incs = _incidents()
    out = tmp_path_factory.mktemp("figure-long") / "all.html"
    return write_figure_page(_page(incs), out).out, incs


def test_a_whole_store_figure_opens_on_its_table(
    chromium: Browser, whole: tuple[Path, list[FigureIncident]]
) -> None:
    """Before: titled "Casualty figure: … to …", and the first screen was the list of
    1,300 ids not recorded; the table began far below it."""
    path, incs = whole
    dates = sorted(x.date.isoformat() for x in incs if x.date)
    unrecorded = [x.id for x in incs if x.date and not x.claims]
    with chromium.open(path) as opened:
        page = opened.page
        page.set_viewport_size({"width": 1280, "height": 800})
        page.evaluate("window.scrollTo(0, 0)")
        seen = page.evaluate(
            """() => ({
                title: document.title,
                h1: document.querySelector('h1').textContent,
                head: document.querySelector('#incidents thead').getBoundingClientRect().bottom,
                row: document.querySelector('#incidents tbody.inc').getBoundingClientRect().bottom,
            })"""
        )
        # the table's headings and its first rows on the first screen, in its upper part
        assert seen["head"] < seen["row"] <= 600
        # the title says what the figure covers: all dates, from its earliest to its latest
        assert seen["title"] == seen["h1"] and "…" not in seen["h1"]
        assert "all dates" in seen["h1"] and dates[0] in seen["h1"] and dates[-1] in seen["h1"]
        # the ids apart are folded under their count, every one of them inside, whole
        count = f"{len(unrecorded):,} incidents"
        folded = page.locator("section.statement details", has_text=count)
        assert folded.count() == 1 and folded.evaluate("d => !d.open")
        folded.locator("summary").click()
        assert folded.locator(".idlist").inner_text().split(", ") == unrecorded
        statement = page.locator("section.statement").inner_text()
        assert statement.count("unrecorded-") == len(unrecorded)
        assert opened.page_errors == [] and opened.csp_violations == []


def test_an_opened_rows_graph_passes_under_the_sticky_headings(
    chromium: Browser, whole: tuple[Path, list[FigureIncident]]
) -> None:
    """Before: the graph's canvas, scrolled up under the sticky headings, was drawn over
    them (and took their clicks)."""
    path, _ = whole
    with chromium.open(path) as opened:
        page = opened.page
        page.set_viewport_size({"width": 1280, "height": 800})
        page.locator("tbody.inc button.open").first.click()
        page.wait_for_function("window.provenanceFigure.graphs[0] !== undefined")
        seen = page.evaluate(
            """() => {
                const canvas = document.querySelector('tbody.inc .graph canvas');
                window.scrollBy(0, canvas.getBoundingClientRect().top + 100);
                const c = canvas.getBoundingClientRect();
                const heads = [...document.querySelectorAll('#incidents thead th')].map((th) => {
                    const r = th.getBoundingClientRect();
                    return [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
                }).filter(([x, y]) => x > c.left && x < c.right && y > c.top && y < c.bottom);
                return {
                    top: document.querySelector('#incidents thead th').getBoundingClientRect().top,
                    under: heads.length,
                    onTop: heads.map(([x, y]) => !!document.elementFromPoint(x, y).closest('thead')),
                };
            }"""
        )
        assert seen["top"] == 0 and seen["under"] >= 3  # stuck, with the canvas beneath
        assert all(seen["onTop"])  # each heading shown (and clicked) above the graph
        assert opened.page_errors == [] and opened.csp_violations == []
