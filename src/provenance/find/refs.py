"""What a user meant by ``show REF``: an id, a monitor's code or a URL, else the nearest ids.

:func:`resolve` tries the id as given, then the store's exact keys
(:meth:`~provenance.store.Store.lookup`: the id in any case, a code such as ``RS4720``, a
URL with or without scheme, ``www.`` or trailing ``/``). A reference naming several items
(a code two records share) or none is a :class:`NotFoundError` whose hint lists the
candidates (:func:`suggestions`: difflib over ids that share the reference's prefix or
first three letters or digits: those that continue the reference, then the closest compared whole and by
their code).
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from provenance.errors import NotFoundError
from provenance.store import code_of

if TYPE_CHECKING:
    from provenance.store import Store, StoredItem

SUGGESTIONS = 5
"""Nearest ids offered for an unknown reference."""
CANDIDATES = 50_000
"""Ids read per candidate source (an index range or a search), at most."""


def resolve(store: Store, ref: str, what: str = "item") -> StoredItem:
    """The one item ``ref`` names (id, code or URL); :class:`NotFoundError` otherwise (its
    message naming ``what`` was looked for: ``"no claim with id …"``)."""
    ref = ref.strip()
    item = store.get(ref)
    if item is not None:
        return item
    ids = store.lookup(ref)
    if len(ids) == 1:
        found = store.get(ids[0])
        if found is not None:
            return found
    if len(ids) > 1:
        shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
        raise NotFoundError(
            f"{ref!r} names {len(ids)} items: {shown}", "show one of them by its id"
        )
    near = suggestions(store, ref)
    hint = (
        "did you mean " + ", ".join(near) + "?"
        if near
        else "find it with `provenance search WORDS` or `provenance list KIND`"
    )
    raise NotFoundError(f"no {what} with id {ref!r} (nor with that code or URL)", hint)


def resolve_as(store: Store, ref: str, label: str) -> StoredItem:
    """The item of kind ``label`` (``Claim``, ``Incident`` …) that ``ref`` names: its id, or a
    code or URL (:func:`resolve`; a code naming items of several kinds picks the one of
    ``label``). :class:`NotFoundError` when ``ref`` names nothing (with "did you mean") or an
    item of another kind, saying which (for an incident where a claim is wanted, its claims).
    """
    ref = ref.strip()
    item = store.get(ref)
    if item is None:
        ids = store.lookup(ref, label)
        item = store.get(ids[0]) if len(ids) == 1 else None
    if item is None:
        item = resolve(store, ref, label.lower())
    if item.label != label:
        raise NotFoundError(
            f"{ref!r} is {kind_text(item.label)} ({item.id}), not {kind_text(label)}",
            kind_hint(store, item, label),
        )
    return item


def resolve_claim(store: Store, ref: str) -> StoredItem:
    """The claim ``ref`` names (:func:`resolve_as`), or the one claim of the incident it
    names (a monitor's code such as ``RS4720`` names the incident of Airwars' record); an
    incident with several claims is a :class:`NotFoundError` listing them."""
    try:
        return resolve_as(store, ref, "Claim")
    except NotFoundError as not_a_claim:
        try:
            incident = resolve_as(store, ref, "Incident")
        except NotFoundError:
            raise not_a_claim from None
        claims = sorted(e.dst for e in store.edges([incident.id], ["HAS_CLAIM"], "out"))
        found = store.get(claims[0]) if len(claims) == 1 else None
        if found is None:
            raise
        return found


def resolve_incident(store: Store, ref: str) -> StoredItem:
    """The incident ``ref`` names (:func:`resolve_as`), or the incident of the claim it
    names."""
    try:
        return resolve_as(store, ref, "Incident")
    except NotFoundError as not_an_incident:
        try:
            claim = resolve_as(store, ref, "Claim")
        except NotFoundError:
            raise not_an_incident from None
        found = store.get(str(claim.data.get("incident") or ""))
        if found is None or found.label != "Incident":
            raise
        return found


def kind_text(label: str) -> str:
    """``"an incident"``, ``"a claim"``: a kind of item with its article.

    >>> kind_text("Incident"), kind_text("Claim")
    ('an incident', 'a claim')
    """
    word = label.lower()
    return ("an " if word[0] in "aeiou" else "a ") + word


def kind_hint(store: Store, item: StoredItem, wanted: str) -> str:
    """What to give instead of ``item`` where a ``wanted`` item is expected."""
    if item.label == "Incident" and wanted == "Claim":
        claims = sorted(e.dst for e in store.edges([item.id], ["HAS_CLAIM"], "out"))
        if claims:
            return "give one of its claims: " + ", ".join(claims)
        return f"{item.id} has no claims"
    if item.label == "Claim" and wanted == "Incident" and item.data.get("incident"):
        return f"its incident is {item.data['incident']}"
    return f"see it with `provenance show {item.id}`"


def _candidates(store: Store, ref: str) -> set[str]:
    """Ids worth comparing with ``ref``: those sharing its prefix up to the first ``:``
    (``airwars:``) and those whose words start with its first three letters or digits."""
    found: set[str] = set()
    if ":" in ref:
        head = ref.split(":", 1)[0]
        for prefix in {head + ":", head.lower() + ":"}:
            found.update(store.ids_with_prefix(prefix, CANDIDATES))
    start = "".join(c for c in ref.rsplit(":", 1)[-1] if c.isalnum())[:3]
    if start:
        found.update(h.id for h in store.search(start, limit=5_000))
    return found


def suggestions(store: Store, ref: str, n: int = SUGGESTIONS) -> list[str]:
    """Up to ``n`` stored ids nearest to ``ref`` (compared whole and by their code), nearest
    first; none when nothing is close."""
    wanted = ref.lower()
    candidates = sorted(_candidates(store, ref))
    # ids that continue what was typed come first, shortest first (a code cut short)
    longer = sorted((i for i in candidates if i.lower().startswith(wanted)), key=len)
    forms: dict[str, str] = {}
    for item_id in candidates:
        forms.setdefault(item_id.lower(), item_id)
        code = code_of(item_id)
        if code:
            forms.setdefault(code, item_id)
    close = difflib.get_close_matches(wanted, list(forms), n=n * 20, cutoff=0.6)
    # among equally close ones, the same letters in another order (a transposition) first
    letters = sorted(wanted)
    close.sort(key=lambda c: sorted(c) != letters)
    return list(dict.fromkeys([*longer[:n], *(forms[c] for c in close)]))[:n]
