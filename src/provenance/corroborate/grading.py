"""The suggested (Airwars-style) grade of a claim, its explanation, and disagreement flags.

DESIGN.md "Corroboration": the first that applies — *confirmed* when a statement assesses
the claim's incident as acknowledged or credible; *contested* when claims of the incident
name different belligerents; *fair* when independent_paths >= 2; *weak* when 1;
*unsupported* when 0. The analyst's grade stays authoritative; a difference is flagged
(except ``discounted``, a judgement about who was killed that the evidence cannot make).
"""

from __future__ import annotations

from collections.abc import Sequence

from provenance.corroborate.index import ClaimContext
from provenance.vocab import ACCEPTING_VERDICTS, SuggestedGrade


def plural(n: int, word: str) -> str:
    """``1 source``, ``2 sources``: ``n`` and ``word``, with an ``s`` unless ``n`` is 1."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _short(ids: Sequence[str], limit: int = 3) -> str:
    """The first ``limit`` ids, and how many more."""
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def suggest(
    ctx: ClaimContext,
    *,
    supporting: int,
    paths: int,
    critical: Sequence[str],
    cycles: Sequence[Sequence[str]],
    set_aside: int,
    min_reliability: str,
) -> tuple[SuggestedGrade, str, str | None]:
    """``(suggested grade, explanation, grade disagreement or None)``."""
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
    if paths == 1 and critical:
        evidence += f"; it all rests on {_short(list(critical))}"
    if set_aside:
        evidence += f"; {plural(set_aside, 'source')} below reliability {min_reliability} set aside"
    if cycles:
        evidence += "; circular reporting among " + _short(sorted({i for c in cycles for i in c}))
    explanation = f"{grade.capitalize()}: {reason} ({evidence})."

    disagreement = None
    analyst = ctx.grade
    if analyst and analyst != grade and analyst != "discounted":
        disagreement = f"graded {analyst} by the analyst, but the evidence suggests {grade}: {reason} ({evidence})"
    return grade, explanation, disagreement
