"""Issue 16: the mapping format is documented in the README with
``examples/mapping-template.yaml``, and the template imports its example export."""

from __future__ import annotations

import json
import re
from pathlib import Path

from output16_helpers import on_tty, piped

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "examples" / "mapping-template.yaml"
EXPORT = ROOT / "examples" / "mapping-template.csv"


def test_the_template_imports_its_example(tmp_path: Path) -> None:
    """Before: there was no template, and the README named only `--mapping my-mapping.yaml`."""
    store = tmp_path / "s.db"
    proc = piped("ingest", str(EXPORT), "--mapping", str(TEMPLATE), "--json", store=store)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["rejected"] == 0 and report["created"] == 6  # 2 incidents, claims, sources
    shown = json.loads(piped("show", "em:102", "--json", store=store).stdout)
    assert shown["data"]["country"] == "SY"
    assert shown["data"]["belligerents"] == ["US-led coalition", "Russian military"]
    claim = json.loads(piped("show", "em:101:c", "--json", store=store).stdout)
    assert claim["data"]["civilians_killed"] == {"min": 12, "max": 18}
    assert claim["data"]["civilians_injured"] == {"min": 5, "max": 9}


def test_the_readme_documents_every_key_of_the_template() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "examples/mapping-template.yaml" in readme
    keys = set(re.findall(r"^\s*#?\s*([a-z_]+):", TEMPLATE.read_text("utf-8"), re.M))
    documented = {k for k in keys if f"`{k}" in readme}
    spec_keys = {"column", "columns", "value", "template", "strip", "map", "split", "type"}
    assert spec_keys | {"format", "scale", "default", "id_prefix"} <= documented


def test_a_cell_with_an_escape_sequence_costs_its_field_and_is_shown_escaped(
    tmp_path: Path,
) -> None:
    """A mapping import keeps the row whose place holds an escape sequence; the report
    shows the value as recorded (``\\x1b`` once, not doubled by ``repr``), on a pipe and
    on a terminal, and nothing reaches the terminal raw."""
    export = tmp_path / "export.csv"
    text = EXPORT.read_text("utf-8").replace("Old City", "Old City\x1b]0;pwned\x07")
    export.write_text(text, "utf-8")
    store = tmp_path / "s.db"
    proc = piped("ingest", str(export), "--mapping", str(TEMPLATE), store=store)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "1 incident kept with a field dropped" in proc.stdout
    assert "(was 'Old City\\x1b]0;pwned\\x07')" in proc.stdout
    shown = json.loads(piped("show", "em:101", "--json", store=store).stdout)
    assert shown["data"]["location"]["admin"] == ["Nineveh", "Mosul"]
    assert (
        "name" not in shown["data"]["location"] or "pwned" not in shown["data"]["location"]["name"]
    )
    code, screen = on_tty(
        "ingest", str(export), "--mapping", str(TEMPLATE), store=tmp_path / "t.db", columns=200
    )
    assert code == 0 and "(was 'Old City\\x1b]0;pwned\\x07')" in screen
