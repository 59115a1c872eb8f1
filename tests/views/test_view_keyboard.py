"""Issue 17: Find and Selected at the top of the side panel (no scrolling at 1280×800),
the search box selects the first match on Enter, and a chain's row highlights its chain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from views_browser import Browser, browser
from views_cases import demo_store

from provenance.views import write_view

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def claim_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from provenance.views.data import claim_view_from_store

    tmp = tmp_path_factory.mktemp("keyboard")
    store = demo_store(tmp)
    try:
        view = claim_view_from_store(store, "ill-raqqa-1-c1")
    finally:
        store.close()
    return write_view(view, tmp / "claim.html")


def test_search_enter_selects_the_first_match(chromium: Browser, claim_page: Path) -> None:
    with chromium.open(claim_page) as opened:
        page = opened.page
        page.set_viewport_size({"width": 1280, "height": 800})
        for sel in ("#search", "#find", "#details"):
            box = page.locator(sel).bounding_box()
            assert box is not None and box["y"] + box["height"] <= 800, (sel, box)
        page.focus("#search")
        page.keyboard.type("medic")
        page.keyboard.press("Enter")
        assert page.locator("#details").inner_text().startswith("Witness ill-w-raqqa-medic")
        assert page.evaluate("provenanceView.network.getSelectedNodes()") == ["ill-w-raqqa-medic"]
        assert page.input_value("#find") == "ill-w-raqqa-medic"
        page.fill("#search", "no such thing")
        page.keyboard.press("Enter")
        assert page.locator("#details").inner_text() == "Nothing matches."
        assert opened.page_errors == []


def test_a_chain_row_highlights_its_chain(chromium: Browser, claim_page: Path) -> None:
    with chromium.open(claim_page) as opened:
        page = opened.page
        rows = page.locator("#chains button")
        assert rows.count() == 2
        rows.nth(1).focus()
        page.keyboard.press("Enter")  # a button: the keyboard works as a click
        chain = page.evaluate(
            "JSON.parse(document.getElementById('view-data').textContent).chains[1]"
        )
        selected = page.evaluate(
            "[provenanceView.network.getSelectedNodes(), provenanceView.network.getSelectedEdges()]"
        )
        assert sorted(selected[0]) == sorted(chain["nodes"])
        assert sorted(selected[1]) == sorted(chain["edges"]) and chain["edges"]
        assert "chain 2: " in page.locator("#details").inner_text()
        assert opened.page_errors == []
