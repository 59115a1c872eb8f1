"""Casualty figures over clusters, with hand-computed totals."""

from __future__ import annotations

import datetime as dt

from paths import EXAMPLE

from provenance.dedupe.clusters import Clustering, cluster
from provenance.figures import (
    Assessed,
    CampaignAcknowledgement,
    ClaimFigure,
    FigureIncident,
    Filters,
    compute_figure,
    load_figure_input,
)

NONE = Clustering(clusters=[], conflicts=[])


def inc(i: str, day: int, killed: tuple[int, int], **kw: object) -> FigureIncident:
    claims = kw.pop("claims", (ClaimFigure(killed, (1, 2), "Coalition"),))
    return FigureIncident(
        id=i,
        date=dt.date(2017, 6, day),
        country="IQ",
        belligerents=("Coalition",),
        claims=claims,
        **kw,
    )  # type: ignore[arg-type]


INCIDENTS = [
    inc("a", 3, (10, 20), grade="fair", assessments=(Assessed("st1", "credible", 4),)),
    inc("b", 4, (12, 15), grade="weak", assessments=(Assessed("st2", "non_credible"),)),
    inc("c", 20, (1, 1), grade="confirmed"),
    inc(
        "d",
        25,
        (0, 0),
        grade="contested",
        claims=(ClaimFigure((2, 5), None, "Coalition"), ClaimFigure((2, 3), None, "Russia")),
    ),
    inc("e", 28, (5, 5), grade=None),
    FigureIncident(
        id="f",
        date=dt.date(2017, 7, 2),
        country="SY",
        claims=(ClaimFigure((100, 100), None, None),),
    ),
]
CAMPAIGN = [
    CampaignAcknowledgement("s603", 603, dt.date(2014, 8, 8), None, "whole campaign"),
    CampaignAcknowledgement("old", 10, dt.date(2015, 1, 1), dt.date(2015, 12, 31)),
]
JUNE = Filters(date_from=dt.date(2017, 6, 1), date_to=dt.date(2017, 6, 30))


def test_each_incident_once_without_clusters() -> None:
    fig = compute_figure(INCIDENTS, CAMPAIGN, NONE, JUNE)
    assert fig.incidents == 5
    assert (fig.civilians_killed.min, fig.civilians_killed.max) == (
        10 + 12 + 1 + 2 + 5,
        20 + 15 + 1 + 5 + 5,
    )
    assert (fig.civilians_injured.min, fig.civilians_injured.max) == (4, 8)
    assert fig.incident_ids == ["a", "b", "c", "d", "e"]
    assert fig.acknowledged["civilians_killed"] == 4
    assert fig.acknowledged["incidents_by_verdict"]["credible"] == 1
    assert fig.acknowledged["incidents_by_verdict"]["not_assessed"] == 3
    assert [c["statement"] for c in fig.acknowledged["campaign"]] == ["s603"]


def test_a_cluster_counts_once_with_merged_ranges() -> None:
    fig = compute_figure(INCIDENTS, CAMPAIGN, cluster_of_ab(), JUNE)
    assert fig.incidents == 4
    # a+b merged: min(10, 12) .. max(20, 15) = 10..20
    assert (fig.civilians_killed.min, fig.civilians_killed.max) == (10 + 1 + 2 + 5, 20 + 1 + 5 + 5)
    assert fig.clusters == [["a", "b"]]
    assert fig.by_grade["fair"].incidents == 1  # best grade of the cluster
    assert "weak" not in fig.by_grade
    assert fig.acknowledged["incidents_by_verdict"]["credible"] == 1
    assert fig.acknowledged["incidents_by_verdict"]["non_credible"] == 0


def cluster_of_ab() -> Clustering:
    from dataclasses import dataclass

    @dataclass
    class J:
        a: str
        b: str
        judgement: str
        seq: int

    return cluster([J("a", "b", "same", 1)])


def test_filters_and_breakdowns() -> None:
    fair = compute_figure(INCIDENTS, CAMPAIGN, NONE, Filters(min_grade="fair"))
    assert fair.incident_ids == ["a", "c"]
    russia = compute_figure(INCIDENTS, CAMPAIGN, NONE, Filters(belligerent="russia"))
    assert russia.incident_ids == ["d"] and (
        russia.civilians_killed.min,
        russia.civilians_killed.max,
    ) == (2, 3)
    sy = compute_figure(INCIDENTS, CAMPAIGN, NONE, Filters(country="sy"))
    assert sy.incident_ids == ["f"] and sy.civilians_killed.max == 100
    by_b = compute_figure(INCIDENTS, CAMPAIGN, NONE, JUNE, by="belligerent")
    assert by_b.by is not None
    assert (by_b.by["Russia"].civilians_killed.min, by_b.by["Russia"].civilians_killed.max) == (
        2,
        3,
    )
    assert (
        by_b.by["Coalition"].civilians_killed.min,
        by_b.by["Coalition"].civilians_killed.max,
    ) == (30, 46)
    by_m = compute_figure(INCIDENTS, CAMPAIGN, cluster_of_ab(), None, by="month")
    assert (
        by_m.by is not None
        and by_m.by["2017-06"].incidents == 4
        and by_m.by["2017-07"].incidents == 1
    )


def test_demo_june_2017(sqlite_store: object) -> None:
    from provenance.ingest.casefile import load_batch
    from provenance.store import Store

    assert isinstance(sqlite_store, Store)
    sqlite_store.ingest(load_batch([EXAMPLE]), actor="t")
    incidents, campaign = load_figure_input(sqlite_store)
    fig = compute_figure(incidents, campaign, cluster(sqlite_store.judgements()), JUNE)
    # 12-18, 7-9, 8-11, 4-6, and ill-raqqa-2 merged over its two claimants 2-5
    assert fig.incidents == 5
    assert (fig.civilians_killed.min, fig.civilians_killed.max) == (33, 49)
    sqlite_store.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="t", reason="same rescuer")
    fig = compute_figure(incidents, campaign, cluster(sqlite_store.judgements()), JUNE)
    assert fig.incidents == 4
    assert (fig.civilians_killed.min, fig.civilians_killed.max) == (25, 40)
    assert fig.acknowledged["civilians_killed"] == 4
    assert fig.acknowledged["campaign"][0]["civilians_killed"] == 603


def test_bad_filters_are_usage_errors() -> None:
    import pytest

    from provenance.errors import UsageError
    from provenance.figures import by_key

    with pytest.raises(UsageError, match="unknown grade"):
        Filters(min_grade="great")
    with pytest.raises(UsageError, match="is not a date"):
        Filters.from_options(date_from="June")
    with pytest.raises(UsageError, match="cannot break down by"):
        by_key("weekday")
    assert Filters.from_options(date_to="2017-06-30") == Filters(date_to=dt.date(2017, 6, 30))


def test_figure_from_store_is_the_computed_figure(sqlite_store: object) -> None:
    from provenance.figures import figure_from_store
    from provenance.ingest.casefile import load_batch
    from provenance.store import Store

    assert isinstance(sqlite_store, Store)
    sqlite_store.ingest(load_batch([EXAMPLE]), actor="t")
    sqlite_store.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="t", reason="same rescuer")
    incidents, campaign = load_figure_input(sqlite_store)
    expected = compute_figure(
        incidents, campaign, cluster(sqlite_store.judgements()), JUNE, by="month"
    )
    assert figure_from_store(sqlite_store, JUNE, "month") == expected
