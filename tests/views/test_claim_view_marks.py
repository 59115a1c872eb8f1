"""Issue 17, pure parts: what the claim and incident views say and where they put it —
outlet labels, chains named by their units, critical wording, same-unit steps, chains
beyond the palette, named boxes holding exactly their members, claims side by side, and
``view claim|incident`` taking what ``show`` takes."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from cli_helpers import run_cli
from paths import EXAMPLE
from views_cases import demo_store

from provenance.views import IncidentInput, claim_view, incident_view
from provenance.views.layout import GRID
from provenance.views.style import PALETTE


def _star(n: int, authors: list[str] | None = None) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("c", label="Claim", belligerent="X")
    for i in range(n):
        author = authors[i] if authors else f"@outlet{i}"
        g.add_node(f"url:{i:04x}", label="Source", kind="social_media", author=author)
        g.add_edge("c", f"url:{i:04x}", rel="SUPPORTED_BY")
    return g


def _result(g: nx.DiGraph, paths: int, chains: list[list[str]], **more: Any) -> dict[str, Any]:
    return {
        "claim": "c",
        "independent_paths": paths,
        "chains": chains,
        "critical_sources": [c[-1] for c in chains],
        "echo_groups": [],
        "cycles": [],
        **more,
    }


def test_sources_are_labelled_by_outlet_and_the_id_is_in_the_tooltip() -> None:
    g = _star(3)
    view = claim_view(g, _result(g, 3, [["c", f"url:{i:04x}"] for i in range(3)]))
    node = next(n for n in view.nodes if n["id"] == "url:0001")
    assert node["label"] == "@outlet1"
    assert node["title"].startswith("Source url:0001\n") and "known as: @outlet1" in node["title"]


def test_critical_marker_is_a_single_point_of_failure_only_with_one_path() -> None:
    g = _star(2)
    one = claim_view(g, _result(g, 1, [["c", "url:0000"]]))
    two = claim_view(g, _result(g, 2, [["c", "url:0000"], ["c", "url:0001"]]))
    assert "critical source (single point of failure)" in [i.text for i in one.legend]
    legend = [i.text for i in two.legend]
    assert "critical: one of 2 units to lose together" in legend
    assert not any("single point" in t for t in legend)
    node = next(n for n in two.nodes if n["id"] == "url:0000")
    assert "one of 2 units to lose together" in node["title"]
    assert "single point" not in node["title"] and node["borderWidth"] < 5


def test_chains_are_named_by_their_units_and_distinguishable_beyond_the_palette() -> None:
    n = len(PALETTE) + 2
    g = _star(n)
    view = claim_view(g, _result(g, n, [["c", f"url:{i:04x}"] for i in range(n)]))
    assert [c.text for c in view.chains][:2] == ["chain 1: @outlet0", "chain 2: @outlet1"]
    edge = {e["to"]: e for e in view.edges}
    first, wrapped = edge["url:0000"], edge[f"url:{len(PALETTE):04x}"]
    assert first["color"]["color"] == wrapped["color"]["color"]  # the palette repeats …
    assert first["dashes"] != wrapped["dashes"]  # … with another pattern
    assert view.chains[len(PALETTE)].edges == [wrapped["id"]]
    assert view.chains[0].nodes == ["c", "url:0000"]


def test_demo_chain_names_its_units_down_to_the_witness(tmp_path: Path) -> None:
    from provenance.views.data import claim_view_from_store

    store = demo_store(tmp_path)
    try:
        view = claim_view_from_store(store, "ill-mosul-1-c1")
    finally:
        store.close()
    (chain,) = view.chains
    assert chain.text.startswith("chain 1: ") and chain.text.endswith(" → resident")
    assert "ill-" not in chain.text  # units by name, never by id


def test_a_step_inside_one_unit_is_drawn_as_such_not_as_a_citation() -> None:
    g = nx.DiGraph()
    g.add_node("c", label="Claim")
    g.add_node("a", label="Source", publisher_name="BBC", family="bbc")
    g.add_node("b", label="Source", publisher_name="BBC Arabic", family="bbc")
    g.add_node("w", label="Witness", role="rescuer")
    g.add_edge("c", "a", rel="SUPPORTED_BY")
    g.add_edge("c", "b", rel="SUPPORTED_BY")
    g.add_edge("b", "w", rel="QUOTES")
    links = [[{"rel": "SUPPORTED_BY"}, {"rel": "same_unit", "unit": "BBC"}, {"rel": "QUOTES"}]]
    view = claim_view(g, _result(g, 1, [["c", "a", "b", "w"]], links=links))
    (step,) = [e for e in view.edges if (e["from"], e["to"]) == ("a", "b")]
    assert step["dashes"] and step["label"] == "same unit: BBC"
    assert "not a citation" in step["title"] and "CITES" not in step["title"]
    # one name per unit: the two items of the family are one step of the chain's row
    assert view.chains[0].text.endswith(" → rescuer") and view.chains[0].text.count("→") == 1


def _rect(view: Any, members: list[str]) -> tuple[float, float, float, float]:
    pos = {n["id"]: (n["x"], n["y"]) for n in view.nodes}
    xs, ys = [pos[m][0] for m in members], [pos[m][1] for m in members]
    half = GRID.x_gap / 2
    return min(xs) - half, min(ys) - GRID.header, max(xs) + half, max(ys) + GRID.row * 0.75


def test_units_and_echoes_are_boxed_with_exactly_their_members() -> None:
    authors = ["@SyriaCivilDefe"] * 9 + ["@MMCSYR"] * 3 + [f"@solo{i}" for i in range(30)]
    g = _star(len(authors), authors)
    ids = [f"url:{i:04x}" for i in range(len(authors))]
    echo = [{"origins": ids[:9], "sources": ids[:9], "outlets": ["@SyriaCivilDefe"]}]
    view = claim_view(g, _result(g, 32, [["c", i] for i in ids], echo_groups=echo))
    labels = {b["label"]: set(b["nodes"]) for b in view.groups}
    assert labels["@SyriaCivilDefe ×9, one account"] == set(ids[:9])
    assert labels["@MMCSYR ×3, one unit"] == set(ids[9:12])
    pos = {n["id"]: (n["x"], n["y"]) for n in view.nodes}
    for box in view.groups:
        x0, y0, x1, y1 = _rect(view, box["nodes"])
        inside = {n for n, (x, y) in pos.items() if x0 < x < x1 and y0 < y < y1}
        assert inside == set(box["nodes"])
    # the drawing is a page, not a band: about as tall as wide on a 1280×800 screen
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    assert (max(ys) - min(ys)) > 0.4 * (max(xs) - min(xs))


def test_claims_of_an_incident_stand_side_by_side_above_their_evidence() -> None:
    g = nx.DiGraph()
    claims = ["i:c:a", "i:c:b", "i:c:c"]
    for c, who in zip(claims, "ABC", strict=True):
        g.add_node(c, label="Claim", belligerent=who, civilians_killed={"min": 6, "max": 6})
    for k in range(12):
        g.add_node(f"s{k}", label="Source", author=f"@o{k}")
        for c in claims if k < 8 else claims[k % 3 : k % 3 + 1]:
            g.add_edge(c, f"s{k}", rel="SUPPORTED_BY")
    view = incident_view(IncidentInput("i", {"title": "i"}, g, claims))
    pos = {n["id"]: (n["x"], n["y"]) for n in view.nodes}
    assert len({pos[c][1] for c in claims}) == 1
    xs = sorted(pos[c][0] for c in claims)
    assert all(b - a >= 250 for a, b in itertools.pairwise(xs))
    assert min(pos[f"s{k}"][1] for k in range(12)) > pos[claims[0]][1]
    shared = next(b for b in view.groups if b["label"] == "supports all 3 claims")
    assert set(shared["nodes"]) == {f"s{k}" for k in range(8)}
    label = next(n["label"] for n in view.nodes if n["id"] == "i:c:b")
    assert label.startswith("claim: B")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "p.db"
    run_cli("ingest", str(EXAMPLE), store=path, check=True)
    return path


def test_view_takes_what_show_takes(db: Path, tmp_path: Path) -> None:
    page = tmp_path / "i.html"
    ok = run_cli("view", "incident", "ILL-RAQQA-1", "--out", str(page), store=db)
    assert ok.returncode == 0, ok.stderr
    assert "Incident ill-raqqa-1" in page.read_text(encoding="utf-8")
    one = run_cli("view", "claim", "ill-mosul-1", "--out", str(tmp_path / "one.html"), store=db)
    assert one.returncode == 0, one.stderr  # an incident of one claim: that claim
    wrong = run_cli("view", "claim", "ill-raqqa-2", "--out", str(tmp_path / "c.html"), store=db)
    assert wrong.returncode == 1
    assert "'ill-raqqa-2' is an incident (ill-raqqa-2), not a claim" in wrong.stderr
    assert "give one of its claims: ill-raqqa-2-c1, ill-raqqa-2-c2" in wrong.stderr
    back = run_cli("view", "incident", "ill-mosul-1-c1", "--out", str(page), "--force", store=db)
    assert back.returncode == 0 and "Incident ill-mosul-1" in page.read_text(encoding="utf-8")
    near = run_cli("view", "claim", "ill-mosul-1-c", "--out", str(tmp_path / "c.html"), store=db)
    assert near.returncode == 1 and "did you mean ill-mosul-1-c1" in near.stderr
    assert not (tmp_path / "c.html").exists()


def test_real_codes_and_urls_name_the_claim(real_airwars_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    code = run_cli("view", "claim", "RS4720", "--out", str(out), store=real_airwars_db)
    assert code.returncode == 0 and "airwars:RS4720:c:russian-military" in out.read_text("utf-8")
    ok = run_cli(
        "view", "incident", "RS4802", "--out", str(tmp_path / "i.html"), store=real_airwars_db
    )
    assert ok.returncode == 0, ok.stderr
