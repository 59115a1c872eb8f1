"""Who set each field, on every backend: analysts' edits survive re-imports, case files
update only the fields they give (DESIGN.md "Who set each field")."""

from __future__ import annotations

import json
from typing import Any

import pytest
from casedata import batch, small
from cli_helpers import run_cli
from paths import IMPORT_FIXTURES

from provenance.audit.state import verify_state
from provenance.errors import NotFoundError, UsageError
from provenance.store import analyst_fields, fields_of, origins_of, set_fields

AIRWARS = IMPORT_FIXTURES / "airwars"
FILES = [str(AIRWARS / "incidents_flat.csv"), str(AIRWARS / "incident_sources_flat.csv")]


def cli(store: Any, *args: str) -> Any:
    """Run the CLI on ``store`` (its credentials are in the environment) with --json."""
    proc = run_cli("--store", store.uri, *args, "--json", check=True)
    return json.loads(proc.stdout)


def test_set_reimport_show_round_trip(store: Any) -> None:
    first = cli(store, "ingest", "--profile", "airwars", *FILES)
    assert first["created"] > 0 and first["disagreements"] == []
    source = next(store.iter_items("Source")).id
    assert store.get("airwars:XS0002").data["grade"] == "fair"
    events = store.counts().audit_events
    done = cli(store, "set", source, "reliability=B", "--reason", "outlet checked", "--actor", "al")
    assert done["set"] == {"reliability": {"old": None, "new": "B"}}
    cli(store, "set", "airwars:XS0002", "grade=weak", "--reason", "one source", "--actor", "al")
    assert store.counts().audit_events == events + 2  # one audit event per set

    again = cli(store, "ingest", "--profile", "airwars", *FILES)
    assert (again["created"], again["updated"], again["audit_event"]) == (0, 0, None)
    [said] = again["disagreements"]  # the export still grades it fair: reported, not applied
    assert (said["id"], said["field"], said["input_value"], said["kept_value"]) == (
        "airwars:XS0002",
        "grade",
        "fair",
        "weak",
    )
    assert "export now says 'fair' where the analyst (al," in said["text"]

    shown = cli(store, "show", "airwars:XS0002")
    assert shown["data"]["grade"] == "weak" and "origins" not in shown["data"]
    mark = shown["analyst_set"]["grade"]
    assert (mark["by"], mark["actor"], mark["reason"]) == ("analyst", "al", "one source")
    assert mark["at"].endswith("Z")
    assert shown["origins"]["title"]["by"] == "import"
    assert shown["origins"]["title"]["file"] == "incidents_flat.csv"
    src = cli(store, "show", source)
    assert src["data"]["reliability"] == "B" and set(src["analyst_set"]) == {"reliability"}
    assert src["data"]["url"] and src["origins"]["url"]["source"] == "airwars"
    text = run_cli("--store", store.uri, "show", "airwars:XS0002", check=True).stdout
    assert "weak  (set by analyst al at " in text and ": one source)" in text
    assert verify_state(store) == []


def test_reimport_updates_the_fields_the_import_set(store: Any) -> None:
    cli(store, "ingest", "--profile", "airwars", *FILES)
    item = store.get("airwars:XS0002")
    set_fields(store, item.id, ["notes=checked on site"], actor="al", reason="visit")
    # an export that changed a field the import set updates it; the analyst's field stays
    edited = dict(fields_of(item.data), title="renamed by the monitor")
    changed = batch_of_import(item.label, edited)
    report = store.ingest(changed, actor="t", action="import")
    assert report.updated == 1 and report.disagreements[0].field == "notes"
    now = store.get(item.id).data
    assert now["title"] == "renamed by the monitor" and now["notes"] == "checked on site"
    assert origins_of(now)["title"]["by"] == "import" and set(analyst_fields(now)) == {"notes"}


def batch_of_import(label: str, data: dict[str, Any]) -> Any:
    from provenance.model import MODELS
    from provenance.store import Batch, import_origin

    b = Batch()
    origin = import_origin("airwars", "incidents_flat.csv")
    b.add(MODELS[label].model_validate(data), "incidents_flat.csv row 2", origin=origin)
    return b


def test_case_file_updates_only_the_fields_it_gives(store: Any) -> None:
    store.ingest(small(), actor="t")
    before = store.get("s-wire")
    assert before.data["publisher"] == "org-child" and before.data["cites"] == ["s-post"]
    report = store.ingest(
        batch(sources=[{"id": "s-wire", "kind": "news", "reliability": "A"}]), actor="t"
    )
    assert report.updated == 1
    after = store.get("s-wire").data
    assert after["reliability"] == "A"
    assert (after["publisher"], after["cites"]) == ("org-child", ["s-post"])
    assert {(e.rel, e.dst) for e in store.edges(["s-wire"], ["PUBLISHED_BY", "CITES"])} == {
        ("PUBLISHED_BY", "org-child"),
        ("CITES", "s-post"),
    }
    # the same partial file again changes nothing
    again = store.ingest(
        batch(sources=[{"id": "s-wire", "kind": "news", "reliability": "A"}]), actor="t"
    )
    assert (again.updated, again.unchanged, again.event_seq) == (0, 1, None)
    # --replace replaces the item whole
    whole = batch(sources=[{"id": "s-wire", "kind": "news", "reliability": "A"}])
    whole.replace = True
    assert store.ingest(whole, actor="t").updated == 1
    replaced = store.get("s-wire").data
    assert replaced["publisher"] is None and replaced["cites"] == []
    assert store.edges(["s-wire"], ["PUBLISHED_BY", "CITES"]) == []
    assert verify_state(store) == []


def test_case_file_keeps_an_analysts_value(store: Any) -> None:
    store.ingest(small(), actor="t")
    set_fields(store, "s-wire", ["reliability=D"], actor="al", reason="retracted twice")
    report = store.ingest(small(), actor="t")
    assert report.event_seq is None
    [said] = report.disagreements
    assert (said.field, said.value, said.kept, said.input_by) == ("reliability", "B", "D", "case")
    assert store.get("s-wire").data["reliability"] == "D"


def test_set_is_audited_checked_and_reversible(store: Any) -> None:
    store.ingest(small(), actor="t")
    first = set_fields(
        store, "s-post", ["reliability=A", "title=The post"], actor="al", reason="r1"
    )
    event = next(store.audit_events(first.event_seq, first.event_seq)).decoded()
    assert event["action"] == "set" and event["actor"] == "al" and event["reason"] == "r1"
    assert event["summary"]["set"] == {"s-post": {"reliability": "A", "title": "The post"}}
    second = set_fields(store, "s-post", ["reliability=C", "title="], actor="bo", reason="r2")
    data = store.get("s-post").data
    assert data["reliability"] == "C" and data["title"] is None
    assert analyst_fields(data)["reliability"]["actor"] == "bo"
    assert second.event_seq == first.event_seq + 1
    # the same values again: nothing changes but who and when (a new event)
    for bad, field in (["reliability=Z"], "reliability"), (["cites=[1]"], "cites"):
        with pytest.raises(UsageError, match=field):
            set_fields(store, "s-post", bad, actor="al", reason="x")
    with pytest.raises(UsageError, match="no field 'nope'"):
        set_fields(store, "s-post", ["nope=1"], actor="al", reason="x")
    with pytest.raises(UsageError, match="reason"):
        set_fields(store, "s-post", ["reliability=B"], actor="al", reason=" ")
    with pytest.raises(NotFoundError):
        set_fields(store, "missing", ["reliability=B"], actor="al", reason="x")
    assert store.get("s-post").data["reliability"] == "C"
    assert store.counts().audit_events == second.event_seq
    assert verify_state(store) == []
