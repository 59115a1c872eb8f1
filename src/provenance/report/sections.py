"""The report's evidence sections as HTML: the figure's totals, each incident and claim
with its chains as tables, and a card for every item (pure; every data string through
:func:`~provenance.report.markup.esc`)."""

from __future__ import annotations

from provenance.corroborate.grading import critical_wording
from provenance.corroborate.links import labelled
from provenance.corroborate.result import Link, chain_text, echo_text, evidence_summary
from provenance.report.document import (
    ABSENT_SOURCE_FIELDS,
    ChainStep,
    ClaimSection,
    FieldRow,
    FigureSummary,
    IncidentSection,
    ItemCard,
)
from provenance.report.markup import cell, esc, items_list, pairs, para, table
from provenance.wording import plural


def anchor(item_id: str) -> str:
    """The ``id`` attribute of an item's card (escaped; ids hold no whitespace)."""
    return "item-" + esc(item_id)


def figure_html(fig: FigureSummary) -> str:
    """The figure's filters, totals (not recorded and undated counted apart) and lines."""
    return (
        '<section class="figure"><h2>The figure</h2>'
        + para(f"Incidents selected: {fig.label}.")
        + pairs(fig.totals)
        + "<h3>As `provenance figure` states it</h3>"
        + f"<pre>{esc(chr(10).join(fig.lines))}</pre></section>"
    )


def incident_html(section: IncidentSection, number: int) -> str:
    """One incident: its fields with who set them, the official assessments, its claims."""
    card = section.incident
    title = next((f.value for f in card.fields if f.name == "title"), "")
    parts = [
        f'<section class="incident" id="{anchor(card.id)}">',
        f"<h2>{number}. Incident <span class='id'>{esc(card.id)}</span>"
        + (f" — {esc(title)}" if title else "")
        + "</h2>",
        fields_table(card),
    ]
    if section.assessments:
        parts.append(
            table(
                ["Statement", "Verdict", "Deaths acknowledged"],
                ([cell(s, "id"), cell(v), cell(a, "num")] for s, v, a in section.assessments),
                caption="Official assessments of this incident",
            )
        )
    if not section.claims:
        parts.append(para("This incident has no claims.", "note"))
    for i, claim in enumerate(section.claims, 1):
        parts.append(claim_html(claim, f"{number}.{i}"))
    parts.append("</section>")
    return "".join(parts)


def claim_html(section: ClaimSection, number: str) -> str:
    """One claim: its fields, its corroboration, each chain as a table, critical sources,
    echoes, cycles and the contradicting side."""
    r = section.result
    grade = f"{r.suggested_grade} — {r.explanation}"
    summary = [
        ("Incident", r.incident or ""),
        ("Evidence", evidence_summary(r)),
        ("Independent paths", str(r.independent_paths)),
        ("Direct supporting sources", str(r.supporting_sources)),
        ("Suggested grade", grade),
        ("Analyst's grade", r.analyst_grade or "none given"),
    ]
    if r.grade_disagreement:
        summary.append(("Disagreement", r.grade_disagreement))
    if r.min_reliability != "F":
        summary.append(("Reliability filter", f"sources below {r.min_reliability} set aside"))
    parts = [
        f'<section class="claim" id="{anchor(r.claim)}">',
        f"<h3>{esc(number)} Claim <span class='id'>{esc(r.claim)}</span></h3>",
        fields_table(section.claim),
        "<h4>Corroboration</h4>",
        pairs(summary),
        f"<h4>Independent chains ({len(section.chains)})</h4>",
    ]
    if not section.chains:
        parts.append(para("No chain reaches an origin: the claim rests on nothing.", "warn"))
    else:
        chains = [
            (f"Chain {i}: " + chain_text(chain, _links(r.links, i), r.names), steps)
            for i, (chain, steps) in enumerate(zip(r.chains, section.chains, strict=True), 1)
        ]
        parts.append(chains_html(chains, f"Each chain starts at the claim {r.claim}"))
    parts.append(_findings(section))
    con = r.contradicting
    if con.sources:
        parts.append(
            f"<h4>Contradicting evidence: {plural(con.sources, 'source')}, "
            f"{plural(con.independent_paths, 'independent path')}</h4>"
        )
        if section.contradicting:
            contra = [
                (f"Contradicting chain {i}: " + chain_text(c, _links(con.links, i), r.names), st)
                for i, (c, st) in enumerate(zip(con.chains, section.contradicting, strict=True), 1)
            ]
            parts.append(chains_html(contra, f"Each chain starts at the claim {r.claim}"))
    parts.append("</section>")
    return "".join(parts)


def _links(links: list[list[Link]], i: int) -> list[Link]:
    """The links of chain ``i`` (from 1), or none where the result gives none."""
    return links[i - 1] if i <= len(links) else []


def _findings(section: ClaimSection) -> str:
    """Critical sources, echo groups and citation cycles, as sentences."""
    r = section.result
    lines = []
    if r.critical_sources:
        ids = ", ".join(labelled(x, r.names) for x in r.critical_sources)
        lines.append("Critical sources: " + critical_wording(r.independent_paths, ids))
    echoes = [g for g in r.echo_groups if g.false_corroboration]
    lines += [f"Echo: {echo_text(g, r.names)}" for g in echoes]
    alone = sum(len(g.sources) for g in r.echo_groups if not g.false_corroboration)
    if alone:
        lines.append(
            f"{plural(alone, 'direct source')} each trace back to origins no other direct source"
            " shares (no echo)"
        )
    lines += [
        "Circular reporting: " + " → ".join(labelled(x, r.names) for x in [*c, c[0]])
        for c in r.cycles
    ]
    return ("<h4>Findings</h4>" + items_list(lines)) if lines else ""


CHAIN_HEAD = ["Step", "Relationship to the row above", "Item", "Kind", "Outlet / author", "Rel."]
"""The columns of a chains table."""


def chains_html(chains: list[tuple[str, list[ChainStep]]], caption: str) -> str:
    """Chains as one table: per chain a ``tbody`` (kept on one page where it fits) headed by
    the chain in one line, then a row per step after the claim, down to its origin."""
    th = "".join(f"<th>{esc(h)}</th>" for h in CHAIN_HEAD)
    bodies = []
    for title, steps in chains:
        rows = [f'<tr class="chain-head"><th colspan="{len(CHAIN_HEAD)}">{esc(title)}</th></tr>']
        for s in steps[1:]:
            tds = (
                cell(s.position, "num"),
                cell(s.relationship),
                cell(s.id, "id"),
                cell(f"{s.label} {s.kind.replace('_', ' ')}".strip()),  # "social media"
                cell(s.name),
                cell(s.reliability, "short"),
            )
            rows.append("<tr>" + "".join(f'<td class="{c}">{v}</td>' for v, c in tds) + "</tr>")
        bodies.append(f'<tbody class="chain">{"".join(rows)}</tbody>')
    return (
        f'<table class="chains"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{th}</tr></thead>{''.join(bodies)}</table>"
    )


def fields_table(card: ItemCard) -> str:
    """An item's fields, each with who set it."""
    if not card.fields:
        return para("No fields recorded.", "note")
    return table(
        ["Field", "Value", "Set by"],
        ([cell(f.name), cell(f.value), cell(f.set_by)] for f in card.fields),
        cls="fields",
    )


def history_text(card: ItemCard) -> str:
    """The events that recorded the item, and whether the last one recorded what is stored."""
    if not card.history:
        return "no audit event names this item: the log does not vouch for it"
    events = "; ".join(f"event {h.seq} ({h.change})" for h in card.history)
    if card.logged:
        return f"{events}; its present content hash was recorded by event {card.history[-1].seq}"
    return f"{events}; ITS PRESENT CONTENT DIFFERS FROM THE LAST HASH LOGGED (run audit verify)"


def _value_alone(f: FieldRow) -> str:
    """A field's value where its card names one origin for all fields: a value nobody set
    says so (the rows saying a source lacks an archive copy, capture or reliability speak
    for themselves)."""
    if f.set_by == "—" and f.name not in ABSENT_SOURCE_FIELDS:
        return f"{f.value} (set by: nobody)"
    return f.value


def card_html(card: ItemCard) -> str:
    """The card of one item: heading (kind, id, outlet), its fields with who set them (said
    once when one origin set them all), its content hash and the events that recorded it."""
    name = f" — {esc(card.name)}" if card.name else ""
    cls = "card" if card.logged else "card warn"
    setters = {f.set_by for f in card.fields} - {"—"}
    if len(setters) == 1:
        fields = para(f"Every field set by: {setters.pop()}", "note") + table(
            ["Field", "Value"],
            ([cell(f.name), cell(_value_alone(f))] for f in card.fields),
            cls="fields2",
        )
    else:
        fields = fields_table(card)
    return (
        f'<div class="{cls}" id="{anchor(card.id)}-card">'
        f"<h4><span class='label'>{esc(card.label)}</span> <span class='id'>{esc(card.id)}</span>{name}</h4>"
        + fields
        + f'<p class="note">Content hash <span class="hash">{esc(card.hash)}</span>;'
        f" {esc(history_text(card))}.</p>" + "</div>"
    )


def items_html(cards: list[ItemCard]) -> str:
    """Every item of the evidence, one card each."""
    sources = sum(1 for c in cards if c.label == "Source")
    intro = (
        f"{len(cards)} items: the incidents and claims above and every source ({sources}),"
        " statement and witness upstream of the claims. Each field says who set it: an"
        " import (profile and file), a case file, or an analyst (who, when, why)."
        " Witnesses appear by pseudonymous id and role only."
    )
    return (
        '<section class="items"><h2>The evidence, item by item</h2>'
        + para(intro)
        + "".join(card_html(c) for c in cards)
        + "</section>"
    )


def contents(report_kind: str, n_incidents: int, n_claims: int) -> str:
    """The table of contents (our own wording)."""
    entries = []
    if report_kind == "figure":
        entries.append("The figure: filters and totals")
    entries += [
        f"Incidents ({n_incidents}) and claims ({n_claims}), chains as tables",
        "The evidence, item by item: fields, who set them, content hashes",
        "Audit events and their Merkle inclusion proofs",
        "How to verify this document by hand",
        "Appendix: the stored records",
    ]
    return '<ol class="toc">' + "".join(f"<li>{esc(e)}</li>" for e in entries) + "</ol>"
