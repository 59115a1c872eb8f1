# The compiled kernel (csrc/*.c); see provenance.corroborate.kernel.

from collections.abc import Sequence
from typing import Any

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
def complete_chains(
    succ: dict[str, tuple[str, ...]],
    uof: dict[str, str],
    claim: str,
    roots: list[str],
    paths: list[list[str]],
    found: list[list[str] | None],
    budget: int,
    /,
) -> list[list[str]] | None: ...
def claim_names(
    names: dict[str, str],
    chains: list[list[str]],
    cut: list[str],
    echo: list[tuple[list[str], list[str]]],
    cycles: list[list[str]],
    con_chains: list[list[str]],
    /,
) -> dict[str, str]: ...
def echo_groups(
    uof: dict[str, str], roots: list[str], origins: list[str], masks: dict[str, int], /
) -> list[tuple[list[str], list[str]]]: ...
def chain_links(
    succ: dict[str, tuple[str, ...]],
    witnesses: set[str],
    names: dict[str, str],
    unit_names: dict[str, str],
    uof: dict[str, str],
    chain: list[str],
    first: dict[str, Any],
    cites: dict[str, Any],
    quotes: dict[str, Any],
    /,
) -> list[dict[str, Any]]: ...
def outlets_of(
    names: dict[str, str], unit_names: dict[str, str], uof: dict[str, str], origins: list[str], /
) -> list[str]: ...
def analyse_side(
    succ: dict[str, tuple[str, ...]],
    unit: dict[str, str],
    rank: dict[str, int],
    names: dict[str, str],
    unit_names: dict[str, str],
    witnesses: set[str],
    claim: str,
    kept: list[str],
    max_rank: int,
    full: bool,
    first: dict[str, Any],
    cites: dict[str, Any],
    quotes: dict[str, Any],
    budget: int,
    max_cycles: int,
    cycle_budget: int,
    /,
) -> (
    tuple[
        list[list[str]],
        list[list[dict[str, Any]]],
        list[str],
        list[list[str]],
        list[tuple[list[str], list[str]]],
        list[list[str]],
        dict[str, str],
    ]
    | None
): ...
