"""The figure page: a casualty figure as one offline HTML document that opens on a table of
its incidents, never on a hairball.

The page states what the figure states (its filters, totals, acknowledged counts, what
is counted apart with the ids, clusters of duplicates counted once: the lines of
``provenance figure``), then a table with one row per deduplicated incident
(:mod:`provenance.views.figure_table`), sortable by each column (the headings are
buttons: click, or Tab to one and press Enter). Each row opens in place to its claims,
their evidence (outlet or author, reliability, URL as text) and a small vis-network
graph of that incident alone, drawn when it is opened. An incident page is another file
that may not exist: the opened row shows the command that draws it
(``provenance view incident ID --out FILE.html``) instead of a link.

Same safety as the other views (:mod:`provenance.views.template`): vis-network and our
script and stylesheet inlined, a Content-Security-Policy allowing exactly them by hash,
every string from the data cleaned (:func:`~provenance.views.template.clean_text`) and
HTML-escaped where it lands in markup, the row details as JSON in a non-executed script
block read with ``textContent`` and shown as text. Pure, but for :func:`write_figure_page`.
"""

from __future__ import annotations

import html
import re
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.figures import summary_lines
from provenance.outfile import write_file
from provenance.views.figure_table import COUNTED, NOT_RECORDED, UNDATED
from provenance.views.render import WrittenView, check_out
from provenance.views.style import edge_style, node_style
from provenance.views.template import (
    VIS_VERSION,
    asset,
    clean_text,
    content_security_policy,
    script_json,
    vis_network_js,
)
from provenance.vocab import GRADE_RANK
from provenance.wording import plural, range_text

if TYPE_CHECKING:
    from pathlib import Path

    from provenance.figures import Figure
    from provenance.views.figure_table import ClaimRow, IncidentRow


@dataclass(frozen=True)
class FigurePage:
    """A figure page ready to render: the figure, its label, its rows and the limits of
    the graphs drawn on opening a row (``depth``: levels below the incident, 0 the
    incident alone, 1 with its claims, 2 or more with their evidence; ``max_nodes``:
    items per graph)."""

    label: str
    figure: Figure
    rows: list[IncidentRow]
    generated_at: str
    depth: int | None = None
    max_nodes: int | None = None

    def counts(self) -> tuple[int, int]:
        """The items (incidents, claims, evidence) and links the page holds."""
        claims = [c for r in self.rows for c in r.claims]
        evidence = {e.id for c in claims for e in c.evidence}
        links = sum(len(c.evidence) for c in claims) + len(claims)
        return sum(len(r.ids) for r in self.rows) + len(claims) + len(evidence), links


def _e(value: object, limit: int = 500) -> str:
    return html.escape(clean_text(value, limit))


def _rng(r: tuple[int, int] | None) -> str:
    return range_text(*r) if r else ""


_NOT_FILE = re.compile(r"[^A-Za-z0-9._-]+")


def incident_command(incident_id: str) -> str:
    """The command that draws the incident page of ``incident_id`` (quoted for a shell).

    >>> incident_command("airwars:RS4814")
    'provenance view incident airwars:RS4814 --out airwars-RS4814.html'
    >>> incident_command("a b;rm")
    "provenance view incident 'a b;rm' --out a-b-rm.html"
    """
    name = _NOT_FILE.sub("-", incident_id).strip("-.")[:80] or "incident"
    return f"provenance view incident {shlex.quote(incident_id)} --out {name}.html"


_COLUMNS = (
    ("id", "Incident", "text"),
    ("date", "Date", "text"),
    ("place", "Place", "text"),
    ("grade", "Grade", "num"),
    ("killed", "Civilians killed", "num"),
    ("injured", "Injured", "num"),
    ("sources", "Sources", "num"),
    ("paths", "Independent paths", "num"),
    ("ack", "Acknowledged", "num"),
)


def _cells(row: IncidentRow) -> list[tuple[str, str]]:
    """(sort value, shown text) per column of :data:`_COLUMNS`."""
    ids = row.id + (f" + {plural(len(row.ids) - 1, 'duplicate')}" if len(row.ids) > 1 else "")
    killed, injured = (_rng(r) or "not recorded" for r in (row.killed, row.injured))
    ack = "" if row.acknowledged is None else f"{row.acknowledged:,} · "
    return [
        (row.id, ids),
        (row.date or "", row.date or "undated"),
        (row.place, row.place),
        (str(GRADE_RANK.get(row.grade or "", 99)), row.grade or "ungraded"),
        (_range_key(row.killed), killed),
        (_range_key(row.injured), injured),
        (str(row.sources), f"{row.sources:,}"),
        (str(-1 if row.independent_paths is None else row.independent_paths),
         "" if row.independent_paths is None else str(row.independent_paths)),
        (str(-1 if row.acknowledged is None else row.acknowledged), ack + row.verdict.replace("_", " ")),
    ]  # fmt: skip


def _range_key(r: tuple[int, int] | None) -> str:
    """A range's sort value: by its maximum, then its minimum; not recorded below 0."""
    return str(r[1] * 1_000_000 + r[0]) if r else "-1"


def _row_html(i: int, row: IncidentRow) -> str:
    cells = "".join(f'<td data-v="{_e(v, 200)}">{_e(text, 200)}</td>' for v, text in _cells(row))
    label = _e(f"Open {row.id}: its claims and evidence", 200)
    return (
        f'<tbody class="inc {row.status}" data-row="{i}">'
        f'<tr class="main"><td><button type="button" class="open" aria-expanded="false"'
        f' aria-controls="d{i}" aria-label="{label}">▸</button></td>{cells}</tr>'
        f'<tr class="detail" id="d{i}" hidden><td colspan="{len(_COLUMNS) + 1}">'
        f'<div class="detail-body"></div></td></tr></tbody>'
    )


def _claim_json(c: ClaimRow) -> dict[str, Any]:
    return {
        "id": clean_text(c.id, 200),
        "belligerent": clean_text(c.belligerent, 200),
        "killed": _rng(c.killed) or "not recorded",
        "injured": _rng(c.injured) or "not recorded",
        "paths": c.independent_paths,
        "supporting": c.supporting_sources,
        "grade": clean_text(c.suggested_grade, 40),
        "explanation": clean_text(c.explanation, 500),
        "evidence": [
            {
                "id": clean_text(e.id, 200),
                "kind": clean_text(e.kind, 40),
                "rel": e.rel,
                "outlet": clean_text(e.outlet, 120),
                "author": clean_text(e.author, 120),
                "reliability": clean_text(e.reliability, 8),
                "url": clean_text(e.url, 300),
                "title": clean_text(e.title, 300),
            }
            for e in c.evidence
        ],
    }


def _row_json(row: IncidentRow) -> dict[str, Any]:
    return {
        "ids": [clean_text(i, 200) for i in row.ids],
        "status": row.status,
        "title": clean_text(row.title, 300),
        "place": clean_text(row.place, 300),
        "date": row.date or "undated",
        "command": clean_text(incident_command(row.id), 400),
        "claims": [_claim_json(c) for c in row.claims],
    }


def _styles() -> dict[str, Any]:
    kinds = ("Incident", "Cluster", "Claim", "Source", "Statement")
    rels = ("HAS_CLAIM", "SUPPORTED_BY", "CONTRADICTED_BY")
    return {"nodes": {k: node_style(k) for k in kinds}, "edges": {r: edge_style(r) for r in rels}}


FOLDED_OVER = 10
"""Lists in the statement (ids apart, clusters) longer than this are folded: a
``<details>`` whose summary gives the count, every item inside, so that the table stays
on the first screen."""


def _listed(items: list[str], noun: str, sep: str = ", ") -> str:
    """``items`` (cleaned one by one, never cut) as HTML after their count: inline when
    few, else folded under a summary that gives the count."""
    if not items:
        return "none"
    text = html.escape(sep.join(clean_text(i, 400) for i in items))
    if len(items) <= FOLDED_OVER:
        return f"{len(items):,}: {text}"
    return (
        f'<details class="ids"><summary>{_e(plural(len(items), noun))}: show them</summary>'
        f'<p class="idlist">{text}</p></details>'
    )


def _statement(page: FigurePage) -> str:
    """What the figure states, above the table, in a few lines: long lists folded."""
    fig = page.figure
    k, inj = fig.civilians_killed, fig.civilians_injured
    filters = [f"{key.replace('_', ' ')}: {v}" for key, v in fig.filters.items() if v is not None]
    verdicts = ", ".join(
        f"{n:,} {v.replace('_', ' ')}"
        for v, n in fig.acknowledged.get("incidents_by_verdict", {}).items()
        if n
    )
    facts = [
        ("Filters", "; ".join(filters) or "none (the whole store)"),
        ("Civilians killed", f"{range_text(k.min, k.max)} in {plural(fig.incidents, 'incident')}, each cluster of duplicates counted once"),
        ("Civilians injured", range_text(inj.min, inj.max)),
        ("Acknowledged by belligerents", f"{fig.acknowledged.get('civilians_killed', 0):,} deaths for these incidents; official verdicts: {verdicts or 'none'}"),
    ]  # fmt: skip
    dl = "".join(f"<dt>{_e(t, 100)}</dt><dd>{_e(v, 2_000)}</dd>" for t, v in facts)
    apart = [
        ("Casualties not recorded (apart, never 0)", _listed(fig.not_recorded_ids, "incident")),
        ("Undated (apart, not counted)", _listed(fig.undated_ids, "incident")),
        ("Clusters of duplicates (one row each)", _listed([" = ".join(c) for c in fig.clusters], "cluster", "; ")),
    ]  # fmt: skip
    dl += "".join(f"<dt>{_e(t, 100)}</dt><dd>{v}</dd>" for t, v in apart)
    skip = ("casualties not recorded:", "undated:", "  counted once:")
    lines = [x.strip() for x in summary_lines(fig) if not x.startswith(skip)]
    more = (
        f'<p class="lines">By grade and more: {_e(" · ".join(lines), 20_000)}</p>' if lines else ""
    )
    return f'<dl class="facts">{dl}</dl>{more}'


def _title(page: FigurePage) -> str:
    """What the figure covers: its dates (the earliest or latest incident's where the
    figure sets none, "all dates" where it sets neither) and its other filters."""
    f = page.figure.filters
    start, end = f.get("date_from"), f.get("date_to")
    dates = sorted(r.date for r in page.rows if r.date)
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    if start and end:
        period = f"{start} to {end}"
    elif start:
        period = f"from {start}" + (f" (incidents to {last})" if last else "")
    elif end:
        period = f"to {end}" + (f" (incidents from {first})" if first else "")
    else:
        period = "all dates" + (f" (incidents from {first} to {last})" if first else "")
    rest = [str(f[key]) for key in ("country", "belligerent", "dataset") if f.get(key)]
    if f.get("min_grade"):
        rest.append(f"grade {f['min_grade']} or better")
    return ", ".join([f"Casualty figure: {period}", *rest])


def _caption(page: FigurePage) -> str:
    n = {s: sum(1 for r in page.rows if r.status == s) for s in (COUNTED, NOT_RECORDED, UNDATED)}
    return (
        f"{len(page.rows):,} rows: {n[COUNTED]:,} incidents counted, {n[NOT_RECORDED]:,} with"
        f" casualties not recorded, {n[UNDATED]:,} undated (both apart from the totals)."
        " Sources: the sources and statements its claims rest on directly; independent paths:"
        " the most any of its claims has. Click a column heading (or Tab to it and press"
        " Enter) to sort; open a row (▸) for its claims, evidence and graph."
    )


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="provenance views (vis-network {vis_version})">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="gen">Generated {generated} · works offline: nothing in this page is fetched from the network.{limits}</p>
</header>
<section class="statement" aria-label="What the figure states">{statement}</section>
<table id="incidents">
<caption>{caption}</caption>
<thead><tr><th scope="col"><span class="sr">Open</span></th>{heads}</tr></thead>
{rows}
</table>
<script type="application/json" id="figure-data">{data}</script>
<script>{vis}</script>
<script>{app}</script>
</body>
</html>
"""


def render_figure_page(page: FigurePage) -> str:
    """The complete, self-contained HTML document of ``page``."""
    css, vis, app = asset("figure.css"), vis_network_js(), asset("figure.js")
    heads = "".join(
        f'<th scope="col" aria-sort="none"><button type="button" data-col="{n}"'
        f' data-type="{kind}">{html.escape(name)}</button></th>'
        for n, (_key, name, kind) in enumerate(_COLUMNS)
    )
    limits = ""
    if page.depth is not None or page.max_nodes is not None:
        limits = f" Graphs drawn with --depth {page.depth} --max-nodes {page.max_nodes}."
    title = _e(_title(page), 300)
    data = {
        "rows": [_row_json(r) for r in page.rows],
        "styles": _styles(),
        "limits": {"depth": page.depth, "maxNodes": page.max_nodes},
    }
    return _TEMPLATE.format(
        csp=html.escape(content_security_policy([vis, app], [css])),
        vis_version=VIS_VERSION,
        title=title,
        css=css,
        generated=_e(page.generated_at, 100),
        limits=html.escape(limits),
        statement=_statement(page),
        caption=html.escape(_caption(page)),
        heads=heads,
        rows="\n".join(_row_html(i, r) for i, r in enumerate(page.rows)),
        data=script_json(data),
        vis=vis,
        app=app,
    )


def write_figure_page(page: FigurePage, out: Path, *, force: bool = False) -> WrittenView:
    """Render ``page`` and write it to ``out`` (checked as every view's page,
    :func:`~provenance.views.render.check_out`), whole or not at all; nothing else is
    written and no browser is opened."""
    check_out(out, force=force)
    path = write_file(out, render_figure_page(page).encode("utf-8"), force=force)
    items, links = page.counts()
    return WrittenView(path, "figure", page.label, items, links, 0)
