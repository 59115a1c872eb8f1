"""The suggested (Airwars-style) grade of a claim, its explanation, and disagreement flags.

DESIGN.md "Corroboration": the first that applies — *confirmed* when a statement assesses
the claim's incident as acknowledged or credible; *contested* when claims of the incident
name different belligerents; *fair* when independent_paths >= 2; *weak* when 1;
*unsupported* when 0. The analyst's grade stays authoritative; a difference is flagged
(except ``discounted``, a judgement about who was killed that the evidence cannot make).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from provenance.corroborate.index import ClaimContext
from provenance.corroborate.links import labelled
from provenance.vocab import ACCEPTING_VERDICTS, SuggestedGrade
from provenance.wording import plural


def _short(ids: Sequence[str], names: Mapping[str, str], limit: int = 3) -> str:
    """The first ``limit`` ids (with their outlets), and how many more."""
    shown = ", ".join([labelled(x, names) for x in ids[:limit]])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def critical_wording(paths: int, ids: str) -> str:
    """What the critical sources ``ids`` (their text) are, given the number of independent
    paths: a single point of failure only with one path; otherwise the units of the cut
    (as many as there are paths) must all be lost for the claim to be left unsupported.

    >>> critical_wording(1, "post")
    'post — a single point of failure'
    >>> critical_wording(2, "a, b")
    'lose these 2 units together and no path is left: a, b'
    """
    if paths == 1:
        return f"{ids} — a single point of failure"
    return f"lose these {paths} units together and no path is left: {ids}"


def suggest(
    ctx: ClaimContext,
    *,
    supporting: int,
    paths: int,
    critical: Sequence[str],
    cycles: Sequence[Sequence[str]],
    set_aside: int,
    min_reliability: str,
    names: Mapping[str, str] | None = None,
) -> tuple[SuggestedGrade, str, str | None]:
    """``(suggested grade, explanation, grade disagreement or None)``; ``names``: the outlet
    of the ids it mentions; a claim's reason and evidence are worded once, for both."""
    names = names or {}
    grade: SuggestedGrade
    accepting = [v for v in ctx.verdicts if v in ACCEPTING_VERDICTS]
    incident = ctx.incident or "of this claim"
    if accepting:
        grade = "confirmed"
        reason = f"an official statement assesses incident {incident} as {' and '.join(accepting)}"
    elif len(ctx.belligerents) > 1:
        grade = "contested"
        reason = f"claims of incident {incident} name different belligerents ({'; '.join(ctx.belligerents)})"
    elif paths >= 2:
        grade = "fair"
        reason = f"{paths} independent source paths"
    elif paths == 1:
        grade = "weak"
        reason = "a single-source claim, one independent source path"
    else:
        grade = "unsupported"
        reason = "no independent source path reaches an original account"

    evidence = f"{plural(supporting, 'supporting source')}, {plural(paths, 'independent path')}"
    if critical:
        shown = _short(critical, names)
        if paths == 1:
            evidence += f"; it all rests on {shown}, a single point of failure"
        else:
            evidence += f"; {critical_wording(paths, shown)}"
    if set_aside:
        evidence += f"; {plural(set_aside, 'source')} below reliability {min_reliability} set aside"
    if cycles:
        evidence += "; circular reporting among " + _short(
            sorted({i for c in cycles for i in c}), names
        )
    said = f"{reason} ({evidence})"
    analyst = ctx.grade
    disagreement = None
    if analyst and analyst != grade and analyst != "discounted":
        disagreement = f"graded {analyst} by the analyst, but the evidence suggests {grade}: {said}"
        if analyst == "contested" and len(ctx.belligerents) <= 1:
            disagreement += f" — {UNSEEN_DISPUTE}"
    return grade, f"{grade.capitalize()}: {said}.", disagreement


UNSEEN_DISPUTE = (
    "the evidence sees a dispute only where claims of the incident name different"
    " belligerents, and these name one: a dispute the monitor recorded otherwise (a"
    " contested strike status, a denial) is not in it"
)
"""Said with a disagreement over an analyst's *contested*: most of the Airwars export's
contested incidents name one belligerent (the dispute is in their strike status)."""
