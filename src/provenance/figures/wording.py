"""Numbers as a person reads them in figure output: "2–7", "1 incident", "1,234".

Pure.

>>> range_text(2, 7), range_text(5, 5), range_text(1200, 1500)
('2–7', '5', '1,200–1,500')
>>> count_text(1, "incident"), count_text(24636, "incident")
('1 incident', '24,636 incidents')
"""

from __future__ import annotations

from provenance.figures.types import Figure, Part


def number(n: int) -> str:
    """``n`` with thousands separators (``1,234``)."""
    return f"{n:,}"


def range_text(low: int, high: int) -> str:
    """A casualty range: one number when both ends agree, else ``low–high`` (en dash)."""
    return number(low) if low == high else f"{number(low)}–{number(high)}"


def count_text(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1 (``plural`` when not just ``+s``)."""
    return f"{number(n)} {noun if n == 1 else (plural or noun + 's')}"


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
    text = f"{count_text(part.incidents, 'incident')}, {range_text(k.min, k.max)} killed"
    return text + (f", {number(part.not_recorded)} not recorded" if part.not_recorded else "")


def figure_lines(fig: Figure, ids_shown: int | None = None) -> list[str]:
    """The lines a person reads under a figure's table: monitors' own period figures
    beside the incidents recorded, what is counted apart, the breakdowns and the incident
    ids (the first ``ids_shown`` and "… N more", or all when ``None``)."""
    k = fig.civilians_killed
    recorded = f"{count_text(fig.incidents, 'incident')} recorded here (each counted once)"
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
            f"casualties not recorded: {count_text(fig.not_recorded, 'incident')}"
            " (not in the totals, never counted as 0)"
        )
    if fig.undated:
        lines.append(f"undated: {count_text(fig.undated, 'incident')} not counted (no date)")
    lines += [f"  {grade:<11} {_part(part)}" for grade, part in fig.by_grade.items()]
    key = fig.filters.get("by")
    lines += [f"  by {key} {name}: {_part(part)}" for name, part in (fig.by or {}).items()]
    if fig.in_several_rows:
        lines.append(
            f"  {count_text(fig.in_several_rows, 'incident')} in more than one {key} row:"
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
