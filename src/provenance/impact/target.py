"""Which items an author, an account or an organisation stands for (pure).

Discrediting an author or an organisation discredits its independence unit, as the unit
rule of :mod:`provenance.corroborate.units` draws it (never a second rule here):

* an organisation: its whole ``PART_OF`` family, and every source whose author, account or
  domain one of the family's organisations holds as an alias or domain;
* an author or account, as written (``"@SyriaCivilDefe"``) or normalised
  (``"twitter:syriacivildefe"``, ``"syriacivildefe"``, an account's URL): the unit a source
  written by it without a publisher would have — its normalised author, or the family of
  the organisation that holds it as an alias. A source it wrote for a publisher belongs to
  the publisher's unit and is not removed (the publisher vouched for it). A bare handle
  that an organisation holds only as one platform's account (``twitter:SyriaCivilDefe``)
  names, when no source without that platform's URL is written by it, that organisation
  (:func:`author_units`).

The items are the sources and statements whose unit is that unit (their units are read
from the index of the whole store, :func:`provenance.corroborate.load.index_from_store`).

>>> from provenance.outlets.registry import OrgEntry, OutletRegistry
>>> reg = OutletRegistry([OrgEntry("scd", "Syria Civil Defence", None, ("twitter:SyriaCivilDefe",))])
>>> author_unit("twitter:syriacivildefe", reg).key, author_unit("'@SyriaCivilDefe", reg).key
('family scd', 'author syriacivildefe')
>>> [u.key for u in author_units("'@SyriaCivilDefe", reg)]
['author syriacivildefe', 'family scd']
>>> author_unit("@other_page", reg).key, author_unit("   ", reg)
('author other_page', None)
"""

from __future__ import annotations

from provenance.corroborate.units import Unit, unit_of
from provenance.outlets.registry import OutletRegistry, alias_key

PLACEHOLDER = " "
"""The item id of the imagined source whose unit an author's is (ids hold no whitespace)."""


def author_unit(text: str, registry: OutletRegistry) -> Unit | None:
    """The unit of a source written by ``text`` without a publisher (see the module
    docstring), ``None`` when ``text`` names no author or account."""
    qualified, key = alias_key(text)
    if qualified:
        name = key.partition(":")[2]
        org = registry.accounts.get(key) or registry.bare.get(name)
        if org is not None:
            return organisation_unit(org, registry)
        text = name
    unit = unit_of("Source", PLACEHOLDER, author=text, registry=registry)
    return None if unit.key == PLACEHOLDER else unit


def organisation_unit(org: str, registry: OutletRegistry) -> Unit:
    """The unit of the items organisation ``org`` publishes: its family's."""
    return unit_of("Source", PLACEHOLDER, family=registry.family(org), registry=registry)


def author_units(text: str, registry: OutletRegistry) -> list[Unit]:
    """The units ``text`` may name, the most direct first: :func:`author_unit`, then, for a
    bare handle, the family of each organisation holding it as one platform's account
    (the sources written by it on that platform are theirs)."""
    found = [u] if (u := author_unit(text, registry)) is not None else []
    qualified, key = alias_key(text)
    if not qualified and key:
        for account, org in sorted(registry.accounts.items()):
            unit = organisation_unit(org, registry)
            if account.partition(":")[2] == key and all(x.key != unit.key for x in found):
                found.append(unit)
    return found
