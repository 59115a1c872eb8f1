"""The text of a corroboration is built from the result's fields, never parsed back."""

from __future__ import annotations

from corroborate_graphs import Builder

from provenance.corroborate import corroborate_claim, detail_lines, summary_line


def test_detail_of_a_claim_whose_id_contains_colon_space() -> None:
    # Stored ids cannot contain whitespace, but a graph built by hand (a notebook) can: the
    # detail line once came from splitting the summary line at its first ": ", which cut
    # such an id in two ("7: 1 source, …").
    b = Builder().witness("w1").source("s1", quotes=["w1"]).claim("report: 7", ["s1"])
    r = corroborate_claim(b.g, "report: 7")
    assert summary_line(r) == (
        "report: 7: 1 source, 1 independent path, rests on: w1 (via s1) — suggested weak"
    )
    lines = detail_lines(r)
    assert lines[0] == "Claim report: 7 (incident inc)"
    assert lines[1] == "  1 source, 1 independent path, rests on: w1 (via s1)"
    assert lines[2] == "  chain 1: report: 7 → s1 → w1"
