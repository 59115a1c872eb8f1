"""Optional checks of the profiles on the real exports in ../shared/data (when present).

The data files are not part of the repository (their licences do not allow copying); these
tests run where the shared data folder exists, as on the development machines.
"""

from __future__ import annotations

from collections import Counter

import pytest
from paths import REAL_DATA

from provenance.ingest.profiles import get_profile
from provenance.ingest.profiles.run import build_import

DATA = REAL_DATA
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not present at {DATA}")


def test_airwars_syria_pair() -> None:
    d = DATA / "syrian-archive-airwars"
    result = build_import(
        get_profile("airwars"), [d / "incidents_flat.csv", d / "incident_sources_flat.csv"]
    )
    labels = Counter(n.label for n in result.batch.nodes)
    assert result.rows_read == {"incidents_flat.csv": 996, "incident_sources_flat.csv": 14866}
    # all 996 kept (issue 14): CS1033 without coordinates (longitude 4239), YS133 undated
    assert labels["Incident"] == 996
    kept = {k["id"]: [p["field"] for p in k["problems"]] for k in result.field_problems}
    assert {i: f for i, f in kept.items() if i.startswith("airwars:")} == {
        "airwars:CS1033": ["location"],
        "airwars:YS133": ["date"],
    }
    # three source rows whose URL is not http(s): kept, the URL left empty (issue 14)
    assert sorted(f for i, f in kept.items() if i.startswith("url:")) == [["url"]] * 3
    assert result.rejections == []
    grades = Counter(n.data["grade"] for n in result.batch.nodes if n.label == "Incident")
    assert grades["fair"] == 484 and grades["confirmed"] == 5
    cs1033 = {
        s
        for n in result.batch.nodes
        if n.id.startswith("airwars:CS1033:c:")
        for s in n.data["supported_by"]
    }
    assert len(cs1033) == 6  # its 6 source rows kept
    cited = Counter(
        s for n in result.batch.nodes if n.label == "Claim" for s in n.data["supported_by"]
    )
    assert sum(1 for n in cited.values() if n > 1) > 500  # shared URLs support several claims


def test_timemap_bellingcat() -> None:
    d = DATA / "bellingcat-ukraine"
    result = build_import(get_profile("timemap"), sorted(d.glob("export_*.json")))
    labels = Counter(n.label for n in result.batch.nodes)
    assert labels["Incident"] == 1159 and labels["Claim"] == 1159 and not result.rejections


def test_ydp_yemen() -> None:
    result = build_import(get_profile("ydp"), [DATA / "yemen_air_raids" / "raw_yemen_data.csv"])
    assert result.encodings == {"raw_yemen_data.csv": "cp1252"}
    assert result.rows_read["raw_yemen_data.csv"] == 22485
    # Max Air Raids "2,2" on row 7128: the raid is kept, its air-raid count left empty
    assert not result.rejections
    assert [(p["id"], p["row"]) for p in result.field_problems] == [("ydp:7127", 7128)]


def test_statements_reject_unknown_incidents() -> None:
    result = build_import(
        get_profile("statements"), [DATA / "the-killings-they-tweeted" / "data.csv"]
    )
    assert result.rows_read == {"data.csv": 66}
    assert {r.column for r in result.rejections} == {"Airwars ref code"}
