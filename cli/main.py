"""The ``provenance`` command: global options, command registration, error boundary."""

from __future__ import annotations

import sys
import warnings
from typing import Annotated, TextIO

import typer

from provenance.errors import ProvenanceError
from provenance.rules import IdentifyingIdWarning
from provenance.settings import DEFAULT_STORE_URI

from .commands import (
    audit,
    capture,
    core,
    corroborate,
    dedupe,
    demo,
    edit,
    find,
    impact,
    ingest,
    outlets,
    report,
    views,
)
from .common import State
from .help import humanise
from .terminal import terminal_text

app = typer.Typer(
    name="provenance",
    help="Evidence provenance for civilian-harm monitoring: how each casualty figure was "
    "corroborated, which incidents are duplicates, and a tamper-evident record of it all.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


def show_version(value: bool) -> None:
    """``--version``: print ``provenance VERSION`` and exit."""
    if value:
        from importlib.metadata import version

        typer.echo(f"provenance {version('provenance')}")
        raise typer.Exit()


GLOBAL_OPTIONS = ("--store", "--quiet", "-q", "--version")
"""The options of ``provenance`` itself, which go before the command."""


def misplaced_global(args: list[str]) -> str | None:
    """The global option (:data:`GLOBAL_OPTIONS`) that ``args`` give after the command,
    if any: ``provenance stats --store X`` gives ``--store``."""
    command_seen = skip = False
    for arg in args:
        if skip:
            skip = False
        elif not command_seen:
            skip = arg == "--store"
            command_seen = not arg.startswith("-")
        elif arg == "--":
            return None
        elif arg.split("=", 1)[0] in GLOBAL_OPTIONS:
            return arg.split("=", 1)[0]
    return None


@app.callback()
def main(
    ctx: typer.Context,
    store: Annotated[
        str,
        typer.Option(
            "--store",
            metavar="URI",
            envvar="PROVENANCE_STORE",
            help="Store URI: sqlite:///path.db (embedded), or neo4j://host:7687 / bolt://host:7687 "
            "with NEO4J_USER / NEO4J_PASSWORD in the environment.",
        ),
    ] = DEFAULT_STORE_URI,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=show_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = State(store_uri=store, quiet=quiet)


for module in (
    core,
    find,
    ingest,
    edit,
    demo,
    corroborate,
    impact,
    dedupe,
    views,
    report,
    audit,
    capture,
):
    module.register(app)
app.add_typer(outlets.app, name="outlets")
humanise(app)


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


def _command(args: list[str]) -> str:
    """The command word of ``args`` (the first that is neither an option nor its value)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--store":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return "COMMAND"


def run() -> None:
    """Console-script entry point: a library error is shown as its
    :meth:`~provenance.errors.ProvenanceError.display` text (``Error: …`` / ``Hint: …``,
    neutralised by :func:`~provenance_cli.terminal.terminal_text`) on stderr, and the
    command exits with the error's exit code (2 for usage errors, else 1); Ctrl-C exits
    130, the shell's status for SIGINT. Library warnings are shown as ``Warning: …``."""
    warnings.showwarning = show_warning
    try:
        app()
    except SystemExit as exc:
        misplaced = misplaced_global(sys.argv[1:]) if exc.code == 2 else None
        if misplaced:
            sys.stderr.write(
                f"Hint: {misplaced} is an option of provenance itself: give it before the"
                f" command, e.g. provenance {misplaced} … {_command(sys.argv[1:])} …\n"
            )
        raise
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
