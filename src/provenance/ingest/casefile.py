"""Reading case files (``format: provenance-case/1``, JSON or YAML) into validated batches.

Errors name the file, the line (where the parser gives one), the item (``sources[3]`` with
its id), the field and what was expected. Files over
:func:`~provenance.settings.max_case_bytes` (env ``PROVENANCE_MAX_CASE_BYTES``) are refused
before reading (bounded memory); use several files or a CSV profile for larger inputs.
"""

from __future__ import annotations

import json
import reprlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from provenance.errors import InputError
from provenance.model import CASE_FORMAT, CaseFile
from provenance.settings import max_case_bytes
from provenance.store import Batch, batch_from_case

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """A safe YAML loader that refuses duplicate keys (instead of keeping the last) and
    aliases (``*name``: a few lines of nested aliases expand to gigabytes)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "YAML aliases (*name) are not allowed in case files", node.start_mark
            )
        return super().construct_object(node, deep=deep)


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[tuple[str, Any]] = set()
    for key_node, _ in node.value:
        key = (
            key_node.tag,
            key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node),
        )
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key[1]!r} (line {line})", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads`` hook: build an object, refusing a repeated key."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _duplicate_line(text: str) -> int | None:
    """The line of the first repeated key, found by the strict YAML loader (JSON is YAML)."""
    try:
        yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        if exc.problem_mark is not None and "duplicate key" in str(exc.problem):
            return int(exc.problem_mark.line) + 1
    except yaml.YAMLError:
        pass
    return None


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
        try:
            return json.loads(text, object_pairs_hook=_unique_pairs)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}", "fix the JSON syntax"
            ) from None
        except _DuplicateKeyError as exc:
            at = _duplicate_line(text)
            raise InputError(
                f"{path}{f':{at}' if at else ''}: malformed JSON: duplicate key {exc.key!r}",
                "give each key once per object (JSON parsers disagree on which value wins)",
            ) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{where}: malformed YAML: {problem}", "fix the YAML syntax") from None


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


def _line_of(text: str, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the value at ``loc``, found by composing the YAML/JSON node tree."""
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == part]
            if not match:
                key = [k for k, _ in node.value if k.value == part]
                return key[0].start_mark.line + 1 if key else line
            node = match[0]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def validation_message(path: Path, doc: Any, error: ValidationError, limit: int = 5) -> str:
    """One line per problem: ``file:line: item, field 'x': what was expected``."""
    text: str | None = None
    lines = []
    for err in error.errors()[:limit]:
        loc = err["loc"]
        item, depth = _item_at(doc, loc)
        fld = _loc_text(loc[depth:]).lstrip(".") or _loc_text(loc)
        if text is None and path.stat().st_size < 16 * 1024 * 1024:
            text = path.read_text("utf-8-sig")
        line = _line_of(text, loc) if text is not None else None
        where = f"{path}:{line}" if line else str(path)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field (not part of provenance-case/1)"
            if loc[:1] == ("witnesses",):
                msg += "; witness identities never enter the graph: keep only id and role"
        elif err["type"] not in ("missing",) and "input" in err:
            shown = reprlib.repr(err["input"])  # bounded, whatever the input
            msg += f" (got {shown[:80]}{'…' if len(shown) > 80 else ''})"
        prefix = f"{item}, " if item else ""
        lines.append(f"{where}: {prefix}field {fld!r}: {msg}")
    more = error.error_count() - limit
    if more > 0:
        lines.append(f"… and {more} more problem(s)")
    return "\n".join(lines)


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
    try:
        return CaseFile.model_validate(doc)
    except ValidationError as exc:
        raise InputError(
            validation_message(path, doc, exc), "correct the fields named above"
        ) from None


def load_batch(paths: Sequence[Path]) -> Batch:
    """Read every case file into one batch (ingested all-or-nothing).

    An id given in two files must have the same content in both.
    """
    batch = Batch()
    for path in paths:
        batch.merge(batch_from_case(load_case_file(path), str(path)))
    return batch
