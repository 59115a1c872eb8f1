"""The compiled kernel of the per-claim analysis, where it was built.

:mod:`provenance.corroborate.native` (``csrc/*.c``) is a C extension that ``pip install``
builds, one file per step of corroborating a claim: the walk over its sources
(:func:`~provenance.corroborate.analysis.explore`), the unit-disjoint paths
(:func:`~provenance.corroborate.flow.disjoint_paths`), the chains of citations (completed,
where a path has none, as :func:`~provenance.corroborate.chains.python_complete_chains`
does), links, outlet names, echo groups, and a whole side of a claim at once
(:func:`~provenance.corroborate.analysis.analyse_side`). Each Python function that calls
it has a ``python_…`` twin that stays the definition; the kernel returns equal values
(``tests/corroborate/test_native.py`` checks every pair on random graphs, and fails when
the kernel is missing, so CI never runs without it). Where it could not be built (no C
compiler or no Python headers at install), :data:`native` is ``None`` and the definitions
run instead: the same results, about a quarter as fast per claim.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import provenance.corroborate.native as native
else:  # imported by name: an import statement would read as one of the package itself
    try:
        native = importlib.import_module("provenance.corroborate.native")
    except ImportError:  # not built: the pure-Python definitions run
        native = None

__all__ = ["native"]
