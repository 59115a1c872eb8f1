"""Checking a ``--mapping`` file before any row is read.

Every key and transform is checked for its kind of value (``scale`` a finite positive
number, ``delimiter`` one character, ``format`` a text or a list of texts, ``map`` a
mapping, ``template`` a text, ``encoding`` a text encoding, …), so a mistake in the mapping
is one :class:`~provenance.errors.InputError` naming the file, the line and the key, never a
traceback in the middle of an import nor the same rejection on every row.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from provenance.errors import InputError
from provenance.ingest.csvio import encoding_problem
from provenance.ingest.documents import Loc, value_lines
from provenance.model import Claim, Incident, Model, Source

FORMAT = "provenance-mapping/1"
SECTIONS: dict[str, type[Model]] = {"incident": Incident, "claim": Claim, "source": Source}
TOP_KEYS = {"mapping", "name", "description", "id_prefix", "encoding", "delimiter"} | set(SECTIONS)
SOURCES = ("column", "columns", "value", "template")
"""Where a field spec takes its value from (one of them; ``value`` wins, then ``template``,
``columns``, ``column``)."""
TYPES = ("str", "int", "count", "float", "date", "datetime", "country")
RANGE_FIELDS = {"civilians_killed", "civilians_injured"}


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "a text"


def _texts(value: Any) -> str | None:
    ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    return None if ok else "a list of texts"


def _text_or_texts(value: Any) -> str | None:
    return None if isinstance(value, str) or not _texts(value) else "a text or a list of texts"


def _mapping(value: Any) -> str | None:
    return None if isinstance(value, dict) else "a mapping (value in the export: value to store)"


def _scale(value: Any) -> str | None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    ok = number and math.isfinite(value) and value > 0
    return None if ok else "a finite number above 0"


def _type(value: Any) -> str | None:
    return None if value in TYPES else f"one of {', '.join(TYPES)}"


def _any(value: Any) -> str | None:
    return None


TRANSFORMS: dict[str, Callable[[Any], str | None]] = {
    "column": _text,
    "columns": _texts,
    "value": _any,
    "template": _text,
    "join": _text,
    "strip": _text,
    "map": _mapping,
    "split": _text,
    "type": _type,
    "format": _text_or_texts,
    "scale": _scale,
    "default": _any,
    "min": _any,
    "max": _any,
}
"""Each key a field spec may have, and the check of its value (what it must be, or None)."""


class _Checker:
    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def bad(self, loc: Loc, what: str) -> InputError:
        line = value_lines(self.text, [loc]).get(loc) if loc else None
        where = f"{self.path}:{line}" if line else str(self.path)
        key = ".".join(str(p) for p in loc)
        return InputError(
            f"{where}: {key + ': ' if key else ''}{what}",
            f"see the mapping format in `provenance ingest --help` ({FORMAT})",
        )

    def top(self, doc: Any) -> None:
        if not isinstance(doc, dict):
            raise self.bad((), "a mapping file is a YAML mapping")
        if doc.get("mapping") != FORMAT:
            raise self.bad(("mapping",), f"is {doc.get('mapping')!r}, expected {FORMAT!r}")
        unknown = set(doc) - TOP_KEYS
        if unknown:
            raise self.bad(
                (),
                f"unknown {'key' if len(unknown) == 1 else 'keys'}"
                f" {', '.join(sorted(map(str, unknown)))}",
            )
        if "encoding" in doc and (problem := encoding_problem(doc["encoding"])):
            raise self.bad(("encoding",), problem)
        delimiter = doc.get("delimiter")
        if "delimiter" in doc and (
            not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n'
        ):
            raise self.bad(
                ("delimiter",), f"is {delimiter!r}; a delimiter is one character (not a quote)"
            )
        incident = doc.get("incident")
        if not isinstance(incident, dict) or "id" not in incident or "date" not in incident:
            raise self.bad(("incident",), "section 'incident' must map at least 'id' and 'date'")
        if isinstance(doc.get("source"), dict) and "url" not in doc["source"]:
            raise self.bad(("source",), "section 'source' must map 'url'")

    def section(self, name: str, fields: Any) -> None:
        model = SECTIONS[name]
        if not isinstance(fields, dict):
            raise self.bad((name,), f"section {name!r} must be a mapping of fields")
        for field, spec in fields.items():
            if field not in model.model_fields:
                raise self.bad(
                    (name, field),
                    f"not a field of {model.__name__} (fields: {', '.join(model.model_fields)})",
                )
            if name == "incident" and field == "location" and isinstance(spec, dict):
                for part, sub in spec.items():
                    self.spec((name, field, part), sub, ranged=False)
            else:
                self.spec((name, field), spec, ranged=field in RANGE_FIELDS)

    def spec(self, loc: Loc, spec: Any, *, ranged: bool) -> None:
        """Check one field spec (a constant when it is not a mapping)."""
        if not isinstance(spec, dict):
            return
        extra = set(spec) - set(TRANSFORMS)
        if extra:
            raise self.bad(
                loc,
                f"unknown {'transform' if len(extra) == 1 else 'transforms'}"
                f" {', '.join(sorted(map(str, extra)))}",
            )
        for key, value in spec.items():
            problem = TRANSFORMS[key](value)
            if problem:
                raise self.bad((*loc, key), f"is {_shown(value)}, expected {problem}")
        ends = [k for k in ("min", "max") if k in spec]
        if ends and not ranged:
            raise self.bad(loc, "min/max are for civilians_killed and civilians_injured")
        for end in ends:
            if not isinstance(spec[end], dict):
                raise self.bad((*loc, end), "expected a field spec such as {column: Killed min}")
            self.spec((*loc, end), spec[end], ranged=False)
        if not ends and not any(k in spec for k in SOURCES):
            raise self.bad(loc, f"says where the value comes from: one of {', '.join(SOURCES)}")


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:60] + "…"


def check_mapping(path: Path, text: str, doc: Any) -> dict[str, Any]:
    """Check a parsed mapping file (``text`` for line numbers); return it, or raise
    :class:`InputError` naming the file, the line and the key at fault."""
    checker = _Checker(path, text)
    checker.top(doc)
    for name in SECTIONS:
        if name in doc:
            checker.section(name, doc[name])
    return dict(doc)
