"""No import cycles between any two modules, packages included.

import-linter's ``acyclic_siblings`` contract (pyproject.toml, run by ``lint-imports``)
checks the subpackages and sibling modules of every package, but not a package's
``__init__`` against its own modules (``dedupe/__init__.py`` importing ``dedupe/reasons.py``
that imports it back, a cycle once hidden by a late import). This test checks every module
against every other, on the same graph (grimp, which import-linter uses; imports under
``if TYPE_CHECKING:`` are left out, as in the contracts).
"""

from __future__ import annotations

import grimp
import networkx as nx


def test_no_module_imports_itself_back() -> None:
    imports = grimp.build_graph(
        "provenance", "provenance_cli", exclude_type_checking_imports=True, cache_dir=None
    )
    graph = nx.DiGraph()
    for module in imports.modules:
        for imported in imports.find_modules_directly_imported_by(module):
            graph.add_edge(module, imported)
    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)
    assert cycles == [], cycles
