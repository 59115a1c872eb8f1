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


def figure_lines(fig: Figure, ids_shown: int | None = None) -> list[str]:
    """The lines a person reads under a figure's table: monitors' own period figures
    beside the incidents recorded, what is counted apart, the breakdowns and the incident
    ids (the first ``ids_shown`` and "… N more", or all when ``None``)."""
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
    lines.append(
        f"Incidents ({number(len(fig.incident_ids))}): {id_list(fig.incident_ids, ids_shown)}"
    )
    if fig.not_recorded_ids:
        lines.append(f"Not recorded: {id_list(fig.not_recorded_ids, ids_shown)}")
    if fig.undated_ids:
        lines.append(f"Undated: {id_list(fig.undated_ids, ids_shown)}")
    return lines
