"""The result of corroborating a claim, and its wording for people (pure).

:class:`Corroboration` is the ``--json`` object of ``provenance corroborate``;
:func:`summary_line` is the one-line text of ``corroborate --all`` (and the end of
``trace``), :func:`detail_lines` the text of ``corroborate CLAIM_ID``. The text is built
from the result's fields, never parsed back: any id may appear in it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from provenance.corroborate.grading import plural
from provenance.vocab import SuggestedGrade


class EchoGroup(BaseModel):
    """Direct supporting sources that trace back to the same origin units."""

    model_config = ConfigDict(extra="forbid")
    origins: list[str]
    sources: list[str]


class Contradicting(BaseModel):
    """The same count over ``CONTRADICTED_BY``."""

    model_config = ConfigDict(extra="forbid")
    sources: int
    independent_paths: int
    chains: list[list[str]]


class Corroboration(BaseModel):
    """The corroboration of one claim; ``model_dump(mode="json")`` is the ``--json`` object."""

    model_config = ConfigDict(extra="forbid")
    claim: str
    incident: str | None
    supporting_sources: int
    independent_paths: int
    chains: list[list[str]]
    critical_sources: list[str]
    echo_groups: list[EchoGroup]
    cycles: list[list[str]]
    contradicting: Contradicting
    suggested_grade: SuggestedGrade
    explanation: str
    analyst_grade: str | None
    grade_disagreement: str | None
    min_reliability: str


def rests_on(r: Corroboration) -> str:
    """The origin of each chain; the critical source with one path; or why nothing."""
    if not r.chains:
        return "nothing (circular reporting)" if r.cycles else "nothing"
    origins = ", ".join(dict.fromkeys(c[-1] for c in r.chains))
    if r.independent_paths == 1 and r.critical_sources and r.critical_sources != [r.chains[0][-1]]:
        origins += f" (via {', '.join(r.critical_sources)})"
    return origins


def evidence_summary(r: Corroboration) -> str:
    """``12 sources, 2 independent paths, rests on: …`` (see :func:`rests_on`)."""
    sources = plural(r.supporting_sources, "source")
    paths = plural(r.independent_paths, "independent path")
    return f"{sources}, {paths}, rests on: {rests_on(r)}"


def summary_line(r: Corroboration) -> str:
    """``CLAIM: 12 sources, 2 independent paths, rests on: … — suggested fair``, and
    `` (analyst: GRADE, disagrees)`` when the analyst's grade differs."""
    line = f"{r.claim}: {evidence_summary(r)} — suggested {r.suggested_grade}"
    if r.grade_disagreement:
        line += f" (analyst: {r.analyst_grade}, disagrees)"
    return line


def detail_lines(r: Corroboration) -> list[str]:
    """The text of one claim's corroboration, line by line: the summary, each chain, the
    critical sources, echo groups, cycles, the contradicting side and both grades."""
    lines = [f"Claim {r.claim} (incident {r.incident})", "  " + evidence_summary(r)]
    lines += [f"  chain {i}: " + " → ".join(chain) for i, chain in enumerate(r.chains, 1)]
    if r.critical_sources:
        lines.append("  critical sources: " + ", ".join(r.critical_sources))
    for g in r.echo_groups:
        origins = ", ".join(g.origins) or "no origin"
        lines.append(f"  echo: {plural(len(g.sources), 'source')} → {origins}")
    lines += ["  circular reporting: " + " → ".join([*c, c[0]]) for c in r.cycles]
    con = r.contradicting
    if con.sources:
        lines.append(
            f"  contradicted by {con.sources} source(s), {con.independent_paths} independent path(s)"
        )
    if r.min_reliability != "F":
        lines.append(f"  sources below reliability {r.min_reliability} set aside")
    lines.append(f"  suggested grade: {r.suggested_grade} — {r.explanation}")
    if r.analyst_grade is not None:
        flag = f" — DISAGREES: {r.grade_disagreement}" if r.grade_disagreement else " (agrees)"
        lines.append(f"  analyst grade: {r.analyst_grade}{flag}")
    return lines
