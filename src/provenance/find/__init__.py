"""Finding items as a person names them: by id, monitor's code or URL (:mod:`.refs`, with
"did you mean" for a near miss), by words (search), and by kind with field conditions
(:mod:`.listing`). Reads the store through its contract; the CLI only prints the rows."""

from __future__ import annotations

from provenance.find.listing import (
    KINDS,
    SEARCH_COLUMNS,
    ListResult,
    label_of,
    list_rows,
    parse_where,
    search_rows,
)
from provenance.find.refs import (
    resolve,
    resolve_as,
    resolve_claim,
    resolve_incident,
    suggestions,
)

__all__ = [
    "KINDS",
    "SEARCH_COLUMNS",
    "ListResult",
    "label_of",
    "list_rows",
    "parse_where",
    "resolve",
    "resolve_as",
    "resolve_claim",
    "resolve_incident",
    "search_rows",
    "suggestions",
]
