"""``corroborate`` and ``trace``: independent source paths behind each claim."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..common import JsonOpt, console, open_store, print_json, progress

if TYPE_CHECKING:
    import networkx as nx
    from rich.console import Console
    from rich.tree import Tree

    from provenance.corroborate import Corroboration
    from provenance.store import Store

MinReliabilityOpt = Annotated[
    str,
    typer.Option(
        "--min-reliability",
        metavar="A-F",
        help="Set aside sources less reliable than this (Admiralty A-F; a source without a "
        "reliability counts as F) before counting.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``corroborate`` and ``trace``."""
    app.command()(corroborate)
    app.command()(trace)


def corroborate(
    ctx: typer.Context,
    claim_id: Annotated[str | None, typer.Argument(metavar="[CLAIM_ID]", help="One claim.")] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", help="Every claim of this incident.")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every claim in the store (streamed).")
    ] = False,
    min_reliability: MinReliabilityOpt = "F",
    json_: JsonOpt = False,
) -> None:
    """Count the independent source paths behind claims: what each one rests on."""
    chosen = sum([claim_id is not None, incident is not None, all_])
    if chosen != 1:
        raise typer.BadParameter("give exactly one of CLAIM_ID, --incident ID or --all")
    from provenance.corroborate import check_reliability

    check_reliability(min_reliability)
    with open_store(ctx) as store:
        if all_:
            _all(ctx, store, min_reliability, json_)
            return
        results = list(_selected(store, claim_id, incident, min_reliability))
    if json_:
        dumped = [r.model_dump(mode="json") for r in results]
        print_json(dumped[0] if claim_id is not None else dumped)
        return
    out = console()
    for r in results:
        _print_detail(out, r)


def _selected(
    store: Store, claim_id: str | None, incident: str | None, min_reliability: str
) -> Iterator[Corroboration]:
    from provenance.corroborate import corroborate_claims
    from provenance.errors import NotFoundError

    if claim_id is not None:
        claims = [claim_id]
    else:
        assert incident is not None
        item = store.get(incident)
        if item is None or item.label != "Incident":
            raise NotFoundError(
                f"no incident with id {incident!r}", "check the id with `provenance show`"
            )
        claims = sorted(e.dst for e in store.edges([incident], ["HAS_CLAIM"], "out"))
    yield from corroborate_claims(store, claims, min_reliability=min_reliability)


def _all(ctx: typer.Context, store: Store, min_reliability: str, json_: bool) -> None:
    """Stream every claim: a JSON list (one object per line) or one summary line each.

    The claims are analysed and rendered in worker processes (one per CPU)."""
    from provenance.corroborate import StoreRun

    run = StoreRun(store, min_reliability=min_reliability)
    texts = progress(ctx, run.rendered(None if json_ else summary_line), len(run), "Corroborating")
    write = sys.stdout.write
    if json_:
        write("[")
        for i, text in enumerate(texts):
            write(("\n" if i == 0 else ",\n") + text)
        write("\n]\n")
        return
    for text in texts:
        write(text + "\n")


def summary_line(r: Corroboration) -> str:
    """``CLAIM: 12 sources, 2 independent paths, rests on: … — suggested fair``."""
    paths = f"{r.independent_paths} independent path{'' if r.independent_paths == 1 else 's'}"
    sources = f"{r.supporting_sources} source{'' if r.supporting_sources == 1 else 's'}"
    line = f"{r.claim}: {sources}, {paths}, rests on: {rests_on(r)} — suggested {r.suggested_grade}"
    if r.grade_disagreement:
        line += f" (analyst: {r.analyst_grade}, disagrees)"
    return line


def rests_on(r: Corroboration) -> str:
    """The origin of each chain; the critical source with one path; or why nothing."""
    if not r.chains:
        return "nothing (circular reporting)" if r.cycles else "nothing"
    origins = ", ".join(dict.fromkeys(c[-1] for c in r.chains))
    if r.independent_paths == 1 and r.critical_sources and r.critical_sources != [r.chains[0][-1]]:
        origins += f" (via {', '.join(r.critical_sources)})"
    return origins


def _print_detail(out: Console, r: Corroboration) -> None:
    def line(text: str) -> None:
        out.print(text, markup=False, highlight=False)

    line(f"Claim {r.claim} (incident {r.incident})")
    line("  " + summary_line(r).split(": ", 1)[1].rsplit(" — suggested", 1)[0])
    for i, chain in enumerate(r.chains, 1):
        line(f"  chain {i}: " + " → ".join(chain))
    if r.critical_sources:
        line("  critical sources: " + ", ".join(r.critical_sources))
    for g in r.echo_groups:
        n = len(g.sources)
        line(f"  echo: {n} source{'' if n == 1 else 's'} → {', '.join(g.origins) or 'no origin'}")
    for c in r.cycles:
        line("  circular reporting: " + " → ".join([*c, c[0]]))
    con = r.contradicting
    if con.sources:
        line(
            f"  contradicted by {con.sources} source(s), {con.independent_paths} independent path(s)"
        )
    if r.min_reliability != "F":
        line(f"  sources below reliability {r.min_reliability} set aside")
    line(f"  suggested grade: {r.suggested_grade} — {r.explanation}")
    if r.analyst_grade is not None:
        flag = f" — DISAGREES: {r.grade_disagreement}" if r.grade_disagreement else " (agrees)"
        line(f"  analyst grade: {r.analyst_grade}{flag}")


# --- trace ---------------------------------------------------------------------------------


def trace(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="CLAIM_ID", help="The claim to trace.")],
    min_reliability: MinReliabilityOpt = "F",
    json_: JsonOpt = False,
) -> None:
    """Show the evidence chain of a claim as a tree: kind, publisher, reliability, chain."""
    from provenance.corroborate import check_reliability, corroborate_claim

    check_reliability(min_reliability)
    with open_store(ctx) as store:
        graph = store.upstream_graph([claim_id])
    result = corroborate_claim(graph, claim_id, min_reliability=min_reliability)
    tree = trace_tree(graph, result)
    if json_:
        print_json(tree)
        return
    out = console()
    out.print(_rich_tree(tree))
    out.print(summary_line(result), markup=False, highlight=False)


def trace_tree(graph: nx.DiGraph, r: Corroboration) -> dict[str, Any]:
    """The evidence tree of a claim as nested dicts (each item expanded once)."""
    chain_of: dict[str, list[int]] = {}
    for i, chain in enumerate(r.chains, 1):
        for item in chain[1:]:
            chain_of.setdefault(item, []).append(i)
    for i, chain in enumerate(r.contradicting.chains, 1):
        for item in chain[1:]:
            chain_of.setdefault(item, []).append(-i)
    critical = set(r.critical_sources)
    expanded: set[str] = set()

    def node(item: str, rel: str, path: tuple[str, ...]) -> dict[str, Any]:
        d = graph.nodes[item]
        out_edges = sorted(
            (v, rel)
            for _, v, rel in graph.out_edges(item, data="rel")
            if rel in ("CITES", "QUOTES")
        )
        entry: dict[str, Any] = {
            "id": item,
            "rel": rel,
            "label": d.get("label"),
            "kind": d.get("kind") or d.get("role"),
            "publisher": d.get("publisher_name") or d.get("publisher") or d.get("issuer"),
            "author": d.get("author"),
            "reliability": d.get("reliability"),
            "chains": [c for c in chain_of.get(item, []) if c > 0],
            "contradicting_chains": [-c for c in chain_of.get(item, []) if c < 0],
            "origin": not out_edges,
            "critical": item in critical,
            "children": [],
        }
        if item in path:
            entry["repeat"] = "cycle"
        elif item in expanded:
            entry["repeat"] = "shown above"
        else:
            expanded.add(item)
            entry["children"] = [node(v, rel2, (*path, item)) for v, rel2 in out_edges]
        return entry

    edges = sorted((rel, v) for _, v, rel in graph.out_edges(r.claim, data="rel"))
    return {
        "claim": r.claim,
        "incident": r.incident,
        "independent_paths": r.independent_paths,
        "children": [node(v, rel, (r.claim,)) for rel, v in reversed(edges)],
    }


def _describe(e: dict[str, Any]) -> str:
    parts = [e["id"], f"[{e['kind'] or e['label']}]"]
    who = e["publisher"] or e["author"]
    if e["label"] in ("Source", "Statement"):
        parts.append(who or "no publisher")
        parts.append(f"reliability {e['reliability'] or '—'}")
    if e["chains"]:
        parts.append("chain " + ", ".join(map(str, e["chains"])))
    if e["contradicting_chains"]:
        parts.append("contradicting chain " + ", ".join(map(str, e["contradicting_chains"])))
    if e["critical"]:
        parts.append("CRITICAL")
    if e["origin"]:
        parts.append("origin")
    if "repeat" in e:
        parts.append(f"({e['repeat']})")
    prefix = {
        "SUPPORTED_BY": "supported by ",
        "CONTRADICTED_BY": "contradicted by ",
        "QUOTES": "quotes ",
    }
    return prefix.get(e["rel"], "cites ") + " · ".join(str(p) for p in parts)


def _rich_tree(tree: dict[str, Any]) -> Tree:
    from rich.text import Text
    from rich.tree import Tree

    root = Tree(
        Text(
            f"Claim {tree['claim']} (incident {tree['incident']}): "
            f"{tree['independent_paths']} independent path(s)"
        )
    )

    def add(parent: Tree, entries: Iterable[dict[str, Any]]) -> None:
        for e in entries:
            add(parent.add(Text(_describe(e))), e["children"])

    add(root, tree["children"])
    return root


# --- demo ------------------------------------------------------------------------------------


def demo_step(store: Store, out_dir: Path, console: Console) -> None:
    """Print the corroboration of every demo claim."""
    from provenance.corroborate import corroborate_all

    graph = store.upstream_graph(None)
    console.print("\n[bold]Corroboration[/bold] — independent source paths behind each claim")
    for r in corroborate_all(graph):
        console.print(f"  {summary_line(r)}", markup=False, highlight=False)
        console.print(f"      {r.explanation}", markup=False, highlight=False)
        if r.grade_disagreement:
            console.print(f"      ⚠ {r.grade_disagreement}", markup=False, highlight=False)
