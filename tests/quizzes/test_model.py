"""The quiz model (kzlesson/quizzes/model.py): choices are shown in one fixed order that never
gives the answer away, and printing a question or its key never shows the answer."""

from __future__ import annotations

from kzlesson.quizzes.model import Choice, Feedback, Key, Question, display_order

ITEMS = tuple(Choice(i, f"Event {i}") for i in "abcde")


def _ordering(question_id: str) -> Question:
    key = Key(answer=tuple("abcde"))
    return Question(question_id, "start", "ordering", "Put in order.", key, items=ITEMS)


def test_the_order_shown_is_fixed_per_question_and_never_the_answer() -> None:
    shown = {q_id: display_order(_ordering(q_id), "items") for q_id in ("start-01", "start-02")}
    for q_id, order in shown.items():
        assert display_order(_ordering(q_id), "items") == order  # the same every time
        assert sorted(c.id for c in order) == list("abcde")
        assert [c.id for c in order] != list("abcde")  # never the right order
    assert len({tuple(c.id for c in o) for o in shown.values()}) == 2  # differs by question


def test_printing_never_shows_the_answer() -> None:
    question = _ordering("start-01")
    assert repr(question.key) == "Key(hidden)"
    assert "abcde" not in repr(question) and "answer" not in repr(question)
    assert "Put in order." in repr(question)


def test_feedback_headlines_are_words_and_symbols() -> None:
    assert Feedback(True, "ok").headline == "✓ Correct"
    assert Feedback(False, "no").headline == "✗ Not yet"
    assert Feedback(None, "saved").headline == "✎ Saved"
    assert Feedback(False, "empty", counted=False).headline == "ℹ Not checked"
    assert "<b>" not in Feedback(False, "<b>x</b>").html()
