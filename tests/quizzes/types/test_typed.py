"""Typed questions (kzlesson/quizzes/types/typed.py): a short text answer is found among filler
words, two answers at once or a near miss are not attempts, a listed wrong answer is explained."""

from __future__ import annotations

from kzlesson.quizzes.core import Key, Question, Wrong, check
from kzlesson.quizzes.parsing import fold_text

TEXT = Question(
    id="test-01",
    notebook="start",
    type="text",
    prompt="Which city?",
    key=Key(
        accept=frozenset({fold_text("Almaty"), fold_text("Alma-Ata")}),
        accept_shown=("Almaty", "Alma-Ata"),
        wrong=(Wrong("That is the capital.", accept=frozenset({fold_text("Astana")})),),
    ),
)


def test_right_and_listed_wrong_answers_are_marked() -> None:
    assert check(TEXT, " ALMA-ATA ").correct is True
    assert check(TEXT, "in Almaty").correct is True  # filler words around the answer
    capital = check(TEXT, "Astana")
    assert capital.correct is False and capital.message == "That is the capital."
    other = check(TEXT, "Shymkent")
    assert other.correct is False and "not the answer I am looking for" in other.message


def test_what_is_not_an_attempt_says_what_to_do() -> None:
    cases = {
        "Type your answer first (a name or a few words), then press Check.": "",
        "Type letters or digits, then press Check.": "?!",
        "That is long for a short answer: type just a name or a few words.": "x" * 301,
        "You named more than one answer: type one only, then press Check.": "Almaty or Astana",
        "Type just your answer (a name), without other words, then press Check.": (
            "Almaty because of the protests"
        ),
        "Almost: check the spelling of 'Almatty', then press Check.": "Almatty",
    }
    for message, response in cases.items():
        feedback = check(TEXT, response)
        assert (feedback.counted, feedback.message) == (False, message), response
