"""The casualty-figure rows that change when incidents leave the figure (pure).

:func:`figure_changes` recomputes the figure per month and belligerent, over deduplicated
incidents (:func:`provenance.figures.compute_figure` and its cluster rules: a cluster of
duplicates is one incident, dated by its earliest member, its ranges merged), without the
incidents that lost their last support, for the months they (or the clusters they belong
to) count in, and lists every row that differs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from provenance.dedupe.clusters import Clustering
from provenance.figures import Belligerents, FigureIncident, Filters, Part, compute_figure
from provenance.impact.result import FigureChange, KilledRange


def month_of(day: dt.date) -> str:
    """``YYYY-MM``, the row key of ``figure --by month``."""
    return day.strftime("%Y-%m")


def month_filters(month: str) -> Filters:
    """The figure's filters for one calendar month ``YYYY-MM``."""
    first = dt.date.fromisoformat(month + "-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return Filters(date_from=first, date_to=following - dt.timedelta(days=1))


def figure_changes(
    incidents: Sequence[FigureIncident],
    clustering: Clustering,
    names: Belligerents,
    gone: Collection[str],
) -> list[FigureChange]:
    """The (month, belligerent) rows of the casualty figure that change when the incidents
    ``gone`` leave it, month by month, belligerents as the figure names them.

    A cluster of duplicates is one incident dated by its earliest member: when that member
    leaves, the cluster counts in its next member's month, so that month's row may grow.
    Only the months of the clusters holding a member of ``gone`` (before and after) are
    recomputed, each over the incidents whose cluster counts there.
    """
    gone = set(gone)
    if not gone:
        return []
    cluster_of = clustering.cluster_of()
    members: dict[str, list[FigureIncident]] = {}
    for inc in incidents:
        members.setdefault(cluster_of.get(inc.id, inc.id), []).append(inc)
    month_before = {k: _month(ms) for k, ms in members.items()}
    touched = {k for k, ms in members.items() if any(m.id in gone for m in ms)}
    months: set[str] = set()
    for k in touched:
        ms = members[k]
        months.update((month_before[k], _month([m for m in ms if m.id not in gone])))
    months.discard("")
    by_month: dict[str, list[FigureIncident]] = {}
    for k, ms in members.items():
        if month_before[k] in months:
            by_month.setdefault(month_before[k], []).extend(ms)
    rows: list[FigureChange] = []
    for month in sorted(months):
        moved = [m for k in touched if month_before[k] != month for m in members[k]]
        here = by_month.get(month, []) + moved
        rows += _month_changes(month, here, clustering, names, gone)
    return rows


def _month(members: Sequence[FigureIncident]) -> str:
    """The month a cluster counts in (its earliest member's), ``""`` when undated."""
    day = min((m.date for m in members if m.date), default=None)
    return month_of(day) if day else ""


def _month_changes(
    month: str,
    incidents: list[FigureIncident],
    clustering: Clustering,
    names: Belligerents,
    gone: set[str],
) -> list[FigureChange]:
    """The rows of ``month`` that differ without ``gone``."""
    f = month_filters(month)
    before = compute_figure(incidents, [], clustering, f, by="belligerent", names=names).by or {}
    kept = [i for i in incidents if i.id not in gone]
    after = compute_figure(kept, [], clustering, f, by="belligerent", names=names).by or {}
    keyed_after = {names.key(k): p for k, p in after.items()}
    rows: list[FigureChange] = []
    empty = Part.model_validate(
        {"incidents": 0, "civilians_killed": {"min": 0, "max": 0},
         "civilians_injured": {"min": 0, "max": 0}, "incident_ids": []}
    )  # fmt: skip
    shown = {names.key(k): k for k in after} | {names.key(k): k for k in before}
    keyed_before = {names.key(k): p for k, p in before.items()}
    for key in sorted(shown, key=lambda k: shown[k]):
        b, a = keyed_before.get(key, empty), keyed_after.get(key, empty)
        if (b.incidents, b.civilians_killed, b.incident_ids) == (
            a.incidents,
            a.civilians_killed,
            a.incident_ids,
        ):
            continue
        rows.append(
            FigureChange(
                month=month,
                belligerent=shown[key],
                incidents_before=b.incidents,
                incidents_after=a.incidents,
                killed_before=KilledRange(**b.civilians_killed.model_dump()),
                killed_after=KilledRange(**a.civilians_killed.model_dump()),
            )
        )
    return rows
