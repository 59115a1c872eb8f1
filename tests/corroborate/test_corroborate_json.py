"""``corroborate REF --json`` made without the models prints what the models printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paths import EXAMPLE

from provenance.corroborate import corroborate_incident, corroborate_json, corroborate_ref
from provenance.corroborate.analysis import compact_json, indented_json
from provenance.errors import NotFoundError
from provenance.ingest.casefile import load_batch
from provenance.store.sqlite import SQLiteStore


def _printed(value: object) -> bytes:
    """What ``print_json`` printed (the CLI's JSON document)."""
    return (json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n").encode()


@pytest.mark.parametrize("rel", ["F", "C"])
def test_the_document_is_the_models_dump(tmp_path: Path, rel: str) -> None:
    with SQLiteStore(tmp_path / "s.db", create=True) as store:
        store.ingest(load_batch([EXAMPLE]), actor="tester")
        claims = [c.id for c in store.iter_items("Claim")]
        assert claims
        for cid in claims:
            _, (result,) = corroborate_ref(store, cid, min_reliability=rel)
            expected = _printed(result.model_dump(mode="json"))
            assert corroborate_json(store, cid, min_reliability=rel) == expected
        incident = store.get(claims[0])
        assert incident is not None
        iid = incident.data["incident"]
        results = corroborate_incident(store, iid, min_reliability=rel)
        expected = _printed([r.model_dump(mode="json") for r in results])
        assert corroborate_json(store, incident=iid, min_reliability=rel) == expected
        assert corroborate_json(store, iid, min_reliability=rel) == expected  # a ref to it
        with pytest.raises(NotFoundError):
            corroborate_json(store, "no-such-claim")


@pytest.mark.parametrize(
    "value",
    [
        {"a": [], "b": {}, "c": [[]], "d": None, "e": True, "n": -3},
        {"text": 'é ع 日 \u2028 \x7f \x00 \x1f \t\n"\\ 😀'},
    ],
)
def test_json_bytes_are_the_json_modules(value: object) -> None:
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    indented = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    assert compact_json(value) == compact.encode()
    assert indented_json(value) == indented.encode()


def test_text_that_is_not_unicode_fails_as_writing_the_json_modules_text_did() -> None:
    value = {"lone": "\ud800"}
    with pytest.raises(UnicodeEncodeError):
        json.dumps(value, ensure_ascii=False).encode()
    with pytest.raises(UnicodeEncodeError):
        compact_json(value)
    with pytest.raises(UnicodeEncodeError):
        indented_json(value)
