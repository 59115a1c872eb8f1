"""Issue 16: PROV-JSON carries each duplicate judgement's verdict and pair; `show` of a
judged incident names the verdict."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run_cli


def _judged_store(tmp_path: Path) -> Path:
    out = tmp_path / "d"
    run_cli("demo", "--out", str(out), check=True)
    store = out / "demo.db"
    run_cli(
        "judge", "ill-raqqa-1", "ill-raqqa-2", "different", "--reason", "other side of town",
        store=store, check=True,
    )  # fmt: skip
    run_cli(
        "judge", "ill-mosul-1", "ill-mosul-2", "unsure", "--reason", "dates a week apart",
        store=store, check=True,
    )  # fmt: skip
    return store


def test_prov_json_judge_activities_carry_the_verdict(tmp_path: Path) -> None:
    """Before: a judge activity only `used` both incidents; its verdict was nowhere."""
    from prov.model import ProvDocument

    store = _judged_store(tmp_path)
    proc = run_cli("export", "--format", "prov-json", "--out", "-", store=store, check=True)
    doc = json.loads(proc.stdout)
    judged = {
        (a["pv:incident_a"], a["pv:incident_b"]): a["pv:judgement"]
        for a in doc["activity"].values()
        if a["prov:type"] == "pv:judge"
    }
    assert judged == {
        ("pv:item/ill-mawsil-2b", "pv:item/ill-mosul-2"): "same",
        ("pv:item/ill-raqqa-1", "pv:item/ill-raqqa-2"): "different",
        ("pv:item/ill-mosul-1", "pv:item/ill-mosul-2"): "unsure",
    }
    ProvDocument.deserialize(content=proc.stdout, format="json")  # still valid PROV-JSON


def test_show_names_the_verdict_of_a_judged_incident(tmp_path: Path) -> None:
    """Before: `show` printed `JUDGED ← ill-raqqa-1` without the verdict."""
    store = _judged_store(tmp_path)
    out = run_cli("show", "ill-raqqa-2", store=store, check=True).stdout
    line = next(x for x in out.splitlines() if "JUDGED" in x)
    assert "ill-raqqa-1" in line and "different" in line and "other side of town" in line
