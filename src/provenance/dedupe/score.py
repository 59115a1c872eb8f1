"""Scores of incident pairs, and the two ways to get them: every candidate pair of a record
list (:func:`find_candidates`) or given pairs (:func:`score_pairs`).

Both compute the features with :func:`provenance.dedupe.features.pair_features` and weigh
them with :func:`score`, so a pair scores the same whichever way it was reached. A score is
the logistic of a sum of log-odds weights (Fellegi–Sunter style), hand-set in
:class:`~provenance.dedupe.records.Config`: shared evidence weighs most (each shared item
counts ``2 / incidents it supports``, so a hub account feeding hundreds of incidents counts
for little), then date, distance, names, belligerents, casualty ranges and country.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from pydantic import BaseModel

from provenance.dedupe.blocking import SharedEvidence, candidate_codes
from provenance.dedupe.features import Features, Prepared, pair_features
from provenance.dedupe.reasons import reasons
from provenance.dedupe.records import F64, I64, Columns, Config, IncidentRecord


class Candidate(BaseModel):
    """One candidate pair with its score and reasons a person can check."""

    a: str
    b: str
    score: float
    reasons: list[str]
    judgement: str | None = None


@dataclass
class Candidates:
    """Scored pairs (arrays over pairs) of one run.

    ``features`` (:func:`~provenance.dedupe.features.pair_features` of every pair) are
    computed again on first use: scoring keeps only the scores, a block of pairs at a time.
    """

    records: Sequence[IncidentRecord]
    a: I64
    b: I64
    score: F64
    config: Config = field(default_factory=Config)
    prepared: Prepared | None = None

    @cached_property
    def features(self) -> Features:
        """Every feature of every pair (module :mod:`~provenance.dedupe.features`)."""
        return pair_features(self.records, self.a, self.b, self.config, self.prepared)

    def __len__(self) -> int:
        return len(self.a)

    def top(self, min_score: float = 0.0, limit: int | None = None) -> list[Candidate]:
        """Pairs scoring at least ``min_score``, best first, with reasons."""
        order = self.ranked(min_score)
        if limit is not None:
            order = order[:limit]
        return [self.explain(int(k)) for k in order]

    def ranked(self, min_score: float = 0.0) -> I64:
        """Rows scoring at least ``min_score``, best first (ties in row order)."""
        keep = np.nonzero(self.score >= min_score)[0]
        order: I64 = keep[np.lexsort((keep, -self.score[keep]))]
        return order

    def ids(self, k: int) -> tuple[str, str]:
        """The ids of the pair at row ``k``, smaller first (as :meth:`explain` gives them)."""
        x, y = self.records[int(self.a[k])].id, self.records[int(self.b[k])].id
        return (x, y) if x <= y else (y, x)

    def explain(self, k: int) -> Candidate:
        """The pair at row ``k`` with its reasons."""
        ra, rb = self.records[int(self.a[k])], self.records[int(self.b[k])]
        a, b = sorted((ra.id, rb.id))
        return Candidate(
            a=a, b=b, score=round(float(self.score[k]), 4), reasons=reasons(ra, rb, self.config)
        )


def find_candidates(records: Sequence[IncidentRecord], config: Config | None = None) -> Candidates:
    """Every candidate pair by the blocking rules (:mod:`provenance.dedupe.blocking`), scored."""
    config = config or Config()
    n = len(records)
    cols = Columns.of(records, config)
    evidence = SharedEvidence.of(cols, config)
    codes = candidate_codes(records, cols, config, evidence)
    a, b = np.divmod(codes, max(n, 1))
    return _scored(records, a, b, config, cols, evidence)


def score_pairs(
    records: Sequence[IncidentRecord],
    pairs: Sequence[tuple[int, int]],
    config: Config | None = None,
) -> Candidates:
    """Score given pairs (indices into ``records``), candidates or not (e.g. judged pairs)."""
    config = config or Config()
    a = np.array([min(p) for p in pairs], dtype=np.int64)
    b = np.array([max(p) for p in pairs], dtype=np.int64)
    return _scored(records, a, b, config, Columns.of(records, config))


def _scored(
    records: Sequence[IncidentRecord],
    a: I64,
    b: I64,
    config: Config,
    cols: Columns,
    evidence: SharedEvidence | None = None,
) -> Candidates:
    prepared = Prepared.of(records, config, cols, evidence)
    scores = np.empty(len(a), dtype=np.float64)
    for lo in range(0, len(a), BLOCK):
        part = slice(lo, lo + BLOCK)
        features = pair_features(records, a[part], b[part], config, prepared)
        scores[part] = score(features, config)
    return Candidates(records, a, b, scores, config, prepared)


#: Pairs scored at a time: their features fit in memory beside the pairs of a large run.
BLOCK = 1 << 19


def score(f: Features, c: Config) -> F64:
    """The logistic of the summed log-odds weights of every feature, per pair."""
    z = np.full(len(f["gap"]), c.prior)
    multi = np.where(f["place_conflict"], c.multi_place_factor, 1.0)
    z += c.w_evidence * np.minimum(f["evidence_weight"], c.evidence_cap) * multi
    w_date = np.array(c.w_date)
    gap = f["gap"]
    z += np.where(gap < len(w_date), w_date[np.minimum(gap, len(w_date) - 1)], c.w_date_far)
    ratio = f["dist"] / f["radius"]
    near = np.where(ratio <= 1.0, c.w_near - 2 * c.w_near * np.clip(ratio - 0.1, 0.0, 1.0), c.w_far)
    z += np.where(np.isnan(ratio), 0.0, near)
    z += np.where(f["has_names"], _name_weight(f, c), 0.0)
    z += np.where(
        f["bell_known"],
        np.where(f["bell_agree"], c.w_belligerent_agree, c.w_belligerent_differ),
        0.0,
    )
    rel = f["killed_gap"] / f["killed_scale"]
    killed = np.where(
        f["killed_gap"] == 0, c.w_killed_overlap, c.w_killed_disjoint - np.minimum(2.0, 2.0 * rel)
    )
    z += np.where(f["killed_known"], killed, 0.0)
    z += np.where(f["country_differ"], c.w_country_differ, 0.0)
    result: F64 = 1.0 / (1.0 + np.exp(-z))
    return result


def _name_weight(f: Features, c: Config) -> F64:
    """Log-odds of the names: up for similar names (scaled down for coarse locations), sharply
    down for dissimilar ones; equal skeletons count as a similarity of at least 0.9."""
    sim = np.where(f["name_equal"], np.maximum(f["name_sim"], 0.9), f["name_sim"])
    slope = np.where(sim < 0.6, c.w_name_mismatch, 4.0)
    weight = np.where(sim >= 0.9, c.w_name_equal, np.clip(slope * (sim - 0.6), -6.0, 1.2))
    coarse = (f["radius"] >= c.coarse_radius_km) & (weight > 0)
    result: F64 = np.where(coarse, weight * c.coarse_name_factor, weight)
    return result
