"""Help a person can read: ``ID_A`` and ``PATH…`` in usage lines and argument lists, not
``{ID_A}`` or ``<list[Path]>``; option values named ``TEXT``, ``N``, ``NUMBER``, ``PATH``.

:func:`humanise` gives every command of a Typer app (and of its sub-apps) the
:class:`HumanCommand` class, whose parameters render this way.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperOption

TYPE_NAMES = {
    "str": "TEXT",
    "int": "N",
    "int range": "N",
    "float": "NUMBER",
    "float range": "NUMBER",
    "path": "PATH",
    "list[Path]": "PATH",
    "list[str]": "TEXT",
}
"""Typer's type labels (``<str>``) and what the help says instead."""


def human_type(shown: str | None) -> str | None:
    """The name of a value in help: ``<str>`` → ``TEXT``; a choice ``<a|b>`` → ``a|b``."""
    if shown is None:
        return None
    inner = shown.removeprefix("<").removesuffix(">")
    return TYPE_NAMES.get(inner, inner)


class HumanArgument(TyperArgument):
    """An argument shown by its metavar (or its name in capitals), ``[…]`` when optional,
    ``…`` when it takes several values, without a type label."""

    def human_name(self) -> str:
        """``ID_A``, ``PATH…``, ``KIND``."""
        name = (self.metavar or (self.name or "").upper()).replace("...", "…")
        return name if self.nargs == 1 or name.endswith("…") else f"{name}…"

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        """The argument in the usage line."""
        name = self.human_name()
        if self.required or name.startswith("["):
            return [name]
        return [f"[{name}]"]

    def get_help_record(self, ctx: Any) -> tuple[str, str] | None:
        """The argument's line under "Arguments": its name and help, no type label."""
        record = super().get_help_record(ctx)
        return None if record is None else (self.human_name().strip("[]"), record[1])


class HumanOption(TyperOption):
    """An option whose value is named :data:`TYPE_NAMES`-style (``--limit N``)."""

    def make_metavar(self, ctx: Any) -> str:
        """The value's name after the option in help."""
        if self.metavar is not None:
            return self.metavar
        shown = human_type(self.type.get_metavar(param=self, ctx=ctx) or self.type.name) or ""
        return f"{shown}…" if self.nargs != 1 else shown


class HumanCommand(TyperCommand):
    """A command whose arguments and options are :class:`HumanArgument` and
    :class:`HumanOption`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = HumanArgument
            elif type(param) is TyperOption:
                param.__class__ = HumanOption


def humanise(app: typer.Typer) -> None:
    """Give every command of ``app`` and of its sub-apps :class:`HumanCommand`."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = HumanCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            humanise(group.typer_instance)
