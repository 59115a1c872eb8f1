"""A :class:`~provenance.report.document.Report` as one self-contained HTML document (pure).

Printable (A4 print styles: page breaks between claims, table rows never split, headers
repeated, headings and short key/value tables kept with what follows, URLs and hashes
printed whole) and safe to open anywhere: no script at all, no
``src`` or ``href`` attribute, and a Content-Security-Policy that allows only the one inlined
stylesheet (by its SHA-256), so nothing is fetched and nothing runs. Every string from the
data goes through :func:`~provenance.report.markup.esc`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from provenance.report.audit_html import events_html, records_html, verify_html
from provenance.report.document import Report
from provenance.report.markup import esc, pairs, para
from provenance.report.sections import contents, figure_html, incident_html, items_html
from provenance.views.template import content_security_policy
from provenance.wording import plural

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="provenance {version} report">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
{body}
</body>
</html>
"""


@cache
def report_css() -> str:
    """The report's stylesheet (``provenance/assets/report.css``)."""
    return resources.files("provenance").joinpath("assets", "report.css").read_text("utf-8")


def cover_html(report: Report) -> str:
    """The first page: what this is, when and from what it was made, what it is proven to."""
    cp = report.checkpoint
    anchored = (
        f"signed checkpoint of {plural(cp.size, 'event')} ({cp.origin}), signature and root checked"
        if cp.anchored
        else f"NOT ANCHORED: the log's current root ({plural(cp.size, 'event')}), no signed checkpoint given"
    )
    rows = [
        ("Subject", report.subject),
        ("Generated (UTC)", report.generated_at),
        ("Tool", f"provenance {report.tool_version}"),
        ("Store", report.store),
        ("Incidents / claims", f"{len(report.incidents)} / {len(report.claims)}"),
        ("Items of evidence", str(len(report.items))),
        ("Audit events", f"{len(report.events)} (of {cp.log_size} in the log)"),
        ("Proofs lead to", anchored),
    ]
    about = (
        "An evidence document for an annex: each claim with its independent chains of"
        " sources back to their origins, every source with its outlet, URL, archive copy,"
        " capture hash and time, reliability and who set each field, and the audit events"
        " that recorded them with Merkle inclusion proofs a reader can recompute by hand."
        " Witnesses appear by pseudonymous id and role only. Text from the data is printed"
        " as it was recorded; invisible control characters are shown as [U+XXXX]."
    )
    notes = "".join(para(n, "note") for n in report.notes)
    return (
        f'<header class="cover"><h1>{esc(report.title)}</h1>'
        + pairs(rows)
        + para(about)
        + notes
        + "<h3>Contents</h3>"
        + contents(report.kind, len(report.incidents), len(report.claims))
        + "</header>"
    )


def render_report(report: Report) -> str:
    """The complete HTML document of ``report``."""
    css = report_css()
    body = [cover_html(report)]
    if report.figure is not None:
        body.append(figure_html(report.figure))
    body += [incident_html(s, i) for i, s in enumerate(report.incidents, 1)]
    body += [
        items_html(report.items),
        events_html(report),
        verify_html(report),
        records_html(report.items),
    ]
    return _PAGE.format(
        csp=esc(content_security_policy([], [css], images=False)),
        version=esc(report.tool_version),
        title=esc(report.title),
        css=css,
        body="\n".join(body),
    )
