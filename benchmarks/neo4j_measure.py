"""Measurement helpers of ``benchmarks/neo4j_ingest.py``: latency of the upstream graph
with the round trips of each catalog query, a process's peak memory, percentiles."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, LiteralString

from corroborate import _tree as process_tree

from provenance.store import Store, to_graph
from provenance.store.neo4j import Neo4jStore

REPO = Path(__file__).resolve().parent.parent


def percentile(ordered: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of sorted values, inclusive method."""
    if len(ordered) == 1:
        return ordered[0]
    cuts = statistics.quantiles(ordered, n=1000, method="inclusive")
    return cuts[round(q * 1000) - 1]


def vm_hwm_mib(pid: int | None) -> float | None:
    """Peak resident set (``VmHWM``) of process ``pid`` in MiB, or ``None``."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_sampled(argv: list[str], stdout: Any) -> tuple[float, float, float]:
    """Run a process; return (wall s, CPU s of it and its workers, peak RSS MiB).

    The peak RSS is the largest ``VmHWM`` of the process and its children, sampled every
    20 ms: ``wait4``'s ``ru_maxrss`` of a process started by this one would report this
    process's own peak (the generated batch), inherited through ``exec``.
    """
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    peak: dict[int, float] = {}
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        for p in process_tree(proc.pid):
            hwm = vm_hwm_mib(p)
            if hwm is not None:
                peak[p] = max(peak.get(p, 0.0), hwm)
        time.sleep(0.02)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, max(peak.values(), default=0.0)


class QueryProfile:
    """Counts a store's queries (``Bolt.records`` calls) and their time by catalog query,
    and its transactions (sessions opened: each read runs one), under :attr:`tag`."""

    def __init__(self, store: Neo4jStore) -> None:
        from provenance.store.catalog import query

        self.names: dict[str, str] = {}
        for path in (REPO / "cypher").glob("*.cypher"):
            self.names[query(path.stem)] = path.stem  # type: ignore[arg-type]
        self.tag = ""
        self.calls: Counter[tuple[str, str]] = Counter()
        self.seconds: Counter[tuple[str, str]] = Counter()
        self.sessions: Counter[str] = Counter()
        self.store = store

    @contextmanager
    def active(self) -> Iterator[QueryProfile]:
        bolt = self.store.bolt
        records: Callable[..., Any] = bolt.records
        session: Callable[..., Any] = bolt.session

        def counted_records(cypher: LiteralString, **params: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return records(cypher, **params)
            finally:
                key = (self.tag, self.names.get(cypher, "other"))
                self.calls[key] += 1
                self.seconds[key] += time.perf_counter() - t0

        def counted_session(**config: Any) -> Any:
            self.sessions[self.tag] += 1
            return session(**config)

        bolt.records = counted_records  # type: ignore[method-assign]
        bolt.session = counted_session  # type: ignore[method-assign]
        try:
            yield self
        finally:
            del bolt.records, bolt.session  # the class's methods again

    def by_query(self, tag: str, n: int) -> list[tuple[str, float, float]]:
        """``(query, calls, ms)`` per claim of ``tag``, the slowest first."""
        return [
            (name, self.calls[t, name] / n, s / n * 1e3)
            for (t, name), s in self.seconds.most_common()
            if t == tag
        ]


VARIANTS: dict[str, Callable[[Neo4jStore, str], Any]] = {
    "one": lambda store, cid: store.upstream_graph([cid]),
    # the contract's default walk: each of its reads a transaction of its own
    "per_query": lambda store, cid: to_graph(Store.upstream(store, [cid])),
}


def upstream_latency(store: Neo4jStore, claims: list[str], n: int, seed: int) -> dict[str, Any]:
    """Upstream graph of ``n`` random claims, timed; the store's own path (``one``: its
    reads in one transaction) alternated with the contract's default (``per_query``), so
    that the load of the machine weighs on both alike."""
    rng = random.Random(seed)
    picked = [rng.choice(claims) for _ in range(n)]
    for cid in picked[:50]:  # warm-up: query plans cached, pages in the page cache
        for fn in VARIANTS.values():
            fn(store, cid)
    times: dict[str, list[float]] = {tag: [] for tag in VARIANTS}
    sizes = []
    profile = QueryProfile(store)
    with profile.active():
        for i, cid in enumerate(picked):
            order = list(VARIANTS.items())
            for tag, fn in order if i % 2 else order[::-1]:
                profile.tag = tag
                t0 = time.perf_counter()
                g = fn(store, cid)
                times[tag].append(time.perf_counter() - t0)
            sizes.append(g.number_of_nodes())
    out: dict[str, Any] = {"mean_nodes": statistics.mean(sizes)}
    for tag, values in times.items():
        values.sort()
        out[tag] = {
            "p50": percentile(values, 0.50) * 1e3,
            "p99": percentile(values, 0.99) * 1e3,
            "max": values[-1] * 1e3,
            "queries": sum(c for (t, _), c in profile.calls.items() if t == tag) / n,
            "transactions": profile.sessions[tag] / n,
            "by_query": profile.by_query(tag, n),
        }
    return out


@contextmanager
def ingest_phases() -> Iterator[Counter[str]]:
    """Time the phases of :func:`provenance.store.neo4j.writes.ingest` while the block runs:
    planning (reads in the transaction), node writes, edge writes, the audit event; the
    rest of the wall time is the commit and the client's own work."""
    from provenance.store.neo4j import writes

    seconds: Counter[str] = Counter()
    originals = {name: getattr(writes, name) for name in PHASES}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[PHASES[name]] += time.perf_counter() - t0

        return wrapper

    for name, fn in originals.items():
        setattr(writes, name, timed(name, fn))
    try:
        yield seconds
    finally:
        for name, fn in originals.items():
            setattr(writes, name, fn)


PHASES = {
    "plan": "plan (reads stored versions and references)",
    "write_nodes": "create nodes (UNWIND, 5,000 rows a statement)",
    "write_edges": "create relationships",
    "append_event": "audit event and its item rows",
}
