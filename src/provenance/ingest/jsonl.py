"""Ingesting a JSON Lines export (``provenance export --format jsonl``) back: the round trip.

Each line of the export is one node (``{"kind": "node", "id", "label", "data", "hash"}``)
or one edge (``{"kind": "edge", "src", "rel", "dst", "props"}``). A node's ``data`` is the
stored item with its fields' origins (:data:`provenance.store.ORIGINS`): every node is
checked by its model again, and its content hash, recomputed from the checked data, must
equal the line's ``hash`` (a line without ``hash``, as a witness's, takes the recomputed
one). The edges an item owns follow from its data: the file's edges must be exactly those,
so nothing in the file is left out silently. ``JUDGED`` edges (analysts' duplicate
judgements) are recorded again with :meth:`~provenance.store.Store.judge` after the nodes,
and outlet judgement lines with :meth:`~provenance.store.Store.judge_outlets`;
they get the time and audit event of the new store (the store has no way to write a
judgement with its original time).

The nodes are whole items, origins included, so an item already stored with another
content is refused (:class:`~provenance.errors.ConflictError`) unless ``replace`` (``ingest
--replace``) asks to put the file's version in its place; identical items are unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from provenance.errors import ConflictError, InputError, UsageError, expected_text
from provenance.judgements import (
    OUTLET_JUDGEMENT_KIND,
    OUTLET_VERDICTS,
    OutletDecision,
    OutletJudgement,
    check_outlet_verdict,
)
from provenance.store import (
    NODE_LABELS,
    RELATIONSHIPS,
    Batch,
    IngestReport,
    restored_row,
)
from provenance.vocab import JUDGEMENTS, JudgementValue
from provenance.wording import plural

if TYPE_CHECKING:
    from provenance.store import Store

SUFFIXES = (".jsonl", ".ndjson")
"""File names read as JSON Lines exports whatever their first line."""

EdgeKey = tuple[str, str, str, str]
"""An edge as compared: source, relationship, destination, properties as sorted JSON."""


def is_jsonl(path: Path) -> bool:
    """Whether ``path`` is a JSON Lines export: by its suffix, or (a ``.json`` file) by its
    first line being a node or edge line."""
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return True
    if suffix != ".json" or not path.is_file():
        return False
    with path.open("rb") as f:
        first = f.readline(1 << 20)
    try:
        row = json.loads(first)
    except ValueError:
        return False
    return isinstance(row, dict) and row.get("kind") in ("node", "edge")


@dataclass(frozen=True)
class JudgementLine:
    """A ``JUDGED`` edge of the file: a duplicate judgement to record again."""

    a: str
    b: str
    judgement: JudgementValue
    actor: str
    reason: str


@dataclass
class JsonlInput:
    """JSON Lines exports read and checked: the batch of their nodes, and their judgements."""

    batch: Batch = field(default_factory=Batch)
    judgements: list[JudgementLine] = field(default_factory=list)
    outlet_judgements: list[OutletJudgement] = field(default_factory=list)
    edges: set[EdgeKey] = field(default_factory=set)
    """The file's edges other than ``JUDGED`` (checked against the nodes' own)."""


def edge_key(src: str, rel: str, dst: str, props: Any) -> EdgeKey:
    """The comparable form of an edge."""
    return (src, rel, dst, json.dumps(props or {}, sort_keys=True, ensure_ascii=False))


def node_row(label: str, data: dict[str, Any], where: str, given_hash: Any) -> Any:
    """The batch row and owned edges of a node line, checked by its model and its hash."""
    if label not in NODE_LABELS:
        raise InputError(f"{where}: unknown label {label!r}", f"use one of {list(NODE_LABELS)}")
    try:
        row, edges = restored_row(label, data, None)  # checked by the model, origins kept
    except ValidationError as exc:
        err = exc.errors()[0]
        hint = "correct the field"
        if label == "Witness" and err["type"] == "extra_forbidden":
            hint = "witness identities never enter the graph: export without them"
        loc = ".".join(map(str, err["loc"]))
        raise InputError(f"{where}: field {loc!r}: {expected_text(err)}", hint) from None
    if row.data != data or (given_hash is not None and given_hash != row.hash):
        raise InputError(
            f"{where}: the data does not give the item's hash {given_hash}"
            + ("" if row.data == data else " (the model changes it)"),
            "ingest the export as written; to ingest edited data, drop its `hash`",
        )
    return row, edges


def read_line(found: JsonlInput, row: Any, where: str) -> None:
    """Add one parsed line to ``found``."""
    if not isinstance(row, dict) or row.get("kind") not in LINE_KINDS:
        raise InputError(
            f"{where}: not a node, edge or outlet judgement line",
            f'each line has "kind": {", ".join(LINE_KINDS)}',
        )
    try:
        if row["kind"] == OUTLET_JUDGEMENT_KIND:
            found.outlet_judgements.append(outlet_judgement(row, where))
            return
        if row["kind"] == "node":
            item, edges = node_row(row["label"], dict(row["data"]), where, row.get("hash"))
            found.batch.add_row(item, edges, f"{where} (id {item.id!r})")
            return
        src, rel, dst, props = row["src"], row["rel"], row["dst"], row.get("props") or {}
    except (KeyError, TypeError) as exc:
        raise InputError(
            f"{where}: missing or malformed {exc}", "ingest the export as written"
        ) from None
    if rel not in RELATIONSHIPS:
        raise InputError(f"{where}: unknown relationship {rel!r}", f"use one of {RELATIONSHIPS}")
    if rel == "JUDGED":
        if props.get("judgement") not in JUDGEMENTS:
            raise InputError(f"{where}: unknown judgement", f"use one of {list(JUDGEMENTS)}")
        found.judgements.append(
            JudgementLine(src, dst, props["judgement"], props["actor"], props["reason"])
        )
    else:
        found.edges.add(edge_key(src, rel, dst, props))


LINE_KINDS = ("node", "edge", OUTLET_JUDGEMENT_KIND)
"""The kinds of line of a JSON Lines export."""


def outlet_judgement(row: dict[str, Any], where: str) -> OutletJudgement:
    """An outlet judgement line, checked."""
    props = {k: v for k, v in row.items() if k not in ("kind", "a", "b")}
    if props.get("verdict") not in OUTLET_VERDICTS:
        raise InputError(f"{where}: unknown verdict", f"use one of {list(OUTLET_VERDICTS)}")
    return OutletJudgement.from_props(str(row["a"]), str(row["b"]), props)


def load_jsonl(paths: Sequence[Path]) -> JsonlInput:
    """Read and check JSON Lines exports (all of ``paths`` must be; see :func:`is_jsonl`)."""
    found = JsonlInput()
    for path in paths:
        if not is_jsonl(path):
            raise UsageError(
                f"{path} is not a JSON Lines export, and other files given are",
                "ingest JSON Lines exports and case files in separate commands",
            )
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"{path}: cannot read: {exc}", "check the path; save as UTF-8"
            ) from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise InputError(
                    f"{path}:{n}: not JSON: {exc}", "one JSON object per line"
                ) from None
            read_line(found, row, f"{path}:{n}")
    owned = {edge_key(e.src, e.rel, e.dst, e.props) for e in found.batch.edges}
    odd = sorted(found.edges ^ owned)
    if odd:
        src, rel, dst, _ = odd[0]
        side = "in the file but not in its nodes" if odd[0] in found.edges else "missing"
        raise InputError(
            f"{plural(len(odd), 'edge')} {'does' if len(odd) == 1 else 'do'} not match the nodes'"
            f" references, e.g. ({src})-[{rel}]->"
            f"({dst}) is {side}",
            "ingest the export as written: edges follow from the nodes' fields",
        )
    return found


def ingest_jsonl(
    store: Store, found: JsonlInput, *, replace_items: bool, actor: str, reason: str | None
) -> tuple[IngestReport, int]:
    """Write ``found`` into ``store``: its nodes in one ingest, then each judgement the
    store does not hold yet. Returns the ingest's report and the judgements recorded.

    Raises :class:`ConflictError` when an item is stored with another content, unless
    ``replace_items``.
    """
    batch = found.batch
    if not replace_items:
        stored = store.stored_versions([r.id for r in batch.nodes])
        other = [r.id for r in batch.nodes if r.id in stored and stored[r.id][1] != r.hash]
        if other:
            raise ConflictError(
                f"{plural(len(other), 'item')} of the export {'is' if len(other) == 1 else 'are'}"
                " stored with another content:"
                f" {', '.join(other[:5])}{' …' if len(other) > 5 else ''}",
                "give --replace to put the export's version in their place",
                where=batch.where[other[0]],
            )
    batch.replace = True  # whole items with their origins: nothing to merge
    report = store.ingest(batch, actor=actor, reason=reason)
    held = {(j.a, j.b): (j.judgement, j.actor, j.reason) for j in store.judgements()}
    judged = 0
    for j in found.judgements:
        if held.get((j.a, j.b)) == (j.judgement, j.actor, j.reason):
            continue
        store.judge(j.a, j.b, j.judgement, actor=j.actor, reason=j.reason)
        judged += 1
    return report, judged + restore_outlet_judgements(store, found.outlet_judgements)


def restore_outlet_judgements(store: Store, judgements: Sequence[OutletJudgement]) -> int:
    """Record again each outlet judgement ``store`` does not hold (its organisations came
    with the nodes, so nothing else changes); returns how many were recorded."""
    held = {(j.a, j.b): (j.verdict, j.actor, j.reason) for j in store.outlet_judgements()}
    recorded = 0
    for j in judgements:
        if held.get((j.a, j.b)) == (j.verdict, j.actor, j.reason):
            continue
        decided = OutletDecision(
            j.a,
            j.b,
            check_outlet_verdict(j.verdict),
            None,
            j.organisation,
            j.added,
            j.removed,
            j.created,
        )
        store.judge_outlets(already(decided), actor=j.actor, reason=j.reason)
        recorded += 1
    return recorded


def already(decision: OutletDecision) -> Callable[[Store], OutletDecision]:
    """A ``decide`` for :meth:`~provenance.store.Store.judge_outlets` that returns
    ``decision`` as it was made (the store's organisations already hold its effect)."""

    def decide(_store: Store) -> OutletDecision:
        return decision

    return decide
