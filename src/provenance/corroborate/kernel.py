"""The compiled kernel of the per-claim analysis, where it was built.

:mod:`provenance.corroborate.native` (``native.c``) is a C extension that ``pip install``
builds: :func:`~provenance.corroborate.analysis.explore` and
:func:`~provenance.corroborate.flow.disjoint_paths` call it for speed. The Python functions
beside them stay the definitions; the kernel returns equal values
(``tests/corroborate/test_native.py`` checks both on random graphs, and fails when the kernel
is missing, so CI never runs without it). Where it could not be built (no C compiler or no
Python headers at install), :data:`native` is ``None`` and the definitions run instead:
the same results, a few times slower.
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
