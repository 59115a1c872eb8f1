"""What the corroboration of a claim marks on its page (pure): each item's independent
chain, the critical units, echoes, cycles, contradictions and the steps inside one unit,
and each chain's row in the page's Chains list, named by its units.

:func:`chain_marks` reads a :class:`~provenance.corroborate.Corroboration` or any object
or dict with its fields, so tests can pass hand-made ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.corroborate.links import SAME_UNIT
from provenance.views.style import chain_color, chain_dashes
from provenance.views.template import ChainRow, clean_text

if TYPE_CHECKING:
    import networkx as nx

    from provenance.views.naming import Names


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """A field of a corroboration result given as an object or as a dict."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _links(corroboration: Any) -> list[list[dict[str, Any]]]:
    out = []
    for chain_links in field_of(corroboration, "links") or []:
        steps = []
        for link in chain_links:
            rel = field_of(link, "rel")
            steps.append({"rel": rel, "unit": field_of(link, "unit")})
        out.append(steps)
    return out


@dataclass
class ChainMarks:
    """What the corroboration says of each item and edge: its independent chain, whether
    it contradicts, is critical, sits in a citation cycle or echoes an origin; ``same_unit``
    holds the chain steps between two items of one unit (``(a, b, chain, unit name)``),
    which are no relationship and are drawn as such; ``paths`` is the number of
    independent paths (the critical units are a single point of failure only with one)."""

    chains: list[list[str]]
    critical: set[str]
    echo: list[tuple[list[str], list[str], list[str]]]
    paths: int
    chain_of: dict[str, int] = field(default_factory=dict)
    chain_edges: dict[tuple[str, str], int] = field(default_factory=dict)
    same_unit: list[tuple[str, str, int, str]] = field(default_factory=list)
    contra_nodes: set[str] = field(default_factory=set)
    contra_edges: set[tuple[str, str]] = field(default_factory=set)
    in_cycle: set[str] = field(default_factory=set)
    cycle_edges: set[tuple[str, str]] = field(default_factory=set)
    echo_of: dict[str, int] = field(default_factory=dict)

    @property
    def single_point(self) -> bool:
        """Whether the critical sources are one single point of failure (one path)."""
        return self.paths == 1

    def critical_text(self) -> str:
        """The critical marker's wording (legend), as DESIGN words it."""
        if self.single_point:
            return "critical source (single point of failure)"
        return f"critical: one of {self.paths} units to lose together"


def chain_marks(corroboration: Any) -> ChainMarks:
    """The marks of a corroboration result (object or dict)."""
    contra = field_of(corroboration, "contradicting") or {}
    contra_chains = [list(c) for c in field_of(contra, "chains") or []]
    cycles = [list(c) for c in field_of(corroboration, "cycles") or []]
    chains = [list(c) for c in field_of(corroboration, "chains") or []]
    paths = field_of(corroboration, "independent_paths")
    marks = ChainMarks(
        chains=chains,
        critical=set(field_of(corroboration, "critical_sources") or []),
        echo=[
            (
                list(field_of(g, "origins") or []),
                list(field_of(g, "sources") or []),
                list(field_of(g, "outlets") or []),
            )
            for g in field_of(corroboration, "echo_groups") or []
        ],
        paths=int(paths) if paths is not None else len(chains),
        contra_nodes={n for c in contra_chains for n in c[1:]},
        contra_edges={(a, b) for c in contra_chains for a, b in itertools.pairwise(c)},
        in_cycle={n for c in cycles for n in c},
        cycle_edges={(c[i], c[(i + 1) % len(c)]) for c in cycles for i in range(len(c))},
    )
    links = _links(corroboration)
    for i, chain in enumerate(chains):
        steps = links[i] if i < len(links) else []
        for n in chain[1:]:
            marks.chain_of.setdefault(n, i)
        for k, (a, b) in enumerate(itertools.pairwise(chain)):
            step = steps[k] if k < len(steps) else {"rel": None}
            if step["rel"] == SAME_UNIT:
                marks.same_unit.append((a, b, i, str(step.get("unit") or "one unit")))
            else:
                marks.chain_edges.setdefault((a, b), i)
    for i, (_, sources, _) in enumerate(marks.echo):
        for s in sources:
            marks.echo_of.setdefault(s, i)
    return marks


def step_name(graph: nx.DiGraph, item: str, names: Names) -> str:
    """What a chain's row calls ``item``: a witness by its role, else its unit's name."""
    data = graph.nodes[item] if item in graph else {}
    if data.get("label") == "Witness":
        return str(data.get("role") or item)
    return names.name_of_unit(item)


def chain_rows(
    graph: nx.DiGraph, marks: ChainMarks, names: Names, edge_ids: Mapping[tuple[str, str], str]
) -> list[ChainRow]:
    """One row per independent chain: ``chain 3: @SyriaCivilDefe → rescuer`` (its units,
    one name per unit), its colour and dash, and the nodes and edges it highlights."""
    rows = []
    for i, chain in enumerate(marks.chains):
        steps = [step_name(graph, n, names) for n in chain[1:]]
        text = " → ".join(k for k, _ in itertools.groupby(steps)) or "(rests on nothing)"
        edges = [edge_ids[p] for p in itertools.pairwise(chain) if p in edge_ids]
        rows.append(
            ChainRow(
                text=clean_text(f"chain {i + 1}: {text}", 300),
                color=chain_color(i),
                dashes=chain_dashes(i),
                nodes=list(chain),
                edges=edges,
            )
        )
    return rows
