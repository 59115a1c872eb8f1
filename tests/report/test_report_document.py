"""The evidence report as HTML: chains, sources with who set each field, the audit events
with inclusion proofs a reader recomputes by hand, escaping, and what refs name."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from pathlib import Path

import pytest
from paths import EXAMPLE
from report_cases import (
    HOSTILE,
    ORIGINAL,
    DemoCase,
    cells,
    checkpoint_root,
    events_printed,
    fold,
    make_demo,
)

from provenance.audit.checkpoint import (
    CheckpointError,
    generate_key,
    load_checkpoint,
    load_public_key,
)
from provenance.audit.log import make_checkpoint
from provenance.errors import NotFoundError
from provenance.figures import Filters
from provenance.ingest.casefile import load_batch
from provenance.report import (
    Report,
    claim_report,
    figure_report,
    incident_report,
    render_report,
)
from provenance.report.load import claim_id_of
from provenance.store.sqlite import SQLiteStore


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoCase:
    return make_demo(tmp_path_factory.mktemp("report-demo"))


def _claim_page(demo: DemoCase, ref: str, anchored: bool = True) -> tuple[str, Report]:
    cp = load_checkpoint(demo.checkpoint) if anchored else None
    key = load_public_key(demo.pubkey) if anchored else None
    with SQLiteStore(demo.db) as store:
        report = claim_report(store, ref, checkpoint=cp, key=key)
    return render_report(report), report


def test_chains_as_tables_with_every_id_and_relationship(demo: DemoCase) -> None:
    page, report = _claim_page(demo, "ill-mosul-2-c1")
    chains = report.claims[0].result.chains
    assert chains and len(report.chain_ids()) > 2
    bodies = re.findall(r'<tbody class="chain">(.*?)</tbody>', page, re.S)
    assert len(bodies) == len(chains)
    for chain, body in zip(chains, bodies, strict=True):
        ids = [html.unescape(i) for i in re.findall(r'<td class="id">(.*?)</td>', body)]
        assert [chain[0], *ids] == chain  # each chain starts at the claim
    # the two broadcasters of one family interview one rescuer: a same-unit step or
    # the witness; each chain ends at the rescuer or at a broadcaster
    assert "quotes" in page and "ill-w-mosul-rescuer" in page
    assert "Illustrative Broadcaster" in page  # outlets by name beside the ids
    # kinds in words, which a narrow column breaks between (before: "ngo_report", and the
    # real RS4659's "social_media" broken mid-word in its PDF)
    raqqa, _ = _claim_page(demo, "ill-raqqa-1-c1")
    kinds = re.findall(r'<td class="">(Source [^<]*)</td>', raqqa)
    assert "Source ngo report" in kinds and "Source local monitor" in kinds, kinds


def test_every_source_with_fields_and_who_set_them(demo: DemoCase) -> None:
    page, report = _claim_page(demo, "ill-mosul-1-c1")
    cards = {c.id: c for c in report.items}
    wire = cards["ill-src-mosul-wire"]
    rows = {f.name: (f.value, f.set_by) for f in wire.fields}
    assert rows["reliability"] == ("C", "analyst alice, " + rows["reliability"][1].split(", ")[1])
    assert rows["reliability"][1].endswith(": checked the wire's archive")
    assert rows["url"][0] == "https://example.org/wire/1"
    assert rows["title"][1] == "case file"
    assert rows["publisher"][0] == "Illustrative Wire Service (ill-org-wire)"
    assert [h.seq for h in wire.history] == [1, 3] and wire.logged
    # every upstream source of the claim has a card, and the URL is printed whole
    assert {"ill-src-mosul-post", "ill-src-mosul-agg-1", "ill-w-mosul-resident"} <= set(cards)
    assert "https://example.org/wire/1" in page
    post = {f.name: (f.value, f.set_by) for f in cards["ill-src-mosul-post"].fields}
    assert post["sha256"] == (hashlib.sha256(ORIGINAL).hexdigest(), "capture, audit event 4")
    assert post["captured_at"][1] == "capture, audit event 4"
    assert post["url"] == ("https://example.org/oldcity/post/1", "capture, audit event 4")
    assert post["author"] == ("@ill_oldcity_page", "case file")
    assert hashlib.sha256(ORIGINAL).hexdigest() in page
    # witnesses by pseudonymous id and role only
    witness = cards["ill-w-mosul-resident"]
    assert [f.name for f in witness.fields] == ["role"]


def test_printed_inclusion_proofs_recompute_to_the_signed_root(demo: DemoCase) -> None:
    page, _ = _claim_page(demo, "ill-mosul-1-c1")
    signed = checkpoint_root(demo.checkpoint)
    events = events_printed(page)
    # created by the ingest, changed by `set` (the wire), captured (the post)
    assert [e["seq"] for e in events] == [1, 3, 4]
    for e in events:
        body = e["body"].encode("utf-8")
        assert hashlib.sha256(b"\x00" + body).hexdigest() == e["leaf"]
        assert e["folds"], "a tree of 3 events has a path"
        assert fold(body, e["folds"]) == signed
        assert e["root"] == signed.hex()
        assert e["folds"][-1][2] == signed.hex()
    # each item's record hashes to its printed content hash
    records = cells(page, "record")
    assert len(records) > 5
    hashes = re.findall(r'<p class="hash">SHA-256 ([0-9a-f]{64})</p><pre class="record">', page)
    for digest, record in zip(hashes, records, strict=True):
        assert hashlib.sha256(record.encode("utf-8")).hexdigest() == digest


def test_small_event_prints_every_row_for_its_digest(demo: DemoCase) -> None:
    page, report = _claim_page(demo, "ill-mosul-1-c1")
    event = next(e for e in report.events if e.seq == 3)  # the analyst's edit: one row
    printed = cells(page, "rows-json")
    assert event.rows_json in printed and event.items_digest in page
    assert hashlib.sha256(event.rows_json.encode()).hexdigest() == event.items_digest


def test_untrusted_text_stays_text(demo: DemoCase) -> None:
    page, _ = _claim_page(demo, "x-claim")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert html.escape(HOSTILE.split(" photo")[0]) in page
    assert "photo[U+202E]gpj.exe" in page and "\u202e" not in page
    assert not re.search(r"<[^>]*\s(href|src|on\w+)\s*=", page, re.I)
    assert "https://example.org/news/1?a=1&amp;b=&lt;2&gt;" in page  # the URL whole, escaped
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    policy = html.unescape(csp.group(1)) if csp else ""
    assert "default-src 'none'" in policy and "script-src 'none'" in policy


def test_unanchored_report_says_so(demo: DemoCase) -> None:
    page, report = _claim_page(demo, "ill-mosul-1-c1", anchored=False)
    assert not report.checkpoint.anchored
    assert "NOT ANCHORED" in page
    for e in events_printed(page):
        assert fold(e["body"].encode(), e["folds"]).hex() == e["root"]


def test_a_checkpoint_of_another_log_is_refused(demo: DemoCase, tmp_path: Path) -> None:
    other_key = generate_key("other")
    with SQLiteStore(tmp_path / "other.db", create=True) as other:
        other.ingest(load_batch([EXAMPLE]), actor="someone else")
        cp = make_checkpoint(other, other_key)
    with SQLiteStore(demo.db) as store, pytest.raises(CheckpointError):
        claim_report(store, "ill-mosul-1-c1", checkpoint=cp, key=other_key.public)
    with SQLiteStore(demo.db) as store, pytest.raises(CheckpointError):  # wrong signer
        claim_report(
            store,
            "ill-mosul-1-c1",
            checkpoint=load_checkpoint(demo.checkpoint),
            key=other_key.public,
        )


def test_refs_name_claims_and_incidents_as_show_does(demo: DemoCase) -> None:
    with SQLiteStore(demo.db) as store:
        assert claim_id_of(store, "ill-mosul-1") == "ill-mosul-1-c1"  # an incident of one claim
        with pytest.raises(NotFoundError, match="give one of its claims: ill-raqqa-2-c1, ill"):
            claim_id_of(store, "ill-raqqa-2")  # two claims
        with pytest.raises(NotFoundError, match="not a claim"):
            claim_id_of(store, "ill-src-mosul-wire")
        report = incident_report(store, "ill-raqqa-2-c1")  # a claim names its incident
    assert report.subject == "ill-raqqa-2" and len(report.claims) == 2


def test_figure_report_totals_and_counts_apart(demo: DemoCase) -> None:
    with SQLiteStore(demo.db) as store:
        report = figure_report(store, Filters(dt.date(2017, 6, 1), dt.date(2017, 6, 30)))
    assert report.figure is not None
    totals = dict(report.figure.totals)
    assert totals["civilians killed"] and "undated (not counted: no date)" in totals
    assert any("casualties not recorded" in k for k in totals)
    ids = [s.incident.id for s in report.incidents]
    assert "ill-mosul-1" in ids and "ill-raqqa-1" in ids
    page = render_report(report)
    assert page.count('<section class="incident"') == len(ids)
