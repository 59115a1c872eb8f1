"""``audit keygen``, ``audit checkpoint`` (with ``--tsa``, a timestamp token) and ``audit
verify`` (with ``--tsa-cert``), added to the ``audit`` group by :func:`register`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Protocol

import typer

from provenance.outfile import is_stdout

from ..common import JsonOpt, console, open_store, print_json, working

KeyOpt = Annotated[Path, typer.Option("--key", help="Private key file from `audit keygen`.")]
PubOpt = Annotated[
    Path | None,
    typer.Option("--pubkey", help="Public key file, obtained independently of the store."),
]
TsaCertOpt = Annotated[
    Path | None,
    typer.Option(
        "--tsa-cert",
        help="PEM file with the root CA certificate of the timestamp authority (and, if"
        " wanted, its intermediates and its own certificate): check the timestamp tokens.",
    ),
]
"""``--tsa-cert FILE`` of ``audit verify`` and ``audit verify-bundle``."""


def register(audit_app: typer.Typer) -> None:
    """Add ``keygen``, ``checkpoint`` and ``verify`` to the ``audit`` group."""
    audit_app.command()(keygen)
    audit_app.command()(checkpoint)
    audit_app.command()(verify)


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
        typer.Option(
            "--force",
            help="Replace an existing file at --out (an earlier checkpoint) and its token.",
        ),
    ] = False,
    tsa: Annotated[
        str | None,
        typer.Option(
            "--tsa",
            help="URL of an RFC 3161 timestamp authority: write its token over the checkpoint"
            " beside it (FILE.tsr).",
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Sign a checkpoint (origin, size, Merkle root) of the log; keep it elsewhere. With
    --tsa, a timestamp authority attests when it saw the checkpoint (the SHA-256 of the
    file's bytes): its token is written to FILE.tsr. An existing file at --out (or its
    .tsr) is never replaced without --force; a failing authority leaves no file."""
    from provenance.audit.checkpoint import load_private_key
    from provenance.audit.timestamped import write_signed_checkpoint

    private = load_private_key(key)
    with open_store(ctx) as store:
        done = write_signed_checkpoint(store, private, out, origin=origin, tsa=tsa, force=force)
    cp = done.checkpoint
    to_stderr = is_stdout(out)  # --out -: the checkpoint is stdout, the report goes aside
    if json_:
        result = {"file": str(out), "origin": cp.origin, "size": cp.size, "root": cp.root.hex()}
        result["timestamp_token"] = str(done.token) if done.token else None
        print_json({**result, "tsa": done.tsa}, err=to_stderr)
        return
    typer.echo(
        f"Checkpoint of {cp.size} events written to {out} (root {cp.root.hex()}).", err=to_stderr
    )
    if done.token is not None:
        typer.echo(f"Timestamp token from {done.tsa} written to {done.token}.", err=to_stderr)
    if done.removed_token is not None:
        typer.echo(
            f"Removed {done.removed_token}: it was over the replaced checkpoint.", err=to_stderr
        )
    typer.echo(
        "Copy it off this machine: only an outside checkpoint proves the log unaltered.",
        err=to_stderr,
    )


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
    tsa_cert: TsaCertOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Check the chain, every event's items, the Merkle root, the graph against the log,
    stored originals, and that the log extends the given checkpoints. Exit 1 on any problem,
    naming the first bad event, item or original file. Says so when the originals could not
    be checked (a server store without PROVENANCE_ORIGINALS). A checkpoint's timestamp
    token (FILE.tsr) is checked against --tsa-cert and its attested time reported; without
    --tsa-cert it is reported as not checked."""
    from provenance.audit.checkpoint import load_checkpoint, load_public_key
    from provenance.audit.tsa_verify import checkpoint_times
    from provenance.audit.verify import verify_all

    cps = [(str(p), load_checkpoint(p)) for p in checkpoints or []]
    key = load_public_key(pubkey) if pubkey else None
    times = checkpoint_times(checkpoints or [], tsa_cert)
    with open_store(ctx) as store, working(ctx, "Verifying the audit log"):
        report = verify_all(
            store,
            cps,
            key,
            check_items=not no_items,
            deep=deep,
            check_state=not no_state,
            timestamps=times,
        )
    print_check(report, json_)


class CheckReport(Protocol):
    """What ``verify`` and ``verify-bundle`` print: a verdict, its lines and its JSON."""

    @property
    def ok(self) -> bool: ...

    def lines(self) -> list[str]: ...

    def as_dict(self) -> dict[str, Any]: ...


def print_check(report: CheckReport, json_: bool) -> None:
    """Print a verification ``report`` (JSON, or its lines) and exit 1 unless it is OK."""
    if json_:
        print_json(report.as_dict())
    else:
        out = console()
        for line in report.lines():
            out.print(line, markup=False)
    if not report.ok:
        raise typer.Exit(1)
