"""The impact of discrediting something, in words for a terminal (pure).

:func:`impact_lines` is the text of ``provenance impact`` (and of the demo's step): a
heading naming the target, one summary line, then the claims whose paths drop, the grades
that fall, the incidents left without support and the figure rows that shrink. Lines stay
short (each claim on two lines: its counts, then its incident's title), so they read at 80
columns; ``limit`` cuts the long lists on a terminal (piped, nothing is cut).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from provenance.impact.result import ClaimImpact, FigureChange, Impact
from provenance.wording import number, plural, range_text

KIND_WORDS = {
    "source": "the source",
    "statement": "the statement",
    "author": "the author or account",
    "organisation": "the organisation",
    "witness": "the witness",
}


def heading(impact: Impact) -> str:
    """``If the author or account @SyriaCivilDefe is discredited:``."""
    t = impact.target
    what = f"{KIND_WORDS[t.kind]} {t.name}"
    if t.name != t.id and t.kind in ("source", "statement", "organisation"):
        what += f" [{t.id}]"
    return f"If {what} is discredited:"


def summary(impact: Impact) -> list[str]:
    """One line each: how many claims, grades, incidents and figure rows change."""
    n = len(impact.claims)
    k = impact.unchanged_claims
    rest = "rests on it but keeps its count" if k == 1 else "rest on it but keep their count"
    lines = (
        []
        if impact.target.kind not in ("author", "organisation")
        else [
            f"  {plural(len(impact.target.items), 'item')} of its unit removed (sources, statements)"
        ]
    )
    lines += [
        f"  {plural(n, 'claim')} {'loses' if n == 1 else 'lose'} independent paths"
        f" ({number(k)} more {rest})",
    ]
    for count, noun, verb in (
        (len(impact.grades_falling), "suggested grade", "falls"),
        (len(impact.incidents_unsupported), "incident", "loses its last support"),
        (len(impact.figures), "casualty figure row", "changes"),
    ):
        plural_verb = {"falls": "fall", "changes": "change"}.get(verb, "lose their last support")
        lines.append(f"  {plural(count, noun)} {verb if count == 1 else plural_verb}")
    return lines


def grade_text(x: ClaimImpact) -> str:
    """``fair → weak`` when the grade falls, else the grade (``, kept`` when paths do not
    decide it)."""
    if x.grade_after != x.grade_before:
        return f"{x.grade_before} → {x.grade_after}"
    return x.grade_before + (", kept" if x.grade_before in ("confirmed", "contested") else "")


def claim_lines(impact: Impact, rows: Sequence[ClaimImpact]) -> Iterator[str]:
    """Two lines per claim: ``claim  2 → 1 paths  fair → weak``, then its incident (its
    title, and its id when the claim's id does not start with it)."""
    for x in rows:
        yield f"  {x.claim}  {x.paths_before} → {x.paths_after} paths  {grade_text(x)}"
        if x.incident:
            title = impact.names.get(x.incident)
            shown = x.incident if title is None else title
            if title is not None and not x.claim.startswith(x.incident):
                shown += f" [{x.incident}]"
            yield f"      {shown}"


def figure_line(f: FigureChange) -> str:
    """``2017-06  US-led coalition: 5 → 4 incidents, killed 33–49 → 21–31``."""
    kb, ka = f.killed_before, f.killed_after
    return (
        f"  {f.month}  {f.belligerent}: {number(f.incidents_before)} → "
        f"{plural(f.incidents_after, 'incident')}, killed {range_text(kb.min, kb.max)} → "
        f"{range_text(ka.min, ka.max)}"
    )


def _cut(lines: list[str], shown: int, total: int, what: str) -> list[str]:
    """``lines`` and, when ``shown < total``, how many more there are."""
    if shown < total:
        lines.append(f"  … {number(total - shown)} more {what} (all: pipe it, or --json)")
    return lines


def impact_lines(impact: Impact, limit: int | None = None) -> list[str]:
    """The text of ``provenance impact``; ``limit``: at most so many entries per list."""
    n = len(impact.claims) if limit is None else min(limit, len(impact.claims))
    out = [heading(impact), *summary(impact)]
    if impact.claims:
        out += ["", "Claims that lose independent paths (before → after; suggested grade):"]
        out += _cut(list(claim_lines(impact, impact.claims[:n])), n, len(impact.claims), "claims")
    if impact.grades_held:
        out += [
            "",
            f"{plural(len(impact.grades_held), 'claim')} keep a confirmed or contested grade:",
            "  an official statement, or a dispute over who struck, decides it, not the paths.",
        ]
    lost = impact.incidents_unsupported
    if lost:
        k = len(lost) if limit is None else min(limit, len(lost))
        out += ["", "Incidents left without any independent path:"]
        rows = [f"  {x.incident}" + (f": {x.title}" if x.title else "") for x in lost[:k]]
        out += _cut(rows, k, len(lost), "incidents")
    if impact.figures:
        out += ["", "Casualty figure rows that change (deduplicated incidents):"]
        out += [figure_line(f) for f in impact.figures]
    return out
