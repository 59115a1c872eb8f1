"""The normalisation of the unit rule: author strings, platform accounts, registered domains."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from provenance.outlets.identity import (
    PLATFORM_DOMAINS,
    account_from_url,
    normalise_author,
    platform_of,
    registered_domain,
)


@pytest.mark.parametrize(
    "text",
    ["@SyriaCivilDefe", "'@SyriaCivilDefe", " syriacivildefe ", "'@\u200b\u200bSyriaCivilDefe"],
)
def test_spellings_of_one_handle_normalise_alike(text: str) -> None:
    assert normalise_author(text) == "syriacivildefe"


def test_normalise_author_collapses_whitespace_and_case() -> None:
    assert normalise_author("  Syrian \n Civil   DEFENSE") == "syrian civil defense"
    assert normalise_author("'@") == ""
    assert normalise_author("المرصد  السوري") == "المرصد السوري"


@pytest.mark.parametrize(
    ("url", "account"),
    [
        ("https://twitter.com/SyriaCivilDefe/status/1", "twitter:syriacivildefe"),
        ("https://x.com/SyriaCivilDefe", "twitter:syriacivildefe"),
        ("twitter.com/SyriaCivilDefe/status/1?s=20", "twitter:syriacivildefe"),
        ("https://mobile.twitter.com/#!/SyriaCivilDefe/status/1", "twitter:syriacivildefe"),
        ("https://www.facebook.com/SyriaCivilDefense/posts/pfbid0", "facebook:syriacivildefense"),
        ("https://m.facebook.com/profile.php?id=1000", "facebook:1000"),
        ("https://www.facebook.com/permalink.php?story_fbid=pfbid0&id=77", "facebook:77"),
        ("https://fb.com/pages/Some-Page/12345", "facebook:12345"),
        ("https://t.me/SyriaCivilDefe/12", "telegram:syriacivildefe"),
        ("https://t.me/s/SyriaCivilDefe/12", "telegram:syriacivildefe"),
        ("https://telegram.me/SyriaCivilDefe", "telegram:syriacivildefe"),
        ("https://www.youtube.com/@SCD/videos", "youtube:scd"),
        ("https://www.youtube.com/channel/UCabc", "youtube:ucabc"),
        ("https://www.instagram.com/scd/", "instagram:scd"),
        ("https://www.tiktok.com/@scd/video/1", "tiktok:scd"),
        ("https://vk.com/scd", "vk:scd"),
        ("https://web.archive.org/web/2017/https://twitter.com/SCD/status/1", "twitter:scd"),
    ],
)
def test_account_from_url(url: str, account: str) -> None:
    assert account_from_url(url) == account
    assert registered_domain(url) is None  # a platform is never an outlet's domain


@pytest.mark.parametrize(
    "url",
    [
        "https://twitter.com/i/web/status/1",
        "https://twitter.com/search?q=scd",
        "https://www.facebook.com/groups/222/posts/1",  # where it appeared, not who wrote it
        "https://www.facebook.com/watch/?v=1",
        "https://www.facebook.com/permalink.php?story_fbid=pfbid0",
        "https://www.youtube.com/watch?v=abc",
        "https://youtu.be/abc",
        "https://t.me/joinchat/abc",
        "https://www.instagram.com/p/abc/",
        "https://www.bbc.co.uk/news/1",
        "http://DeirEzzorNow/",
        "",
        "https://[broken",
    ],
)
def test_no_account(url: str) -> None:
    assert account_from_url(url) is None


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.syriacivildefence.org/ar/x", "syriacivildefence.org"),
        ("https://news.sana.sy/en/?p=1", "sana.sy"),
        ("http://www.bbc.co.uk/news", "bbc.co.uk"),
        ("sana.sy/x", "sana.sy"),
        ("https://SANA.SY./x", "sana.sy"),
        ("https://someblog.blogspot.com/2017/x", "someblog.blogspot.com"),
        ("https://someblog.wordpress.com/2017/x", "someblog.wordpress.com"),
        ("https://web.archive.org/web/2017/https://www.syriahr.com/1", "syriahr.com"),
    ],
)
def test_registered_domain(url: str, domain: str) -> None:
    assert registered_domain(url) == domain


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/x",
        "https://fb.com/x",
        "https://x.com/x",
        "https://t.me/x",
        "https://www.youtube.com/@x",
        "https://youtu.be/x",
        "https://docs.google.com/document/d/1",
        "https://drive.google.com/file/d/1",
        "https://web.archive.org/web/2017/",
        "https://archive.ph/abcde",
        "https://archive.today/abcde",
        "https://bit.ly/abc",
        "http://localhost/x",
        "http://10.0.0.1/x",
    ],
)
def test_platforms_and_hosts_are_never_an_outlet_domain(url: str) -> None:
    assert registered_domain(url) is None


def test_platform_of() -> None:
    assert platform_of("https://twitter.com/i/web/status/1") == "twitter"
    assert platform_of("https://archive.ph/abc") == "archive.ph"
    assert platform_of("https://sana.sy/x") is None
    assert {"facebook.com", "twitter.com", "x.com", "t.me", "youtube.com"} <= PLATFORM_DOMAINS


def test_registered_domain_never_fetches_or_writes_a_cache(tmp_path: Path) -> None:
    """tldextract reads only its bundled suffix list: with every socket refused and HOME and
    the cache variables pointing at an empty folder, it works and writes nothing there."""
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise AssertionError("network access")

        socket.socket.connect = refuse
        socket.getaddrinfo = refuse
        socket.create_connection = refuse
        from provenance.outlets.identity import registered_domain

        assert registered_domain("https://news.bbc.co.uk/x") == "bbc.co.uk"
        assert registered_domain("https://a.b.example.com.au/") == "example.com.au"
        """
    )
    env = {
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TLDEXTRACT_CACHE": str(tmp_path / "tld"),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=60)
    assert list(tmp_path.iterdir()) == []
