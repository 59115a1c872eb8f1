"""Name features of incident pairs, once per distinct pair of names tuples.

A :class:`NameTable` holds what the name features read of each distinct ``names`` tuple of
a record list (its first name's forms, whether it has several parts, its skeletons), made
once per list; :meth:`NameTable.features` gives ``name_sim`` and ``name_equal`` (see
:mod:`provenance.dedupe.features`) of pairs of tuples. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from provenance.dedupe.arrays import shared_keys, unique_inverse
from provenance.dedupe.blocking import key_rows
from provenance.dedupe.names import GENERIC_SHARE, core, is_multipart, phonetic, skeleton, specific
from provenance.dedupe.records import F64, I64

B = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class NameTable:
    """Per distinct names tuple ``t``: ids of the forms of its first name among
    ``strings`` (``full_core``/``full_phonetic`` of the whole name, ``spec_core``/
    ``spec_phonetic`` of its most specific part; 0 is the empty string, for no name),
    ``multi`` (several comma-separated parts), ``has`` (a name at all) and the rows
    ``(skeleton id, t)`` of the skeletons of all its names."""

    strings: list[str]
    full_core: I64
    full_phonetic: I64
    spec_core: I64
    spec_phonetic: I64
    multi: B
    has: B
    skeleton_key: I64
    skeleton_holder: I64

    def __len__(self) -> int:
        return len(self.has)

    @classmethod
    def of(cls, name_sets: Sequence[tuple[str, ...]]) -> NameTable:
        """The table of the distinct names tuples ``name_sets``."""
        ids: dict[str, int] = {"": 0}
        first = [names[0] if names else "" for names in name_sets]

        def forms(form: Callable[[str], str]) -> I64:
            ints = (ids.setdefault(form(x), len(ids)) if x else 0 for x in first)
            return np.fromiter(ints, np.int64, len(first))

        full_c, full_p = forms(core), forms(phonetic)
        spec_c = forms(lambda x: core(specific(x)))
        spec_p = forms(lambda x: phonetic(specific(x)))
        skeletons = ({s for x in names if (s := skeleton(x))} for names in name_sets)
        keys, holder, _ = key_rows(enumerate(skeletons))
        return cls(
            list(ids),
            full_c,
            full_p,
            spec_c,
            spec_p,
            np.fromiter((is_multipart(x) for x in first), bool, len(first)),
            np.array([bool(names) for names in name_sets], dtype=bool),
            keys,
            holder,
        )

    def features(self, x: I64, y: I64) -> tuple[F64, B]:
        """``name_sim`` and ``name_equal`` of the pairs of tuples ``(x[k], y[k])``."""
        shared = shared_keys(self.skeleton_key, self.skeleton_holder, x, y, len(self))[1]
        return self.similarity(x, y), shared > 0

    def similarity(self, a: I64, b: I64) -> F64:
        """Per pair, the similarity in [0, 1] of the first names of tuples ``a[k]`` and
        ``b[k]``, as :func:`provenance.dedupe.names.place_similarity` computes it (0 without
        names), with rapidfuzz over each distinct pair of forms once."""
        both = self.multi[a] & self.multi[b]
        c_sim = _ratio(
            self.strings,
            np.where(both, self.spec_core[a], self.full_core[a]),
            np.where(both, self.spec_core[b], self.full_core[b]),
        )
        p_sim = _ratio(
            self.strings,
            np.where(both, self.spec_phonetic[a], self.full_phonetic[a]),
            np.where(both, self.spec_phonetic[b], self.full_phonetic[b]),
        )
        result: F64 = np.asarray((1 - GENERIC_SHARE) * c_sim + GENERIC_SHARE * p_sim, np.float64)
        return result


def _ratio(strings: list[str], xa: I64, xb: I64) -> F64:
    """:func:`provenance.dedupe.names.pair_score` of ``strings[xa[k]]`` and ``strings[xb[k]]``."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import cpdist

    m = len(strings)
    combos, inverse = unique_inverse(np.minimum(xa, xb) * m + np.maximum(xa, xb))
    xs = [strings[i] for i in (combos // m).tolist()]
    ys = [strings[i] for i in (combos % m).tolist()]
    if not xs:
        return np.zeros(0)
    ratios = cpdist(xs, ys, scorer=fuzz.token_set_ratio, workers=-1) + cpdist(
        xs, ys, scorer=fuzz.token_sort_ratio, workers=-1
    )
    empty = (np.array([len(x) for x in xs]) == 0) | (np.array([len(y) for y in ys]) == 0)
    out: F64 = np.where(empty, 0.0, np.asarray(ratios, dtype=np.float64) / 200.0)
    return out[inverse]
