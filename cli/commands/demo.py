"""``demo``: the June 2017 case, end to end, in a fresh store."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..common import console
from . import audit, corroborate, dedupe, views

if TYPE_CHECKING:
    from rich.console import Console

    from provenance.store import Store

DEMO_STEPS = (corroborate.demo_step, dedupe.demo_step, views.demo_step, audit.demo_step)


def register(app: typer.Typer) -> None:
    app.command()(demo)


def example_path() -> Path:
    """The packaged seed case file, ``examples/june-2017.yaml``."""
    return Path(str(resources.files("provenance.examples").joinpath("june-2017.yaml")))


def demo(
    out: Annotated[
        Path, typer.Option("--out", help="Directory for the demo store and files.")
    ] = Path("provenance-demo"),
) -> None:
    """Load the June 2017 case into a fresh store and show what the tool makes of it."""
    from provenance.ingest.casefile import load_batch
    from provenance.store.sqlite import SQLiteStore

    db = _fresh_demo_store(out)
    path = example_path()
    batch = load_batch([path])
    con = console()
    with SQLiteStore(db, create=True) as store:
        report = store.ingest(batch, actor="provenance-demo", reason="demo: the June 2017 case")
        con.print(f"[bold]provenance demo[/bold] — the June 2017 case ({path.name})")
        con.print(
            f"Store {db}: {report.created} items ingested in one transaction (audit event {report.event_seq}).\n",
            markup=False,
        )
        _print_incidents(store, con)
        for step in DEMO_STEPS:
            step(store, out, con)
    con.print(f"\nTry: provenance --store sqlite:///{db} show ill-mosul-1", markup=False)


DEMO_MARKER = ".provenance-demo"


def _fresh_demo_store(out: Path) -> Path:
    """Make room for a fresh demo store in ``out``, never touching anything the demo did not make.

    The directory is marked as the demo's on first use; a store there without the mark (a
    real store, say ``--out .``) is refused rather than deleted.
    """
    from provenance.errors import InputError

    db = out / "demo.db"
    out.mkdir(parents=True, exist_ok=True)
    marker = out / DEMO_MARKER
    if db.exists() and not marker.exists():
        raise InputError(
            f"{db} exists and was not made by `provenance demo`",
            "choose another --out directory; the demo never deletes a store it did not make",
        )
    marker.write_text("made by `provenance demo`; the demo store here is rebuilt on each run\n")
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    return db


def _print_incidents(store: Store, con: Console) -> None:
    from rich.table import Table

    claims_by_incident: dict[str, list[dict[str, Any]]] = {}
    for claim in store.iter_items("Claim"):
        claims_by_incident.setdefault(str(claim.data["incident"]), []).append(claim.data)
    table = Table(title="Incidents (ILLUSTRATIVE records, ids ill-…)", title_justify="left")
    for col in ("incident", "date", "place", "grade", "claim", "killed", "belligerent", "sources"):
        table.add_column(col)
    for inc in store.iter_items("Incident"):
        d = inc.data
        for c in claims_by_incident.get(inc.id, []):
            killed = c.get("civilians_killed") or {}
            table.add_row(
                inc.id,
                str(d["date"]),
                str((d.get("location") or {}).get("name", "")),
                str(d.get("grade") or ""),
                str(c["id"]),
                f"{killed['min']}–{killed['max']}" if killed else "",
                str(c.get("belligerent") or ""),
                str(len(c.get("supported_by") or [])),
            )
    con.print(table)
