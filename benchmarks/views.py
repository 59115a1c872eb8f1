"""Benchmark of the evidence views: generation time, file size, time until drawn.

Views of 100, 1,000 and 5,000 nodes, two kinds:

* **figure** views of a store filled by the shared generator (``benchmarks/generate.py``),
  capped at exactly N nodes with ``max_nodes`` (the figure → incidents → claims →
  sources nearest the top); generation = reading the store, building, rendering, writing.
* **claim** views of one synthetic claim with a wide echo chamber (many outlets copying
  wires that copy a few origins quoting witnesses, some circular reporting), corroborated
  by the real :func:`provenance.corroborate.corroborate_claim` (timed apart).

Baseline, measured in the same run: the same nodes and edges through stock pyvis
(``Network.add_node`` / ``add_edge`` with its quadratic id checks, then its own
``generate_html`` template — which also pulls Bootstrap from a CDN).

In headless Chromium (Debian's ``/usr/bin/chromium``, every non-file request aborted) the
page is opened and we report the time until vis-network's first ``afterDrawing`` event
(from navigation start) and the wall time until then.

Targets: the 5,000-node view generated in under 3 s and drawn in under 5 s.

Then the pages of the real Airwars import (:mod:`views_real`: the RS4720 and JS002 claims,
the RS4802 incident, the October 2023 and whole-export figure pages, the reports), with
screenshots at 1280×800 in ``--out``.

    python benchmarks/views.py [--sizes 100,1000,5000] [--out benchmarks/out] [--no-real]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "views"))

import generate  # noqa: E402
from views_browser import browser  # noqa: E402

from provenance.corroborate import corroborate_claim  # noqa: E402
from provenance.store.sqlite import SQLiteStore  # noqa: E402
from provenance.views import View, claim_view, render_html, vis_options  # noqa: E402
from provenance.views.data import figure_view_from_store  # noqa: E402

TARGET_GENERATE_S = 3.0
TARGET_DRAWN_S = 5.0


def echo_chamber(n_nodes: int) -> nx.DiGraph:
    """One claim whose upstream graph has ``n_nodes`` nodes (claim included)."""
    g = nx.DiGraph()
    g.add_node("c", label="Claim", incident="inc", civilians_killed={"min": 3, "max": 9})
    n_origins = max(2, n_nodes // 50)
    n_wires = max(2, n_nodes // 12)
    n_outlets = n_nodes - 1 - 2 * n_origins - n_wires
    for i in range(n_origins):
        g.add_node(f"w{i}", label="Witness", role="resident")
        g.add_node(
            f"o{i}", label="Source", kind="social_media", author=f"@page{i}", reliability="C"
        )
        g.add_edge(f"o{i}", f"w{i}", rel="QUOTES")
    for i in range(n_wires):
        g.add_node(
            f"r{i}",
            label="Source",
            kind="news",
            family=f"wire{i % 7}",
            publisher_name=f"Wire {i % 7}",
            reliability="B",
        )
        g.add_edge(f"r{i}", f"o{i % n_origins}", rel="CITES")
        if i % 9 == 0:
            g.add_edge(f"r{i}", f"r{(i + 1) % n_wires}", rel="CITES")  # circular reporting
    for i in range(n_outlets):
        g.add_node(
            f"s{i}",
            label="Source",
            kind="news",
            family=f"outlet{i}",
            title=f"Outlet {i} repeats the report",
            reliability="D",
        )
        g.add_edge("c", f"s{i}", rel="SUPPORTED_BY")
        g.add_edge(f"s{i}", f"r{i % n_wires}", rel="CITES")
    assert g.number_of_nodes() == n_nodes, g.number_of_nodes()
    return g


def stock_pyvis(view: View) -> float:
    """Seconds for the same nodes and edges through stock pyvis and its template."""
    from pyvis.network import Network

    start = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    for node in view.nodes:
        options = {k: v for k, v in node.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(
            node["id"], label=node["label"], shape=node["shape"], color=node["color"], **options
        )
    for edge in view.edges:
        net.add_edge(
            edge["from"], edge["to"], **{k: v for k, v in edge.items() if k not in ("from", "to")}
        )
    net.options = vis_options(len(view.nodes))
    net.generate_html()
    return time.perf_counter() - start


def peak_mib(fn: Any) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--sources", type=int, default=6_000, help="generator size for figures")
    parser.add_argument(
        "--no-real", action="store_true", help="skip the real Airwars pages (views_real.py)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="views-bench-"))

    t = time.perf_counter()
    store = SQLiteStore(tmp / "bench.db", create=True)
    store.ingest(generate.generate_batch(args.sources, seed=0), actor="bench")
    print(f"store: {args.sources:,} generated sources ingested in {time.perf_counter() - t:.1f} s")

    import pyvis.network  # noqa: F401  (imported once, outside the timings)

    rows: list[dict[str, Any]] = []
    for n in sizes:
        # figure view from the generated store, capped at n nodes
        t = time.perf_counter()
        fig = figure_view_from_store(store, max_nodes=n)
        path = args.out / f"bench-figure-{n}.html"
        path.write_text(render_html(fig), encoding="utf-8")
        rows.append(
            {
                "view": "figure",
                "n": len(fig.nodes),
                "e": len(fig.edges),
                "gen": time.perf_counter() - t,
                "path": path,
                "v": fig,
            }
        )
        # claim view of a synthetic echo chamber
        graph = echo_chamber(n)
        t = time.perf_counter()
        result = corroborate_claim(graph, "c")
        corro_s = time.perf_counter() - t
        t = time.perf_counter()
        cv = claim_view(graph, result)
        path = args.out / f"bench-claim-{n}.html"
        path.write_text(render_html(cv), encoding="utf-8")
        rows.append(
            {
                "view": "claim",
                "n": len(cv.nodes),
                "e": len(cv.edges),
                "gen": time.perf_counter() - t,
                "path": path,
                "v": cv,
                "corro": corro_s,
            }
        )

    for row in rows:
        row["size"] = row["path"].stat().st_size
        row["stock"] = stock_pyvis(row["v"])
        v = row["v"]
        row["peak"] = peak_mib(lambda v=v: render_html(v))

    with browser() as b:
        for row in rows:
            with b.open(row["path"], timeout_ms=60_000) as opened:
                row["drawn"] = (opened.drawn_ms or float("nan")) / 1000
                row["wall"] = opened.load_ms / 1000
                row["errors"] = (
                    len(opened.page_errors)
                    + len(opened.blocked_requests)
                    + len(opened.csp_violations)
                )
                row["count"] = opened.page.evaluate("provenanceView.nodes.length")
    store.close()

    print(
        f"\n{'view':<7}{'nodes':>7}{'edges':>7}{'generate s':>12}{'stock pyvis s':>15}{'speed-up':>10}"
        f"{'file MiB':>10}{'peak MiB':>10}{'drawn s':>9}{'wall s':>8}{'errors':>8}"
    )
    for r in rows:
        print(
            f"{r['view']:<7}{r['n']:>7,}{r['e']:>7,}{r['gen']:>12.3f}{r['stock']:>15.3f}"
            f"{r['stock'] / r['gen']:>9.1f}x{r['size'] / 2**20:>10.2f}{r['peak']:>10.1f}"
            f"{r['drawn']:>9.3f}{r['wall']:>8.3f}{r['errors']:>8}"
        )
        assert r["count"] == r["n"], (r["count"], r["n"])
    print(
        "generate s: figure = read the store, compute the figure, build, render, write;"
        " claim = build, render, write. stock pyvis s = the same nodes and edges through"
        " stock pyvis add_node/add_edge and its generate_html template (not written)."
    )
    corro = [r for r in rows if "corro" in r]
    print(
        "\ncorroborate_claim on the synthetic claims (not part of view generation): "
        + ", ".join(f"{r['n']:,} nodes {r['corro']:.3f} s" for r in corro)
    )
    print(
        f"max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (Python process)"
    )
    largest = [r for r in rows if r["n"] == max(x["n"] for x in rows)]
    ok = True
    for r in largest:
        gen_ok, drawn_ok = r["gen"] < TARGET_GENERATE_S, r["drawn"] < TARGET_DRAWN_S
        ok &= gen_ok and drawn_ok
        print(
            f"target {r['view']} {r['n']:,} nodes: generated {r['gen']:.2f} s (< {TARGET_GENERATE_S} s: {'met' if gen_ok else 'MISSED'}),"
            f" drawn {r['drawn']:.2f} s (< {TARGET_DRAWN_S} s: {'met' if drawn_ok else 'MISSED'})"
        )
    if not args.no_real:
        import views_real

        print("\n== real Airwars pages (benchmarks/views_real.py)")
        ok &= views_real.main(["--out", str(args.out)]) == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
