"""Critical sources are a single point of failure only with one independent path (issue 15);
otherwise they are the units to lose together."""

from __future__ import annotations

from corroborate_graphs import Builder

from provenance.corroborate import (
    corroborate_claim,
    describe,
    detail_lines,
    summary_line,
    trace_tree,
)


def _two_aggregators() -> Builder:
    b = Builder()
    for i in (1, 2, 3):
        b.witness(f"w{i}").source(f"local{i}", family=f"local{i}", quotes=[f"w{i}"])
    locals_ = ["local1", "local2", "local3"]
    b.source("agg1", family="agg1", cites=locals_).source("agg2", family="agg2", cites=locals_)
    for o in ("out1", "out2", "out3"):
        b.source(o, family=o, cites=["agg1", "agg2"])
    return b.claim("c", ["out1", "out2", "out3"])


def _texts(b: Builder) -> tuple[int, list[str], str, list[str]]:
    r = corroborate_claim(b.g, "c")
    tree = trace_tree(b.g, r)
    trace: list[str] = []

    def walk(entries: list[dict[str, object]]) -> None:
        for e in entries:
            trace.append(describe(e, paths=tree["independent_paths"]))
            walk(e["children"])  # type: ignore[arg-type]

    walk(tree["children"])
    return r.independent_paths, detail_lines(r), r.explanation, trace


def test_two_paths_are_never_called_a_single_point_of_failure() -> None:
    b = _two_aggregators()
    paths, detail, explanation, trace = _texts(b)
    assert paths == 2
    assert corroborate_claim(b.g, "c").critical_sources == ["agg1", "agg2"]  # JSON unchanged
    everything = "\n".join([*detail, explanation, *trace])
    assert "single point of failure" not in everything
    assert "  critical sources: lose these 2 units together and no path is left: agg1, agg2" in (
        detail
    )
    assert "lose these 2 units together and no path is left: agg1, agg2" in explanation
    assert [t for t in trace if "CRITICAL" in t and "shown above" not in t] == [
        "cites agg1 · [news] · agg1 · reliability — · chain 1 · CRITICAL (one of 2 units to lose"
        " together)",
        "cites agg2 · [news] · agg2 · reliability — · chain 2 · CRITICAL (one of 2 units to lose"
        " together)",
    ]


def test_one_path_is_a_single_point_of_failure() -> None:
    b = Builder().witness("w").source("post", author="@p", quotes=["w"])
    b.source("a", family="a", cites=["post"]).source("b", family="b", cites=["post"])
    b.claim("c", ["a", "b"])
    paths, detail, explanation, trace = _texts(b)
    assert paths == 1
    assert "  critical sources: post (@p) — a single point of failure" in detail
    assert "it all rests on post (@p), a single point of failure" in explanation
    assert any(
        t.startswith("cites post") and "CRITICAL (single point of failure)" in t for t in trace
    )
    assert "lose these" not in "\n".join([*detail, explanation, *trace])


def test_summary_line_is_unchanged_by_the_wording() -> None:
    r = corroborate_claim(_two_aggregators().g, "c")
    assert summary_line(r) == (
        "c: 3 sources, 2 independent paths, rests on: w1, w2 — suggested fair"
    )
