"""``ingest``: case files, or monitors' CSV/JSON exports with a profile or a mapping file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from provenance.wording import plural

from ..common import (
    ActorOpt,
    JsonOpt,
    actor_or_default,
    console,
    open_store,
    print_json,
    working,
)
from ..terminal import terminal_text

if TYPE_CHECKING:
    from provenance.ingest.files import CaseFilesReport


def register(app: typer.Typer) -> None:
    app.command()(ingest)


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH...",
            help="Case files (.yaml, .yml, .json), or export files with --profile / --mapping.",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", help="Import exports with a built-in profile (see --list-profiles)."
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", help="Import a CSV with a YAML mapping file (columns → fields)."),
    ] = None,
    list_profiles: Annotated[
        bool, typer.Option("--list-profiles", help="List the built-in profiles and exit.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail the whole import if any row is rejected.")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="Read the exports in this encoding (e.g. cp1252, utf-16)."),
    ] = None,
    id_prefix: Annotated[
        str | None,
        typer.Option("--id-prefix", help="Id prefix for profiles that take one (timemap)."),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace stored items whole (analysts' values too) instead of updating"
            " only the fields the input gives.",
        ),
    ] = False,
    actor: ActorOpt = None,
    reason: Annotated[str | None, typer.Option(help="Why, for the audit log.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Ingest case files (all or nothing), or import exports with --profile / --mapping.

    Re-ingesting the same files changes nothing. A case file updates only the fields it
    gives; an import only the fields an import set. A value an analyst set (`provenance
    set`) is kept and reported where the input now differs; --replace replaces whole items.
    Imports report rows read, items created/updated/unchanged and rejected rows with their
    reasons; rejected rows are skipped unless --strict.
    """
    if list_profiles:
        _list_profiles(json_)
        return
    from provenance.ingest.files import CaseFilesReport, IngestOptions, ingest_files

    options = IngestOptions(
        profile=profile,
        mapping=mapping,
        strict=strict,
        encoding=encoding,
        id_prefix=id_prefix,
        replace=replace,
    )
    with working(ctx, "Importing" if options.is_import else "Ingesting"):
        report = ingest_files(
            lambda: open_store(ctx, create=True),
            paths or [],
            options,
            actor=actor_or_default(actor),
            reason=reason,
        )
    if isinstance(report, CaseFilesReport):
        _print_case_files(report, json_)
        return
    for warning in report.get("warnings", []):
        typer.echo(f"warning: {warning}", err=True)
    if json_:
        print_json(report)
    else:
        _print_report(report)


def _list_profiles(json_: bool) -> None:
    from provenance.ingest.profiles import list_profiles

    found = list_profiles()
    if json_:
        print_json([{"name": n, "description": d, "files": f} for n, d, f in found])
        return
    width = max(len(n) for n, _, _ in found)
    for name, description, _ in found:
        typer.echo(f"{name:<{width}}  {description}")


def _print_case_files(report: CaseFilesReport, json_: bool) -> None:
    if json_:
        print_json(report.as_dict())
        return
    typer.echo(
        f"Ingested {plural(report.items, 'item')} from {plural(len(report.files), 'file')}:"
        f" {report.created:,} created,"
        f" {report.updated:,} updated, {report.unchanged:,} unchanged"
        + (f" (audit event {report.audit_event})" if report.audit_event else " (nothing to change)")
    )
    _print_disagreements(report.disagreements)


def _print_disagreements(found: list[dict[str, Any]]) -> None:
    """The values an input gave where an analyst's value was kept, one line each."""
    if not found:
        return
    out = console()  # Rich strips control characters from the data's text
    out.print(f"  {plural(len(found), 'value')} kept where an analyst set another:")
    for d in found:
        out.print(f"    {d['text']}", markup=False)


def _print_report(report: dict[str, Any]) -> None:
    rows = ", ".join(f"{name}: {plural(n, 'row')}" for name, n in report["rows_read"].items())
    typer.echo(f"Imported with profile {report['profile']} ({rows})")
    typer.echo(
        f"  {plural(report['items'], 'item')}: {report['created']:,} created, {report['updated']:,} updated,"
        f" {report['unchanged']:,} unchanged"
        + (
            f" (audit event {report['audit_event']})"
            if report["audit_event"]
            else " (nothing to change)"
        )
    )
    _print_disagreements(report.get("disagreements", []))
    for note in report["notes"]:
        typer.echo(f"  note: {note}")
    _print_field_problems(report)
    withdrawn = report.get("withdrawn", [])
    if withdrawn:
        typer.echo(
            f"  {plural(len(withdrawn), 'incident')} no longer in this export, marked withdrawn:"
        )
        typer.echo(f"    {', '.join(withdrawn[:20])}" + (" …" if len(withdrawn) > 20 else ""))
    if report["rejected"]:
        typer.echo(f"  {plural(report['rejected'], 'row')} rejected:")
        for reason, n in report["rejected_by_reason"].items():
            typer.echo(f"    {n:>6,}  {reason}")
        for r in report["rejections"][:20]:
            col = f", column {r['column']!r}" if r["column"] else ""
            typer.echo(f"    {r['file']} row {r['row']}{col}: {r['reason']}")
        if report["rejected"] > 20:
            typer.echo(f"    … and {report['rejected'] - 20:,} more (see --json)")


def _print_field_problems(report: dict[str, Any]) -> None:
    """Each kind of item kept with a field dropped, its count and its first items (the
    problem names the value; all of them in ``--json``)."""
    kept = report.get("field_problems", [])
    for label, n in report.get("kept_with_field_dropped_by_label", {}).items():
        typer.echo(f"  {n:,} {label.lower()}{'' if n == 1 else 's'} kept with a field dropped:")
        mine = [item for item in kept if item["label"] == label]
        for item in mine[:20]:
            for p in item["problems"]:
                value = p["value"]
                # the value as recorded: control characters already written as escapes
                was = f" (was '{value}')" if value is not None and value not in p["problem"] else ""
                line = f"    {item['id']} ({item['file']} row {item['row']}): {p['problem']}{was}"
                typer.echo(terminal_text(line, one_line=True))
        if len(mine) > 20:
            typer.echo(f"    … and {len(mine) - 20:,} more (see --json)")
