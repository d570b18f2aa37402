"""Reflection (kzlesson/quizzes/types/reflection.py): the student's own words are saved, never
marked; too short or too long is said, and nothing is cut."""

from __future__ import annotations

from kzlesson.quizzes.core import MAX_REFLECTION, Key, Question, check

REFLECTION = Question(
    id="test-01",
    notebook="start",
    type="reflection",
    prompt="What do you think?",
    key=Key(model_answer="A model.", rubric=("r one",), perspectives=("p one",)),
)


def test_an_answer_is_saved_then_compared() -> None:
    feedback = check(REFLECTION, "I think the prices mattered most.")
    assert feedback.correct is None and feedback.headline == "✎ Saved"
    assert [heading for heading, _ in feedback.reveal] == [
        "Other interpretations",
        "A model answer",
        "Check your own answer: does it ...",
    ]


def test_too_short_or_too_long_is_not_saved() -> None:
    short = check(REFLECTION, "prices")
    assert short.counted is False and "at least a sentence" in short.message
    long = check(REFLECTION, "word " * (MAX_REFLECTION // 4))
    assert long.counted is False and "nothing was saved yet" in long.message
