"""``provenance figure`` as text on a store with many incidents, as a researcher reads it:
the totals first, then each list of ids under a heading that gives its count. Piped, every
id whole on its own line (nothing cut); on an 80-column terminal, the first ids of each
list wrapped between ids, and how to get the rest. ``--json`` keeps every id.

Through the real console script, piped and on a pseudo-terminal.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_cli
from output16_helpers import on_tty, piped

COUNTED, UNRECORDED = 30, 25
ID = re.compile(r"case-[a-z0-9-]*[a-z0-9]")


def _case() -> str:
    """Incidents counted (two of them one strike), incidents whose casualties were not
    recorded, and one undated."""
    rows = [
        f"  - {{id: case-incident-{i:04}, title: t, date: 2020-01-{i % 28 + 1:02},"
        f" claims: [{{id: case-incident-{i:04}-c, civilians_killed: {{min: 1, max: 2}}}}]}}"
        for i in range(COUNTED)
    ]
    rows += [
        f"  - {{id: case-unrecorded-{i:04}, title: t, date: 2020-02-{i % 28 + 1:02},"
        f" claims: [{{id: case-unrecorded-{i:04}-c}}]}}"
        for i in range(UNRECORDED)
    ]
    rows.append("  - {id: case-undated-0001, title: t, claims: [{id: case-undated-0001-c}]}")
    return "format: provenance-case/1\nincidents:\n" + "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("figure-text")
    case = work / "case.yaml"
    case.write_text(_case(), encoding="utf-8")
    db = work / "store.db"
    run_cli("ingest", str(case), store=db, check=True)
    one, two = "case-incident-0000", "case-incident-0001"
    run_cli("judge", one, two, "same", "--reason", "one strike", store=db, check=True)
    return db


def _figure(store: Path) -> dict[str, Any]:
    proc = piped("figure", "--json", store=store)
    assert proc.returncode == 0, proc.stderr
    fig: dict[str, Any] = json.loads(proc.stdout)
    return fig


def _lists(fig: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(heading, ids) of each list, the heading's count from the figure's own numbers."""
    counted, unrecorded, undated = (
        fig[k] for k in ("incident_ids", "not_recorded_ids", "undated_ids")
    )
    return [
        (f"Incidents counted ({fig['incidents']} incidents, {len(counted)} ids:", counted),
        (f"Casualties not recorded ({len(unrecorded)} incidents", unrecorded),
        (f"Undated ({len(undated)} incident", undated),
    ]


def test_piped_the_totals_come_first_then_every_id_on_its_own_line(store: Path) -> None:
    """Before: each list of ids was one line (``Incidents (30): case-incident-0000, …``),
    on the real store a few lines of 15,000 to 22,000 characters."""
    fig = _figure(store)
    assert len(fig["incident_ids"]) == COUNTED and len(fig["not_recorded_ids"]) == UNRECORDED
    proc = piped("figure", store=store)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    totals = next(n for n, line in enumerate(lines) if "civilians killed" in line)
    for heading, ids in _lists(fig):
        at = next(n for n, line in enumerate(lines) if line.startswith(heading))
        assert totals < at
        assert lines[at + 1 : at + 1 + len(ids)] == [f"  {i}" for i in ids]  # whole, one a line
        assert at + 1 + len(ids) == len(lines) or lines[at + 1 + len(ids)] == ""
    assert all(len(ID.findall(line)) <= 2 for line in lines)  # a cluster names its two ids


def test_on_an_80_column_terminal_each_list_fits_and_says_how_to_get_the_rest(
    store: Path,
) -> None:
    """Before: the id lines were hundreds of characters wide, folded by the terminal in
    the middle of ids, and did not say how to see the rest."""
    fig = _figure(store)
    code, out = on_tty("--quiet", "figure", store=store, columns=80)
    assert code == 0, out
    assert max(len(line) for line in out.splitlines()) <= 80
    known = {i for _, ids in _lists(fig) for i in ids}
    shown = ID.findall(out)
    assert set(shown) <= known  # no id broken across lines
    flowing = " ".join(out.split())
    for heading, ids in _lists(fig):
        assert heading in flowing
        assert all(i in shown for i in ids[:10])
        if len(ids) > 10:
            assert not set(ids[10:]) & set(shown)
            assert f"… {len(ids) - 10} more (all: pipe it, or --json)" in flowing
