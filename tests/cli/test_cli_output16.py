"""Issue 16, the output contract through the real console script: piped, nothing is cut
or wrapped; on a terminal, ids stay whole; ``--format`` on every command that prints rows."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from output16_helpers import on_tty, piped
from provenance_cli.rows import spreadsheet_safe

SHA = "sha256 (content)"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's store (the June 2017 case, one duplicate judged)."""
    out = tmp_path_factory.mktemp("demo") / "d"
    assert piped("demo", "--out", str(out)).returncode == 0
    return out / "demo.db"


def _ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_piped_show_keeps_the_hash_whole_at_80_columns(demo: Path) -> None:
    """Before: `show | cat` at 80 columns cut the sha256 with …."""
    out = _ok(piped("show", "ill-mosul-1", store=demo))
    hash_line = next(line for line in out.splitlines() if SHA in line)
    assert "…" not in out
    digest = hash_line.split(SHA)[1].strip(" │")
    assert len(digest) == 64, hash_line


def test_piped_duplicates_keep_ids_whole(demo: Path) -> None:
    """Before: `duplicates` at 80 columns printed `ill-maws…` (not typeable into judge)."""
    out = _ok(piped("duplicates", "--all", store=demo))
    assert "ill-mawsil-2b" in out and "ill-mosul-2" in out and "…" not in out


def test_piped_demo_table_is_not_cut(tmp_path: Path) -> None:
    """Before: the demo's first table printed `ill-ma…` and `2017-0…` piped at 80 columns."""
    out = _ok(piped("demo", "--out", str(tmp_path / "d")))
    table = out.split("Corroboration")[0]
    assert "…" not in table.replace("ids ill-…", "")
    assert "ill-mawsil-2b-c1" in table and "2017-06-13" in table and "Al-Mawsil al-Jadida" in table


def test_piped_corroborate_and_figure_are_not_wrapped(demo: Path) -> None:
    """Before: piped `corroborate` and `figure` hard-wrapped at 80 columns."""
    out = _ok(piped("corroborate", "ill-mosul-1-c1", store=demo))
    assert any(len(line) > 80 and line.rstrip().endswith(")") for line in out.splitlines())
    fig = _ok(piped("figure", "--from", "2017-06-01", "--to", "2017-06-30", store=demo))
    assert "  ill-raqqa-2" in fig.splitlines()  # every id whole, one a line


def test_on_a_terminal_ids_stay_whole_and_text_wraps(demo: Path) -> None:
    """On an 80-column terminal the tables fit by wrapping text, never by cutting an id."""
    code, out = on_tty("duplicates", "--all", store=demo)
    assert code == 0, out
    assert "ill-mawsil-2b" in out and "ill-mosul-2" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    code, out = on_tty("show", "ill-mosul-1", store=demo)
    assert code == 0 and "…" not in out
    code, out = on_tty("list", "incident", "--where", "country=IQ", columns=50, store=demo)
    assert code == 0 and "ill-mawsil-2b" in out and "…" not in out
    assert max(len(line) for line in out.splitlines()) <= 50


def test_on_an_80_column_terminal_each_reason_reads_whole(demo: Path) -> None:
    """Candidates on a narrow terminal: each pair a block, each reason on its lines with no
    word of it broken. Before: a table whose reasons column was about 17 characters wide
    (a pair 20 lines tall) folded ids in the reasons mid-id ("url:b4ac13a45de6" / "83f3"),
    and the distance rule read "within 5 km for ?/? precision"."""
    pairs = json.loads(_ok(piped("duplicates", "--all", "--json", store=demo)))
    code, out = on_tty("duplicates", "--all", store=demo)
    assert code == 0, out
    words = {w for line in out.splitlines() for w in line.split()}
    for pair in pairs:
        assert f"{pair['a']}  ~  {pair['b']}" in out
        for reason in pair["reasons"]:
            assert set(reason.split()) <= words, reason
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
    assert "?/?" not in out


@pytest.mark.parametrize("args", [("ill-mosul-1-c1",), ("--all",)])
def test_on_an_80_column_terminal_corroborate_wraps_between_ids(
    demo: Path, args: tuple[str, ...]
) -> None:
    """Before: lines of several hundred characters, which the terminal broke anywhere,
    inside ids; and with ``--all`` the first result glued to the progress bar."""
    whole = _ok(piped("corroborate", *args, store=demo))
    code, out = on_tty("corroborate", *args, store=demo)
    assert code == 0, out
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert out.split() == whole.split()  # the same words, none broken
    starts = [line.split()[0] for line in whole.splitlines() if not line.startswith(" ")]
    assert starts == [line.split()[0] for line in lines if line and not line.startswith(" ")]
    assert "Corroborating" not in out


def _csv(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_format_on_duplicates_corroborate_figure_and_audit_log(demo: Path) -> None:
    """Before: only `list` and `search` took --format."""
    dup = _csv(_ok(piped("duplicates", "--all", "--format", "csv", store=demo)))
    assert (dup[0]["a"], dup[0]["b"], dup[0]["judgement"]) == (
        "ill-mawsil-2b",
        "ill-mosul-2",
        "same",
    )
    rows = _ok(piped("corroborate", "--incident", "ill-raqqa-2", "--format", "jsonl", store=demo))
    assert [json.loads(r)["claim"] for r in rows.splitlines()] == [
        "ill-raqqa-2-c1",
        "ill-raqqa-2-c2",
    ]
    every = _csv(_ok(piped("corroborate", "--all", "--format", "tsv", store=demo)), "\t")
    assert len(every) == 6 and every[0]["claim"] == "ill-mawsil-2b-c1"
    by = json.loads(_ok(piped("figure", "--by", "month", "--format", "json", store=demo)))
    assert by[0]["month"] == "2017-06" and by[0]["incidents"] == 4
    assert {"civilians_killed_min", "civilians_killed_max"} <= by[0].keys()
    log = _ok(piped("audit", "log", store=demo))
    assert log.splitlines()[0].split() == ["seq", "at", "actor", "action", "what", "reason"]
    assert "ill-mawsil-2b ~ ill-mosul-2: same" in log
    events = _csv(_ok(piped("audit", "log", "--format", "csv", store=demo)))
    assert events[1]["action"] == "judge" and events[1]["what"].endswith(": same")


def test_json_stays_what_it_was(demo: Path) -> None:
    """--json without --format prints the command's one JSON document, as before."""
    dup = json.loads(_ok(piped("duplicates", "--all", "--json", store=demo)))
    assert set(dup[0]) == {"a", "b", "score", "reasons", "judgement"}
    fig = json.loads(_ok(piped("figure", "--json", store=demo)))
    assert "by_grade" in fig and "incident_ids" in fig


def test_csv_cells_never_start_a_formula(demo: Path, tmp_path: Path) -> None:
    """Before: a title `@SUM(1)` reached a CSV cell as it was (OWASP CSV injection)."""
    store = tmp_path / "s.db"
    store.write_bytes(demo.read_bytes())
    _ok(piped("set", "ill-mosul-1", "title=@SUM(1)", "--reason", "test", store=store))
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = _csv(_ok(piped("list", "incident", "--format", fmt, store=store)), delimiter)
        titles = {r["id"]: r["title"] for r in rows}
        assert titles["ill-mosul-1"] == "'@SUM(1)"


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+2", "'=1+2"), ("+x", "'+x"), ("-x", "'-x"), ("@a", "'@a"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), (-3, "-3"), ("-2.5", "-2.5"), (7, "7"), ("plain", "plain"), (None, "")],
)  # fmt: skip
def test_spreadsheet_safe(value: object, cell: str) -> None:
    assert spreadsheet_safe(value) == cell
