"""Reading case files (``format: provenance-case/1``, JSON or YAML) into validated batches.

Errors name the file, the line (where the parser gives one), the item (``sources[3]`` with
its id), the field and what was expected. Files over
:func:`~provenance.settings.max_case_bytes` (env ``PROVENANCE_MAX_CASE_BYTES``) are refused
before reading (bounded memory); use several files or a CSV profile for larger inputs.
"""

from __future__ import annotations

import reprlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from provenance.errors import InputError, expected_text
from provenance.ingest.documents import parse_json, parse_yaml, value_lines
from provenance.model import CASE_FORMAT, CaseFile, Model
from provenance.settings import max_case_bytes
from provenance.store import Batch, batch_from_case
from provenance.wording import plural


def read_document(path: Path) -> Any:
    """Parse ``path`` as JSON (``.json``) or YAML; raise :class:`InputError` on any problem."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", "check the path") from None
    except OSError as exc:
        raise InputError(
            f"{path}: cannot read ({exc.strerror})", "check the path and permissions"
        ) from None
    if path.is_dir():
        raise InputError(f"{path}: is a directory", "give case files (.yaml, .yml or .json)")
    limit = max_case_bytes()
    if size > limit:
        raise InputError(
            f"{path}: {size:,} bytes is larger than the {limit:,}-byte limit for one case file",
            "split it into several files ingested together, or raise PROVENANCE_MAX_CASE_BYTES",
        )
    if size == 0:
        raise InputError(
            f"{path}: the file is empty", f"a case file starts with `format: {CASE_FORMAT}`"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})",
            "save the file as UTF-8",
        ) from None
    if path.suffix.lower() == ".json":
        return parse_json(text, str(path))
    return parse_yaml(text, str(path))


def _loc_text(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _item_at(doc: Any, loc: Sequence[int | str]) -> tuple[str, int]:
    """The item path (``incidents[2].claims[0] (id 'c1')``) owning a field and its depth."""
    best, depth, node = "", 0, doc
    for i, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, dict) and "id" in node:
            best, depth = f"{_loc_text(loc[: i + 1])} (id {node['id']!r})", i + 1
    return best, depth


MAX_PROBLEMS = 50
"""Checking a case file stops after this many problems: a file of a million bad items is
reported in seconds (the first problems, and that there are more), not re-read per problem."""

SHOWN_PROBLEMS = 5
"""Problems shown in the error message; the rest are counted."""

SECTIONS: dict[str, type[Model]] = {
    name: get_args(info.annotation)[0]
    for name, info in CaseFile.model_fields.items()
    if get_origin(info.annotation) is list
}
"""The case file's lists (``sources``, ``witnesses``, …) and the model of their items."""


@dataclass
class Problems:
    """Validation errors found in one case file (``loc`` from the top of the document)."""

    errors: list[ErrorDetails] = field(default_factory=list)
    complete: bool = True
    """False when checking stopped at :data:`MAX_PROBLEMS` with items left unchecked."""

    def take(self, errors: list[ErrorDetails], prefix: tuple[int | str, ...] = ()) -> None:
        room = MAX_PROBLEMS - len(self.errors)
        if len(errors) > room:
            self.complete = False
        self.errors.extend({**e, "loc": (*prefix, *e["loc"])} for e in errors[:room])

    @property
    def full(self) -> bool:
        return len(self.errors) >= MAX_PROBLEMS


def validate_case(path: Path, doc: dict[str, Any]) -> CaseFile:
    """Validate a parsed case file item by item, stopping at :data:`MAX_PROBLEMS` problems;
    :class:`InputError` lists the first ones with their file, line, item and field."""
    problems = Problems()
    head = {k: [] if k in SECTIONS and isinstance(v, list) else v for k, v in doc.items()}
    try:
        CaseFile.model_validate(head)
    except ValidationError as exc:
        problems.take(exc.errors())
    made: dict[str, list[Model]] = {}
    for section, model in SECTIONS.items():
        items = doc.get(section)
        if not isinstance(items, list):
            continue
        made[section] = []
        for i, item in enumerate(items):
            if problems.full:
                problems.complete = False
                break
            try:
                made[section].append(model.model_validate(item))
            except ValidationError as exc:
                problems.take(exc.errors(), (section, i))
    if problems.errors:
        raise InputError(problems_message(path, doc, problems), "correct the fields named above")
    return CaseFile.model_validate({**head, **made})  # validated items are taken as they are


def problems_message(path: Path, doc: Any, problems: Problems) -> str:
    """One line per problem shown: ``file:line: item, field 'x': what was expected``, then
    how many more there are."""
    shown = problems.errors[:SHOWN_PROBLEMS]
    lines_at = value_lines(path.read_text("utf-8-sig"), [tuple(e["loc"]) for e in shown])
    lines = []
    for err in shown:
        loc = tuple(err["loc"])
        item, depth = _item_at(doc, loc)
        fld = _loc_text(loc[depth:]).lstrip(".") or _loc_text(loc)
        line = lines_at.get(loc)
        where = f"{path}:{line}" if line else str(path)
        prefix = f"{item}, " if item else ""
        lines.append(f"{where}: {prefix}field {fld!r}: {_what(err)}")
    more = len(problems.errors) - len(shown)
    if not problems.complete:
        lines.append(
            f"… and {plural(more, 'more problem')} among the first {MAX_PROBLEMS};"
            " checking stopped there (fix these and run again)"
        )
    elif more > 0:
        lines.append(f"… and {plural(more, 'more problem')}")
    return "\n".join(lines)


def _what(err: ErrorDetails) -> str:
    """What was expected, with the value given (bounded)."""
    loc, msg = err["loc"], expected_text(err)
    if err["type"] == "extra_forbidden":
        msg = "unknown field (not part of provenance-case/1)"
        if loc[:1] == ("witnesses",):
            msg += "; witness identities never enter the graph: keep only id and role"
    elif err["type"] not in ("missing",) and "input" in err:
        shown = reprlib.repr(err["input"])  # bounded, whatever the input
        msg += f" (got {shown[:80]}{'…' if len(shown) > 80 else ''})"
    return msg


def load_case_file(path: Path) -> CaseFile:
    """Read and validate one case file."""
    doc = read_document(path)
    if doc is None:  # only comments or blank lines
        raise InputError(
            f"{path}: the file is empty (no data, only comments or blank lines)",
            f"a case file starts with `format: {CASE_FORMAT}`",
        )
    if not isinstance(doc, dict):
        raise InputError(
            f"{path}: the top level is a {type(doc).__name__}, expected a mapping",
            f"a case file starts with `format: {CASE_FORMAT}`",
        )
    if doc.get("format") != CASE_FORMAT:
        raise InputError(
            f"{path}: field 'format' is {doc.get('format')!r}, expected {CASE_FORMAT!r}",
            f"add `format: {CASE_FORMAT}` at the top, or use --profile for CSV exports",
        )
    return validate_case(path, doc)


def load_batch(paths: Sequence[Path]) -> Batch:
    """Read every case file into one batch (ingested all-or-nothing).

    An id given in two files must have the same content in both.
    """
    batch = Batch()
    for path in paths:
        batch.merge(batch_from_case(load_case_file(path), str(path)))
    return batch
