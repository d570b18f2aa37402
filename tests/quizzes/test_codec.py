"""Answers kept out of plain sight in the bank (kzlesson/quizzes/codec.py): they round-trip, do
not show in the file, and a damaged one is a clear CodecError."""

from __future__ import annotations

import pytest

from kzlesson.quizzes.codec import CodecError, decode, encode, is_encoded


@pytest.mark.parametrize("value", ["Zhanaozen", 120, ["a", "c"], {"l1": "r2"}, True, "Жанаозен"])
def test_an_answer_round_trips_and_is_not_readable(value: object) -> None:
    text = encode(value)
    assert is_encoded(text) and decode(text) == value
    assert str(value) not in text


def test_a_damaged_answer_says_so() -> None:
    text = encode("Zhanaozen")
    with pytest.raises(CodecError, match="damaged"):
        decode(text[:-3] + "!!!")
    with pytest.raises(CodecError, match="enc:v1:"):
        decode("Zhanaozen")
    assert not is_encoded(42)
