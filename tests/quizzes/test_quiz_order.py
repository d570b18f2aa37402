"""Choices are shown in a stable, shuffled order: their position never gives the answer away."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest

from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.core import Choice, Key, Question, display_order, question_text
from kzlesson.quizzes.view import ask

BANK = load_bank()


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def of_type(qtype: str) -> list[Question]:
    return [q for q in BANK.all() if q.type == qtype]


def shown_orders() -> dict[str, list[str]]:
    """Every shown order of the bank, as choice ids (what a second process must reproduce)."""
    fields = {"single": "options", "multi": "options", "ordering": "items", "matching": "right"}
    return {
        q.id: [c.id for c in display_order(q, fields[q.type])]
        for q in BANK.all()
        if q.type in fields
    }


def radio_labels(question: Question) -> list[str]:
    radio = next(w for w in walk(ask(question.id)) if isinstance(w, widgets.RadioButtons))
    return [label for label, _ in radio.options]


def test_single_choice_answer_is_not_always_in_one_position(progress_file: Path) -> None:
    questions = of_type("single")
    assert len(questions) >= 3
    positions = []
    for q in questions:
        answer = next(c.text for c in q.options if c.id == q.key.answer)
        positions.append(radio_labels(q).index(answer))
    assert len(set(positions)) > 1, f"the right option is always number {positions[0] + 1}"
    assert positions.count(0) < len(positions) / 2, positions  # not mostly first either


def test_multi_select_answers_are_not_always_the_first_boxes(progress_file: Path) -> None:
    first_boxes = []
    for q in of_type("multi"):
        boxes = [w.description for w in walk(ask(q.id)) if isinstance(w, widgets.Checkbox)]
        right = {c.text for c in q.options if c.id in q.key.answer}
        assert sorted(boxes) == sorted(c.text for c in q.options)
        first_boxes.append(set(boxes[: len(right)]) == right)
    assert first_boxes and not all(first_boxes), "the right boxes always come first"


def test_no_matching_question_is_shown_diagonally(progress_file: Path) -> None:
    questions = of_type("matching")
    assert questions
    for q in questions:
        menu = next(w for w in walk(ask(q.id)) if isinstance(w, widgets.Dropdown))
        shown = [label for label, _ in menu.options[1:]]  # after "(choose)"
        texts = {c.id: c.text for c in q.right}
        answers = [texts[q.key.answer[left.id]] for left in q.left]
        assert shown != answers, f"{q.id}: left item n pairs with choice n"
        # the text fallback lists the same choices in the same (non-diagonal) order
        lines = question_text(q).splitlines()
        listed = [line.split(") ", 1)[1] for line in lines if line.startswith("     ")]
        assert listed == shown


def test_ordering_items_are_not_listed_in_the_right_order(progress_file: Path) -> None:
    for q in of_type("ordering"):
        menu = next(w for w in walk(ask(q.id)) if isinstance(w, widgets.Dropdown))
        shown = [value for _, value in menu.options[1:]]
        assert shown != list(q.key.answer), q.id


def test_text_fallback_uses_the_shown_order() -> None:
    for q in of_type("single") + of_type("multi"):
        lines = question_text(q).splitlines()[1:]
        assert [line[6:] for line in lines] == [c.text for c in display_order(q, "options")]


def test_order_is_the_same_in_another_process() -> None:
    """Python's own hash() differs per process; the shown order must not."""
    code = (
        "import json; from tests.quizzes.test_quiz_order import shown_orders; "
        "print(json.dumps(shown_orders()))"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONHASHSEED="12345")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == shown_orders()


def test_checking_is_by_id_not_position(progress_file: Path) -> None:
    """Choosing the right option's label in the shuffled widget is marked correct."""
    for q in of_type("single"):
        view = ask(q.id).views[0]
        radio = next(w for w in walk(view.box) if isinstance(w, widgets.RadioButtons))
        answer = next(c.text for c in q.options if c.id == q.key.answer)
        radio.label = answer
        view.check_button.click()
        assert "✓ Correct" in view.feedback.value, q.id


def test_order_depends_on_the_question_id_not_the_bank_order() -> None:
    options = tuple(Choice(i, f"Option {i}") for i in "abcd")

    def shown(qid: str, choices: tuple[Choice, ...]) -> list[str]:
        question = Question(
            id=qid, notebook="start", type="single", prompt="?", key=Key(answer="a")
        )
        question = Question(**{**question.__dict__, "options": choices})
        return [c.id for c in display_order(question, "options")]

    orders = {tuple(shown(f"test-{n:02d}", options)) for n in range(20)}
    assert len(orders) > 5  # different questions, different orders
    assert shown("test-01", options) == shown("test-01", options[::-1])  # bank order ignored
    firsts = [shown(f"test-{n:02d}", options)[0] for n in range(40)]
    assert set(firsts) == set("abcd")  # the first-listed option is not kept first


@pytest.mark.parametrize("field_name", ["options", "items", "right"])
def test_no_choices_or_one_choice_stay_as_they_are(field_name: str) -> None:
    question = Question(
        id="test-03", notebook="start", type="single", prompt="?", key=Key(answer="a")
    )
    assert display_order(question, field_name) == ()
