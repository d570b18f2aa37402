"""Coding exercise: a line or two of pandas, checked with ``kz.exercise(id, answer)``.

An exercise is a question type like the others: this module registers it with its key schema,
structure check, check, describe and answer-key text. What differs is where its key comes
from: never typed in, it is computed from the data when the question is made
(:func:`as_question`), the way the bank's ``make_question`` decodes a bank entry. The exercises
stay in their own files (``data/exercises/<key>.yaml``, read by :mod:`kzlesson.exercises.files`
against ``data/exercises/schema.json``); :func:`as_question` is the adapter from such an entry to
a :class:`Question`. Marking a pandas answer is :mod:`kzlesson.exercises.marking` (the engine,
as :mod:`kzlesson.quizzes.parsing` is for typed answers), and what a notebook cell shows is
:mod:`kzlesson.exercises.prompt` (``kz.exercise``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...exercises.expected import Expected, expected
from ...exercises.files import Exercise
from ...exercises.marking import WANTS, mark
from ..model import Feedback, Key, Question
from ..registry import QuestionType, register

if TYPE_CHECKING:  # pragma: no cover
    from ..inputs import Input

NAME = "exercise"
# The key of an exercise is its ``check`` entry: the schema is ``$defs/check`` of
# data/exercises/schema.json (the file schema refers to the same definition).
KEY_SCHEMA = {"$ref": "#/$defs/check"}
READ_BY = {"column": "set", "id": "value", "field": "value"}  # check field -> the kind using it
INTERPRET_ASK = (
    'Write your sentence between the quotation marks of my_sentence = "" and run the cell '
    "again (it is saved for your hand-in)."
)


@dataclass(frozen=True)
class ExerciseKey:
    """An exercise's answer: the entry as written and what the data says it must be."""

    exercise: Exercise
    expected: Expected


def as_question(item: Exercise, directory: str | Path | None = None) -> Question:
    """The exercise as a question, its key computed from the data folder now.

    Raises :class:`~kzlesson.exercises.files.ExerciseError` if the entry does not fit the data
    (a column the table lacks, no such row): an author's mistake, named with file and id.
    """
    return Question(
        id=item.id,
        notebook=item.notebook,
        type=NAME,
        prompt=item.prompt,
        key=Key(answer=ExerciseKey(item, expected(item, directory)), explanation=item.explanation),
        hint=item.hint,
        skill=item.skill,
    )


def _after_right(item: Exercise, message: str) -> str:
    """A right answer's message, then the explanation and the request to interpret it."""
    if item.explanation:
        message = f"{message} {item.explanation}"
    if item.interpret:
        message = f"{message} Now interpret it. {item.interpret} {INTERPRET_ASK}"
    return message


def _check_exercise(q: Question, response: Any) -> Feedback:
    key: ExerciseKey = q.key.answer
    ok, message = mark(key.exercise.check, key.expected, response)
    return Feedback(correct=ok, message=_after_right(key.exercise, message) if ok else message)


def _structure(raw: dict[str, Any], key: dict[str, Any]) -> list[str]:
    """What the schema lets through: a field of ``check`` that its kind never reads (left over
    from another kind, so the author may think it is used)."""
    kind = key.get("kind")
    return [
        f"check.{name} is read only by kind {READ_BY[name]!r}, not by kind {kind!r}: remove it"
        for name in READ_BY
        if name in key and READ_BY[name] != kind
    ]


def structure_problems(items: Iterable[Exercise]) -> list[str]:
    """The structure check of every exercise, one line each naming the file and the id."""
    return [
        f"{item.file}, exercise {item.id}: {problem}"
        for item in items
        for problem in _structure({"id": item.id}, item.check)
    ]


def describe_answer(q: Question | None, response: Any, limit: int = 600) -> str:
    """The student's answer as short text (a table: its type, shape and first rows)."""
    if hasattr(response, "to_string") and hasattr(response, "shape"):  # a DataFrame or Series
        shape = " x ".join(str(n) for n in response.shape)
        wide = {"max_cols": 6} if len(response.shape) > 1 else {}
        text = f"{type(response).__name__} ({shape}):\n{response.to_string(max_rows=8, **wide)}"
    else:
        text = repr(response)
    return text if len(text) <= limit else text[:limit] + " [...]"


def _describe(q: Question, response: Any) -> str:
    """A saved attempt (answer, result, interpretation) shows its answer; else the answer."""
    if isinstance(response, dict) and isinstance(response.get("answer"), str):
        return response["answer"]
    return describe_answer(q, response)


def _wants(q: Question) -> str:
    return WANTS[q.key.answer.exercise.check["kind"]]


def _text_lines(q: Question) -> list[str]:
    return [f"  (Write a line of pandas in a code cell; the answer is {_wants(q)}.)"]


def _answer(q: Question) -> list[str]:
    return [q.key.answer.exercise.solution]


def _notes(q: Question) -> list[tuple[str, tuple[str, ...]]]:
    check = q.key.answer.exercise.check
    where = ", ".join(f"{name} = {value!r}" for name, value in (check.get("where") or {}).items())
    checked = f"{check['kind']} of table {check['table']}" + (f" where {where}" if where else "")
    return [("Checked against the data", (checked,))]


def _widget(q: Question) -> Input:
    """No control: the answer is written in a code cell; the note says how to check it."""
    from ..inputs import Input, text_html

    note = text_html(
        f'Write your answer as answer = ..., then run kz.exercise("{q.id}", answer). '
        f"It should be {_wants(q)}.",
        "kz-exercise",
    )
    return Input([note], lambda: None, lambda value: None, lambda: None)


EXERCISE = register(
    QuestionType(
        name=NAME,
        title="coding exercise",
        check=_check_exercise,
        key_schema=KEY_SCHEMA,
        widget=_widget,
        describe=_describe,
        answer_parts=_answer,
        text_lines=_text_lines,
        structure=_structure,
        key_notes=_notes,
        answer_label="Model solution",
        in_bank=False,
    )
)
