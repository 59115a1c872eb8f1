"""Benchmark: Airwars' grades against corroboration, before and after accepting every
``outlets suggest`` pair (issue 15).

On the real Airwars Syria import (built into a temporary embedded store with the
``airwars`` profile):

1. *before*: the distribution of independent paths per Airwars grade (the most of any claim
   of the incident) and the confusion matrix of Airwars' grade against the suggested grade;
   the number of independence units among the sources;
2. ``outlets suggest`` (timed; target < 10 s) and its precision and recall against the
   hand-labelled pairs of ``benchmarks/outlets_labels.yaml`` (a labelled pair counts as
   joined when the accepted pairs connect its two names);
3. every pair at or above the threshold accepted: each connected group of names becomes one
   organisation with those ``aliases`` (author strings, accounts) and ``domains``, written
   as a case file and ingested (``provenance ingest`` of a case file);
4. *after*: the same tables, and how many units the suggestions merged.

The "after" numbers follow DESIGN.md's unit rule (an organisation's aliases and domains join
its sources) once the store's unit rule reads them; with a rule that does not, "after"
equals "before" and the script says so.

    python benchmarks/airwars_grades.py [--data /work/shared/data] [--min-score X] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from provenance.corroborate.load import corroborate_store, index_from_store
from provenance.ingest.files import IngestOptions, ingest_files
from provenance.outlets.identity import normalise_author
from provenance.outlets.load import mentions_from_store, outlet_suggestions
from provenance.outlets.suggest import DEFAULT_MIN_SCORE, OutletPair
from provenance.store.sqlite import SQLiteStore

DATA = Path("/work/shared/data")
FILES = ["incidents_flat.csv", "incident_sources_flat.csv"]
LABELS = Path(__file__).with_name("outlets_labels.yaml")
GRADES = ["confirmed", "fair", "weak", "contested", "discounted", "(blank)"]
SUGGESTED = ["confirmed", "fair", "weak", "contested", "unsupported"]
BUCKETS = ["0", "1", "2", "3", "4", "5-9", "10+"]


def bucket(paths: int) -> str:
    return str(paths) if paths < 5 else "5-9" if paths < 10 else "10+"


def grade_tables(db: Path) -> dict[str, Any]:
    """Paths per Airwars grade, Airwars grade × suggested grade, and units of sources."""
    with SQLiteStore(db) as store:
        grades = {iid: g for iid, (g,) in store.iter_fields("Incident", ["grade"])}
        best: dict[str, tuple[int, str]] = {}
        for r in corroborate_store(store):
            if r.incident is not None and (r.independent_paths, r.suggested_grade) > best.get(
                r.incident, (-1, "")
            ):
                best[r.incident] = (r.independent_paths, str(r.suggested_grade))
        ix = index_from_store(store)
        sources = [sid for sid, _ in store.iter_fields("Source", ["author"])]
    paths: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for iid, grade in grades.items():
        n, suggested = best.get(iid, (0, "unsupported"))
        paths[grade or "(blank)"][bucket(n)] += 1
        confusion[grade or "(blank)"][suggested] += 1
    return {
        "paths": {g: dict(c) for g, c in paths.items()},
        "confusion": {g: dict(c) for g, c in confusion.items()},
        "units": len({ix.unit.get(s, s) for s in sources}),
        "weak_suggested_fair": confusion["weak"]["fair"],
    }


def components(pairs: list[OutletPair]) -> list[set[str]]:
    graph = nx.Graph()
    graph.add_edges_from((p.a, p.b) for p in pairs)
    return [set(c) for c in nx.connected_components(graph)]


def label_key(name: str) -> str:
    """A name of the labels or of a suggestion, as the unit rule compares it (an account's
    handle and ``@handle`` are one)."""
    if ":" in name and " " not in name:
        return normalise_author(name.split(":", 1)[1])
    return normalise_author(name)


def score_labels(pairs: list[OutletPair], names: set[str]) -> dict[str, Any]:
    """Confusion of the labelled pairs whose names both occur in the import."""
    root = {label_key(n): i for i, c in enumerate(components(pairs)) for n in c}
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["pairs"]
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    for item in labels:
        a, b = label_key(item["a"]), label_key(item["b"])
        if a not in names or b not in names:
            counts["absent"] += 1
            continue
        joined = a in root and root.get(a) == root.get(b)
        same = item["label"] == "same"
        kind = {(True, True): "tp", (True, False): "fn", (False, True): "fp"}.get(
            (same, joined), "tn"
        )
        counts[kind] += 1
        if kind in ("fn", "fp"):
            wrong.append(f"{kind}: {item['a']} ~ {item['b']}")
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    return {
        **counts,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "wrong": wrong,
    }


def organisations(pairs: list[OutletPair], kinds: dict[str, set[str]]) -> list[dict[str, Any]]:
    """One organisation per connected group of accepted names."""
    orgs = []
    for n, group in enumerate(sorted(components(pairs), key=lambda c: sorted(c)), start=1):
        domains = sorted(g for g in group if g in kinds["domain"])
        aliases = sorted(g for g in group if g not in kinds["domain"] or g in kinds["author"])
        name = max(aliases or domains, key=lambda g: (kinds["count"].get(g, 0), g))
        orgs.append({"id": f"outlet-{n}", "name": name, "aliases": aliases, "domains": domains})
    return orgs


def name_kinds(db: Path) -> tuple[dict[str, Any], set[str]]:
    """The author strings, accounts and domains of the import (and authors' counts)."""
    with SQLiteStore(db) as store:
        mentions = mentions_from_store(store)
    kinds: dict[str, Any] = {
        "author": {m.author for m in mentions if m.author},
        "domain": {m.domain for m in mentions if m.domain},
        "count": Counter(m.author for m in mentions if m.author),
    }
    names = {label_key(m.author) for m in mentions if m.author}
    return kinds, names


def run(data: Path, min_score: float, work: Path) -> dict[str, Any]:
    db = work / "airwars.db"
    start = time.perf_counter()
    paths = [data / "syrian-archive-airwars" / f for f in FILES]
    ingest_files(lambda: SQLiteStore(db, create=True), paths, IngestOptions("airwars"), actor="b")
    out: dict[str, Any] = {"import_seconds": time.perf_counter() - start}
    out["before"] = grade_tables(db)
    start = time.perf_counter()
    with SQLiteStore(db) as store:
        pairs = outlet_suggestions(store, min_score)
    out["suggest_seconds"] = time.perf_counter() - start
    out["pairs"] = len(pairs)
    kinds, names = name_kinds(db)
    out["labels"] = score_labels(pairs, names)
    orgs = organisations(pairs, kinds)
    out["organisations"] = len(orgs)
    out["names_joined"] = sum(len(o["aliases"]) + len(o["domains"]) for o in orgs)
    case = work / "outlets.yaml"
    doc = {"format": "provenance-case/1", "organisations": orgs}
    case.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    ingest_files(lambda: SQLiteStore(db), [case], IngestOptions(), actor="b")
    out["after"] = grade_tables(db)
    out["units_merged"] = out["before"]["units"] - out["after"]["units"]
    return out


def table(title: str, rows: dict[str, dict[str, int]], columns: list[str]) -> None:
    print(f"\n{title}")
    print(f"   {'':<12}" + "".join(f"{c:>12}" for c in columns) + f"{'total':>8}")
    for grade in GRADES:
        row = rows.get(grade)
        if row:
            cells = "".join(f"{row.get(c, 0):>12}" for c in columns)
            print(f"   {grade:<12}{cells}{sum(row.values()):>8}")


def report(out: dict[str, Any], min_score: float) -> None:
    print(f"Airwars Syria import: {out['import_seconds']:.1f} s")
    for when in ("before", "after"):
        t = out[when]
        table(f"[{when}] independent paths per Airwars grade", t["paths"], BUCKETS)
        table(f"[{when}] Airwars grade × suggested grade", t["confusion"], SUGGESTED)
        print(
            f"   units among sources: {t['units']}; Weak suggested Fair: {t['weak_suggested_fair']}"
        )
    lab = out["labels"]
    print(
        f"\noutlets suggest (min score {min_score}): {out['pairs']} pairs in "
        f"{out['suggest_seconds']:.1f} s (target < 10 s); accepted as {out['organisations']} "
        f"organisations holding {out['names_joined']} names"
    )
    print(
        f"labelled pairs: precision {lab['precision']:.2f}, recall {lab['recall']:.2f} "
        f"(tp {lab.get('tp', 0)}, fp {lab.get('fp', 0)}, fn {lab.get('fn', 0)}, "
        f"tn {lab.get('tn', 0)}, names absent from the import {lab.get('absent', 0)})"
    )
    for line in lab["wrong"]:
        print(f"   {line}")
    print(f"units merged by the suggestions: {out['units_merged']}")
    if out["units_merged"] == 0:
        print("   (0: this store's unit rule does not read organisations' aliases and domains yet)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    missing = [f for f in FILES if not (args.data / "syrian-archive-airwars" / f).is_file()]
    if missing:
        sys.exit(f"Airwars export missing under {args.data}/syrian-archive-airwars: {missing}")
    with tempfile.TemporaryDirectory() as work:
        out = run(args.data, args.min_score, Path(work))
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        report(out, args.min_score)


if __name__ == "__main__":
    main()
