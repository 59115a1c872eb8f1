"""Issue 16 rules of a figure, on plain data: a cluster is one incident in every view,
filter values are checked against the data, unknowns are counted apart."""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.dedupe.clusters import Clustering, cluster
from provenance.errors import UsageError
from provenance.figures import (
    Assessed,
    Belligerents,
    CampaignAcknowledgement,
    ClaimFigure,
    Dataset,
    FigureIncident,
    Filters,
    compute_figure,
    figure_lines,
)

NONE = Clustering(clusters=[], conflicts=[])


class J:
    def __init__(self, a: str, b: str) -> None:
        self.a, self.b, self.judgement, self.seq = a, b, "same", 1


def inc(
    i: str, date: dt.date | None, killed: tuple[int, int] | None, **kw: object
) -> FigureIncident:
    return FigureIncident(
        id=i,
        date=date,
        country=str(kw.pop("country", "SY")),
        belligerents=("U.S.-led Coalition",),
        claims=(ClaimFigure(killed, None, "U.S.-led Coalition"),),
        **kw,
    )  # type: ignore[arg-type]


PAIR = [
    inc(
        "jul31",
        dt.date(2017, 7, 31),
        (5, 7),
        grade="fair",
        assessments=(Assessed("s1", "credible", 2),),
    ),
    inc(
        "aug1",
        dt.date(2017, 8, 1),
        (3, 10),
        grade="weak",
        assessments=(Assessed("s2", "acknowledged", 6),),
    ),
]
SAME = cluster([J("jul31", "aug1")])


def test_a_cluster_takes_its_earliest_date_best_grade_merged_ranges_largest_ack() -> None:
    aug = compute_figure(PAIR, [], SAME, Filters(dt.date(2017, 8, 1), dt.date(2017, 8, 31)))
    assert aug.incidents == 0 and aug.clusters == []
    jul = compute_figure(PAIR, [], SAME, Filters(dt.date(2017, 7, 1), dt.date(2017, 7, 31)))
    assert jul.incidents == 1 and (jul.civilians_killed.min, jul.civilians_killed.max) == (3, 10)
    assert jul.acknowledged["civilians_killed"] == 6
    assert jul.acknowledged["incidents_by_verdict"]["acknowledged"] == 1
    months = compute_figure(PAIR, [], SAME, by="month").by
    assert months is not None and list(months) == ["2017-07"]
    whole = compute_figure(PAIR, [], SAME)
    fair = compute_figure(PAIR, [], SAME, Filters(min_grade="fair"))
    assert whole.by_grade["fair"].civilians_killed == fair.civilians_killed
    assert list(whole.by_grade) == ["fair"]


def test_unrecorded_and_undated_are_apart_in_totals_and_rows() -> None:
    incidents = [*PAIR, inc("none", dt.date(2017, 7, 2), None), inc("nodate", None, (1, 1))]
    fig = compute_figure(incidents, [], NONE, by="month")
    assert (fig.incidents, fig.not_recorded, fig.undated) == (2, 1, 1)
    assert fig.by is not None and fig.by["2017-07"].not_recorded == 1
    assert fig.by_grade["ungraded"].incidents == 0 and fig.by_grade["ungraded"].not_recorded == 1


def test_filter_values_are_checked_against_the_data() -> None:
    with pytest.raises(UsageError, match="after --to"):
        Filters(dt.date(2017, 8, 2), dt.date(2017, 8, 1))
    with pytest.raises(UsageError, match=r"known countries \(incidents\): Syria = SY \(2\)"):
        compute_figure(PAIR, [], NONE, Filters(country="IQ"))
    assert compute_figure(PAIR, [], NONE, Filters(country="syrian arab republic")).incidents == 2
    with pytest.raises(UsageError, match=r"U\.S\.-led Coalition \(2\)"):
        compute_figure(PAIR, [], NONE, Filters(belligerent="Russian"))
    for name in ("US-led coalition", "u.s.-led coalition", "CJTF-OIR", "International Coalition"):
        assert compute_figure(PAIR, [], NONE, Filters(belligerent=name)).incidents == 2
    with pytest.raises(UsageError, match=r"known datasets \(incidents\): case \(2\)"):
        compute_figure(PAIR, [], NONE, Filters(dataset="airwars"))
    imported = [inc("a", dt.date(2017, 7, 1), (1, 1), datasets=(Dataset("airwars", "x.csv"),))]
    assert compute_figure(
        [*PAIR, imported[0]], [], NONE, Filters(dataset="airwars")
    ).incident_ids == ["a"]


def test_aliases_a_monitor_gives_join_spellings() -> None:
    names = Belligerents.build([("Russian Military", "VKS", "Russia")])
    assert names.key("vks") == names.key("Russian forces") == names.key("RUSSIA")
    assert names.key("YPG") != names.key("VKS")
    incidents = [
        FigureIncident(
            "r",
            dt.date(2017, 7, 1),
            "SY",
            ("Russian Military",),
            claims=(ClaimFigure((1, 2), None, "Russia"),),
        )
    ]
    fig = compute_figure(incidents, [], NONE, Filters(belligerent="VKS"), names=names)
    assert fig.incident_ids == ["r"]
    by = compute_figure(incidents, [], NONE, by="belligerent", names=names).by
    assert by is not None and list(by) == ["Russian Military"]


def test_several_rows_and_wording() -> None:
    two = FigureIncident(
        "two",
        dt.date(2017, 7, 3),
        "SY",
        ("A", "B"),
        claims=(ClaimFigure((1, 1), None, "A"), ClaimFigure((1200, 1500), None, "B")),
    )
    fig = compute_figure(
        [two],
        [
            CampaignAcknowledgement(
                "m",
                744,
                dt.date(2017, 7, 1),
                dt.date(2017, 7, 31),
                "July",
                monitor=True,
                issuer="Airwars",
            )
        ],
        NONE,
        by="belligerent",
    )
    assert fig.in_several_rows == 1 and fig.incidents == 1
    lines = figure_lines(fig)
    assert (
        "  1 incident in more than one belligerent row: the rows add up to more than the total"
        in lines
    )
    assert "  by belligerent B: 1 incident, 1,200–1,500 killed" in lines
    assert lines[0].startswith(
        "Airwars reported as many as 744 civilians killed (July); the 1 incident"
    )
    assert fig.acknowledged["campaign"] == [] and fig.reported[0]["civilians_killed"] == 744
