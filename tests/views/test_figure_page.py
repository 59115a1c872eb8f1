"""The figure page (``provenance view figure``): a table of the figure's incidents that
states what ``provenance figure`` states, each row opening to its claims and evidence.

On the demo case (June 2017, a cluster of duplicates judged ``same``) through the real
console script, on plain data with incidents counted apart and hostile strings, and in
Chromium (sorting, opening a row draws its own small graph, nothing fetched).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_cli, run_json
from paths import EXAMPLE
from views_browser import Browser, browser

from provenance.corroborate import corroborate_claim
from provenance.dedupe.clusters import cluster
from provenance.figures import ClaimFigure, FigureIncident, compute_figure
from provenance.views.figure_page import FigurePage, render_figure_page, write_figure_page
from provenance.views.figure_table import FigureItems, figure_rows
from provenance.views.template import vis_network_js

JUNE = ("--from", "2017-06-01", "--to", "2017-06-30")
ROW = re.compile(r'<tbody class="inc (\w+)" data-row="\d+"><tr class="main">(.*?)</tr>')
CELL = re.compile(r'<td data-v="[^"]*">(.*?)</td>')


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo case with its two Mosul duplicates judged the same incident."""
    path = tmp_path_factory.mktemp("figure-page") / "p.db"
    run_cli("ingest", str(EXAMPLE), store=path, check=True)
    run_cli(
        "judge", "ill-mosul-2", "ill-mawsil-2b", "same", "--reason", "one strike",
        store=path, check=True,
    )  # fmt: skip
    return path


def _rows(html: str) -> list[tuple[str, list[str]]]:
    """(status, cell texts) of each table row of a written page."""
    return [(status, CELL.findall(cells)) for status, cells in ROW.findall(html)]


def test_demo_table_matches_figure_json(demo_db: Path, tmp_path: Path) -> None:
    fig = run_json("figure", *JUNE, store=demo_db)
    written = run_json("view", "figure", *JUNE, "--out", "f.html", "--json", store=demo_db, cwd=tmp_path)  # fmt: skip
    assert written["view"] == "figure" and written["out"] == "f.html"
    html = (tmp_path / "f.html").read_text(encoding="utf-8")
    rows = _rows(html)
    assert len(rows) == fig["incidents"] + fig["not_recorded"] + fig["undated"] == 4
    # a cluster of duplicates is one row, named by its first member, listing the others
    (dup,) = [c for _, c in rows if "duplicate" in c[0]]
    assert dup[0] == "ill-mawsil-2b + 1 duplicate" and fig["clusters"] == [
        ["ill-mawsil-2b", "ill-mosul-2"]
    ]
    shown = {c[0].split(" ")[0] for _, c in rows}
    counted = {i for i in fig["incident_ids"] if i != "ill-mosul-2"}
    assert shown == counted
    # the rows' killed ranges add up to the figure's total
    lows = highs = 0
    for _, cells in rows:
        low, _, high = cells[4].partition("–")
        lows, highs = lows + int(low), highs + int(high or low)
    assert {"min": lows, "max": highs} == fig["civilians_killed"] == {"min": 25, "max": 40}
    # the statement above the table: filters, totals, acknowledged, what is apart
    text = re.sub(r"<[^>]+>", " ", html.split("<table")[0])
    for fact in ("date from: 2017-06-01", "25–40 in 4 incidents", "4 deaths for these incidents",
                 "ill-mawsil-2b = ill-mosul-2", "744", "603"):  # fmt: skip
        assert fact in text, fact
    assert next(c[8] for _, c in rows if c[0] == "ill-raqqa-1") == "4 · credible"


def test_belligerent_matches_claims_through_aliases(demo_db: Path) -> None:
    """Before: the figure view kept only claims spelling ``--belligerent`` exactly as
    typed, so "CJTF-OIR" (an alias of the U.S.-led coalition) dropped every claim naming
    "US-led coalition" while ``provenance figure`` counted them."""
    from provenance.figures import Filters
    from provenance.store import open_store
    from provenance.views.data import figure_input, figure_page_from_store

    store = open_store(f"sqlite:///{demo_db}")
    try:
        data = figure_input(store, [["ill-raqqa-2"]], "l", "s", belligerent="CJTF-OIR")
        assert sorted(data.claims) == ["ill-raqqa-2-c1"]  # not the Russian military's c2
        page = figure_page_from_store(store, Filters(belligerent="CJTF-OIR"))
    finally:
        store.close()
    (raqqa2,) = [r for r in page.rows if r.id == "ill-raqqa-2"]
    assert [c.id for c in raqqa2.claims] == ["ill-raqqa-2-c1"]
    assert all(c.belligerent == "US-led coalition" for r in page.rows for c in r.claims)


HOSTILE = "<img src=x onerror=alert(1)>\"'</script><script>alert(2)</script>\u202e"


def _hostile_page() -> FigurePage:
    """Three incidents: one counted, one whose casualties were not recorded, one undated;
    every string from the data hostile."""
    import networkx as nx

    incs = [
        FigureIncident("a" + HOSTILE, dt.date(2017, 6, 1), claims=(ClaimFigure((1, 2), None),)),
        FigureIncident("b-not-recorded", dt.date(2017, 6, 2)),
        FigureIncident("c-undated", None),
    ]
    fig = compute_figure(incs, [], cluster([]))
    claim, src = "claim" + HOSTILE, "src" + HOSTILE
    g = nx.DiGraph()
    g.add_node(claim, label="Claim", incident=incs[0].id)
    g.add_node(src, label="Source", author=HOSTILE, url="javascript:alert(3)")
    g.add_edge(claim, src, rel="SUPPORTED_BY")
    result = corroborate_claim(g, claim)
    items = FigureItems(
        incidents={
            incs[0].id: {"date": "2017-06-01", "title": HOSTILE, "location": {"name": HOSTILE}},
            "b-not-recorded": {"date": "2017-06-02"},
            "c-undated": {},
        },
        claims={claim: {"incident": incs[0].id, "civilians_killed": {"min": 1, "max": 2}}},
        results={claim: result},
        evidence={src: ("Source", {"author": HOSTILE, "url": "javascript:alert(3)"})},
        links=[(claim, "SUPPORTED_BY", src)],
    )
    return FigurePage("June " + HOSTILE, fig, figure_rows(fig, items), "now")


def test_counted_apart_and_hostile_text_escaped() -> None:
    page = _hostile_page()
    assert [r.status for r in page.rows] == ["counted", "not_recorded", "undated"]
    html = render_figure_page(page)
    rows = _rows(html)
    assert [(s, c[1], c[4]) for s, c in rows] == [
        ("counted", "2017-06-01", "1–2"),
        ("not_recorded", "2017-06-02", "not recorded"),
        ("undated", "undated", "not recorded"),
    ]
    statement = html.split("<table")[0]
    assert "1: b-not-recorded" in statement and "1: c-undated" in statement
    body = html.split("<body>", 1)[1].replace(vis_network_js(), "")
    assert "<img" not in body and "onerror=alert(1)>" not in body
    assert body.count("<script") == 3 and "\u202e" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "[U+202E]" in body


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser() as b:
        yield b


def _clean(opened: Any) -> None:
    assert opened.page_errors == [] and opened.console_errors == []
    assert opened.blocked_requests == [] and opened.csp_violations == [] and opened.dialogs == []


@pytest.mark.browser
def test_hostile_page_in_chromium(chromium: Browser, tmp_path: Path) -> None:
    path = write_figure_page(_hostile_page(), tmp_path / "h.html").out
    with chromium.open(path) as opened:
        page = opened.page
        page.locator("tbody.inc button.open").first.click()
        page.wait_for_function("window.provenanceFigure.graphs[0] !== undefined")
        _clean(opened)
        found = page.evaluate(
            """() => ({
                injected: document.querySelectorAll('img, iframe, object, embed, a, form, base').length,
                handlers: [...document.querySelectorAll('*')].filter(
                    el => [...el.attributes].some(a => a.name.startsWith('on'))).length,
                scripts: document.scripts.length,
                graph: [provenanceFigure.graphs[0].nodes, provenanceFigure.graphs[0].edges],
                detail: document.querySelector('#d0').innerText,
            })"""
        )
    assert found["injected"] == found["handlers"] == 0 and found["scripts"] == 3
    assert found["graph"] == [3, 2]  # the incident, its claim, its source
    assert "onerror=alert(1)" in found["detail"] and "javascript:alert(3)" in found["detail"]


@pytest.mark.browser
def test_demo_page_sorts_and_opens_in_chromium(
    chromium: Browser, demo_db: Path, tmp_path: Path
) -> None:
    fig = run_json("figure", *JUNE, store=demo_db)
    run_cli("view", "figure", *JUNE, "--out", "f.html", store=demo_db, cwd=tmp_path, check=True)
    with chromium.open(tmp_path / "f.html") as opened:
        page = opened.page
        first = "document.querySelector('tbody.inc td:nth-child(2)').textContent"
        assert page.locator("tbody.inc").count() == fig["incidents"]
        killed = page.locator("thead button", has_text="Civilians killed")
        killed.focus()
        page.keyboard.press("Enter")  # keyboard: the heading is a button
        low = page.evaluate(first)
        killed.click()
        assert page.evaluate(first) != low
        assert page.locator("thead th[aria-sort='descending']").count() == 1
        row = page.locator("tbody.inc", has_text="ill-mawsil-2b")
        row.locator("button.open").click()
        detail = row.locator("tr.detail")
        assert detail.is_visible()
        text = detail.inner_text()
        assert "Cluster of 2 duplicate incidents" in text and "ill-mosul-2-c1" in text
        assert "provenance view incident ill-mawsil-2b --out ill-mawsil-2b.html" in text
        drawn = page.evaluate("Object.values(provenanceFigure.graphs).map(g => g.nodes)")
        assert len(drawn) == 1 and drawn[0] > 3  # only the opened row is drawn
        _clean(opened)


@pytest.mark.browser
def test_depth_bounds_the_graph_of_an_opened_row(chromium: Browser, tmp_path: Path) -> None:
    """``--depth 1``: an opened row draws its incident and claims, not their evidence."""
    from dataclasses import replace

    path = write_figure_page(replace(_hostile_page(), depth=1), tmp_path / "d.html").out
    with chromium.open(path) as opened:
        page = opened.page
        page.locator("tbody.inc button.open").first.click()
        page.wait_for_function("window.provenanceFigure.graphs[0] !== undefined")
        assert page.evaluate(
            "[provenanceFigure.graphs[0].nodes, provenanceFigure.graphs[0].edges]"
        ) == [2, 1]
        assert "--depth 1" in page.locator("header").inner_text()
        _clean(opened)


def test_a_claim_without_a_toll_reads_killed_not_recorded(
    chromium: Browser, tmp_path: Path
) -> None:
    """An opened row's claim whose death toll is not recorded. Before: "not recorded
    killed"."""
    import networkx as nx

    inc = FigureIncident("i-1", dt.date(2017, 6, 2), claims=(ClaimFigure(None, None),))
    fig = compute_figure([inc], [], cluster([]))
    g = nx.DiGraph()
    g.add_node("c-1", label="Claim", incident="i-1")
    g.add_node("s-1", label="Source", author="someone")
    g.add_edge("c-1", "s-1", rel="SUPPORTED_BY")
    items = FigureItems(
        incidents={"i-1": {"date": "2017-06-02"}},
        claims={"c-1": {"incident": "i-1", "belligerent": "X"}},
        results={"c-1": corroborate_claim(g, "c-1")},
        evidence={"s-1": ("Source", {"author": "someone"})},
        links=[("c-1", "SUPPORTED_BY", "s-1")],
    )
    page = FigurePage("June", fig, figure_rows(fig, items), "now")
    path = write_figure_page(page, tmp_path / "t.html").out
    with chromium.open(path) as opened:
        opened.page.locator("tbody.inc button.open").first.click()
        opened.page.wait_for_function("window.provenanceFigure.graphs[0] !== undefined")
        labels = opened.page.evaluate(
            "provenanceFigure.graphs[0].network.body.data.nodes.get().map((n) => n.label)"
        )
    claim = next(label for label in labels if label.startswith("X"))
    assert claim.endswith("killed: not recorded"), claim
