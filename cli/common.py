"""Shared plumbing of the CLI: global state, options, output, progress.

Commands are thin: parse, call one library function, print. Heavy modules are imported
inside command functions so that ``provenance --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from provenance.store import Store

T = TypeVar("T")


@dataclass
class State:
    """Global options, kept on the Typer context object."""

    store_uri: str
    quiet: bool


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State), "the root callback sets the state"
    return obj


def open_store(ctx: typer.Context, *, create: bool = False) -> Store:
    """Open the store named by ``--store`` / ``PROVENANCE_STORE``."""
    from provenance.store import open_store as _open

    return _open(state(ctx).store_uri, create=create)


JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
ActorOpt = Annotated[
    str | None,
    typer.Option(
        "--actor",
        envvar="PROVENANCE_ACTOR",
        help="Who is acting, for the audit log [default: the OS user].",
    ),
]


def actor_or_default(actor: str | None) -> str:
    """``--actor`` (or ``PROVENANCE_ACTOR``), else the OS user; one with control characters
    is a usage error."""
    from provenance.rules import check_text
    from provenance.store import default_actor

    return check_text(actor, "--actor") if actor else default_actor()


def console(stderr: bool = False) -> Console:
    """A Rich console created on first use that prints text from the data only through
    :func:`~provenance_cli.terminal.terminal_text`; it neither wraps nor cuts anything when
    its stream is not a terminal (:func:`~provenance_cli.console.make_console`)."""
    from .console import make_console

    return make_console(stderr=stderr)


def print_json(value: Any, *, err: bool = False) -> None:
    """Print one JSON document on stdout (on stderr with ``err``: when stdout carries a
    file written with ``--out -``)."""
    stream = sys.stderr if err else sys.stdout
    stream.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def progress(ctx: typer.Context, items: Iterable[T], total: int | None, label: str) -> Iterator[T]:
    """Iterate ``items`` with a progress bar on stderr when it is a terminal and not --quiet,
    for results that go to a file or a pipe: results streamed to the terminal are their own
    progress (a bar redrawn between them glued itself to the first one)."""
    if state(ctx).quiet or not sys.stderr.isatty() or sys.stdout.isatty():
        yield from items
        return
    from rich.progress import track

    yield from track(
        items, total=total, description=label, console=console(stderr=True), transient=True
    )


ProgressCallback = Callable[[int, "int | None"], None]
"""``report(done, total)``: how far a long library call has come (``total`` ``None`` when
unknown)."""


def show_progress(ctx: typer.Context) -> bool:
    """Whether to show progress: stderr is a terminal and ``--quiet`` was not given."""
    return not state(ctx).quiet and sys.stderr.isatty()


@contextmanager
def working(ctx: typer.Context, label: str) -> Iterator[ProgressCallback]:
    """A progress bar on stderr for the work done inside the block (on a terminal only,
    never with ``--quiet``): a spinner with the time elapsed, that becomes a bar when the
    library reports through the callback yielded (a ``progress`` parameter)."""
    if not show_progress(ctx):
        yield lambda done, total: None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from .progress import CountColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        CountColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)

    def report(done: int, total: int | None) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield report
