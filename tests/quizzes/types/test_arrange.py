"""Arranging questions (kzlesson/quizzes/types/arrange.py): an order is marked position by
position, and an order that is incomplete or uses an item twice is not an attempt."""

from __future__ import annotations

from kzlesson.quizzes.core import Choice, Key, Question, check

ORDERING = Question(
    id="test-01",
    notebook="start",
    type="ordering",
    prompt="Put in order.",
    key=Key(answer=("x", "y", "z"), feedback={"z": "z is last"}),
    items=(Choice("z", "Zed"), Choice("x", "Ex"), Choice("y", "Why")),
)


def test_the_right_positions_are_named() -> None:
    assert check(ORDERING, ["x", "y", "z"]).message == "Every item is in the right position."
    one = check(ORDERING, ["x", "z", "y"])
    assert one.correct is False
    assert one.message == "1 of 3 positions is right (position 1); the others are not."
    assert [p.note for p in one.parts] == ["", "z is last", "not in this position"]
    none = check(ORDERING, ["z", "x", "y"])
    assert none.message == "None of the 3 positions is right yet."
    two = check(ORDERING, ["Ex", "Why", "Zed"])  # texts work as well as ids
    assert two.correct is True


def test_an_incomplete_order_is_not_an_attempt() -> None:
    cases = {
        "Position 2 is still empty: choose an item for it.": ["x", "", "z"],
        "Give exactly 3 items, one per position (2 given).": ["x", "y"],
        "'Ex' is used twice: each item goes in one position only.": ["x", "x", "z"],
        "Position 3: 'Q' is not an item.": ["x", "y", "Q"],
        "Choose an item for each of the 3 positions, then press Check.": None,
    }
    for message, response in cases.items():
        feedback = check(ORDERING, response)
        assert (feedback.counted, feedback.message) == (False, message), response
