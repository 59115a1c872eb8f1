"""``Store.iter_fields`` on every backend (SQLite and the Bolt server).

The reference is :meth:`Store.iter_items`: the same ids in id order, each with the values of
the asked top-level fields as decoded JSON (``None`` where absent).
"""

from __future__ import annotations

from typing import Any

import pytest
from casedata import batch, example

from provenance.errors import ProvenanceError
from provenance.store import Store

FIELD_SETS = [
    ("Source", ["publisher", "author", "reliability", "cites", "quotes"]),
    ("Source", ["cites"]),
    ("Source", ["title", "id"]),
    ("Claim", ["incident", "belligerent", "supported_by", "contradicted_by"]),
    ("Claim", ["civilians_killed"]),
    ("Statement", ["issuer", "assessments"]),
    ("Organisation", ["part_of"]),
    ("Incident", ["grade"]),
    ("Witness", ["id"]),
]


def expected(store: Any, label: str, fields: list[str]) -> list[tuple[str, tuple[Any, ...]]]:
    return [(i.id, tuple(i.data.get(f) for f in fields)) for i in store.iter_items(label)]


@pytest.mark.parametrize(("label", "fields"), FIELD_SETS)
def test_iter_fields_matches_iter_items(store: Any, label: str, fields: list[str]) -> None:
    store.ingest(example(), actor="a")
    want = expected(store, label, fields)
    assert want, f"the example has no {label}"
    assert list(store.iter_fields(label, fields)) == want
    assert list(store.iter_fields(label, fields, batch_size=2)) == want
    # the contract's default (built on iter_items) agrees with the backend's own
    assert list(Store.iter_fields(store, label, fields)) == want


def test_iter_fields_keeps_json_looking_text_as_text(store: Any) -> None:
    tricky = batch(
        sources=[
            {"id": "s-b", "kind": "news", "title": '["not", "a list"]', "author": "{}"},
            {"id": "s-a", "kind": "news", "title": 'Ἀθῆναι "quoted" \\ tab\t', "cites": ["s-b"]},
        ]
    )
    store.ingest(tricky, actor="a")
    got = list(store.iter_fields("Source", ["title", "author", "cites", "reliability"]))
    assert got == [
        ("s-a", ('Ἀθῆναι "quoted" \\ tab\t', None, ["s-b"], None)),
        ("s-b", ('["not", "a list"]', "{}", [], None)),
    ]
    assert list(store.iter_fields("Source", ["title"])) == [
        ("s-a", ('Ἀθῆναι "quoted" \\ tab\t',)),
        ("s-b", ('["not", "a list"]',)),
    ]


def test_iter_fields_on_an_empty_store(store: Any) -> None:
    store.init()
    assert list(store.iter_fields("Source", ["cites"])) == []


@pytest.mark.parametrize(
    ("label", "fields"),
    [
        ("Source", ["nope"]),
        ("Source", ["title') OR 1=1 --"]),
        ("Source", ["cites[0]"]),
        ("Source", []),
        ("Source", ["incident"]),  # only a claim stores its incident
        ("Nope", ["id"]),
    ],
)
def test_iter_fields_rejects_unknown_names(store: Any, label: str, fields: list[str]) -> None:
    store.ingest(example(), actor="a")
    with pytest.raises(ProvenanceError):
        list(store.iter_fields(label, fields))
