"""The fast canonical JSON path equals RFC 8785 (the rfc8785 library) on every input."""

from __future__ import annotations

from typing import Any

import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from provenance.canonical import canonical_bytes, content_hash, text_and_hash

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.floats(min_value=-1e17, max_value=1e17, allow_nan=False)
    | st.text()
    | st.text(alphabet=st.characters(max_codepoint=0x3F))
)
keys = (
    st.text()
    | st.text(alphabet='abc"\\\n\t\x00\x7f', max_size=4)
    | st.text(alphabet=st.characters(min_codepoint=0xE000, max_codepoint=0x1F6FF), max_size=3)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


@given(values)
def test_fast_path_equals_rfc8785(value: Any) -> None:
    assert canonical_bytes(value) == bytes(rfc8785.dumps(value))


@given(
    st.dictionaries(
        st.text(), st.text() | st.floats(allow_nan=False, allow_infinity=False), max_size=6
    )
)
def test_key_order_is_utf16(value: dict[str, Any]) -> None:
    assert canonical_bytes(value) == bytes(rfc8785.dumps(value))


def test_known_values() -> None:
    assert canonical_bytes({"b": [1, 2.5, None, True], "a": "é\n"}) == (
        '{"a":"é\\n","b":[1,2.5,null,true]}'.encode()
    )
    assert canonical_bytes({"x": 36.0, "y": 1e21, "z": 1e-7}) == b'{"x":36,"y":1e+21,"z":1e-7}'
    assert content_hash({}) == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"


def test_out_of_domain_values_are_refused_like_rfc8785() -> None:
    import math

    import pytest

    for bad in (2**60, math.inf, math.nan, "\ud800"):
        with pytest.raises(rfc8785.CanonicalizationError):
            rfc8785.dumps(bad)
        with pytest.raises(rfc8785.CanonicalizationError):
            canonical_bytes({"v": [bad]})


@given(values)
def test_text_and_hash(value: Any) -> None:
    import json

    try:
        expected = content_hash(value)
    except rfc8785.CanonicalizationError:
        return
    text, digest = text_and_hash(value)
    assert digest == expected
    if text is not None:
        assert text.encode() == canonical_bytes(value)
        assert text == json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
