"""Writing pages: atomic replacement, no leftovers, no symlinks followed; the demo's pages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from views_cases import demo_store, xss_graph

from provenance.errors import InputError, UsageError
from provenance.views import claim_view, write_view
from provenance.views.layout import MaxNodesOutOfRange, ViewTooLarge, check_limits


def test_write_view_replaces_a_page_atomically_and_leaves_nothing_else(tmp_path: Path) -> None:
    view = claim_view(*xss_graph(), generated_at="2017-06-30 12:00 UTC")
    out = tmp_path / "chain.html"
    out.write_text("an older page")
    inode = out.stat().st_ino
    with pytest.raises(InputError, match="already exists"):  # never over a file unasked
        write_view(view, out)
    assert out.read_text() == "an older page"
    assert write_view(view, out, force=True) == out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert out.stat().st_ino != inode  # a new file renamed into place, not rewritten
    assert [p.name for p in tmp_path.iterdir()] == ["chain.html"]
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_write_view_refuses_links_directories_and_other_suffixes(tmp_path: Path) -> None:
    view = claim_view(*xss_graph())
    target = tmp_path / "target.html"
    target.write_text("keep")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    with pytest.raises(InputError, match="symbolic link"):
        write_view(view, link)
    assert target.read_text() == "keep"
    a_dir = tmp_path / "dir.html"
    a_dir.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        write_view(view, a_dir)
    with pytest.raises(UsageError, match=r"\.html"):
        write_view(view, tmp_path / "chain.txt")
    with pytest.raises(InputError, match="does not exist"):
        write_view(view, tmp_path / "missing" / "chain.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.html", "link.html", "target.html"]


def test_limits_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="--depth"):
        check_limits(-1, None)
    for bad in (0, 5_001):
        with pytest.raises(MaxNodesOutOfRange) as err:
            check_limits(None, bad)
        assert isinstance(err.value, ViewTooLarge) and err.value.exit_code == 2
    assert ViewTooLarge("too big").exit_code == 1  # a view too large for a page is not a typo
    check_limits(0, 1)


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = demo_store(tmp_path)
    yield s
    s.close()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
