"""Inputs shared by the report tests: the demo store with an analyst's edit, a hostile
source, a signed checkpoint; and reading back what a report prints."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paths import EXAMPLE

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> photo\u202egpj.exe"
"""Untrusted text an adversary puts in a source's title and author."""

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
"""How the report tests start Chromium (Playwright on Debian's /usr/bin/chromium)."""
ORIGINAL = b"<html>the Old City post, as captured</html>"
"""The bytes captured as the original of ``ill-src-mosul-post``."""

HOSTILE_CASE = """format: provenance-case/1
sources:
  - id: x-src
    kind: news
    title: {title}
    author: {author}
    url: https://example.org/news/1?a=1&b=<2>
    reliability: C
incidents:
  - id: x-inc
    title: {title}
    date: 2017-06-20
    country: SY
    claims:
      - id: x-claim
        civilians_killed: {{min: 1, max: 2}}
        belligerent: US-led coalition
        text: {title}
        supported_by: [x-src]
"""


@dataclass(frozen=True)
class DemoCase:
    """A store of the June 2017 case (plus a hostile incident and an analyst's edit) and a
    checkpoint of its whole log signed with ``key``."""

    db: Path
    checkpoint: Path
    pubkey: Path
    key: Path


def make_demo(tmp: Path) -> DemoCase:
    """Ingest the demo case and the hostile one, set a field as an analyst, capture an
    original of the Mosul post, then sign a checkpoint of the log (four events)."""
    from provenance.audit.checkpoint import generate_key, write_checkpoint, write_keypair
    from provenance.audit.custody import capture
    from provenance.audit.log import make_checkpoint
    from provenance.ingest.casefile import load_batch
    from provenance.store import set_fields
    from provenance.store.sqlite import SQLiteStore

    hostile = tmp / "hostile.yaml"
    text = HOSTILE_CASE.format(title=json.dumps(HOSTILE), author=json.dumps("@evil" + HOSTILE[:20]))
    hostile.write_text(text, encoding="utf-8")
    key = generate_key("test-monitor")
    write_keypair(key, tmp / "k.key", tmp / "k.pub")
    with SQLiteStore(tmp / "demo.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="tester")
        store.ingest(load_batch([hostile]), actor="tester")
        set_fields(
            store,
            "ill-src-mosul-wire",
            ["reliability=C", "url=https://example.org/wire/1"],
            actor="alice",
            reason="checked the wire's archive",
        )
        original = tmp / "post.html"
        original.write_bytes(ORIGINAL)
        capture(
            store, original, "ill-src-mosul-post", actor="bob", directory=tmp / "originals",
            url="https://example.org/oldcity/post/1",
        )  # fmt: skip
        write_checkpoint(make_checkpoint(store, key), tmp / "cp.txt")
    return DemoCase(tmp / "demo.db", tmp / "cp.txt", tmp / "k.pub", tmp / "k.key")


def cells(page: str, cls: str) -> list[str]:
    """The unescaped text of every element whose class list holds ``cls``."""
    pattern = rf'<(td|pre|p)[^>]*class="[^"]*\b{re.escape(cls)}\b[^"]*"[^>]*>(.*?)</\1>'
    return [html.unescape(m.group(2)) for m in re.finditer(pattern, page, re.S)]


def events_printed(page: str) -> list[dict[str, Any]]:
    """Each event of a report as printed: its bytes, leaf hash, folds and the root."""
    out = []
    for m in re.finditer(r'<div class="event" data-seq="(\d+)">(.*?)</div>', page, re.S):
        block = m.group(2)
        folds = re.findall(
            r'<tr class="fold">.*?class="side short">(\w+)</td>'
            r'<td class="hash sibling">([0-9a-f]+)</td><td class="hash result">([0-9a-f]+)</td>',
            block,
            re.S,
        )
        out.append(
            {
                "seq": int(m.group(1)),
                "body": cells(block, "body")[0],
                "leaf": cells(block, "leaf")[0],
                "folds": folds,
                "root": (cells(block, "root") or [None])[0],
            }
        )
    return out


def fold(body: bytes, folds: list[tuple[str, str, str]]) -> bytes:
    """The root an event's printed proof leads to, recomputed with hashlib alone."""
    h = hashlib.sha256(b"\x00" + body).digest()
    for side, sibling, _ in folds:
        s = bytes.fromhex(sibling)
        h = hashlib.sha256(b"\x01" + (s + h if side == "left" else h + s)).digest()
    return h


def checkpoint_root(path: Path) -> bytes:
    """The root a checkpoint file signs (its third line, base64)."""
    return base64.b64decode(path.read_text().split("\n")[2])
