"""The ``provenance`` command: global options, command registration, error boundary."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from provenance.errors import ProvenanceError
from provenance.settings import DEFAULT_STORE_URI

from .commands import audit, core, corroborate, dedupe, demo, edit, ingest, views
from .common import State

app = typer.Typer(
    name="provenance",
    help="Evidence provenance for civilian-harm monitoring: how each casualty figure was "
    "corroborated, which incidents are duplicates, and a tamper-evident record of it all.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def main(
    ctx: typer.Context,
    store: Annotated[
        str,
        typer.Option(
            "--store",
            envvar="PROVENANCE_STORE",
            help="Store URI: sqlite:///path.db (embedded), or neo4j://host:7687 / bolt://host:7687 "
            "with NEO4J_USER / NEO4J_PASSWORD in the environment.",
        ),
    ] = DEFAULT_STORE_URI,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    ctx.obj = State(store_uri=store, quiet=quiet)


for module in (core, ingest, edit, demo, corroborate, dedupe, views, audit):
    module.register(app)


def run() -> None:
    """Console-script entry point: a library error is shown as its
    :meth:`~provenance.errors.ProvenanceError.display` text (``Error: …`` / ``Hint: …``) on
    stderr, and the command exits with the error's exit code (2 for usage errors, else 1);
    Ctrl-C exits 130, the shell's status for SIGINT."""
    try:
        app()
    except ProvenanceError as exc:
        sys.stderr.write(exc.display() + "\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        interrupted = ProvenanceError(
            "interrupted", "nothing of the unfinished operation was written: run the command again"
        )
        sys.stderr.write(interrupted.display() + "\n")
        sys.exit(130)


if __name__ == "__main__":
    run()
