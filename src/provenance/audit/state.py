"""Check the graph itself against the audit log.

The hash chain and the Merkle tree prove what the log says; this module checks that the
graph still says the same: every node's stored fields hash to its stored content hash, that
hash is the one the log last recorded for the node, every node the log created still exists,
every relationship is exactly what its owner's fields define, and every ``JUDGED``
relationship is the latest judgement the log recorded for its pair. An edit made to the
database behind the tool's back — a casualty range changed in place, a citation removed, a
judgement deleted — is reported by item id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from provenance.audit.events import Problem
from provenance.canonical import content_hash
from provenance.store import NODE_LABELS, RELATIONSHIPS, model_from_row, node_and_edges

if TYPE_CHECKING:
    from provenance.store import Store

_CONTENT_CHANGES = ("created", "updated")


def verify_state(store: Store, *, limit: int = 50) -> list[Problem]:
    """Problems found comparing the graph with the log (at most ``limit`` are listed)."""
    problems: list[Problem] = []
    for problem in _problems(store):
        problems.append(problem)
        if len(problems) >= limit:
            problems.append(Problem(None, "state", f"… stopped after {limit} problems"))
            break
    return problems


def _problems(store: Store) -> Iterator[Problem]:
    recorded: dict[str, tuple[int, str]] = {}
    for row in store.iter_audit_items():
        if row.change in _CONTENT_CHANGES:
            recorded[row.item_id] = (row.seq, row.hash)
    expected: set[tuple[str, str, str, str]] = set()
    seen: set[str] = set()
    for label in NODE_LABELS:
        for item in store.iter_items(label):
            seen.add(item.id)
            actual = content_hash(item.data)
            if actual != item.hash:
                yield Problem(
                    None,
                    "state",
                    f"{label} {item.id!r}: its stored fields no longer match its stored hash"
                    " (edited in the database, outside the tool)",
                )
            log = recorded.get(item.id)
            if log is None:
                yield Problem(
                    None, "state", f"{label} {item.id!r} is in the graph but no event created it"
                )
            elif log[1] != actual:
                yield Problem(
                    log[0],
                    "state",
                    f"{label} {item.id!r} differs from what event {log[0]} recorded for it",
                )
            try:
                model = model_from_row(label, item.data)
            except ValueError:
                yield Problem(
                    None, "state", f"{label} {item.id!r}: its stored fields are not valid"
                )
                continue
            _, edges = node_and_edges(model, incident=item.data.get("incident"))
            expected.update((e.src, e.rel, e.dst, _props(e.props)) for e in edges)
    for item_id, (seq, _) in recorded.items():
        if item_id not in seen:
            yield Problem(
                seq, "state", f"{item_id!r} was recorded by event {seq} but is gone from the graph"
            )
    rels = [r for r in RELATIONSHIPS if r != "JUDGED"]
    stored = {(e.src, e.rel, e.dst, _props(e.props)) for e in store.iter_edges(rels)}
    for src, rel, dst, _ in sorted(stored - expected):
        yield Problem(
            None, "state", f"relationship {src} -{rel}-> {dst} was not recorded by its owner"
        )
    for src, rel, dst, _ in sorted(expected - stored):
        yield Problem(None, "state", f"relationship {src} -{rel}-> {dst} is missing from the graph")
    yield from _judgement_problems(store)


def _judgement_problems(store: Store) -> Iterator[Problem]:
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    for event in store.audit_events():
        if b'"action":"judge"' not in event.body:
            continue
        summary: dict[str, Any] = json.loads(event.body).get("summary", {})
        pair = (str(summary.get("a")), str(summary.get("b")))
        latest[pair] = (event.seq, str(summary.get("judgement")))
    stored = {(j.a, j.b): (j.seq, j.judgement) for j in store.judgements()}
    for pair in sorted(latest.keys() | stored.keys()):
        want, have = latest.get(pair), stored.get(pair)
        if want != have:
            yield Problem(
                want[0] if want else None,
                "state",
                f"judgement {pair[0]} ~ {pair[1]}: the graph holds {have[1] if have else 'none'},"
                f" the log recorded {want[1] if want else 'none'}",
            )


def _props(props: dict[str, Any]) -> str:
    return json.dumps(props, sort_keys=True, separators=(",", ":"))
