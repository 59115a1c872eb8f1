"""Numbers as a person reads them in figure output: "2–7", "1 incident", "1,234".

Pure.

The words themselves (:func:`~provenance.wording.plural`, :func:`~provenance.wording.range_text`)
are :mod:`provenance.wording`'s.
"""

from __future__ import annotations

from provenance.figures.types import Figure, Part
from provenance.wording import number, plural, range_text


def id_list(ids: list[str], shown: int | None) -> str:
    """``ids`` joined; with ``shown``, the first ``shown`` and "… N more".

    >>> id_list(["a", "b", "c"], 2), id_list(["a", "b", "c"], None), id_list([], 2)
    ('a, b … 1 more', 'a, b, c', 'none')
    """
    if not ids:
        return "none"
    if shown is None or len(ids) <= shown:
        return ", ".join(ids)
    return f"{', '.join(ids[:shown])} … {number(len(ids) - shown)} more"


def _part(part: Part) -> str:
    k = part.civilians_killed
    text = f"{plural(part.incidents, 'incident')}, {range_text(k.min, k.max)} killed"
    return text + (f", {number(part.not_recorded)} not recorded" if part.not_recorded else "")


def summary_lines(fig: Figure) -> list[str]:
    """The lines a person reads under a figure's table, before its ids: monitors' own
    period figures beside the incidents recorded, what is counted apart, the breakdowns,
    the clusters counted once and the conflicts."""
    k = fig.civilians_killed
    recorded = f"{plural(fig.incidents, 'incident')} recorded here (each counted once)"
    admitted = "".join(
        f"; belligerents acknowledged {number(c['civilians_killed'])} ({c['scope'] or 'since ' + str(c['date_from'])})"
        for c in fig.acknowledged.get("campaign", [])
    )
    lines = [
        f"{r['issuer'] or 'a monitor'} reported as many as {number(r['civilians_killed'])}"
        f" civilians killed ({r['scope'] or r['date_from']}); the {recorded} account for"
        f" {range_text(k.min, k.max)}{admitted}"
        for r in fig.reported
    ]
    if fig.not_recorded:
        lines.append(
            f"casualties not recorded: {plural(fig.not_recorded, 'incident')}"
            " (not in the totals, never counted as 0)"
        )
    if fig.undated:
        lines.append(f"undated: {plural(fig.undated, 'incident')} not counted (no date)")
    lines += [f"  {grade:<11} {_part(part)}" for grade, part in fig.by_grade.items()]
    key = fig.filters.get("by")
    lines += [f"  by {key} {name}: {_part(part)}" for name, part in (fig.by or {}).items()]
    if fig.in_several_rows:
        lines.append(
            f"  {plural(fig.in_several_rows, 'incident')} in more than one {key} row:"
            " the rows add up to more than the total"
        )
    lines += [f"  counted once: {' = '.join(cl)}" for cl in fig.clusters]
    lines += [f"  conflict: {message}" for message in fig.conflicts]
    return lines


def figure_lines(fig: Figure, ids_shown: int | None = None) -> list[str]:
    """:func:`summary_lines`, then the incident ids of each list on one line (the first
    ``ids_shown`` and "… N more", or all when ``None``), as a document shows them."""
    lines = summary_lines(fig)
    lines.append(
        f"Incidents ({number(len(fig.incident_ids))}): {id_list(fig.incident_ids, ids_shown)}"
    )
    if fig.not_recorded_ids:
        lines.append(f"Not recorded: {id_list(fig.not_recorded_ids, ids_shown)}")
    if fig.undated_ids:
        lines.append(f"Undated: {id_list(fig.undated_ids, ids_shown)}")
    return lines


def id_groups(fig: Figure) -> list[tuple[str, list[str]]]:
    """The figure's lists of incident ids, each under a heading that gives its count:
    those counted, those whose casualties were not recorded, the undated (lists left
    out when empty, but for the counted).

    >>> from provenance.figures import compute_figure, FigureIncident, ClaimFigure
    >>> from provenance.dedupe.clusters import cluster
    >>> import datetime as dt
    >>> a = FigureIncident("a", dt.date(2017, 6, 1), claims=(ClaimFigure((1, 2), None),))
    >>> id_groups(compute_figure([a, FigureIncident("b", None)], [], cluster([])))
    [('Incidents counted (1 incident):', ['a']), ('Undated (1 incident, not counted):', ['b'])]
    """
    counted = _ids_of(fig.incident_ids, fig.incidents)
    groups = [(f"Incidents counted ({counted}):", fig.incident_ids)]
    if fig.not_recorded_ids:
        n = _ids_of(fig.not_recorded_ids, fig.not_recorded)
        groups.append((f"Casualties not recorded ({n}, not in the totals):", fig.not_recorded_ids))
    if fig.undated_ids:
        n = _ids_of(fig.undated_ids, fig.undated)
        groups.append((f"Undated ({n}, not counted):", fig.undated_ids))
    return groups


def _ids_of(ids: list[str], incidents: int) -> str:
    """``881 incidents``, or ``881 incidents, 883 ids: duplicates counted once`` where
    clusters of duplicates make the two differ."""
    if len(ids) == incidents:
        return plural(incidents, "incident")
    return f"{plural(incidents, 'incident')}, {plural(len(ids), 'id')}: duplicates counted once"


def id_group_lines(fig: Figure, shown: int | None = None) -> list[str]:
    """The id lists of :func:`id_groups` for a person: each heading, then its ids one a
    line (all, when ``shown`` is ``None``: piped, nothing is left out), or the first
    ``shown`` on one line and how many more (a terminal's screen keeps the totals)."""
    lines: list[str] = []
    for heading, ids in id_groups(fig):
        lines += ["", heading]
        if not ids:
            lines.append("  none")
        elif shown is None:
            lines += [f"  {i}" for i in ids]
        else:
            more = len(ids) - shown
            tail = f" … {number(more)} more (all: pipe it, or --json)" if more > 0 else ""
            lines.append("  " + ", ".join(ids[:shown]) + tail)
    return lines
