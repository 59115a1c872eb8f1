"""Issue 16, the output contract: usage errors, global options, --version, completion and
help a person can read, through the real console script."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
from output16_helpers import SCRIPT, cli_env, piped


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's store."""
    out = tmp_path_factory.mktemp("demo") / "d"
    assert piped("demo", "--out", str(out)).returncode == 0
    return out / "demo.db"


def test_a_global_option_after_the_command_gets_a_hint(demo: Path) -> None:
    """Before: `stats --store X` said only "No such option: --store"."""
    proc = piped("stats", "--store", f"sqlite:///{demo}")
    assert proc.returncode == 2
    assert "Hint: --store is an option of provenance itself: give it before the command" in (
        proc.stderr
    )
    assert "provenance --store … stats" in proc.stderr
    other = piped("stats", "--bogus", store=demo)
    assert other.returncode == 2 and "Hint:" not in other.stderr  # only for global options


def test_version_and_shell_completion() -> None:
    """Before: no --version, and completion was disabled."""
    proc = piped("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("provenance ")
    # the shell is detected from the parent process, as when a user types it in bash
    script = subprocess.run(
        ["bash", "-c", f"{shlex.quote(SCRIPT)} --show-completion; exit $?"],
        capture_output=True, text=True, env=cli_env(80), timeout=120,
    )  # fmt: skip
    assert script.returncode == 0, script.stderr
    assert "complete" in script.stdout and "_PROVENANCE_COMPLETE" in script.stdout
    assert "--install-completion" in piped("--help").stdout


def test_help_names_values_as_a_person_would() -> None:
    """Before: `{ID_A}`, `<str>`, `<list[Path]>` in usage and argument lists."""
    judge = piped("judge", "--help").stdout
    assert "provenance judge [OPTIONS] ID_A ID_B same|different|unsure" in judge
    ingest = piped("ingest", "--help").stdout
    assert "[PATH…]" in ingest
    helps = [piped(*c, "--help").stdout for c in (("judge",), ("ingest",), ("audit", "verify"))]
    for text in [*helps, piped("--help").stdout, piped("list", "--help").stdout]:
        assert "<" not in text.replace("<=", "") and "{" not in text, text


def test_show_prints_ranges_and_lists_in_words(demo: Path) -> None:
    """Before: `show` of a claim printed `{'max': 18, 'min': 12}`."""
    out = piped("show", "ill-mosul-1-c1", store=demo).stdout
    assert "12–18" in out and "'min'" not in out and "['" not in out


def test_counts_are_singular_or_plural(demo: Path) -> None:
    """Before: `list` said "1 incident(s)"."""
    out = piped("list", "incident", "--where", "id=ill-mosul-1", store=demo).stdout
    assert out.splitlines()[0] == "1 incident"
    out = piped("list", "incident", store=demo).stdout
    assert out.splitlines()[0] == "5 incidents"


def test_identities_without_the_confirming_flag_is_a_usage_error(
    demo: Path, tmp_path: Path
) -> None:
    ids = tmp_path / "ids.json"
    ids.write_text("{}")
    proc = piped(
        "export", "--format", "jsonl", "--out", str(tmp_path / "e.jsonl"),
        "--identities", str(ids), store=demo,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr


def test_checkpoint_without_pubkey_is_a_usage_error(demo: Path, tmp_path: Path) -> None:
    key = tmp_path / "k"
    assert piped("audit", "keygen", "--out", str(key)).returncode == 0
    cp = tmp_path / "cp.txt"
    made = piped("audit", "checkpoint", "--key", f"{key}.key", "--out", str(cp), store=demo)
    assert made.returncode == 0, made.stderr
    proc = piped("audit", "verify", "--checkpoint", str(cp), store=demo)
    assert proc.returncode == 2, proc.stderr


def test_usage_errors_exit_2(demo: Path, tmp_path: Path) -> None:
    """An unknown profile, a bad reliability grade, an unsigned bundle: exit 2."""
    data = tmp_path / "x.csv"
    data.write_text("a,b\n1,2\n")
    for args in (
        ("ingest", str(data), "--profile", "airwar"),
        ("corroborate", "--all", "--min-reliability", "Z"),
        ("audit", "bundle", "ill-mosul-1", "--out", str(tmp_path / "b")),
    ):
        proc = piped(*args, store=demo)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.startswith("Error: "), proc.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "prov-json", "graphml"])
def test_export_to_stdout(demo: Path, tmp_path: Path, fmt: str) -> None:
    """Before: `--out -` wrote a file named `-`."""
    proc = piped("export", "--format", fmt, "--out", "-", store=demo, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "-").exists()
    assert "ill-mosul-1" in proc.stdout and "Exported" not in proc.stdout
    assert "Exported" in proc.stderr and "records as" in proc.stderr
    if fmt == "jsonl":
        assert all(line.startswith("{") for line in proc.stdout.splitlines())


def test_checkpoint_to_stdout(demo: Path, tmp_path: Path) -> None:
    """Before: `audit checkpoint --out -` wrote a file named `-`."""
    assert piped("audit", "keygen", "--out", str(tmp_path / "k")).returncode == 0
    proc = piped(
        "audit", "checkpoint", "--key", str(tmp_path / "k.key"), "--out", "-", store=demo,
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "-").exists() and "provenance" in proc.stdout.splitlines()[0]
    assert "Checkpoint of" in proc.stderr and "Checkpoint of" not in proc.stdout
    (tmp_path / "cp.txt").write_text(proc.stdout)
    verify = piped(
        "audit", "verify", "--checkpoint", str(tmp_path / "cp.txt"), "--pubkey",
        str(tmp_path / "k.pub"), store=demo,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_neo4j_store_names_every_missing_variable(tmp_path: Path) -> None:
    """Before: only NEO4J_USER was named; NEO4J_PASSWORD came up on the next try."""
    import subprocess

    env = {k: v for k, v in cli_env(80).items() if not k.startswith("NEO4J_")}
    proc = subprocess.run(
        [SCRIPT, "--store", "neo4j://127.0.0.1:1", "stats"], capture_output=True, text=True,
        env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "NEO4J_USER" in proc.stderr and "NEO4J_PASSWORD" in proc.stderr
    assert proc.stderr.count("Error:") == 1
