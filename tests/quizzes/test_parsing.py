"""Property tests of every answer reader: arbitrary text never raises, never invents a number."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kzlesson.errors import BadValue
from kzlesson.exercises.marking import _normal
from kzlesson.quizzes.parsing import NumberError, fold_text, parse_number
from kzlesson.reading import parse_day

SETTINGS = settings(max_examples=300, deadline=None)
# Characters that may sit between the digits of one number: group separators, decimal marks.
_INSIDE = r"[ ,.'\u2019\u00a0\u202f\u2009_]"
# Text made mostly of what numbers are written with, so that the reader is really exercised.
NUMBERISH = st.text(
    alphabet=st.sampled_from(list("0123456789 ,.-+%'kmbnpageabout\x1b[]\t\u00a0\u2212")),
    max_size=30,
)
ANY_TEXT = st.text(max_size=60) | NUMBERISH


def _one_number_in(text: str) -> bool:
    """True if the text's digits form one run once in-number separators are taken out."""
    joined = re.sub(rf"(?<=\d){_INSIDE}(?=\d)", "", text)
    return len(re.findall(r"\d+", joined)) == 1


@SETTINGS
@given(text=ANY_TEXT)
@example(text="60 120")
@example(text="page 1")
@example(text="\x1b[31m")
def test_parse_number_never_invents_a_number(text: str) -> None:
    try:
        value = parse_number(text)
    except NumberError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(value, float) and math.isfinite(value)
    assert _one_number_in(text), (text, value)
    assert not any(ch < " " and ch not in "\t\n\r" for ch in text)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("60 120", "I found 2: 60, 120"),
        ("1 500", "without the space"),
        ("page 1", "without words before it"),
        ("\x1b[31m", "control characters"),
        ("0\x0c", "control characters"),  # hypothesis found it: strip() hid the form feed
    ],
)
def test_misreadings_from_the_review_are_refused(typed: str, found: str) -> None:
    with pytest.raises(NumberError, match=re.escape(found)) as refused:
        parse_number(typed)
    assert "one number" in str(refused.value).lower()


@pytest.mark.parametrize(
    ("typed", "value"),
    [("39 000", 39000), ("1 234 567", 1234567), ("about 120", 120), ("KZT 5,000", 5000)],
)
def test_still_read_as_before(typed: str, value: float) -> None:
    assert parse_number(typed) == value


@SETTINGS
@given(text=ANY_TEXT | st.sampled_from(["5 Jan", "2022-01-05", "05.01.2022", "Jan 5 2022"]))
def test_parse_day_gives_a_day_or_one_line(text: str) -> None:
    try:
        day = parse_day(text)
    except BadValue as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(day, pd.Timestamp) and day == day.normalize()
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    assert day.day in numbers  # the day of the month is one of the numbers typed


@SETTINGS
@given(text=ANY_TEXT)
def test_fold_text_never_raises_and_is_stable(text: str) -> None:
    folded = fold_text(text)
    assert isinstance(folded, str) and fold_text(folded) == folded


@SETTINGS
@given(text=ANY_TEXT)
@example(text="6,0")
def test_exercise_values_read_numbers_as_quizzes_do(text: str) -> None:
    got = _normal(text, "number")
    try:
        expected = round(parse_number(text), 6)
    except NumberError:
        assert got == text.strip().casefold()
    else:
        assert got == expected


def test_a_decimal_comma_is_the_same_in_exercises_and_quizzes() -> None:
    assert _normal("6,0", "number") == parse_number("6,0") == 6.0
