"""Outlets: the authors, accounts and domains that name one organisation (DESIGN.md
"Corroboration").

* :mod:`provenance.outlets.identity` — the normalisation the unit rule compares:
  :func:`normalise_author`, :func:`account_from_url`, :func:`registered_domain`;
* :mod:`provenance.outlets.registry` — :class:`OutletRegistry`, organisations' aliases and
  domains, resolving a source to its outlet and the name a reader knows it by.
"""

from provenance.outlets.identity import account_from_url, normalise_author, registered_domain

__all__ = ["account_from_url", "normalise_author", "registered_domain"]
