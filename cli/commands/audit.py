"""``audit`` (keygen, checkpoint, verify, log, bundle, verify-bundle, working-copy) and
``export``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from provenance.export import ExportFormat
from provenance.outfile import is_stdout
from provenance.wording import plural

from ..common import (
    ActorOpt,
    JsonOpt,
    actor_or_default,
    open_store,
    print_json,
    working,
)
from ..rows import FormatOpt, print_rows
from .audit_checkpoint import PubOpt, TsaCertOpt, print_check
from .audit_checkpoint import register as register_checkpoint_commands

if TYPE_CHECKING:
    from rich.console import Console

    from provenance.demo.steps import AuditDemo

audit_app = typer.Typer(
    name="audit",
    help="The tamper-evident audit log: keys, signed checkpoints, verification, item "
    "histories and inquiry bundles.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
register_checkpoint_commands(audit_app)


def register(app: typer.Typer) -> None:
    """Add ``audit`` and ``export``."""
    app.add_typer(audit_app)
    app.command(name="export")(export)


@audit_app.command("log")
def log_cmd(
    ctx: typer.Context,
    item: Annotated[str | None, typer.Option("--item", help="Show this item's history.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Recent events to show.")] = 20,
    fmt: FormatOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Show an item's history (who, when, what, why), or the most recent events: a judge
    event names the pair and the verdict."""
    from provenance.audit.log import item_log, recent_events

    heading = None
    with open_store(ctx) as store:
        if item is not None:
            history = item_log(store, item)
            rows: list[dict[str, Any]] = history.rows()
            heading = history.heading()
        else:
            rows = recent_events(store, limit)
    if json_ and fmt is None:
        print_json(rows)
        return
    table = [{**r, "what": event_what(r), "reason": r.get("reason") or ""} for r in rows]
    title = f"History of {heading}" if heading is not None else ""
    print_rows(table, LOG_COLUMNS, fmt, ids=("seq", "at"), title=title)


LOG_COLUMNS = ("seq", "at", "actor", "action", "what", "reason")
"""The columns of ``audit log`` (``--format``)."""


def event_what(event: dict[str, Any]) -> str:
    """What an audit event did, in words: an item's change, a duplicate or outlet
    judgement's pair and verdict (``A ~ B: same``), else how many items it touched."""
    summary = event.get("summary") or {}
    if event.get("change"):
        return str(event["change"])
    if event.get("action") == "judge" and {"a", "b", "judgement"} <= summary.keys():
        return f"{summary['a']} ~ {summary['b']}: {summary['judgement']}"
    judged = summary.get("outlets") or {}
    if event.get("action") == "outlets-judge" and {"a", "b", "verdict"} <= judged.keys():
        return f"{judged['a']} ~ {judged['b']}: {judged['verdict']}"
    count = (event.get("items") or {}).get("count", 0)
    return plural(count, "item")


@audit_app.command()
def bundle(
    ctx: typer.Context,
    incident_id: Annotated[str, typer.Argument(metavar="INCIDENT_ID")],
    out: Annotated[Path, typer.Option("--out", help="New directory for the bundle.")],
    key: Annotated[
        Path | None,
        typer.Option(
            "--key", help="Sign the manifest (and a fresh checkpoint) with this key; required."
        ),
    ] = None,
    checkpoint_file: Annotated[
        Path | None, typer.Option("--checkpoint", help="Use this existing checkpoint instead.")
    ] = None,
    pubkey: PubOpt = None,
    tsa: Annotated[
        str | None,
        typer.Option(
            "--tsa",
            help="URL of an RFC 3161 timestamp authority: the bundle carries its token over"
            " the bundle's checkpoint (a --checkpoint's own token, FILE.tsr, is carried"
            " without it).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an earlier bundle (or a link) at --out.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Write what an inquiry needs about one incident, verifiable offline; names every
    captured original it leaves out, and why. With --tsa, a timestamp authority attests
    when it saw the bundle's checkpoint; a failing authority leaves no bundle."""
    from provenance.audit.bundle import write_bundle
    from provenance.audit.checkpoint import load_checkpoint, load_private_key, load_public_key
    from provenance.audit.timestamped import read_token_beside

    private = load_private_key(key) if key else None
    cp = load_checkpoint(checkpoint_file) if checkpoint_file else None
    public = load_public_key(pubkey) if pubkey else None
    token = read_token_beside(checkpoint_file) if checkpoint_file else None
    with open_store(ctx) as store:
        manifest = write_bundle(
            store,
            incident_id,
            out,
            key=private,
            checkpoint=cp,
            public=public,
            timestamp=token,
            tsa=tsa,
            force=force,
        )
    if json_:
        print_json({"out": str(out), **manifest})
        return
    typer.echo(f"Bundle of {incident_id} written to {out}: {len(manifest['files'])} files.")
    for left in manifest["originals"]["not_included"]:
        sources = ", ".join(left["sources"])
        typer.echo(f"  original {left['sha256']} of {sources} NOT included: {left['reason']}")
    tsa_cert = ""
    if "timestamp_token" in manifest["checkpoint"]:
        typer.echo(
            f"  with the checkpoint's timestamp token ({manifest['checkpoint']['timestamp_token']})."
        )
        tsa_cert = " --tsa-cert TSA-CA.pem"
    typer.echo(f"Check it: provenance audit verify-bundle {out} --pubkey KEY.pub{tsa_cert}")


@audit_app.command("verify-bundle")
def verify_bundle_cmd(
    directory: Annotated[Path, typer.Argument(metavar="DIR")],
    pubkey: Annotated[Path, typer.Option("--pubkey", help="The signer's public key.")],
    tsa_cert: TsaCertOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Check a bundle offline; names every changed file, and the size and age of the
    checkpoint it proves. Refuses links and special files, and reads nothing a manifest
    whose signature fails lists. Exit 1 on any problem. The checkpoint's timestamp token,
    when the bundle has one, is checked against --tsa-cert (else reported as not checked)."""
    from provenance.audit.checkpoint import load_public_key
    from provenance.audit.tsa_verify import load_tsa_certs
    from provenance.audit.verify_bundle import verify_bundle

    anchors = load_tsa_certs(tsa_cert) if tsa_cert else None
    report = verify_bundle(directory, load_public_key(pubkey), anchors)
    print_check(report, json_)


@audit_app.command("working-copy")
def working_copy_cmd(
    ctx: typer.Context,
    source_id: Annotated[str, typer.Argument(metavar="SOURCE_ID")],
    out: Annotated[Path, typer.Option("--out", help="Path of the new working copy.")],
    actor: ActorOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing file or link at --out.")
    ] = False,
) -> None:
    """Copy a captured original for work, with a sidecar naming what it came from."""
    from provenance.audit.custody import working_copy

    with open_store(ctx) as store:
        path = working_copy(store, source_id, out, actor=actor_or_default(actor), force=force)
    typer.echo(
        f"Working copy {path} (sidecar {path.name}.provenance.json); the original is untouched."
    )


def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Export format.")],
    out: Annotated[Path, typer.Option("--out", help="Output file (- for stdout).")],
    include_witness_identities: Annotated[
        bool,
        typer.Option(
            "--include-witness-identities",
            help="Add the fields of --identities (kept outside the graph); the export is recorded.",
        ),
    ] = False,
    identities: Annotated[
        Path | None,
        typer.Option("--identities", help="JSON object: witness id -> identifying fields."),
    ] = None,
    by_family: Annotated[
        bool, typer.Option("--by-family", help="capture-histories: one column per org family.")
    ] = False,
    actor: ActorOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing file or link at --out.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Export the store: W3C PROV-JSON, GraphML, JSON Lines, or MSE capture histories.

    Witnesses are exported with their pseudonymous id and role only, unless
    --include-witness-identities with --identities. GraphML cannot hold some characters
    (C0 controls but tab and line breaks, U+FFFE, U+FFFF, lone surrogates): they are written
    as the text \\uXXXX; JSON Lines and PROV-JSON keep the exact text."""
    from provenance.export.common import WitnessPolicy
    from provenance.export.write import write_export

    policy = WitnessPolicy.from_options(include_witness_identities, identities)
    with open_store(ctx) as store, working(ctx, f"Exporting {fmt.value}"):
        result = write_export(
            store,
            fmt,
            out,
            policy,
            actor=actor_or_default(actor),
            by_family=by_family,
            force=force,
        )
    to_stderr = is_stdout(out)  # --out -: the export is stdout, the report goes aside
    if json_:
        print_json(result.as_dict(), err=to_stderr)
    else:
        typer.echo(
            f"Exported {plural(result.records, 'record')} as {fmt.value} to {out}.", err=to_stderr
        )


def print_demo(demo: AuditDemo, console: Console) -> None:
    """Print the audit step of the demo."""
    console.print("\n[bold]Audit[/bold]")
    console.print(f"  {demo.log.summary()}", markup=False)
    stamp = demo.timestamp
    tsa_cert = f" --tsa-cert {stamp.ca_cert}" if stamp is not None else ""
    if stamp is not None:
        console.print(
            "  Checkpoint timestamped by a local demo authority (throwaway, not a trusted"
            f" one): {stamp.tsa} attests {stamp.attested_at}.",
            markup=False,
        )
    else:
        console.print(f"  Checkpoint not timestamped: {demo.timestamp_problem}", markup=False)
    console.print(
        f"  Try: provenance audit verify --checkpoint {demo.checkpoint}"
        f" --pubkey {demo.public_key}{tsa_cert}",
        markup=False,
    )
    if demo.bundle is None or demo.bundle_report is None:
        return
    report = demo.bundle_report
    state = "verifies" if report.ok else "DOES NOT verify"
    console.print(
        f"  Inquiry bundle of {demo.incident}: {demo.bundle} ({plural(report.items, 'item')},"
        f" {plural(report.events, 'event')}) {state} offline against {demo.public_key}.",
        markup=False,
    )
    console.print(
        f"  Try: provenance audit verify-bundle {demo.bundle} --pubkey {demo.public_key}{tsa_cert}",
        markup=False,
    )
