"""The merge of an input with a stored item by its fields' origins (pure)."""

from __future__ import annotations

from typing import Any

from provenance.store.origins import (
    CASE_ORIGIN,
    analyst_origin,
    encode,
    import_origin,
    merge,
    origins_of,
    stamp,
)

IMP = import_origin("airwars", "/data/incidents_flat.csv")
ANA = analyst_origin("al", "2026-11-30T10:00:00Z", "checked")


def stored(**fields: Any) -> dict[str, Any]:
    data = {"id": "s1", "kind": "news", "url": "https://a.example/1", "reliability": None}
    data.update(fields)
    return stamp(data, IMP, None)


def test_import_origin_keeps_the_file_name_only() -> None:
    assert IMP == {"by": "import", "source": "airwars", "file": "incidents_flat.csv"}
    data = stored()
    assert set(origins_of(data)) == {"kind", "url"}  # empty fields get no origin
    assert data["origins"] == [{**IMP, "fields": ["kind", "url"]}]  # stored grouped


def test_an_analysts_value_outranks_an_import() -> None:
    old = stored()
    old["reliability"] = "B"
    old["origins"] = encode({**origins_of(old), "reliability": ANA})
    new = stamp(
        {"id": "s1", "kind": "news", "url": "https://a.example/2", "reliability": "C"}, IMP, None
    )
    data, found = merge("Source", old, new, "import", None)
    assert data["reliability"] == "B" and origins_of(data)["reliability"] == ANA
    assert data["url"] == "https://a.example/2"
    [d] = found
    assert (d.field, d.value, d.kept, d.input_by) == ("reliability", "C", "B", "import")
    assert "export now says 'C' where the analyst (al, 2026-11-30T10:00:00Z) set 'B'" in d.text()


def test_an_export_that_no_longer_gives_a_value_clears_the_imports_field() -> None:
    new = stamp({"id": "s1", "kind": "news", "url": None, "reliability": None}, IMP, None)
    data, found = merge("Source", stored(), new, "import", None)
    assert data["url"] is None and "url" not in origins_of(data) and found == []


def test_a_case_file_states_only_its_fields_and_an_empty_export_value_is_no_dispute() -> None:
    new = stamp(
        {"id": "s1", "kind": "video", "url": None, "reliability": "B"}, CASE_ORIGIN, {"reliability"}
    )
    data, _ = merge("Source", stored(), new, "case", frozenset({"reliability"}))
    assert (data["kind"], data["url"], data["reliability"]) == ("news", "https://a.example/1", "B")
    assert origins_of(data)["reliability"] == CASE_ORIGIN
    again = stamp({"id": "s1", "kind": "news", "url": None, "reliability": None}, IMP, None)
    kept, found = merge("Source", data, again, "import", None)
    assert kept["reliability"] == "B" and found == []  # the export says nothing: no dispute


def test_a_write_without_origins_keeps_the_stored_ones() -> None:
    old = stored()
    new = {
        "id": "s1",
        "kind": "news",
        "url": "https://a.example/1",
        "reliability": None,
        "sha256": "0" * 64,
    }
    data, found = merge("Source", old, new, None, None)
    assert data["sha256"] == "0" * 64 and data["origins"] == old["origins"] and found == []


def test_the_stored_encoding_is_canonical() -> None:
    per_field = {"url": IMP, "reliability": ANA, "kind": IMP, "title": CASE_ORIGIN}
    stored_form = encode(per_field)
    assert [e["by"] for e in stored_form] == ["import", "case", "analyst"]
    assert encode(dict(reversed(per_field.items()))) == stored_form
    assert origins_of({"origins": stored_form}) == per_field
