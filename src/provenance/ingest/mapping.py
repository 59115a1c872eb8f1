"""``--mapping FILE``: bring a new CSV export without writing code.

A mapping is a small YAML file naming, for each model field, where its value comes from
and how to transform it::

    mapping: provenance-mapping/1
    name: my-monitor            # reports; default id prefix
    description: One line for humans
    id_prefix: mm               # incident ids are "<id_prefix>:<id column>"
    encoding: utf-8             # optional (else UTF-8, with detection of other encodings)
    incident:
      id: {column: Incident ID}                       # required
      date: {column: Date, format: "%d/%m/%Y"}        # required; format may be a list
      title: {template: "Strike on {Target}, {Area}"}
      country: {column: Country, type: country}       # "Syria" → SY
      location:
        name: {column: Area}
        admin: {columns: [Governorate, District]}
        lat: {column: lat, type: float}
        lon: {column: lon, type: float}
      belligerents: {column: Belligerents, split: ";"}
      grade: {column: Grade, map: {Fair: fair, Weak: weak}}
    claim:                      # optional: one claim per row, id "<incident id>:c"
      civilians_killed: {min: {column: Killed min}, max: {column: Killed max}}
      civilians_injured: {column: Injured}            # one number, or "3-5"
      belligerent: {column: Belligerent}
    source:                     # optional: the row's URL is a source supporting the claim
      url: {column: Link}                             # id url:<sha256[:16]>
      kind: {value: news}
      author: {column: Account, strip: "'@"}

A field spec takes one of ``column``, ``columns`` (joined with ``join``, or a list for list
fields), ``value`` or ``template`` (``{Column}`` placeholders), then optional transforms:
``strip`` (characters), ``map`` (value → value; an unmapped value is a problem unless
``default`` is given), ``split`` (list separator), ``type`` (str, int, float, date,
datetime, country), ``format`` (date formats), ``scale`` (multiply a number: units, e.g.
``1000`` for a column in thousands) and ``default`` (for blank cells). A range field takes
``min``/``max`` specs or one spec; a blank min or max means the range is the other number.

Only a row without an id is rejected. A cell that cannot be used, or whose text holds
control characters, leaves its field empty and is recorded in the incident's (or the
source's) ``import_problems``; a URL that is not one leaves the row without a source.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from provenance.errors import ConflictError, InputError
from provenance.ingest.csvio import read_csv
from provenance.ingest.documents import parse_yaml
from provenance.ingest.mappingcells import (
    LIST_FIELDS,
    column_of,
    range_columns,
    range_value,
    template_columns,
    value,
)
from provenance.ingest.mappingcheck import RANGE_FIELDS, SECTIONS, check_mapping
from provenance.ingest.profiles.base import (
    FieldProblems,
    ImportContext,
    ImportResult,
    Profile,
    Row,
    RowError,
    add_checked,
    build,
    range_fields,
)
from provenance.ingest.profiles.transforms import CellError, url_source_id
from provenance.model import Claim, ImportProblem, Incident, Location, Source
from provenance.rules import escape_controls, has_controls


class MappingProfile(Profile):
    """A profile described by a mapping file."""

    name: ClassVar[str] = "mapping"
    description: ClassVar[str] = "a --mapping file"
    files: ClassVar[str] = "one CSV export"

    def __init__(self, path: Path, doc: dict[str, Any]) -> None:
        self.path = path
        self.doc = doc
        self.label = str(doc.get("name") or path.stem)

    def columns(self) -> list[str]:
        """Every column the mapping reads (the header must have them)."""
        found: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("column"), str):
                    found.append(node["column"])
                if isinstance(node.get("columns"), list):
                    found.extend(str(c) for c in node["columns"])
                if isinstance(node.get("template"), str):
                    found.extend(template_columns(node["template"]))
                for key, child in node.items():
                    if key not in ("map", "default", "value"):
                        walk(child)

        walk({k: self.doc.get(k) for k in SECTIONS})
        return list(dict.fromkeys(found))

    def run(self, paths: Sequence[Path], ctx: ImportContext) -> ImportResult:
        if len(paths) != 1:
            raise InputError(
                f"mapping {self.path.name!r} reads one CSV file; got {len(paths)}",
                "import one export at a time",
            )
        f = read_csv(
            paths[0],
            required=self.columns(),
            profile=f"{self.label} (mapping {self.path.name})",
            encoding=ctx.encoding or self.doc.get("encoding"),
            delimiter=self.doc.get("delimiter"),
        )
        result = ImportResult(
            profile=f"mapping:{self.label}",
            rows_read={f.name: len(f.rows)},
            encodings={f.name: f.encoding},
        )
        prefix = ctx.id_prefix or str(self.doc.get("id_prefix") or self.label)
        for number, data in f.rows:
            row = Row(f.name, number, data)
            try:
                incident, claim, source = self._row(row, prefix)
            except RowError as exc:
                result.reject(row.file, row.number, exc.column, exc.reason)
                continue
            if source is not None:
                try:
                    result.add(source, row.where, file=row.file)
                    result.kept_with_problems(source, row, problem_dicts(source))
                except ConflictError as exc:  # its URL's source, as an earlier row gave it
                    incident = with_problem(incident, "source", exc.reason, source.url)
            if add_checked(result, incident, row):
                result.kept_with_problems(incident, row, problem_dicts(incident))
                if claim is not None:
                    add_checked(result, claim, row, incident=incident.id)
        return result

    def _row(self, row: Row, prefix: str) -> tuple[Incident, Claim | None, Source | None]:
        """The row's incident, claim and source. Only a row without an id is rejected: a
        value that cannot be used is left empty and recorded in the incident's (or the
        source's) ``import_problems`` (:class:`FieldProblems`), as the built-in profiles do."""
        spec = self.doc["incident"]
        upstream = value(row, spec["id"], "id")
        if upstream in (None, ""):
            raise RowError(column_of(spec["id"]), "no id")
        iid = f"{prefix}:{'+'.join(str(upstream).split())}"
        problems = FieldProblems(row)
        fields: dict[str, Any] = {"id": iid}
        columns: dict[str, str] = {}
        for name, fspec in spec.items():
            if name in ("id", "location"):
                continue
            fields[name] = kept(problems, row, fspec, name)
            columns[name] = column_of(fspec)
        named = problems.checked("title", column_of(spec["id"]), str(upstream)) or iid
        if fields.get("title") in (None, ""):
            fields["title"] = named
        if isinstance(spec.get("location"), dict):
            fields["location"] = self._location(row, spec["location"], problems)
            columns["location"] = "/".join(column_of(v) for v in spec["location"].values())
        source = self._source(row, problems)
        claim = None
        if isinstance(self.doc.get("claim"), dict):
            cspec = self.doc["claim"]
            cf: dict[str, Any] = {"id": f"{iid}:c", "supported_by": [source.id] if source else []}
            for name, fspec in cspec.items():
                if name in RANGE_FIELDS:
                    pair = problems.keep(
                        name, range_columns(fspec), partial(range_value, row, fspec)
                    )
                    cf[name] = range_fields(pair)
                else:
                    cf[name] = kept(problems, row, fspec, name)
            claim = problems.build(Claim, {k: column_of(v) for k, v in cspec.items()}, **cf)
        fields["import_problems"] = problems.found
        incident = problems.build(
            Incident, columns, keep={"title": named}, whole=("date_end",), **fields
        )
        return incident, claim, source

    def _location(self, row: Row, spec: dict[str, Any], problems: FieldProblems) -> Location | None:
        """The row's location. Coordinates the model refuses (out of range, one without the
        other) are left out together, the place kept. A location without a place name (or
        whose name the model refuses) is named by its most specific administrative area,
        else by its coordinates (as the YDP and Airwars profiles do)."""
        loc = {k: kept(problems, row, v, k, f"location.{k}") for k, v in spec.items()}
        loc = {k: v for k, v in loc.items() if v not in (None, [])}
        columns = {k: column_of(v) for k, v in spec.items()}
        coords: dict[str, Any] = {k: loc.pop(k) for k in ("lat", "lon") if k in loc}
        if coords:
            try:
                build(Location, columns, name="-", **coords)  # the coordinates alone
            except RowError as exc:
                where = "/".join(columns.get(k, k) for k in ("lat", "lon"))
                shown = " / ".join(map(str, coords.values()))
                problems.add("location", where, f"{exc.reason}: coordinates left empty", shown)
                coords = {}
        admin = loc.get("admin") or []
        named = admin[-1] if admin else f"{coords['lat']}, {coords['lon']}" if coords else None
        if "name" not in loc and named is None:
            return None
        fields: dict[str, Any] = {"name": named, **loc, **coords}
        keep: dict[str, Any] = {"name": named} if named else {}
        return problems.keep(
            "location",
            tuple(columns.values()),
            lambda: problems.build(Location, columns, within="location", keep=keep, **fields),
        )

    def _source(self, row: Row, problems: FieldProblems) -> Source | None:
        """The row's source (its URL's); a URL that is not one is recorded on the incident."""
        if not isinstance(self.doc.get("source"), dict):
            return None
        sspec = self.doc["source"]
        url = kept(problems, row, sspec["url"], "source")
        if not url:
            return None
        try:
            sid = url_source_id(str(url))
        except CellError as exc:
            problems.add("source", column_of(sspec["url"]), f"{exc.message}: left out", str(url))
            return None
        own = FieldProblems(row)
        sf = {k: kept(own, row, v, k) for k, v in sspec.items() if k != "url"}
        sf = {k: v for k, v in sf.items() if v is not None}
        sf.update(id=sid, url=url, import_problems=own.found)
        sf.setdefault("kind", "other")
        columns = {k: column_of(v) for k, v in sspec.items()}
        return own.build(Source, columns, keep={"kind": "other"}, **sf)


def with_problem(incident: Incident, field: str, reason: str, value: str | None) -> Incident:
    """``incident`` with one more import problem: ``field`` left as an earlier row of the
    export gave it (an item shared by several rows, given differently by this one)."""
    problem = ImportProblem(
        field=field,
        value=escape_controls(value)[:500] if value else None,
        problem=escape_controls(f"{reason}: the earlier row's kept")[:500],
    )
    return incident.model_copy(
        update={"import_problems": [*(incident.import_problems or []), problem]}
    )


def problem_dicts(model: Incident | Source) -> list[dict[str, Any]]:
    """The ``import_problems`` of ``model`` as the import's report lists them."""
    return [p.model_dump() for p in model.import_problems or []]


def kept(problems: FieldProblems, row: Row, spec: Any, field: str, name: str | None = None) -> Any:
    """:func:`value` of ``spec`` for ``field``, or ``None`` (an empty list for a list
    field) with the problem recorded (as field ``name``, default ``field``) when the cell
    cannot be used or holds control characters no stored text may hold."""
    column = column_of(spec)
    name = name or field
    got = problems.keep(name, column, lambda: value(row, spec, field))
    texts = got if isinstance(got, list) else [got]
    bad = next((t for t in texts if isinstance(t, str) and has_controls(t)), None)
    if bad is not None:
        problems.checked(name, column, bad)
        return [] if isinstance(got, list) else None
    if got is None and field in LIST_FIELDS:
        return []
    return got


def load_mapping(path: Path) -> MappingProfile:
    """Read and check a mapping file; :class:`InputError` names the file and the key."""
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such mapping file", "check the path") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the mapping file is not UTF-8", "save it as UTF-8") from None
    return MappingProfile(path, check_mapping(path, text, parse_yaml(text, str(path))))
