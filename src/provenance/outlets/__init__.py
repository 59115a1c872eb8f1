"""Outlets: which author strings, accounts and domains are one organisation (DESIGN.md
"Corroboration").

* :mod:`~provenance.outlets.identity` — the normalisation the unit rule compares:
  :func:`normalise_author`, :func:`account_from_url`, :func:`registered_domain`;
* :mod:`~provenance.outlets.registry` — :class:`OutletRegistry`, organisations' aliases and
  domains, resolving a source to its outlet and the name a reader knows it by;
* :mod:`~provenance.outlets.suggest` — pairs that look like one outlet, scored (pure);
* :mod:`~provenance.outlets.judge` — an analyst's judgement of a pair, decided (pure);
* :mod:`~provenance.outlets.load` — the one module that reads a store: suggestions and
  judgements recorded (``outlets suggest``, ``outlets judge``).

The package itself exports only the pure identity functions, so that importing the unit
rule never loads the store; the other modules are imported by name.
"""

from provenance.outlets.identity import account_from_url, normalise_author, registered_domain

__all__ = ["account_from_url", "normalise_author", "registered_domain"]
