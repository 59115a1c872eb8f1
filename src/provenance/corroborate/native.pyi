# The compiled kernel (native.c); see provenance.corroborate.kernel.

from collections.abc import Sequence

def explore(
    succ: dict[str, tuple[str, ...]],
    unit: dict[str, str],
    rank: dict[str, int],
    roots: list[str],
    max_rank: int,
    /,
) -> tuple[
    dict[str, str], list[str], dict[str, list[str]], set[str], dict[str, int], list[str], bool
]: ...
def disjoint_paths(
    first: Sequence[str], adj: dict[str, list[str]], sinks: set[str] | frozenset[str], /
) -> tuple[list[list[str]], list[str]]: ...
def cited_chains(
    succ: dict[str, tuple[str, ...]],
    uof: dict[str, str],
    claim: str,
    roots: list[str],
    paths: list[list[str]],
    /,
) -> list[list[str] | None]: ...
def names_of(names: dict[str, str], groups: list[list[str]], /) -> dict[str, str]: ...
