"""Ids, stored texts and witness ids (issue 13, items 11 and 12): one rule each, in rules.py,
that every model applies."""

from __future__ import annotations

import unicodedata
import warnings

import pytest
from pydantic import ValidationError

from provenance.errors import UsageError
from provenance.model import Incident, Organisation, Source, Witness
from provenance.rules import (
    IdentifyingIdWarning,
    check_id,
    check_text,
    public_fields,
    witness_id_refusal,
    witness_id_warning,
)


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        ("csi\x9b31m", "U+009B"),  # C1 CSI
        ("osc\x9d0;x\x9c", "U+009D"),  # C1 OSC
        ("esc\x1b[2J", "U+001B"),
        ("ill-\u202e1-lusom", "U+202E"),  # right-to-left override
        ("a\u2066b\u2069", "U+2066"),  # left-to-right isolate
        ("zero\u200bwidth", "U+200B"),
        ("bom\ufeff", "U+FEFF"),
        ("no\u00a0break", "U+00A0"),  # whitespace
    ],
)
def test_ids_refuse_controls_bidi_and_invisibles(bad: str, shown: str) -> None:
    with pytest.raises(ValueError, match=shown.replace("+", r"\+")):
        check_id(bad)
    with pytest.raises(ValidationError, match=shown.replace("+", r"\+")):
        Organisation(id=bad, name="x")


def test_ids_must_be_nfc_so_lookalikes_are_equal() -> None:
    nfd = unicodedata.normalize("NFD", "org-série")
    assert nfd != "org-série"
    with pytest.raises(ValidationError, match="NFC"):
        Source(id=nfd, kind="news")
    assert Source(id="org-série", kind="news").id == "org-série"
    assert Incident(id="حادثة-١", title="t", date="2017-06-01").id == "حادثة-١"


def test_ids_in_references_follow_the_same_rule() -> None:
    with pytest.raises(ValidationError, match="U\\+009B"):
        Source(id="s1", kind="news", cites=["s\x9b2"])


def test_stored_texts_refuse_control_characters_but_tabs_and_line_breaks() -> None:
    assert check_text("line one\n\tline two\r\n", "--reason") == "line one\n\tline two\r\n"
    for bad in ("\x1b]0;PWNED\x07", "a\x9bb", "\x7f", "\x00"):
        with pytest.raises(UsageError, match="--reason holds the control character"):
            check_text(bad, "--reason")


@pytest.mark.parametrize(
    "bad",
    [
        "Ahmed-Hassan-+964-770-123-4567",
        "w-+9647701234567",
        "w-0770-123-4567",
        "w-(0770)1234567",
        "w-770.123.4567",
        "ahmed.hassan@example.org",
        "w-a_b+c@mail.example.co.uk",
    ],
)
def test_witness_ids_that_look_like_phone_numbers_or_email_are_refused(bad: str) -> None:
    assert witness_id_refusal(bad) is not None
    with pytest.raises(ValidationError, match="pseudonym"):
        Witness(id=bad)


@pytest.mark.parametrize(
    "ok", ["ill-w-mosul-resident", "w-000123", "w-0001234567", "w-2017-06-12-0001", "w-1-2"]
)
def test_pseudonymous_witness_ids_pass_without_a_warning(ok: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Witness(id=ok).id == ok


def test_witness_ids_that_look_like_names_are_warned_about() -> None:
    assert witness_id_warning("w-mosul-Resident") is None  # one capitalised word
    with pytest.warns(IdentifyingIdWarning, match="personal name"):
        assert Witness(id="Ahmed-Hassan", role="medic").id == "Ahmed-Hassan"
    with pytest.warns(IdentifyingIdWarning, match="Élodie Durand"):
        Witness(id="w_Élodie_Durand")


def test_one_witness_policy_shows_id_and_role_only() -> None:
    stored = {"id": "w1", "role": "medic"}
    assert public_fields("Witness", stored) == stored
    assert public_fields("Witness", {**stored, "name": "A. Person"}) == stored
    source = {"id": "s1", "kind": "news", "author": "A. Reporter"}
    assert public_fields("Source", source) == source
