"""The audit part of a report as HTML: the events with their inclusion proofs, the
checkpoint they lead to, how to verify it all by hand with the actual values, and the
stored records (pure; every data string through :func:`~provenance.report.markup.esc`).

Values a reader recomputes are printed whole, in machine-findable cells: an event's exact
bytes in ``<pre class="body">``, its leaf hash in ``td.leaf``, each fold of its proof as a
``tr.fold`` (``td.side``, ``td.sibling``, ``td.result``), the root in ``td.root``.
"""

from __future__ import annotations

from provenance.report.document import ItemCard, Report
from provenance.report.markup import cell, esc, pairs, para, table
from provenance.report.proofs import CheckpointInfo, EventProof
from provenance.report.sections import anchor
from provenance.wording import plural

FOLD_CODE = """import hashlib
body = open("event.json", "rb").read()  # the event's bytes exactly as printed, no final newline
h = hashlib.sha256(b"\\x00" + body).digest()           # the leaf hash
for side, sibling in steps:                           # the rows of the proof table, in order
    s = bytes.fromhex(sibling)
    h = hashlib.sha256(b"\\x01" + (s + h if side == "left" else h + s)).digest()
print(h.hex())                                        # must equal the root"""


def checkpoint_html(cp: CheckpointInfo) -> str:
    """What the proofs lead to, and how far that can be trusted."""
    if cp.anchored:
        head = (
            f"The proofs below lead to the signed checkpoint of the first"
            f" {plural(cp.size, 'audit event')} (of {cp.log_size} in the log when this report"
            " was made). Its Ed25519"
            " signature was checked with the verifier key printed here, and its root"
            " recomputed from the log."
        )
        rows = [
            ("Log (origin)", cp.origin),
            ("Tree size", str(cp.size)),
            ("Root (base64, as signed)", cp.root_base64),
            ("Root (hex)", cp.root),
            ("Verifier key", cp.key),
        ]
        box = '<div class="ok">' + para(head) + "</div>"
        signed = "<h4>The checkpoint, as signed</h4>" + f"<pre>{esc(cp.text)}</pre>"
        return _kept(box + pairs(rows)) + signed
    warn = (
        f"NOT ANCHORED: no signed checkpoint was given, so the proofs lead to the root of the"
        f" whole log ({plural(cp.size, 'event')}) as this store holds it now. Whoever controls the"
        " database could have rewritten the log consistently; only a checkpoint signed"
        " earlier and kept elsewhere (`provenance audit checkpoint`, then `provenance report"
        " … --checkpoint FILE --pubkey FILE`) makes these proofs evidence."
    )
    return _kept('<div class="warn">' + para(warn) + "</div>" + pairs([("Root (hex)", cp.root)]))


def _kept(markup: str) -> str:
    """``markup`` in a block printed on one page: the checkpoint's root is never a line alone
    on a page of its own, away from the words that say what it is."""
    return f'<div class="keep">{markup}</div>'


def event_html(ev: EventProof, cp: CheckpointInfo) -> str:
    """One event: who, when, what; its exact bytes; its hashes and its inclusion proof."""
    rows = [
        ("Seq (leaf index + 1)", str(ev.seq)),
        ("At (UTC)", ev.at),
        ("Actor", ev.actor),
        ("Action", ev.action),
        ("Reason", ev.reason or "none given"),
        ("Items recorded", f"{ev.items_count:,} (digest {ev.items_digest})"),
    ]
    parts = [
        f'<div class="event" data-seq="{ev.seq}"><h3>Event {ev.seq}: {esc(ev.action)}</h3>',
        pairs(rows),
        "<h4>The event's exact bytes (RFC 8785 canonical JSON)</h4>",
        f'<pre class="body">{esc(ev.body)}</pre>',
        table(
            ["Hash", "Value"],
            [
                [
                    cell("SHA-256(bytes): the event hash, `prev` of the next event"),
                    cell(ev.event_hash, "hash event-hash"),
                ],
                [cell("Leaf hash: SHA-256(0x00 || bytes)"), cell(ev.leaf_hash, "hash leaf")],
            ],
            cls="kv",
        ),
    ]
    if ev.covered:
        parts.append(_proof_table(ev, cp))
    else:
        parts.append(
            para(
                f"Event {ev.seq} came after the checkpoint (size {cp.size}): no checkpoint"
                " covers it yet. Sign a new one and make the report again.",
                "warn",
            )
        )
    parts.append(_rows_table(ev))
    parts.append("</div>")
    return "".join(parts)


def _proof_table(ev: EventProof, cp: CheckpointInfo) -> str:
    intro = para(
        f"Inclusion proof of leaf {ev.index} in the tree of {plural(cp.size, 'event')} (RFC 6962):"
        " start from the leaf hash; for each row, hash 0x01 || left || right, where the"
        " path element is the side named. The last result is the root."
    )
    if not ev.steps:
        note = para("The tree has this one event: its leaf hash is the root.")
        return intro + note + pairs([("Root", cp.root)])
    folds = table(
        ["Step", "Side", "Path element", "Result"],
        (
            [
                cell(i, "num"),
                cell(s.side, "side short"),
                cell(s.sibling, "hash sibling"),
                cell(s.result, "hash result"),
            ]
            for i, s in enumerate(ev.steps, 1)
        ),
        row_cls="fold",
    )
    root = table(
        [f"Root of the tree of {plural(cp.size, 'event')}"], [[cell(cp.root, "hash root")]]
    )
    return intro + folds + root


def _rows_table(ev: EventProof) -> str:
    """For an event small enough, its rows of this report's items and the JSON of all its
    rows that its ``items.digest`` is the SHA-256 of; for a large one (an import), where
    the report's items stand among its rows."""
    if ev.rows_json is None:
        return para(
            f"The {len(ev.rows):,} items of this report are among the {ev.items_count:,} rows"
            " this event recorded; each item's card gives its content hash and change. All"
            " the rows, from which items.digest is recomputed, are in the inquiry bundle"
            " (provenance audit bundle, log/items.json).",
            "note",
        )
    rows = table(
        ["Item", "Label", "Content hash", "Change"],
        (
            [cell(i, "id"), cell(lab, "short"), cell(h, "hash"), cell(c, "short")]
            for i, lab, h, c in ev.rows
        ),
        caption=f"Of the {plural(ev.items_count, 'item')} the event recorded, those of this report",
    )
    digest = para(
        f"items.digest is the SHA-256 of all {ev.items_count} rows of the event, sorted, as"
        " RFC 8785 JSON, exactly these bytes:"
    )
    return rows + digest + f'<pre class="rows-json">{esc(ev.rows_json)}</pre>'


def events_html(report: Report) -> str:
    """The audit events that created and changed the report's items, with their proofs."""
    intro = (
        f"{plural(len(report.events), 'audit event')} created or changed the items of this report."
        " Each is one leaf of the audit log's Merkle tree: leaf seq − 1 is SHA-256(0x00 ||"
        " the event's bytes)."
    )
    return (
        '<section class="events"><h2>Audit events and inclusion proofs</h2>'
        + para(intro)
        + "<h3>The checkpoint</h3>"
        + checkpoint_html(report.checkpoint)
        + "".join(event_html(e, report.checkpoint) for e in report.events)
        + "</section>"
    )


def _example(report: Report) -> tuple[ItemCard, EventProof] | None:
    """An item with a record and the covered event that last recorded it (claims first)."""
    events = {e.seq: e for e in report.events if e.covered}
    for card in sorted(report.items, key=lambda c: c.label != "Claim"):
        if card.record is not None and card.logged and card.history[-1].seq in events:
            return card, events[card.history[-1].seq]
    return None


def verify_html(report: Report) -> str:
    """How to check this document by hand, with one worked example in actual values."""
    cp = report.checkpoint
    example = _example(report)
    steps = [
        "<li><b>Item → content hash.</b> Each item's content hash is the SHA-256 of its stored"
        " record as RFC 8785 canonical JSON (UTF-8), printed in the appendix.",
        "<li><b>Content hash → event.</b> The audit event that last recorded the item lists"
        " the row [id, label, content hash, change]; the event's items.digest is the SHA-256"
        " of the RFC 8785 JSON of all its rows, sorted.",
        "<li><b>Event → leaf.</b> The leaf hash is SHA-256 of the byte 0x00 followed by the"
        " event's exact bytes; SHA-256 of the bytes alone is the event hash, which the next"
        " event names as its prev.",
        "<li><b>Leaf → root.</b> Fold the inclusion proof: for each row, SHA-256 of the byte"
        " 0x01, then the left half, then the right half.",
        "<li><b>Root → checkpoint.</b> The root must equal the signed checkpoint's root"
        " (base64 in the checkpoint). The signature is Ed25519 over the checkpoint's first"
        " three lines (origin, size, root, each ending in a newline), verified with the"
        " monitor's public key obtained independently of this document.",
    ]
    parts = [
        '<section class="verify"><h2>How to verify this document by hand</h2>',
        '<ol class="steps">' + "".join(s + "</li>" for s in steps) + "</ol>",
        "<h3>In Python, for any event of this report</h3>",
        f"<pre>{esc(FOLD_CODE)}</pre>",
        para(
            "The tool does all of this at once: provenance audit verify --checkpoint FILE"
            " --pubkey FILE; and provenance audit bundle writes the same evidence for an"
            " inquiry, with every row of every event."
        ),
    ]
    if example is not None:
        parts.append(_worked(*example, cp))
    if not cp.anchored:
        parts.append(checkpoint_html(cp))
    parts.append("</section>")
    return "".join(parts)


def _worked(card: ItemCard, ev: EventProof, cp: CheckpointInfo) -> str:
    """The worked example: one item from its record to the checkpoint's root."""
    last = ev.steps[-1].result if ev.steps else ev.leaf_hash
    rows = [
        ("1. Stored record of " + card.id, "see the appendix (its SHA-256 follows)"),
        ("   its SHA-256 = content hash", card.hash),
        (
            f"2. Row in event {ev.seq}",
            f'["{card.id}", "{card.label}", "{card.hash}", "{card.history[-1].change}"]',
        ),
        ("   event items.digest", ev.items_digest),
        (f"3. SHA-256(event {ev.seq} bytes)", ev.event_hash),
        ("   leaf hash SHA-256(0x00 || bytes)", ev.leaf_hash),
        (f"4. after {plural(len(ev.steps), 'fold')} of the proof", last),
        ("5. checkpoint root (hex)", cp.root),
    ]
    if cp.anchored:
        rows.append(("   checkpoint root (base64)", cp.root_base64))
    return "<h3>Worked example, in actual values</h3>" + pairs(rows, cls="meta mono")


def records_html(cards: list[ItemCard]) -> str:
    """Appendix: every item's stored record, the exact text its content hash is taken of."""
    parts = [
        '<section class="records"><h2>Appendix: the stored records</h2>',
        para(
            "Each record below is the item's stored data as RFC 8785 canonical JSON; its"
            " SHA-256 (of the UTF-8 bytes) is the content hash printed with it."
        ),
    ]
    for card in cards:
        head = f"<h4><span class='id'>{esc(card.id)}</span></h4>"
        if card.record is None:
            body = para("Withheld: the record holds more than a witness's id and role.")
        else:
            body = (
                f'<p class="hash">SHA-256 {esc(card.hash)}</p>'
                f'<pre class="record">{esc(card.record)}</pre>'
            )
        parts.append(f'<div class="rec" id="{anchor(card.id)}-record">{head}{body}</div>')
    parts.append("</section>")
    return "".join(parts)
