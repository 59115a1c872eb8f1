"""What a reader knows a source or statement by: its outlet or author.

The name printed beside a source id wherever one is printed (``duplicates`` reasons,
``audit log``): the publisher's name (a statement's issuer's), else the author as written;
none for an item with neither (print the id alone). Reads the store through its contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from provenance.store import Store


def name_of(publisher: Any, author: Any, org_names: Mapping[str, str]) -> str | None:
    """The outlet (``publisher``'s name, or its id when it has none) or the ``author``.

    >>> name_of("sana", "@x", {"sana": "SANA"}), name_of(None, "@x", {}), name_of(None, "", {})
    ('SANA', '@x', None)
    """
    if isinstance(publisher, str) and publisher:
        return org_names.get(publisher) or publisher
    if isinstance(author, str) and author.strip():
        return author
    return None


def outlet_names(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """Per source or statement among ``ids``, its outlet or author (:func:`name_of`);
    items without either (and items of other kinds) are left out. Two reads: the items,
    then their publishers."""
    refs: dict[str, tuple[Any, Any]] = {}
    for item in store.get_many(ids).values():
        d = item.data
        if item.label == "Source":
            refs[item.id] = (d.get("publisher"), d.get("author"))
        elif item.label == "Statement":
            refs[item.id] = (d.get("issuer"), None)
    wanted = {p for p, _ in refs.values() if isinstance(p, str) and p}
    found = store.get_many(wanted) if wanted else {}
    orgs = {i: str(o.data.get("name") or "") for i, o in found.items()}
    out = {i: name_of(p, a, orgs) for i, (p, a) in refs.items()}
    return {i: n for i, n in out.items() if n}
