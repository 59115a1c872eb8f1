"""The October 2023 figure of the real Airwars Syria import (about 70 incidents, 1,300
items) in Chromium at 1280×800: it opens as a table with one row per incident, not as a
hairball; sorting a column reorders the rows; opening a row shows its claims and draws
its own small graph. Screenshots go under the test's tmp dir. Skipped where the real data
is absent (it is present in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli, run_json
from views_browser import browser, nonblank_fraction

pytestmark = pytest.mark.browser

OCTOBER = ("--from", "2023-10-01", "--to", "2023-10-31")
FIRST_ID = "document.querySelector('tbody.inc td:nth-child(2)').textContent"
ROW_IDS = "[...document.querySelectorAll('tbody.inc')].map(b => b.rows[0].cells[1].textContent)"


def test_october_2023_figure_opens_as_a_table(real_airwars_db: Path, tmp_path: Path) -> None:
    fig = run_json("figure", *OCTOBER, store=real_airwars_db)
    run_cli("view", "figure", *OCTOBER, "--out", "oct.html", store=real_airwars_db, cwd=tmp_path, check=True)  # fmt: skip
    expected = fig["incidents"] + fig["not_recorded"] + fig["undated"]
    assert 60 <= expected <= 80
    with browser() as b, b.open(tmp_path / "oct.html") as opened:
        page = opened.page
        page.set_viewport_size({"width": 1280, "height": 800})
        assert opened.page_errors == [] and opened.blocked_requests == []
        assert opened.csp_violations == [] and opened.console_errors == []
        # one row per deduplicated incident; what is counted apart is marked, with its ids
        assert page.locator("tbody.inc").count() == expected
        assert page.locator("tbody.not_recorded").count() == fig["not_recorded"]
        assert page.locator("tbody.undated").count() == fig["undated"]
        statement = page.locator("section.statement").inner_text()
        for i in fig["not_recorded_ids"] + fig["undated_ids"]:
            assert i in statement
        assert page.locator("canvas").count() == 0  # no graph until a row is opened
        page.screenshot(path=str(tmp_path / "october-2023-table.png"))

        before = page.evaluate(ROW_IDS)
        page.locator("thead button", has_text="Sources").click()
        page.locator("thead button", has_text="Sources").click()  # most sources first
        after = page.evaluate(ROW_IDS)
        assert sorted(after) == sorted(before) and after != before
        sources = page.evaluate(
            "[...document.querySelectorAll('tbody.inc')].map(b => +b.rows[0].cells[7].dataset.v)"
        )
        assert sources == sorted(sources, reverse=True)

        top = page.locator("tbody.inc").first
        top.locator("button.open").click()
        detail = top.locator("tr.detail")
        assert detail.is_visible() and "Claim " in detail.inner_text()
        page.wait_for_function("window.provenanceFigure.graphs[+document.querySelector('tbody.inc').dataset.row]")  # fmt: skip
        drawn = page.evaluate("Object.values(provenanceFigure.graphs).map(g => [g.nodes, g.edges])")
        assert len(drawn) == 1 and drawn[0][0] >= sources[0] + 2  # incident, claim(s), sources
        assert page.locator("canvas").count() == 1
        page.evaluate("document.querySelector('tbody.inc').scrollIntoView()")
        page.evaluate("window.scrollBy(0, -60)")
        shot = tmp_path / "october-2023-open-row.png"
        page.screenshot(path=str(shot))
        assert nonblank_fraction(b, page.locator("tbody.inc .graph canvas").screenshot()) > 0.01
        assert shot.stat().st_size > 10_000
