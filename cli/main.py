"""The ``provenance`` command: global options, command registration, error boundary."""

from __future__ import annotations

import sys
import warnings
from typing import Annotated, TextIO

import typer

from provenance.errors import ProvenanceError
from provenance.rules import IdentifyingIdWarning
from provenance.settings import DEFAULT_STORE_URI

from .commands import audit, core, corroborate, dedupe, demo, edit, find, ingest, outlets, views
from .common import State
from .terminal import terminal_text

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


for module in (core, find, ingest, edit, demo, corroborate, dedupe, views, audit):
    module.register(app)
app.add_typer(outlets.app, name="outlets")


_show_other_warning = warnings.showwarning


def show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Show the library's warnings to the user as ``Warning: …`` on stderr (neutralised);
    any other warning as Python shows it."""
    if issubclass(category, IdentifyingIdWarning):
        (file or sys.stderr).write(f"Warning: {terminal_text(message)}\n")
    else:
        _show_other_warning(message, category, filename, lineno, file, line)


def run() -> None:
    """Console-script entry point: a library error is shown as its
    :meth:`~provenance.errors.ProvenanceError.display` text (``Error: …`` / ``Hint: …``,
    neutralised by :func:`~provenance_cli.terminal.terminal_text`) on stderr, and the
    command exits with the error's exit code (2 for usage errors, else 1); Ctrl-C exits
    130, the shell's status for SIGINT. Library warnings are shown as ``Warning: …``."""
    warnings.showwarning = show_warning
    try:
        app()
    except ProvenanceError as exc:
        sys.stderr.write(terminal_text(exc.display()) + "\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        interrupted = ProvenanceError(
            "interrupted", "nothing of the unfinished operation was written: run the command again"
        )
        sys.stderr.write(interrupted.display() + "\n")
        sys.exit(130)


if __name__ == "__main__":
    run()
