"""``provenance capture FILE --source ID``: a file kept as a source's original, checked first
when its format carries its own proofs.

A WACZ web archive (a name ending in ``.wacz``) is checked by
:func:`provenance.audit.wacz.check_wacz` — its manifest's hashes, its digest and signature —
and refused, with nothing recorded, when a check fails. A WACZ that passes is captured like
any file (:func:`provenance.audit.custody.capture`: hashed, kept read-only, one audited
write) and the source gains, where it has none, the archived page's URL (``url``) and the
archive's capture time (``captured_at``). The capture's audit event records what was checked,
the archived URL and time, and the signer. The archived URL goes to ``url``, not
``archive_url``: ``archive_url`` says where an archived copy of the source can be found
online (Airwars' and auto-archiver's archive links), while a WACZ's copy is the original
kept in custody. When the source already has another URL, the result says so (the archive
may hold a redirect, or another page).
Any other file is captured as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from provenance.audit.custody import (
    CaptureResult,
    CheckedFile,
    capture,
    check_capture_options,
    open_regular,
)
from provenance.audit.wacz import WaczCheck, check_wacz, is_wacz

if TYPE_CHECKING:
    from provenance.store import Store


def same_page(a: str, b: str) -> bool:
    """Whether two URLs name one page, ignoring the scheme, ``www.`` and a final slash."""

    def key(u: str) -> str:
        rest = u.strip().split("://", 1)[-1]
        host, _, path = rest.partition("/")
        return host.lower().removeprefix("www.") + "/" + path.rstrip("/")

    return key(a) == key(b)


def checked_wacz(check: WaczCheck, source_url: str | None = None) -> CheckedFile:
    """What a checked WACZ gives the capture: fields to fill, the record's note, and a
    warning when the archived page is not ``source_url`` (the source's own URL)."""
    sig = check.signature
    note = f"wacz: {check.text()}"
    warnings = []
    if source_url and check.archived_url and not same_page(source_url, check.archived_url):
        warnings.append(
            f"the WACZ archives {check.archived_url}, the source's URL is {source_url}:"
            " check that it is a capture of this source (a redirect, or another page?)"
        )
        note += f"; the source's URL is {source_url}"
    if sig.signer:
        note += f"; signer {sig.signer}"
    not_checked = list(check.not_checked) + list(sig.not_checked)
    note += f"; not checked: {'; '.join(not_checked)}"
    return CheckedFile(
        sha256=check.sha256,
        fill={"url": check.archived_url, "captured_at": check.archived_at},
        note=note,
        detail=check.as_dict() | {"text": check.text(), "warnings": warnings},
    )


def capture_file(
    store: Store,
    file: Path,
    source_id: str,
    *,
    actor: str,
    url: str | None = None,
    tool: str | None = None,
    directory: Path | None = None,
) -> CaptureResult:
    """Capture ``file`` as the original of ``source_id``: a WACZ checked first (see the
    module docstring), any other file as it is."""
    checked = None
    item = store.get(source_id) if is_wacz(file) else None
    if item is not None and item.label == "Source":  # else capture says what is wrong
        check_capture_options(url, tool)
        open_regular(file).close()  # a FIFO or device is refused before anything else
        checked = checked_wacz(check_wacz(file), item.data.get("url"))
    return capture(
        store,
        file,
        source_id,
        actor=actor,
        url=url,
        tool=tool,
        directory=directory,
        checked=checked,
    )
