"""The result of corroborating a claim, and its wording for people (pure).

:class:`Corroboration` is the ``--json`` object of ``provenance corroborate``;
:func:`summary_line` is the one-line text of ``corroborate --all`` (and the end of
``trace``), :func:`detail_lines` the text of ``corroborate CLAIM_ID``. The text is built
from the result's fields, never parsed back: any id may appear in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from provenance.corroborate.grading import critical_wording
from provenance.corroborate.links import SAME_UNIT, labelled
from provenance.vocab import SuggestedGrade
from provenance.wording import plural


class EchoGroup(BaseModel):
    """Direct supporting sources that trace back to the same origin units.

    ``origins``: the origin items reached; ``sources``: the direct sources;
    ``outlets``: the name of each origin unit (its outlet, else the witness's or item's
    id), in the order of ``origins``; ``false_corroboration``: two or more sources that
    trace back to the same accounts — many reports, not more evidence (it never raises a
    grade).
    """

    model_config = ConfigDict(extra="forbid")
    origins: list[str]
    sources: list[str]
    outlets: list[str] = Field(default_factory=list)
    false_corroboration: bool = False


class Link(BaseModel):
    """One step of a chain: ``rel`` is ``SUPPORTED_BY``, ``CONTRADICTED_BY``, ``CITES``,
    ``QUOTES`` or ``same_unit`` (two items of one unit, neither citing the other), and
    ``unit`` the unit's name on a ``same_unit`` step, the only step that has the key:
    ``{"rel": "CITES"}``, ``{"rel": "same_unit", "unit": "BBC"}``. Frozen: the results
    share one instance per plain relationship (:func:`from_analysis`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rel: str
    unit: str | None = None

    @model_serializer
    def _dump(self) -> dict[str, str]:
        return {"rel": self.rel} if self.unit is None else {"rel": self.rel, "unit": self.unit}


class Contradicting(BaseModel):
    """The same count over ``CONTRADICTED_BY``; ``links`` as in :class:`Corroboration`."""

    model_config = ConfigDict(extra="forbid")
    sources: int
    independent_paths: int
    chains: list[list[str]]
    links: list[list[Link]] = Field(default_factory=list)


class Corroboration(BaseModel):
    """The corroboration of one claim; ``model_dump(mode="json")`` is the ``--json`` object.

    Added after the original keys (their order is kept): ``links``, per chain of
    ``chains``, one :class:`Link` per step (``len(chain) - 1``: the first is
    ``SUPPORTED_BY``), e.g. ``[[{"rel": "SUPPORTED_BY"}, {"rel": "same_unit", "unit":
    "BBC"}, {"rel": "QUOTES"}]]``; ``names``, ``{id:
    outlet}`` for the ids printed (chains, critical sources, echo groups, cycles,
    contradicting chains) that have an outlet or author, sorted by id.

    ``critical_sources`` are the ids of the upstream items in the units of a minimum cut:
    with one independent path a single point of failure, otherwise units that must be lost
    together (as many as there are paths) to leave the claim unsupported.
    """

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
    links: list[list[Link]] = Field(default_factory=list)
    names: dict[str, str] = Field(default_factory=dict)


def from_analysis(d: dict[str, Any]) -> Corroboration:
    """The models of :func:`provenance.corroborate.analysis.analyse_dict`'s plain data
    (``d`` is reused), built from checked parts: no re-validation."""
    d["echo_groups"] = [EchoGroup.model_construct(**g) for g in d["echo_groups"]]
    con = d["contradicting"]
    con["links"] = _link_models(con["links"])
    d["contradicting"] = Contradicting.model_construct(**con)
    d["links"] = _link_models(d["links"])
    return Corroboration.model_construct(**d)


def _link_models(links: list[list[dict[str, Any]]]) -> list[list[Link]]:
    """The :class:`Link` of each step; a step without a unit is the one shared (frozen)
    instance of its relationship."""
    shared = _PLAIN_LINKS
    out = []
    for chain in links:
        models = []
        for x in chain:
            if len(x) == 1:
                link = shared.get(x["rel"])
                if link is None:
                    link = shared[x["rel"]] = Link.model_construct(**x)
            else:
                link = Link.model_construct(**x)
            models.append(link)
        out.append(models)
    return out


_PLAIN_LINKS: dict[str, Link] = {}
"""``rel`` -> the shared :class:`Link` without a unit."""


def rests_on(r: Corroboration) -> str:
    """The origin of each chain; the critical source with one path; or why nothing."""
    if not r.chains:
        return "nothing (circular reporting)" if r.cycles else "nothing"
    origins = ", ".join(labelled(o, r.names) for o in dict.fromkeys(c[-1] for c in r.chains))
    if r.independent_paths == 1 and r.critical_sources and r.critical_sources != [r.chains[0][-1]]:
        origins += f" (via {', '.join(labelled(x, r.names) for x in r.critical_sources)})"
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


def chain_text(chain: Sequence[str], links: Sequence[Link], names: Mapping[str, str]) -> str:
    """``c → a (BBC) ·same unit· b (BBC) → w1``: a chain with each id's outlet, its steps
    through one unit marked (``links`` may be empty: every step then reads ``→``)."""
    parts = [labelled(chain[0], names)] if chain else []
    for i, item in enumerate(chain[1:]):
        same = i < len(links) and links[i].rel == SAME_UNIT
        parts.append((" ·same unit· " if same else " → ") + labelled(item, names))
    return "".join(parts)


def echo_text(g: EchoGroup, names: Mapping[str, str]) -> str:
    """``12 sources, 1 origin: SOHR — false corroboration (many reports, one account)``."""
    outlets = g.outlets or [labelled(o, names) for o in g.origins]
    text = f"{plural(len(g.sources), 'source')}, {plural(len(outlets), 'origin')}"
    text += ": " + ", ".join(outlets) if outlets else " (rests on nothing)"
    if g.false_corroboration:
        accounts = "one account" if len(outlets) == 1 else f"the same {len(outlets)} accounts"
        text += f" — false corroboration (many reports, {accounts})"
    return text


def detail_lines(r: Corroboration) -> list[str]:
    """The text of one claim's corroboration, line by line: the summary, each chain, the
    critical sources, echo groups, cycles, the contradicting side and both grades. Every
    id that has an outlet is printed as ``id (outlet)``."""
    names = r.names
    lines = [f"Claim {r.claim} (incident {r.incident})", "  " + evidence_summary(r)]
    for i, chain in enumerate(r.chains, 1):
        links = r.links[i - 1] if i <= len(r.links) else []
        lines.append(f"  chain {i}: " + chain_text(chain, links, names))
    if r.critical_sources:
        ids = ", ".join(labelled(x, names) for x in r.critical_sources)
        lines.append("  critical sources: " + critical_wording(r.independent_paths, ids))
    for g in r.echo_groups:
        lines.append(f"  echo: {echo_text(g, names)}")
    lines += [
        "  circular reporting: " + " → ".join(labelled(x, names) for x in [*c, c[0]])
        for c in r.cycles
    ]
    con = r.contradicting
    if con.sources:
        lines.append(
            f"  contradicted by {plural(con.sources, 'source')},"
            f" {plural(con.independent_paths, 'independent path')}"
        )
    if r.min_reliability != "F":
        lines.append(f"  sources below reliability {r.min_reliability} set aside")
    lines.append(f"  suggested grade: {r.suggested_grade} — {r.explanation}")
    if r.analyst_grade is not None:
        flag = f" — DISAGREES: {r.grade_disagreement}" if r.grade_disagreement else " (agrees)"
        lines.append(f"  analyst grade: {r.analyst_grade}{flag}")
    return lines
