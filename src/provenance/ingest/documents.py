"""Parsing YAML and JSON documents given by users: case files, mapping files, JSON exports.

One YAML loader, :class:`StrictLoader`, reads every YAML file the tool is given. It follows
the YAML 1.2 core schema: only ``true``/``false`` are booleans (``country: NO`` is Norway,
not ``False``), no sexagesimal numbers, no timestamps (an unquoted ``2017-02-30`` is the
string the model then refuses, naming the field), and explicit tags beyond the core ones are
refused. It also refuses aliases (``*name``: a few lines of nested aliases expand to
gigabytes) and a key given twice in one mapping (instead of keeping the last). libyaml bounds
the nesting depth (1,000 levels); JSON nesting deeper than the interpreter can parse is an
:class:`~provenance.errors.InputError` too.

:func:`value_lines` finds the line of a value (``("sources", 3, "kind")``) by streaming the
parser's events, and stops as soon as every value asked for has been seen.

>>> parse_yaml("country: NO\\nday: 2017-02-30\\nn: 017\\n", "x.yaml")
{'country': 'NO', 'day': '2017-02-30', 'n': 17}
>>> value_lines("a:\\n  - x\\n  - {b: 1}\\n", [("a", 1, "b"), ("a", 1, "c")])
{('a', 1, 'b'): 3, ('a', 1, 'c'): 3}
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

import yaml

from provenance.errors import InputError

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[int | str, ...]

_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_CORE_RESOLVERS = (
    ("null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    ("bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    ("int", _INT, list("-+0123456789")),
    ("float", _FLOAT, list("-+.0123456789")),
)


def _error(node: yaml.Node, problem: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


class StrictLoader(_Base):  # type: ignore[misc,valid-type]
    """The one YAML loader: YAML 1.2 core schema, no aliases, no repeated keys, core tags
    only (see the module docstring)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, re.Pattern[str]]]]] = {}
    yaml_constructors: ClassVar[dict[Any, Callable[..., Any]]] = {}

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _error(node, "YAML aliases (*name) are not allowed")
        return super().construct_object(node, deep=deep)


for _name, _pattern, _first in _CORE_RESOLVERS:
    StrictLoader.add_implicit_resolver(_TAG + _name, _pattern, _first)


def _int(loader: StrictLoader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    if not _INT.match(text):
        raise _error(node, f"{text[:40]!r} is not an integer")
    try:
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text)
    except ValueError:  # more digits than Python converts
        raise _error(node, f"an integer of {len(text):,} digits is too long") from None


def _float(loader: StrictLoader, node: yaml.ScalarNode) -> float:
    text = str(node.value)
    if not _FLOAT.match(text):
        raise _error(node, f"{text[:40]!r} is not a number")
    low = text.lower()
    if low.endswith((".inf", ".nan")):
        return float(low.replace(".", ""))
    return float(text)


def _mapping(loader: StrictLoader, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
    """A mapping, built after its first use (no recursion), refusing repeated keys."""
    data: dict[Any, Any] = {}
    yield data
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        try:
            repeated = key in data
        except TypeError:
            raise _error(key_node, "a mapping key must be a plain value") from None
        if repeated:
            raise _error(key_node, f"duplicate key {key!r} (line {key_node.start_mark.line + 1})")
        data[key] = loader.construct_object(value_node)


def _undefined(loader: StrictLoader, node: yaml.Node) -> Any:
    raise _error(node, f"the tag {node.tag!r} is not allowed (plain YAML values only)")


StrictLoader.add_constructor(None, _undefined)
StrictLoader.add_constructor(_TAG + "null", yaml.SafeLoader.construct_yaml_null)
StrictLoader.add_constructor(_TAG + "bool", yaml.SafeLoader.construct_yaml_bool)
StrictLoader.add_constructor(_TAG + "int", _int)
StrictLoader.add_constructor(_TAG + "float", _float)
StrictLoader.add_constructor(_TAG + "str", yaml.SafeLoader.construct_yaml_str)
StrictLoader.add_constructor(_TAG + "seq", yaml.SafeLoader.construct_yaml_seq)
StrictLoader.add_constructor(_TAG + "map", _mapping)


def parse_yaml(text: str, where: str) -> Any:
    """Parse YAML with :class:`StrictLoader`; :class:`InputError` names ``where`` (the file),
    the line and column."""
    try:
        return yaml.load(text, Loader=StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{at}: malformed YAML: {problem}", "fix the YAML syntax") from None
    except RecursionError:
        raise InputError(f"{where}: malformed YAML: nested too deeply", "flatten it") from None


class DuplicateKeyError(ValueError):
    """A JSON object gives ``key`` twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads`` hook: build an object, refusing a repeated key."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(key)
        out[key] = value
    return out


def parse_json(text: str, where: str, *, unique_keys: bool = True) -> Any:
    """Parse JSON; :class:`InputError` names ``where``, the line and column (of a repeated
    key when ``unique_keys``, of the bracket that nests too deep)."""
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs if unique_keys else None)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}", "fix the JSON syntax"
        ) from None
    except DuplicateKeyError as exc:
        at = _duplicate_line(text)
        raise InputError(
            f"{where}{f':{at}' if at else ''}: malformed JSON: duplicate key {exc.key!r}",
            "give each key once per object (JSON parsers disagree on which value wins)",
        ) from None
    except RecursionError:
        line = text.count("\n", 0, _too_deep_at(text)) + 1
        raise InputError(
            f"{where}:{line}: malformed JSON: nested more than {_JSON_DEPTH} levels deep",
            "flatten the document (exports nest a few levels)",
        ) from None


_JSON_DEPTH = 500
_JSON_TOKEN = re.compile(r'[\[\]{}"\\]')


def _too_deep_at(text: str) -> int:
    """The offset where JSON brackets (outside strings) first nest :data:`_JSON_DEPTH` deep."""
    depth, in_string, skip = 0, False, -1
    for m in _JSON_TOKEN.finditer(text):
        char, at = m.group(), m.start()
        if at == skip:
            continue
        if in_string:
            if char == "\\":
                skip = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth >= _JSON_DEPTH:
                return at
        elif char in "]}":
            depth -= 1
    return 0


def _duplicate_line(text: str) -> int | None:
    """The line of the first repeated key, found by the strict YAML loader (JSON is YAML)."""
    try:
        yaml.load(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as exc:
        if exc.problem_mark is not None and "duplicate key" in str(exc.problem):
            return int(exc.problem_mark.line) + 1
    except (yaml.YAMLError, RecursionError):
        pass
    return None


class _Frame:
    __slots__ = ("index", "key", "loc", "mapping", "want_key")

    def __init__(self, loc: Loc | None, mapping: bool) -> None:
        self.loc, self.mapping = loc, mapping
        self.index, self.want_key = 0, True
        self.key: str | None = None


def value_lines(text: str, locs: Iterable[Loc]) -> dict[Loc, int]:
    """The 1-based line of each value at ``locs`` in a YAML (or JSON) text; a value that is
    not there gets the line of its nearest enclosing value (none for a missing top-level key).

    Reads the parser's events (memory bounded by the depth) and stops once every ``loc``
    has been passed; a text that does not parse gives what was found before the problem.
    """
    order = list(dict.fromkeys(locs))  # the caller's order, once each
    wanted = set(order)
    prefixes = {loc[:i] for loc in wanted for i in range(1, len(loc) + 1)}
    seen: dict[Loc, int] = {}
    pending = set(wanted)
    stack: list[_Frame] = []
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.NodeEvent):
                loc = _child_loc(stack, event)
                if loc is not None and loc in prefixes and event.start_mark is not None:
                    seen[loc] = event.start_mark.line + 1
                if isinstance(event, yaml.CollectionStartEvent):
                    stack.append(_Frame(loc, isinstance(event, yaml.MappingStartEvent)))
                elif loc in pending:
                    pending.discard(loc)
            elif isinstance(event, yaml.CollectionEndEvent) and stack:
                done = stack.pop().loc
                if done is not None and done in prefixes:
                    pending = {p for p in pending if p[: len(done)] != done}
            if not pending:
                break
    except yaml.YAMLError:
        pass
    out: dict[Loc, int] = {}
    for loc in order:
        found = [seen[loc[:i]] for i in range(len(loc), 0, -1) if loc[:i] in seen]
        if found:
            out[loc] = found[0]
    return out


def _child_loc(stack: list[_Frame], event: yaml.NodeEvent) -> Loc | None:
    """The loc of the node ``event`` starts (``None`` for a mapping key or inside one)."""
    if not stack:
        return ()
    parent = stack[-1]
    if parent.mapping:
        if parent.want_key:
            parent.want_key = False
            parent.key = event.value if isinstance(event, yaml.ScalarEvent) else None
            return None
        parent.want_key = True
        if parent.loc is None or parent.key is None:
            return None
        return (*parent.loc, parent.key)
    parent.index += 1
    return None if parent.loc is None else (*parent.loc, parent.index - 1)
