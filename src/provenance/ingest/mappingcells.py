"""Reading one row's cells through a mapping file's field specs (:mod:`.mapping`): a spec's
column, its raw text, the transforms (``strip``, ``map``, ``split``, ``type``, ``format``,
``scale``, ``default``) and ranges. Errors are :class:`RowError` naming the column; what a
bad cell costs (its field, never the row) is :mod:`.mapping`'s decision.
"""

from __future__ import annotations

import re
from typing import Any

from provenance.ingest.profiles.base import Row, RowError
from provenance.ingest.profiles.transforms import (
    DEFAULT_DATE_FORMATS,
    CellError,
    country_code,
    parse_count,
    parse_date,
    parse_range,
    scaled,
    split_list,
)

LIST_FIELDS = {"belligerents", "admin", "name_variants"}
"""Fields that hold a list of texts (a spec's cells, or a ``split`` cell)."""
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def template_columns(template: str) -> list[str]:
    """The columns a ``template`` spec names (its ``{Column}`` placeholders)."""
    return _PLACEHOLDER.findall(template)


def column_of(spec: Any) -> str:
    """The column a spec reads (for error messages)."""
    if isinstance(spec, dict):
        if "column" in spec:
            return str(spec["column"])
        if "columns" in spec:
            return "/".join(str(c) for c in spec["columns"])
        if "min" in spec:
            return column_of(spec["min"])
        if "template" in spec:
            return "/".join(template_columns(str(spec["template"])))
    return "?"


def _raw(row: Row, spec: dict[str, Any], field: str) -> Any:
    if "value" in spec:
        return spec["value"]
    if "template" in spec:
        parts = {c: row.text(c) or "" for c in template_columns(spec["template"])}
        text = _PLACEHOLDER.sub(lambda m: parts[m.group(1)], spec["template"]).strip(" ,;-")
        return text or None
    if "columns" in spec:
        cells = [c for c in (row.text(str(col)) for col in spec["columns"]) if c]
        if field in LIST_FIELDS and "join" not in spec:
            return cells or None
        return str(spec.get("join", ", ")).join(cells) or None
    return row.text(str(spec["column"]))


def value(row: Row, spec: Any, field: str) -> Any:
    """Apply a field spec to a row; errors name the column."""
    if not isinstance(spec, dict):
        return spec
    raw = _raw(row, spec, field)
    column = column_of(spec)
    if isinstance(raw, str) and spec.get("strip"):
        raw = raw.strip(str(spec["strip"])).strip() or None
    if raw is None:
        return spec.get("default", [] if field in LIST_FIELDS else None)
    try:
        if "map" in spec and isinstance(raw, str):
            table = {str(k).lower(): v for k, v in spec["map"].items()}
            if raw.lower() in table:
                raw = table[raw.lower()]
            elif "default" in spec:
                raw = spec["default"]
            else:
                raise CellError(f"{raw!r} is not one of {', '.join(map(str, spec['map']))}")
        if "split" in spec and isinstance(raw, str):
            return split_list(raw, str(spec["split"]))
        if field in LIST_FIELDS and isinstance(raw, str):
            return [raw]
        return _typed(raw, spec)
    except CellError as exc:
        raise RowError(column, exc.message) from None


def _typed(raw: Any, spec: dict[str, Any]) -> Any:
    kind = spec.get("type")
    if kind is None and "format" in spec:
        kind = "date"
    if kind is None or raw is None or not isinstance(raw, str):
        return raw
    if kind == "str":
        return raw
    if kind in ("int", "count"):
        return scaled(parse_count(raw), float(spec.get("scale", 1)))
    if kind == "float":
        try:
            return float(raw.replace(",", ".")) * float(spec.get("scale", 1))
        except ValueError:
            raise CellError(f"{raw!r} is not a number") from None
    if kind in ("date", "datetime"):
        fmt = spec.get("format") or DEFAULT_DATE_FORMATS
        return parse_date(raw, [fmt] if isinstance(fmt, str) else list(fmt))
    if kind == "country":
        return country_code(raw)
    raise CellError(f"unknown type {kind!r}")


def _cell(raw: Any) -> str | None:
    """A value as the text of a cell (a ``value: 12`` constant is the text "12")."""
    return None if raw is None else str(raw)


def range_value(row: Row, spec: Any) -> tuple[int, int] | None:
    """A ``(min, max)`` from ``{min: spec, max: spec}`` or one spec (one number or "3-5")."""
    if not isinstance(spec, dict):
        return None
    try:
        if "min" in spec or "max" in spec:
            low = _raw(row, spec["min"], "min") if "min" in spec else None
            high = _raw(row, spec["max"], "max") if "max" in spec else None
            pair = parse_range(_cell(low), _cell(high))
        else:
            pair = parse_range(_cell(_raw(row, spec, "range")), None)
    except CellError as exc:  # one end's cell, else both (a minimum above the maximum)
        one = exc.part in ("min", "max") and exc.part in spec
        raise RowError(
            column_of(spec[exc.part]) if one else "/".join(range_columns(spec)), exc.message
        ) from None
    if pair and "scale" in spec:
        try:
            pair = (scaled(pair[0], float(spec["scale"])), scaled(pair[1], float(spec["scale"])))
        except CellError as exc:
            raise RowError("/".join(range_columns(spec)), exc.message) from None
    return pair


def range_columns(spec: Any) -> tuple[str, ...]:
    """The columns a range spec reads: its minimum's and maximum's, or its one column."""
    if isinstance(spec, dict) and ("min" in spec or "max" in spec):
        return tuple(column_of(spec[k]) for k in ("min", "max") if k in spec)
    return (column_of(spec),)
