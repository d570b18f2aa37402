"""Property tests: no response of any shape makes a checker raise.

``check()`` catches any exception as a last resort, so these tests also assert that the last
resort was not needed: a crash inside a per-type checker fails them.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kzlesson.quizzes import registry
from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.core import (
    INTERNAL_PROBLEM,
    TYPES,
    Feedback,
    Key,
    Question,
    check,
    describe_response,
)
from kzlesson.quizzes.parsing import NumberError, parse_number

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.binary(max_size=20)
)
anything = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=6)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=12,
)


def first_of_each_type() -> dict[str, Question]:
    found: dict[str, Question] = {}
    for question in load_bank().all():
        found.setdefault(question.type, question)
    return found


QUESTIONS = first_of_each_type()


def ids_of(question: Question) -> list[str]:
    """Valid ids and labels of a question, so strategies also try near-valid responses."""
    choices = question.options + question.items + question.left + question.right
    return [c.id for c in choices] + [c.text for c in choices] + list(question.labels) + ["", " "]


def near_valid(question: Question) -> st.SearchStrategy:
    pieces = st.sampled_from(ids_of(question)) | st.text(max_size=5) | st.none()
    return (
        st.lists(pieces, max_size=8)
        | st.dictionaries(
            pieces.filter(lambda v: isinstance(v, str)), pieces | anything, max_size=6
        )
        | pieces
    )


def assert_feedback(feedback: object) -> None:
    assert isinstance(feedback, Feedback)
    assert INTERNAL_PROBLEM not in feedback.message, feedback.message  # the checker crashed
    assert isinstance(feedback.message, str)
    assert feedback.correct in (True, False, None)
    assert feedback.headline in feedback.text()
    assert isinstance(feedback.html(), str)


def test_the_bank_has_every_type() -> None:
    assert sorted(QUESTIONS) == sorted(TYPES)


@pytest.mark.parametrize("qtype", TYPES)
@SETTINGS
@given(response=anything)
@example(response=None)
@example(response=float("nan"))
@example(response="x" * 100_000)
@example(response="9" * 10_000)
@example(response=[[["deep"]]])
@example(response=10**400)
@example(response="\u202e\u0000\ud7ff\U0001f600 Ω≈ç√")
def test_any_response_gives_feedback(qtype: str, response: object) -> None:
    question = QUESTIONS[qtype]
    assert_feedback(check(question, response))
    # no catch-all around this call:
    assert_feedback(registry.TYPES[qtype].check(question, response))
    assert isinstance(describe_response(question, response), str)


@pytest.mark.parametrize("qtype", TYPES)
@SETTINGS
@given(data=st.data())
def test_near_valid_responses_give_feedback(qtype: str, data: st.DataObject) -> None:
    question = QUESTIONS[qtype]
    response = data.draw(near_valid(question))
    assert_feedback(registry.TYPES[qtype].check(question, response))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60) | st.floats() | st.integers())
@example(text=10**400)
@example(text="9" * 190)
def test_parse_number_returns_a_finite_float_or_advice(text: object) -> None:
    try:
        value = parse_number(text)
    except NumberError as exc:
        assert str(exc)
    else:
        assert isinstance(value, float) and math.isfinite(value)


def test_the_catch_all_is_detected() -> None:
    """The guard above can fail: a checker that crashes is reported, not hidden."""
    broken = Question(id="x-01", notebook="start", type="numeric", prompt="?", key=Key(answer="?"))
    with pytest.raises(AssertionError, match="could not be checked"):
        assert_feedback(check(broken, "5"))  # float("?") raises inside the checker


@pytest.mark.parametrize("huge", [10**400, -(10**5000), 10**49], ids=["1e400", "-1e5000", "1e49"])
def test_huge_integers_on_a_text_question(huge: int) -> None:
    feedback = registry.TYPES["text"].check(QUESTIONS["text"], huge)  # raised OverflowError before
    assert_feedback(feedback)
