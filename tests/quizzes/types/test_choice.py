"""Choice questions (kzlesson/quizzes/types/choice.py): multi-select ticks read in any form, each
wrong tick explained, the missing ones named; a tick that is no option is not an attempt."""

from __future__ import annotations

from kzlesson.quizzes.core import Choice, Key, Question, check

MULTI = Question(
    id="test-01",
    notebook="start",
    type="multi",
    prompt="Which joined the CSTO mission?",
    key=Key(answer=("a", "b"), feedback={"a": "fa", "b": "fb", "u": "Left in 2012."}),
    options=(Choice("a", "Armenia"), Choice("b", "Belarus"), Choice("u", "Uzbekistan")),
)


def test_ticks_by_id_or_text_repeated_or_not_are_one_answer() -> None:
    for response in (["a", "b"], ("Belarus", "armenia"), ["a", "a", "b", None]):
        feedback = check(MULTI, response)
        assert feedback.correct is True, response
        assert feedback.message == "You ticked exactly the right options."


def test_a_wrong_tick_gets_its_feedback_and_a_missing_one_is_named() -> None:
    feedback = check(MULTI, ["a", "u"])
    assert feedback.correct is False and feedback.counted
    assert feedback.message == "Not right: 'Uzbekistan': Left in 2012. Missing: 'Belarus'."
    notes = {p.label: (p.ok, p.note) for p in feedback.parts}
    assert notes == {
        "Armenia": (True, ""),
        "Uzbekistan": (False, "should not be ticked"),
        "Belarus": (False, "missing"),
    }


def test_nothing_or_an_unknown_tick_is_not_an_attempt() -> None:
    assert check(MULTI, []).message == "Tick at least one box, then press Check."
    assert check(MULTI, None).counted is False
    unknown = check(MULTI, ["a", "Russia"])
    assert unknown.counted is False and unknown.message == "'Russia' is not one of the options."
