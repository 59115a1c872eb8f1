"""The evidence views as generated HTML: data, colours, layout, limits, escaping, CLI."""

from __future__ import annotations

import base64
import hashlib
import itertools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from cli_helpers import run_cli, run_json
from hypothesis import given
from hypothesis import strategies as st
from paths import EXAMPLE
from views_cases import (
    URL_ATTR,
    XSS,
    XSS_IDS,
    Parsed,
    csp_of,
    demo_store,
    view_data,
    xss_graph,
)

from provenance.views import claim_view, render_html
from provenance.views.fan import fanned
from provenance.views.layout import (
    GRID,
    HARD_MAX_NODES,
    Block,
    Slot,
    ViewTooLarge,
    grid_columns,
    layered_positions,
    longest_path_layers,
    name_room,
    pack_blocks,
)
from provenance.views.naming import Names
from provenance.views.placing import one_row, place_incident
from provenance.views.style import CONTRA, CRITICAL, CYCLE, PALETTE
from provenance.views.template import clean_text


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = demo_store(tmp_path)
    yield s
    s.close()


def _claim_page(store: Any, claim: str) -> tuple[Any, str]:
    from provenance.views.data import claim_view_from_store

    view = claim_view_from_store(store, claim)
    return view, render_html(view)


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(n["id"]): n for n in items}


# --- page shape -------------------------------------------------------------------------


def test_page_is_self_contained_and_csp_allows_exactly_its_scripts(store: Any) -> None:
    _, page = _claim_page(store, "ill-mosul-1-c1")
    parsed = Parsed(page)
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not (URL_ATTR.match(name) and value and "://" in value), (tag, name, value)
            assert not name.startswith("on"), (tag, name)
        assert tag not in ("link", "iframe", "img", "object", "embed", "base", "form")
    assert "cdn" not in page.lower() and "bootstrap" not in page.lower()
    csp = csp_of(page)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    executable = [text for attrs, text in parsed.scripts if attrs.get("type") is None]
    assert len(executable) == 2  # vis-network and our script; the data block is JSON
    for text in executable:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "vis-network" in page and "new vis.Network" in page


def test_claim_view_data_has_the_chain_colours_and_marks(store: Any) -> None:
    from provenance.corroborate import corroborate_claim

    _, page = _claim_page(store, "ill-mosul-1-c1")
    (chain,) = corroborate_claim(store.upstream_graph(["ill-mosul-1-c1"]), "ill-mosul-1-c1").chains
    data = view_data(page)
    nodes, edges = _by_id(data["nodes"]), data["edges"]
    assert set(nodes) == {
        "ill-mosul-1-c1",
        "ill-src-mosul-wire",
        "ill-src-mosul-agg-1",
        "ill-src-mosul-agg-2",
        "ill-src-mosul-agg-3",
        "ill-src-mosul-daily-1",
        "ill-src-mosul-daily-2",
        "ill-src-mosul-post",
        "ill-w-mosul-resident",
    }
    assert len(edges) == 13
    pairs = {(e["from"], e["to"]) for e in edges}
    assert ("ill-src-mosul-post", "ill-w-mosul-resident") in pairs
    # the one independent chain in the first colour, nodes and edges
    assert chain[-2:] == ["ill-src-mosul-post", "ill-w-mosul-resident"]
    for n in chain[1:]:
        assert nodes[n]["color"]["background"] == PALETTE[0]
    off_chain = set(nodes) - set(chain)
    assert all(nodes[n]["color"]["background"] != PALETTE[0] for n in off_chain)
    chain_edge = next(
        e for e in edges if (e["from"], e["to"]) == ("ill-src-mosul-post", "ill-w-mosul-resident")
    )
    assert chain_edge["color"] == PALETTE[0] and chain_edge["width"] > 3
    # the critical source
    post = nodes["ill-src-mosul-post"]
    assert post["borderWidth"] == 5 and post["color"]["border"] == CRITICAL
    assert "CRITICAL" in post["title"]
    # echoed sources grouped under their origin
    (group,) = data["groups"]
    assert len(group["nodes"]) == 6 and "ill-w-mosul-resident" in group["label"]
    # layered: claim on top, copies above the wire they copy, the post, then the witness
    y = {n: nodes[n]["y"] for n in nodes}
    assert y["ill-mosul-1-c1"] < y["ill-src-mosul-agg-1"] < y["ill-src-mosul-wire"]
    assert y["ill-src-mosul-wire"] < y["ill-src-mosul-post"] < y["ill-w-mosul-resident"]
    # tooltips: kind, publisher, dates, reliability, content hash, as plain text
    wire = nodes["ill-src-mosul-wire"]["title"]
    assert wire.startswith("Source ill-src-mosul-wire\n")
    for text in (
        "publisher: Illustrative Wire Service",
        "published: 2017-06-03",
        "reliability: B",
        "content hash: ",
    ):
        assert text in wire
    assert data["options"]["physics"]["enabled"] is True  # a small view
    assert "Evidence chain of claim ill-mosul-1-c1" in page and "Generated " in page


def test_cycles_are_marked(store: Any) -> None:
    _, page = _claim_page(store, "ill-raqqa-2-c1")
    data = view_data(page)
    cyc = [e for e in data["edges"] if e.get("color") == CYCLE]
    assert {(e["from"], e["to"]) for e in cyc} == {
        ("ill-src-raqqa2-page-a", "ill-src-raqqa2-page-b"),
        ("ill-src-raqqa2-page-b", "ill-src-raqqa2-page-a"),
    }
    assert all(e["dashes"] for e in cyc)
    for n in data["nodes"]:
        if n["id"] != "ill-raqqa-2-c1":
            assert n["shapeProperties"]["borderDashes"] and "citation cycle" in n["title"]


def test_independent_chains_get_distinct_colours(store: Any) -> None:
    _, page = _claim_page(store, "ill-raqqa-1-c1")
    nodes = _by_id(view_data(page)["nodes"])
    colours = {
        nodes[w]["color"]["background"] for w in ("ill-w-raqqa-relative", "ill-w-raqqa-medic")
    }
    assert colours == {PALETTE[0], PALETTE[1]}


def test_contradicting_sources_sit_apart_and_hand_made_results_work() -> None:
    g, corroboration = xss_graph()
    view = claim_view(g, corroboration, generated_at="2017-06-30 12:00 UTC")
    nodes = _by_id(view.nodes)
    contra = "c\"'<i>"
    supporting_x = [n["x"] for i, n in nodes.items() if i not in (contra, XSS_IDS[0])]
    assert nodes[contra]["x"] > max(supporting_x)
    edge = next(e for e in view.edges if e["to"] == contra)
    assert edge["color"] == CONTRA and edge["dashes"]


# --- layout -----------------------------------------------------------------------------


@st.composite
def dags(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]]]:
    n = draw(st.integers(1, 40))
    nodes = [f"n{i}" for i in range(n)]
    edges = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1]),
            max_size=80,
        )
    )
    return nodes, [(nodes[a], nodes[b]) for a, b in edges]


@given(dags(), st.booleans())
def test_layers_respect_every_edge_and_positions_never_collide(
    dag: tuple[list[str], list[tuple[str, str]]], close_cycle: bool
) -> None:
    nodes, edges = dag
    if close_cycle and edges:
        edges = [*edges, (edges[-1][1], edges[0][0])]  # one edge closing a cycle is ignored
    adjacency: dict[str, list[str]] = {}
    for a, b in edges:
        adjacency.setdefault(a, []).append(b)
    layers = longest_path_layers(adjacency, nodes, start=0)
    assert set(layers) == set(nodes)
    graph = nx.DiGraph(edges)
    if close_cycle and edges:
        graph.remove_edges_from([edges[-1]])  # (may also drop a real edge: test the rest)
    if nx.is_directed_acyclic_graph(graph) and not close_cycle:
        for a, b in edges:
            assert layers[b] > layers[a]
    positions = layered_positions({n: Slot(layers[n]) for n in nodes}, edges, row_width=7)
    assert set(positions) == set(nodes)
    assert len(set(positions.values())) == len(nodes)
    for a in nodes:
        for b in nodes:
            if layers[a] < layers[b]:
                assert positions[a][1] < positions[b][1]


@given(st.integers(1, 400), st.floats(0.05, 20.0))
def test_a_layer_of_several_nodes_is_never_one_column(n: int, aspect: float) -> None:
    """Nodes of one layer one under another would read as a chain: the edge to the lower
    one runs through the upper one."""
    columns = grid_columns(n, aspect)
    assert 1 <= columns <= n
    assert columns >= 2 or n == 1


@given(
    st.lists(
        st.tuples(st.integers(1, 4), st.booleans(), st.text("ab ", max_size=60)),
        min_size=1,
        max_size=6,
    )
)
def test_a_named_box_has_room_for_its_name_beside_its_neighbours(
    shapes: list[tuple[int, bool, str]],
) -> None:
    """Blocks in one row (:func:`one_row` cells) sit side by side, each named box as wide
    as its name needs (:func:`name_room`) with its members centred in it, and no block's
    room runs into the next one's. Before: a box one source wide had the room of one
    cell whatever its name, and its name was cut ("supports all 2 clai")."""
    blocks = [
        Block((tuple(f"n{i}-{k}" for k in range(size)),), boxed=boxed, name=name if boxed else "")
        for i, (size, boxed, name) in enumerate(shapes)
    ]
    packed = pack_blocks(blocks, one_row(blocks))
    rooms = []
    for block in blocks:
        xs = [packed.positions[n][0] for n in block.rows[0]]
        assert len({packed.positions[n][1] for n in block.rows[0]}) == 1  # one row
        cells = len(xs) * GRID.x_gap
        room = max(cells, name_room(block.name))
        centre = (xs[0] + xs[-1]) / 2
        rooms.append((centre - room / 2, centre + room / 2))
    tops = {packed.positions[b.rows[0][0]][1] - (GRID.header if b.boxed else 0) for b in blocks}
    assert len(tops) == 1  # one shelf
    for (_, right), (left, _) in itertools.pairwise(rooms):
        assert right <= left + 1e-6


@given(st.integers(2, 40), st.integers(2, 12), st.floats(40.0, 400.0))
def test_a_fanned_layer_puts_each_item_on_its_own_line_from_the_claim(
    n: int, columns: int, top: float
) -> None:
    """A first layer wrapped into rows, spread as a fan (:func:`fanned`): the line from the
    claim to each item of a lower row passes every item of the rows above at least a cell
    over the number of rows away, and the last row is at most 1.5 times as wide as the
    first. Before: the rows of a grid, one item straight under another, so the line to the
    lower one ran through the upper one (the real RS4750 read as three chains of six)."""
    region = pack_blocks([Block(((f"s{i}",),)) for i in range(n)], columns)
    fan, drop = fanned(region, top)
    apex_x, apex_y = fan.width / 2, -(top + drop)
    rows = sorted({y for _, y in fan.positions.values()})
    for node, (x, y) in fan.positions.items():
        for other, (ox, oy) in fan.positions.items():
            if oy < y:
                at = apex_x + (x - apex_x) * (oy - apex_y) / (y - apex_y)
                assert abs(at - ox) >= GRID.x_gap / len(rows) - 0.2, (node, other)  # rounding
    xs = {y: [x for x, yy in fan.positions.values() if yy == y] for y in rows}
    spans = [max(v) - min(v) for v in xs.values() if len(v) > 1]
    assert not spans or len(rows) == 1 or spans[-1] <= 1.5 * max(spans[0], GRID.x_gap) + GRID.x_gap


@pytest.mark.parametrize("k", [2, 3, 5])
def test_an_incident_draws_a_claims_direct_sources_side_by_side(k: int) -> None:
    """The incident view of a claim resting on ``k`` sources that cite nothing (as the real
    RS4765 rests on two): no source directly under another, all below the claim."""
    sources = [f"s{i}" for i in range(k)]
    placed = place_incident(
        "inc",
        ["c"],
        dict.fromkeys(sources, 1),
        {s: {"c"} for s in sources},
        ([], []),
        Names(),
        {"c": "X"},
    ).positions
    xs = [placed[s][0] for s in sources]
    assert xs[0] != xs[1]  # the first row holds two at least
    below = {x for x, y in (placed[s] for s in sources) if y > placed["c"][1]}
    assert len(below) >= 2 and all(placed[s][1] > placed["c"][1] for s in sources)


# --- size limits --------------------------------------------------------------------------


def _star(n: int) -> tuple[nx.DiGraph, dict[str, Any]]:
    g = nx.DiGraph()
    g.add_node("c", label="Claim")
    for i in range(n):
        g.add_node(f"s{i}", label="Source", kind="news")
        g.add_edge("c", f"s{i}", rel="SUPPORTED_BY")
        g.add_node(f"w{i}", label="Witness")
        g.add_edge(f"s{i}", f"w{i}", rel="QUOTES")
    return g, {"claim": "c", "chains": [], "critical_sources": [], "echo_groups": [], "cycles": []}


def test_too_large_views_are_refused_with_their_size_and_the_way_out() -> None:
    g, c = _star(HARD_MAX_NODES // 2 + 1)
    with pytest.raises(ViewTooLarge) as err:
        claim_view(g, c)
    assert f"{2 * (HARD_MAX_NODES // 2 + 1) + 1:,} nodes" in err.value.message
    assert "--depth" in err.value.hint and "--max-nodes" in err.value.hint
    by_depth = claim_view(g, c, depth=1)
    assert len(by_depth.nodes) == HARD_MAX_NODES // 2 + 2 and by_depth.hidden > 0
    assert any("not drawn" in n["title"] for n in by_depth.nodes)
    by_count = claim_view(g, c, max_nodes=100)
    assert len(by_count.nodes) == 100
    with pytest.raises(ViewTooLarge):
        claim_view(g, c, max_nodes=HARD_MAX_NODES + 1)


def test_large_views_turn_physics_off() -> None:
    g, c = _star(200)
    data = view_data(render_html(claim_view(g, c)))
    assert data["options"]["physics"]["enabled"] is False
    assert len(data["nodes"]) == 401 and len(data["edges"]) == 400


# --- untrusted text ---------------------------------------------------------------------


def test_clean_text_neutralises_bidi_controls_and_href() -> None:
    assert clean_text("a\u202eb") == "a[U+202E]b"
    assert clean_text("x\x00y\x1b") == "x[U+0000]y[U+001B]"
    assert "href" not in clean_text("<a HREF=x href=y>").lower()
    assert clean_text("abcdef", 4) == "abc…"


def test_xss_corpus_never_becomes_markup() -> None:
    g, corroboration = xss_graph()
    view = claim_view(g, corroboration)
    page = render_html(view)
    parsed = Parsed(page)
    for payload in XSS + XSS_IDS:
        if "<" in payload or '"' in payload:
            assert payload not in page
    for ch in ("\u202e", "\u2066", "\u2069", "\u200f"):
        assert ch not in page
    tags = [t for t, _ in parsed.tags]
    assert "img" not in tags and "a" not in tags and "iframe" not in tags
    assert tags.count("script") == 3
    # only the swatches of the legend and of the chains list (issue 17: chains beside the graph)
    assert tags.count("svg") == len(view.legend) + len(view.chains)
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
    # the heading and title are the cleaned text, shown as text
    assert parsed.title == parsed.h1 == clean_text(view.title, 300)
    assert XSS_IDS[0] in parsed.h1 and "[U+202E]" not in parsed.h1
    data = view_data(page)
    for item in data["nodes"] + data["edges"]:
        assert "href" not in str(item.get("title", "")).lower()
    nodes = _by_id(data["nodes"])
    assert set(nodes) >= set(XSS_IDS)  # ids survive intact as data, never as markup
    assert "URL: javascript:alert(4)" in nodes[XSS_IDS[1]]["title"]  # a URL, as text only
    assert "photo[U+202E]gpj.exe" in nodes[XSS_IDS[1]]["title"]


# --- CLI -----------------------------------------------------------------------------------


def test_cli_writes_only_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # no browser profile, cache or config written
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    db = tmp_path / "store" / "p.db"
    db.parent.mkdir()
    run_cli(
        "ingest",
        str(EXAMPLE),
        store=db,
        check=True,
    )
    work = tmp_path / "work"
    work.mkdir()
    result = run_json("view", "claim", "ill-mosul-1-c1", "--out", "chain.html", store=db, cwd=work)
    assert result["nodes"] == 9 and result["edges"] == 13
    assert sorted(p.name for p in work.iterdir()) == ["chain.html"]
    inc = run_json("view", "incident", "ill-raqqa-1", "--out", "inc.html", store=db, cwd=work)
    assert inc["nodes"] == 9
    fig = run_json(
        "view",
        "figure",
        "--from",
        "2017-06-01",
        "--to",
        "2017-06-30",
        "--out",
        "fig.html",
        store=db,
        cwd=work,
    )
    assert fig["nodes"] > 20
    assert sorted(p.name for p in work.iterdir()) == ["chain.html", "fig.html", "inc.html"]
    bad = run_cli(
        "view",
        "claim",
        "ill-mosul-1-c1",
        "--out",
        "x.html",
        "--max-nodes",
        "9999",
        store=db,
        cwd=work,
    )
    assert bad.returncode == 2 and "Error:" in bad.stderr and "--max-nodes" in bad.stderr
    missing = run_cli("view", "claim", "nope", "--out", "x.html", store=db, cwd=work)
    assert missing.returncode == 1 and "nope" in missing.stderr
    assert not (work / "x.html").exists()
    assert list(home.iterdir()) == []


def test_incident_and_figure_views(store: Any) -> None:
    import datetime as dt

    from provenance.figures import Filters
    from provenance.views.data import figure_view_from_store, incident_view_from_store

    inc = incident_view_from_store(store, "ill-raqqa-2")
    nodes = _by_id(inc.nodes)
    assert {"ill-raqqa-2", "ill-raqqa-2-c1", "ill-raqqa-2-c2", "ill-stmt-cjtf-assessment"} <= set(
        nodes
    )
    assert nodes["ill-raqqa-2-c1"]["color"]["border"] != nodes["ill-raqqa-2-c2"]["color"]["border"]
    assert nodes["ill-stmt-cjtf-assessment"]["x"] < nodes["ill-raqqa-2"]["x"]  # left column
    (assess,) = [
        e for e in inc.edges if e["to"] == "ill-raqqa-2" and e["from"] == "ill-stmt-cjtf-assessment"
    ]
    assert assess["label"] == "non_credible"
    strikes = incident_view_from_store(store, "ill-raqqa-1")
    s_nodes = _by_id(strikes.nodes)
    assert s_nodes["ill-strike-raqqa-0618"]["x"] > s_nodes["ill-raqqa-1"]["x"]  # right column
    assert any(e.get("label") == "credible (4 acknowledged)" for e in strikes.edges)

    store.judge("ill-mosul-2", "ill-mawsil-2b", "same", actor="t", reason="same strike")
    fig = figure_view_from_store(store, Filters(dt.date(2017, 6, 1), dt.date(2017, 6, 30)))
    f_nodes = _by_id(fig.nodes)
    cluster = "cluster:ill-mawsil-2b+ill-mosul-2"
    assert cluster in f_nodes and "ill-mosul-2" not in f_nodes and "ill-mawsil-2b" not in f_nodes
    assert {("figure", cluster), (cluster, "ill-mosul-2-c1"), (cluster, "ill-mawsil-2b-c1")} <= {
        (e["from"], e["to"]) for e in fig.edges
    }
    assert "2 duplicate incidents" in f_nodes[cluster]["title"]


def test_help_does_not_import_pyvis() -> None:
    code = "import sys, provenance_cli.main; assert 'pyvis' not in sys.modules and 'networkx' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ})


def test_missing_chromium_fails_loudly() -> None:
    from views_browser import require_chromium

    with pytest.raises(AssertionError, match="apt-get install chromium"):
        require_chromium("/nonexistent/chromium")
