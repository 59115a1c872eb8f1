"""The named boxes on screen are the boxes of their members (issue 17). Before: the first
frame was drawn before vis-network had measured every label, so a box could be drawn far
wider than its members (JS002's "Daraa 24 ×2" box covered two other sources) and stayed
so until the reader moved the graph."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_cli
from paths import EXAMPLE
from views_browser import browser


def test_the_boxes_drawn_when_the_page_says_drawn_are_their_members_boxes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    run_cli("ingest", str(EXAMPLE), store=db, check=True)
    page = tmp_path / "c.html"
    run_cli("view", "claim", "ill-mosul-1-c1", "--out", str(page), store=db, check=True)
    with browser() as b, b.open(page) as opened:
        drawn = opened.page.evaluate("window.provenanceView.drawnRects")
        now = opened.page.evaluate(
            "window.provenanceView.groupRects().map(function (g) { return g.rect; })"
        )
        assert drawn and len(drawn) == len(now)
        for a, c in zip(drawn, now, strict=True):
            for side in ("left", "top", "right", "bottom"):
                assert abs(a[side] - c[side]) < 1, (side, a, c)
