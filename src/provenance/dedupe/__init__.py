"""Duplicate incidents: candidate pairs, scores with reasons, judgements and clusters.

DESIGN.md "Duplicate incidents". The package, one module per step:

* :mod:`~provenance.dedupe.records` — the input (:class:`IncidentRecord`, :class:`Config`);
* :mod:`~provenance.dedupe.names` — place-name normalisation and transliteration;
* :mod:`~provenance.dedupe.arrays` — array helpers: hashing in place of sorting, joins of
  rows on a key within a date window;
* :mod:`~provenance.dedupe.blocking` — candidate pairs by blocking rules, never all pairs;
* :mod:`~provenance.dedupe.features` — the features of a pair (one function for every path);
* :mod:`~provenance.dedupe.namepairs` — the name features, once per distinct pair of names;
* :mod:`~provenance.dedupe.score` — scores (:func:`find_candidates`, :func:`score_pairs`);
* :mod:`~provenance.dedupe.reasons` — a checkable sentence per weight;
* :mod:`~provenance.dedupe.clusters` — clusters from judgements (union-find, cannot-links);
* :mod:`~provenance.dedupe.load` — the only module that reads or writes a store.

Everything but :mod:`~provenance.dedupe.load` is pure: functions over plain data.
"""

from __future__ import annotations

from provenance.dedupe.clusters import Clustering, Conflict, cluster, latest
from provenance.dedupe.load import (
    JudgementOutcome,
    check_judgement,
    duplicate_pairs,
    load_records,
    record_judgement,
)
from provenance.dedupe.reasons import reasons
from provenance.dedupe.records import RADIUS_KM, Config, IncidentRecord
from provenance.dedupe.score import Candidate, Candidates, find_candidates, score_pairs

__all__ = [
    "RADIUS_KM",
    "Candidate",
    "Candidates",
    "Clustering",
    "Config",
    "Conflict",
    "IncidentRecord",
    "JudgementOutcome",
    "check_judgement",
    "cluster",
    "duplicate_pairs",
    "find_candidates",
    "latest",
    "load_records",
    "reasons",
    "record_judgement",
    "score_pairs",
]
