"""Every command has help and is documented in the README; the README's two commands exist."""

from __future__ import annotations

import re

import typer
from paths import REPO
from provenance_cli.main import app
from typer.testing import CliRunner

README = (REPO / "README.md").read_text()


def _commands(group: typer.Typer, prefix: str = "") -> list[str]:
    names = [
        prefix + (c.name or (c.callback.__name__ if c.callback else ""))
        for c in group.registered_commands
    ]
    for sub in group.registered_groups:
        inner = sub.typer_instance
        assert inner is not None
        group_name = sub.name or inner.info.name
        names += _commands(inner, f"{prefix}{group_name} ")
    return names


def test_every_command_has_help_and_is_in_the_readme() -> None:
    runner = CliRunner()
    commands = _commands(app)
    assert {"init", "ingest", "show", "stats", "demo"} <= set(commands)
    for name in commands:
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage:" in result.output
        assert re.search(rf"provenance {re.escape(name)}\b", README), (
            f"README does not document `{name}`"
        )


def test_readme_gives_exactly_the_two_commands() -> None:
    block = README.split("## Two commands", 1)[1].split("```", 2)[1]
    lines = [ln for ln in block.splitlines() if ln.strip()]
    assert [ln.split("#")[0].strip() for ln in lines] == ["bash scripts/demo", "bash scripts/test"]
    assert (REPO / "scripts" / "demo").exists() and (REPO / "scripts" / "test").exists()
    assert "scripts/test" in (REPO / ".ci" / "run").read_text()
