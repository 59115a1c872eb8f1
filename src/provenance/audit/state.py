"""Check the graph itself against the audit log.

The hash chain and the Merkle tree prove what the log says; this module checks that the
graph still says the same: every node's stored fields hash to its stored content hash, that
hash is the one the log last recorded for the node, every node the log created still exists,
every relationship is exactly what its owner's fields define and is owned by it (the
owner decides which edges an update replaces), and every ``JUDGED``
relationship is the latest judgement the log recorded for its pair. An edit made to the
database behind the tool's back — a casualty range changed in place, a citation removed, a
judgement deleted — is reported by item id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from provenance.audit.events import Problem, describe, event_ref
from provenance.canonical import content_hash
from provenance.store import (
    JUDGEMENT_OWNER,
    NODE_LABELS,
    RELATIONSHIPS,
    model_from_row,
    node_and_edges,
)

if TYPE_CHECKING:
    from provenance.store import Store, StoredItem

_CONTENT_CHANGES = ("created", "updated")


def verify_state(store: Store, *, limit: int = 50) -> list[Problem]:
    """Problems found comparing the graph with the log (at most ``limit`` are listed),
    each naming the event it concerns (id, action, time, what it says)."""
    problems: list[Problem] = []
    for problem in _problems(store):
        problems.append(problem)
        if len(problems) >= limit:
            problems.append(Problem(None, "state", f"… stopped after {limit} problems"))
            break
    return _with_events(store, problems)


def _with_events(store: Store, problems: list[Problem]) -> list[Problem]:
    """``problems``, each at an event and naming none yet given that event's reference."""
    seqs = {p.seq for p in problems if p.seq is not None and not p.events}
    if not seqs:
        return problems
    bodies = {e.seq: _decoded(e.body) for e in store.audit_events_by_seq(seqs)}
    out: list[Problem] = []
    for p in problems:
        if p.seq is None or p.events:
            out.append(p)
            continue
        ref = event_ref(p.seq, bodies.get(p.seq))
        out.append(replace(p, message=f"{p.message} — {describe(ref)}", events=(ref,)))
    return out


def _problems(store: Store) -> Iterator[Problem]:
    recorded: dict[str, tuple[int, str]] = {}
    for row in store.iter_audit_items():
        if row.change in _CONTENT_CHANGES:
            recorded[row.item_id] = (row.seq, row.hash)
    expected: dict[tuple[str, str, str], tuple[str, str]] = {}
    seen: set[str] = set()
    for label in NODE_LABELS:
        for item in store.iter_items(label):
            seen.add(item.id)
            yield from _item_problems(label, item, recorded.get(item.id))
            try:
                model = model_from_row(label, item.data)
            except ValueError:
                yield Problem(
                    None, "state", f"{label} {item.id!r}: its stored fields are not valid"
                )
                continue
            _, edges = node_and_edges(model, incident=item.data.get("incident"))
            expected.update(((e.src, e.rel, e.dst), (e.owner, _props(e.props))) for e in edges)
    for item_id, (seq, _) in recorded.items():
        if item_id not in seen:
            yield Problem(
                seq, "state", f"{item_id!r} was recorded by event {seq} but is gone from the graph"
            )
    yield from _edge_problems(store, expected)
    yield from _judgement_problems(store)


def _item_problems(label: str, item: StoredItem, log: tuple[int, str] | None) -> Iterator[Problem]:
    """An item whose fields no longer match its hash, or its hash the log's."""
    actual = content_hash(item.data)
    if actual != item.hash:
        yield Problem(
            None,
            "state",
            f"{label} {item.id!r}: its stored fields no longer match its stored hash"
            " (edited in the database, outside the tool)",
        )
    if log is None:
        yield Problem(None, "state", f"{label} {item.id!r} is in the graph but no event created it")
    elif log[1] != actual:
        yield Problem(
            log[0], "state", f"{label} {item.id!r} differs from what event {log[0]} recorded for it"
        )


def _edge_problems(
    store: Store, expected: dict[tuple[str, str, str], tuple[str, str]]
) -> Iterator[Problem]:
    """Stored relationships against those their owners' fields define (``expected``, by
    ``(src, rel, dst)``: owner and properties): added, missing, or with another owner.

    The owner decides which edges an update of an item replaces: an edge whose owner was
    changed would stay behind, stale, when its real owner changes.
    """
    extra: list[tuple[str, str, str]] = []
    changed: list[Problem] = []
    rels = [r for r in RELATIONSHIPS if r != "JUDGED"]
    for row in store.iter_edge_rows(rels):
        key = (row.src, row.rel, row.dst)
        want = expected.get(key)
        if want is None or want[1] != _props(row.props):
            extra.append(key)
            continue
        del expected[key]
        if want[0] != row.owner:
            changed.append(_owner_problem(f"relationship {_edge(key)}", row.owner, repr(want[0])))
    for row in store.iter_edge_rows(["JUDGED"]):
        if row.owner != JUDGEMENT_OWNER:
            what = f"judgement {row.src} ~ {row.dst} ({_edge((row.src, row.rel, row.dst))})"
            changed.append(_owner_problem(what, row.owner, f"{JUDGEMENT_OWNER!r}, no item"))
    for key in sorted(extra):
        yield Problem(None, "state", f"relationship {_edge(key)} was not recorded by its owner")
    for key in sorted(expected):
        yield Problem(None, "state", f"relationship {_edge(key)} is missing from the graph")
    yield from changed


def _owner_problem(what: str, owner: str, want: str) -> Problem:
    return Problem(
        None,
        "state",
        f"{what}: its owner was changed to {owner!r}, but {want} owns it (edited in the"
        " database, outside the tool: an update of its real owner would leave it behind)",
    )


def _edge(key: tuple[str, str, str]) -> str:
    src, rel, dst = key
    return f"{src} -{rel}-> {dst}"


def _judgement_problems(store: Store) -> Iterator[Problem]:
    """Each judged pair whose judgement in the graph is not the latest the log recorded,
    naming the event each points to and what it says."""
    stored = {(j.a, j.b): (j.seq, j.judgement) for j in store.judgements()}
    cited = {seq for seq, _ in stored.values()}
    latest: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    bodies: dict[int, Any] = {}
    for event in store.audit_events():
        is_judge = b'"action":"judge"' in event.body
        if not is_judge and event.seq not in cited:
            continue
        obj = _decoded(event.body)
        if event.seq in cited:
            bodies[event.seq] = obj
        summary = obj.get("summary") if is_judge and isinstance(obj, dict) else None
        if isinstance(summary, dict):
            latest[(str(summary.get("a")), str(summary.get("b")))] = (event.seq, obj)
    for pair in sorted(latest.keys() | stored.keys()):
        log, have = latest.get(pair), stored.get(pair)
        want = (log[0], str(log[1]["summary"].get("judgement"))) if log else None
        if want != have:
            refs = []
            if have is not None:
                refs.append(event_ref(have[0], bodies.get(have[0])))
            if log is not None:
                refs.append(event_ref(*log))
            yield Problem(
                want[0] if want else None,
                "state",
                f"judgement {pair[0]} ~ {pair[1]}: the graph holds {have[1] if have else 'none'},"
                f" the log recorded {want[1] if want else 'none'}" + _pointers(have, log, refs),
                tuple(refs),
            )


def _pointers(have: object, log: object, refs: list[dict[str, Any]]) -> str:
    """`` — the graph's judgement cites <event>; the log's latest … is <event>``."""
    parts = []
    if have is not None:
        parts.append(f"the graph's judgement cites {describe(refs[0])}")
    if log is not None:
        parts.append(f"the log's latest judgement of the pair is {describe(refs[-1])}")
    return " — " + "; ".join(parts)


def _decoded(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _props(props: dict[str, Any]) -> str:
    return json.dumps(props, sort_keys=True, separators=(",", ":"))
