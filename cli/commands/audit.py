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
    console,
    open_store,
    print_json,
    working,
)
from ..rows import FormatOpt, print_rows

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

KeyOpt = Annotated[Path, typer.Option("--key", help="Private key file from `audit keygen`.")]
PubOpt = Annotated[
    Path | None,
    typer.Option("--pubkey", help="Public key file, obtained independently of the store."),
]


def register(app: typer.Typer) -> None:
    """Add ``audit`` and ``export``."""
    app.add_typer(audit_app)
    app.command(name="export")(export)


@audit_app.command()
def keygen(
    name: Annotated[str, typer.Option("--name", help="Key name, e.g. the monitor's domain.")] = (
        "provenance-monitor"
    ),
    out: Annotated[
        Path, typer.Option("--out", help="Path prefix: writes PREFIX.key (0600) and PREFIX.pub.")
    ] = Path("audit"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace existing PREFIX.key and PREFIX.pub files.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Make an Ed25519 signing key for checkpoints. Keep the .key file off this machine."""
    from provenance.audit.checkpoint import generate_key, write_keypair

    key = generate_key(name)
    private, public = Path(f"{out}.key"), Path(f"{out}.pub")
    write_keypair(key, private, public, force=force)
    if json_:
        print_json({"private_key": str(private), "public_key": str(public), "name": name,
                    "key_id": key.public.id.hex()})  # fmt: skip
        return
    typer.echo(f"Private key: {private} (mode 0600 — keep it off this machine)")
    typer.echo(f"Public key:  {public}  {key.public.text()}")


@audit_app.command()
def checkpoint(
    ctx: typer.Context,
    key: KeyOpt,
    out: Annotated[
        Path,
        typer.Option("--out", help="Where to write the signed checkpoint (- for stdout)."),
    ],
    origin: Annotated[str | None, typer.Option("--origin", help="Log name in the note.")] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing file at --out (an earlier checkpoint)."),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Sign a checkpoint (origin, size, Merkle root) of the log; keep it elsewhere. An
    existing file at --out is never replaced without --force."""
    from provenance.audit.checkpoint import load_private_key, write_checkpoint
    from provenance.audit.log import make_checkpoint
    from provenance.outfile import check_destination

    check_destination(out, force=force)
    private = load_private_key(key)
    with open_store(ctx) as store:
        cp = make_checkpoint(store, private, origin)
    write_checkpoint(cp, out, force=force)
    to_stderr = is_stdout(out)  # --out -: the checkpoint is stdout, the report goes aside
    if json_:
        done = {"file": str(out), "origin": cp.origin, "size": cp.size, "root": cp.root.hex()}
        print_json(done, err=to_stderr)
        return
    typer.echo(
        f"Checkpoint of {cp.size} events written to {out} (root {cp.root.hex()}).", err=to_stderr
    )
    typer.echo(
        "Copy it off this machine: only an outside checkpoint proves the log unaltered.",
        err=to_stderr,
    )


@audit_app.command()
def verify(
    ctx: typer.Context,
    checkpoints: Annotated[
        list[Path] | None,
        typer.Option("--checkpoint", help="A checkpoint kept elsewhere (repeatable)."),
    ] = None,
    pubkey: PubOpt = None,
    no_items: Annotated[
        bool, typer.Option("--no-items", help="Skip re-hashing each event's item rows.")
    ] = False,
    deep: Annotated[
        bool, typer.Option("--deep", help="Also check every event is exact RFC 8785 bytes.")
    ] = False,
    no_state: Annotated[
        bool,
        typer.Option("--no-state", help="Skip checking the graph itself against the log."),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Check the chain, every event's items, the Merkle root, the graph against the log,
    stored originals, and that the log extends the given checkpoints. Exit 1 on any problem,
    naming the first bad event, item or original file. Says so when the originals could not
    be checked (a server store without PROVENANCE_ORIGINALS)."""
    from provenance.audit.checkpoint import load_checkpoint, load_public_key
    from provenance.audit.verify import verify_all

    cps = [(str(p), load_checkpoint(p)) for p in checkpoints or []]
    key = load_public_key(pubkey) if pubkey else None
    with open_store(ctx) as store, working(ctx, "Verifying the audit log"):
        report = verify_all(
            store, cps, key, check_items=not no_items, deep=deep, check_state=not no_state
        )
    if json_:
        print_json(report.as_dict())
    else:
        out = console()
        for line in report.lines():
            out.print(line, markup=False)
    if not report.ok:
        raise typer.Exit(1)


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
    force: Annotated[
        bool, typer.Option("--force", help="Replace an earlier bundle (or a link) at --out.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Write what an inquiry needs about one incident, verifiable offline; names every
    captured original it leaves out, and why."""
    from provenance.audit.bundle import write_bundle
    from provenance.audit.checkpoint import load_checkpoint, load_private_key, load_public_key

    private = load_private_key(key) if key else None
    cp = load_checkpoint(checkpoint_file) if checkpoint_file else None
    public = load_public_key(pubkey) if pubkey else None
    with open_store(ctx) as store:
        manifest = write_bundle(
            store, incident_id, out, key=private, checkpoint=cp, public=public, force=force
        )
    if json_:
        print_json({"out": str(out), **manifest})
        return
    typer.echo(f"Bundle of {incident_id} written to {out}: {len(manifest['files'])} files.")
    for left in manifest["originals"]["not_included"]:
        sources = ", ".join(left["sources"])
        typer.echo(f"  original {left['sha256']} of {sources} NOT included: {left['reason']}")
    typer.echo(f"Check it: provenance audit verify-bundle {out} --pubkey KEY.pub")


@audit_app.command("verify-bundle")
def verify_bundle_cmd(
    directory: Annotated[Path, typer.Argument(metavar="DIR")],
    pubkey: Annotated[Path, typer.Option("--pubkey", help="The signer's public key.")],
    json_: JsonOpt = False,
) -> None:
    """Check a bundle offline; names every changed file, and the size and age of the
    checkpoint it proves. Refuses links and special files, and reads nothing a manifest
    whose signature fails lists. Exit 1 on any problem."""
    from provenance.audit.checkpoint import load_public_key
    from provenance.audit.verify_bundle import verify_bundle

    report = verify_bundle(directory, load_public_key(pubkey))
    if json_:
        print_json(report.as_dict())
    else:
        out = console()
        for line in report.lines():
            out.print(line, markup=False)
    if not report.ok:
        raise typer.Exit(1)


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
    if demo.bundle is None or demo.bundle_report is None:
        return
    report = demo.bundle_report
    state = "verifies" if report.ok else "DOES NOT verify"
    console.print(
        f"  Inquiry bundle of {demo.incident}: {demo.bundle} ({report.items} items,"
        f" {report.events} events) {state} offline against {demo.public_key}.",
        markup=False,
    )
    console.print(
        f"  Try: provenance audit verify-bundle {demo.bundle} --pubkey {demo.public_key}",
        markup=False,
    )
