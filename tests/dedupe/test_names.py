"""Place-name normalisation and transliteration."""

from __future__ import annotations

import pytest

from provenance.dedupe.names import name_keys, normalise, phonetic, similarity, skeleton


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Al-Mawsil al-Jadida", "mosul jadida"),
        ("Ar-Raqqah", "raqqah"),
        ("Deir ez-Zor", "dayr zawr"),
        ("Dayr az-Zawr", "dayr zawr"),
        ("Ḥalab", "aleppo"),
        ("حلب", "aleppo"),
        ("Şafiyah", "safiyah"),
        ("EL-MASHLAB", "mashlab"),
        ("Kafr Ta’al", "kafr taal"),
        ("Old City, Mosul", "old city mosul"),
    ],
)
def test_normalise(name: str, expected: str) -> None:
    assert normalise(name) == expected


@pytest.mark.parametrize(
    "group",
    [
        ["Mosul", "Al-Mawsil", "Mossoul", "الموصل", "al mawsil"],
        ["Raqqa", "Ar-Raqqah", "Rakka", "الرقة"],
        ["Safia", "Al-Safiyah", "As-Safiyah", "الصافية"],
        ["Deir ez-Zor", "Dayr az-Zawr", "دير الزور"],
        ["Aleppo", "Halab", "حلب"],
        ["Homs", "Hims", "حمص"],
        ["Mishlab", "Al-Mashlab"],
        ["Shaddadi", "Ash-Shaddadi", "Al-Shaddadi"],
    ],
)
def test_variants_share_a_skeleton_and_a_key(group: list[str]) -> None:
    assert len({skeleton(n) for n in group}) == 1, {n: skeleton(n) for n in group}
    keys = [name_keys([n]) for n in group]
    assert set.intersection(*keys), keys
    for other in group[1:]:
        assert similarity([group[0]], [other])[0] >= 0.9


def test_phonetic_folds_spelling_not_places() -> None:
    assert phonetic("Al-Safiyah") == phonetic("Safia")
    assert phonetic("Mossoul") == phonetic("Mosul")
    assert skeleton("Mosul") != skeleton("Raqqa")
    assert similarity(["Yarmuk, Mosul"], ["Tanak, Mosul"])[0] < 0.75


def test_keys_use_the_most_specific_part_and_skip_generic_words() -> None:
    assert name_keys(["Hay al-Tanak, West Mosul"]) == {"tnk"}
    assert name_keys(["Old City"]) == {"ld", "kt"}  # only generic words: keep them
    assert name_keys(["Mosul", "الموصل"]) == {"msl"}
    assert name_keys([]) == set()


def test_article_only_before_a_word() -> None:
    assert normalise("Al") == "al"
    assert normalise("As-Sukkar") == "sukkar"
    assert normalise("Asad") == "asad"
