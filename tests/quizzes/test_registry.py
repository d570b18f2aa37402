"""Adding a question type needs no edit elsewhere: a toy type, registered from this file only,
goes through the bank's key-schema and structure checks, ``check``, ``describe_response``,
the question text, the teacher's answer key and the quiz widget."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from kzlesson.quizzes import answerkey, bank, registry
from kzlesson.quizzes.core import (
    Choice,
    Feedback,
    Key,
    Part,
    Question,
    check,
    describe_answer,
    describe_response,
    question_text,
)
from kzlesson.quizzes.inputs import Input, safe_set
from kzlesson.quizzes.progress import store
from kzlesson.quizzes.view import QuestionView

TOY = "toy-odd-one-out"
DEFS = json.loads((bank.quiz_dir() / bank.SCHEMA_FILE).read_text(encoding="utf-8"))["$defs"]


def _check(q: Question, response: Any) -> Feedback:
    if response not in {c.id for c in q.options}:
        return Feedback(False, "Pick the odd one out first.", counted=False)
    ok = response == q.key.answer
    text = next(c.text for c in q.options if c.id == response)
    return Feedback(ok, "Odd indeed." if ok else "That one fits.", parts=(Part(text, ok),))


def _widget(q: Question) -> Input:
    menu = widgets.Dropdown(options=[("-", "")] + [(c.text, c.id) for c in q.options], value="")
    menu.description = "Odd one out:"
    return Input([menu], lambda: menu.value, lambda v: safe_set(menu, v), lambda: None)


def _structure(raw: dict[str, Any], key: dict[str, Any]) -> list[str]:
    ids = [c["id"] for c in raw["options"]]
    return [] if key["answer"] in ids else [f"toy answer {key['answer']!r} is not an option"]


def _text(q: Question) -> str:
    return next(c.text for c in q.options if c.id == q.key.answer)


TOY_TYPE = registry.QuestionType(
    name=TOY,
    title="odd one out",
    check=_check,
    key_schema={
        "type": "object",
        "required": ["answer", "explanation"],
        "additionalProperties": False,
        "properties": {
            "answer": {"type": "string"},
            "explanation": {"$ref": "#/$defs/explanation"},
        },
    },
    widget=_widget,
    describe=lambda q, response: f"picked {response}",
    answer_parts=lambda q: [_text(q)],
    text_lines=lambda q: [f"  odd one out? {' / '.join(c.text for c in q.options)}"],
    structure=_structure,
    key_choices=lambda q: [c.text for c in q.options],
)
RAW = {
    "id": "start-99",
    "type": TOY,
    "options": [
        {"id": "a", "text": "Almaty"},
        {"id": "b", "text": "Astana"},
        {"id": "m", "text": "Moon"},
    ],
}
QUESTION = Question(
    id="start-99",
    notebook="start",
    type=TOY,
    prompt="Which is not a Kazakh city?",
    key=Key(answer="m", explanation="The Moon is not in Kazakhstan."),
    hint="Look up.",
    skill="close-reading",
    options=tuple(Choice(c["id"], c["text"]) for c in RAW["options"]),
)


@pytest.fixture
def toy() -> Iterator[registry.QuestionType]:
    registry.register(TOY_TYPE)
    yield TOY_TYPE
    registry.unregister(TOY)


def test_an_unregistered_type_is_refused_not_crashed() -> None:
    assert TOY not in registry.TYPES
    assert check(QUESTION, "m").counted is False
    assert "unknown question type" in bank.key_problems(RAW, {"answer": "m"}, DEFS)[0]


def test_the_bank_checks_a_toy_key(toy: registry.QuestionType) -> None:
    assert bank.key_problems(RAW, {"answer": "m", "explanation": "Why."}, DEFS) == []
    bad = bank.key_problems(RAW, {"answer": 3, "explanation": ""}, DEFS)
    assert any("answer" in p and "string" in p for p in bad), bad
    assert bank.structure_problems(RAW, {"answer": "m"}) == []
    assert bank.structure_problems(RAW, {"answer": "z"}) == [
        (["answer"], "(decoded) toy answer 'z' is not an option")
    ]


def test_a_toy_question_is_checked_described_and_keyed(toy: registry.QuestionType) -> None:
    assert check(QUESTION, "m").correct is True
    assert check(QUESTION, "a").correct is False
    assert check(QUESTION, None).counted is False
    assert describe_response(QUESTION, "a") == "picked a"
    assert describe_answer(QUESTION) == "Moon"
    assert "(odd one out)" in question_text(QUESTION)
    assert "odd one out? Almaty / Astana / Moon" in str(QUESTION)
    markdown = "\n".join(answerkey._md_question(QUESTION))
    assert "(odd one out; skill: close reading)" in markdown
    assert "**Answer:** Moon" in markdown and "- Astana" in markdown
    page = answerkey._html_question(QUESTION, 3)
    assert "<strong>Answer:</strong> Moon" in page and "<li>Astana</li>" in page


def test_a_toy_question_gets_a_working_widget(
    toy: registry.QuestionType, progress_file: Path
) -> None:
    notice = widgets.Label()
    view = QuestionView(QUESTION, store(), notice, number=1)
    assert "kz-question" in view.box._dom_classes and f"kz-q-{QUESTION.id}" in view.box._dom_classes
    menu = view.input.widgets[0]
    assert isinstance(menu, widgets.Dropdown) and menu in view.box.children
    menu.value = "a"
    assert view.on_check().correct is False
    assert "✗ Not yet" in view.feedback.value  # teaching feedback: never the answer
    assert "Moon" not in view.feedback.value
    menu.value = "m"
    assert view.on_check().correct is True
    assert "✓ Correct" in view.feedback.value
    assert store().get(QUESTION.id)["attempts"] == 2
