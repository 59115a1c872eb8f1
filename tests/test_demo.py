"""The steps of the demo (provenance.demo), as library functions: what each writes and finds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from audit_helpers import EXAMPLE, store_with_events

from provenance.demo.steps import audit_step, judgement_effect, write_views
from provenance.figures import Filters
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


def test_run_signs_verifies_and_bundles(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="demo")
        (tmp_path / "audit").mkdir()
        (tmp_path / "audit" / "mine.key").write_text("a user's file")
        demo = audit_step(store, tmp_path)
    assert demo.directory == tmp_path / "audit"
    assert (demo.directory / "mine.key").read_text() == "a user's file"  # never touched
    assert demo.log.ok and demo.log.anchored and demo.checkpoint.is_file()
    assert demo.public_key.is_file() and (demo.directory / "demo.key").is_file()
    assert demo.incident == "ill-mosul-1" and demo.bundle == demo.directory / "bundle-ill-mosul-1"
    assert demo.bundle_report is not None and demo.bundle_report.ok
    assert demo.bundle_report.events == 1


def test_the_audit_step_timestamps_the_checkpoint_and_the_bundle_carries_it(
    tmp_path: Path,
) -> None:
    """Issue 18: the demo's checkpoint is timestamped by a local authority it starts and
    stops; the token verifies against that authority's root and is in the bundle."""
    from provenance.audit.tsa_verify import check_token, load_tsa_certs

    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="demo")
        demo = audit_step(store, tmp_path)
    stamp = demo.timestamp
    assert stamp is not None and demo.timestamp_problem is None
    assert stamp.token == demo.checkpoint.with_name("checkpoint.txt.tsr")
    result = check_token(
        "t",
        stamp.token.read_bytes(),
        demo.checkpoint.read_bytes(),
        load_tsa_certs(stamp.ca_cert),
    )
    assert result.ok and result.attested_at == stamp.attested_at
    assert demo.bundle is not None
    assert (demo.bundle / "checkpoint.txt.tsr").read_bytes() == stamp.token.read_bytes()
    assert demo.bundle_report is not None
    assert any("timestamp" in line and "[ok ]" in line for line in demo.bundle_report.lines())


def test_run_without_incidents_bundles_nothing(tmp_path: Path) -> None:
    with store_with_events(tmp_path / "s.db", 2) as store:
        demo = audit_step(store, tmp_path)
    assert demo.log.ok and demo.log.size == 2
    assert (demo.incident, demo.bundle, demo.bundle_report) == (None, None, None)


def test_judgement_effect_shows_the_figure_before_and_after(tmp_path: Path) -> None:
    june = Filters(date_from=dt.date(2017, 6, 1), date_to=dt.date(2017, 6, 30))
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="t")
        effect = judgement_effect(
            store, "ill-mosul-2", "ill-mawsil-2b", "same", actor="t", reason="r", filters=june
        )
    assert [(c.a, c.b) for c in effect.candidates] == [("ill-mawsil-2b", "ill-mosul-2")]
    assert (effect.before.incidents, effect.after.incidents) == (5, 4)
    assert effect.outcome.cluster == ["ill-mawsil-2b", "ill-mosul-2"]


def test_demo_views(tmp_path: Path) -> None:
    out = tmp_path / "demo" / "views"
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="t")
        written = write_views(store, out)
        claims = [c.id for c in store.iter_items("Claim")]
        assert list(written) == [f"claim {c}" for c in claims] + ["figure, June 2017"]
        assert written["figure, June 2017"] == out / "figure-2017-06.html"
        assert sorted(written.values()) == sorted(out.iterdir())
        again = write_views(store, out)  # a second demo run replaces its pages
    assert again == written and len(list(out.iterdir())) == len(written)
