"""Name evidence of ``outlets suggest``: acronyms, generic words, containment, handles,
transliteration; generic words never make a pair on their own."""

from __future__ import annotations

import pytest

from provenance.outlets.names_match import name_evidence, name_info


def best(a: str, b: str) -> float:
    found = name_evidence(name_info(a), name_info(b))
    return found[0].strength if found else 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SCD", "Syrian Civil Defense"),
        ("SOHR", "Syrian Observatory for Human Rights"),
        ("SNHR", "Syrian Network for Human Rights"),
        ("SCD news", "SCD"),
        ("Hawar News Agency", "Hawar News"),
        ("Zaman Al Wasl", "ZamanAlWasl"),
        ("'@HalabTodayTV", "Halab Today TV"),
        ("Syria TV", "Syria TV تلفزيون سوريا"),
        ("Syrian Observatory of Human Rights", "Syrian Observatory for Human Rights"),
    ],
)
def test_one_outlet_written_two_ways(a: str, b: str) -> None:
    assert best(a, b) >= 0.5


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Enab Baladi", "Baladi News"),
        ("SOHR", "SNHR"),
        ("Syrian Network for Human Rights", "Syrian Observatory for Human Rights"),
        ("Step News", "Smart News"),
        ("Syria TV", "Syria News"),
        ("Nedaa Post", "Resala Post"),
        ("Hawar News Agency", "Step News Agency"),
        ("أخبار حلب", "أخبار إدلب"),
        ("Kurdish Observatory for Human Rights", "Syrian Observatory for Human Rights"),
    ],
)
def test_look_alikes_have_at_most_weak_name_evidence(a: str, b: str) -> None:
    """Weak (< 0.5) at most: only other evidence could make them a pair, never names."""
    assert best(a, b) < 0.5


def test_generic_words_alone_are_capped() -> None:
    assert best("News Agency", "News Network") <= 0.5
    assert best("Syria News", "Syria Report") <= 0.5


def test_a_cut_short_handle_needs_a_long_handle() -> None:
    assert best("'@SyriaCivilDefe", "Syrian Civil Defense") >= 0.6
    assert best("'@DeirEzzor", "DeirEzzorNow") == 0.3  # short handles are names, not cuts


def test_transliteration_of_an_arabic_name_is_weak_evidence() -> None:
    found = name_evidence(name_info("ديرالزور 24"), name_info("DeirEzzor24"))
    assert found and 0 < found[0].strength < 0.5 and "transliterated" in found[0].reason
