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

import re
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
# An exercise labelled with a history skill is done only when the data part is right AND the
# student has said in a sentence what the result means for its question (``interpret``); one
# labelled ``data-skill`` practises pandas only and is done when the data part is right.
DATA_SKILL = "data-skill"
MIN_SENTENCE_WORDS = 5  # fewer words is not yet a sentence answering a historical question
COMPLETE, SENTENCE_MISSING, NOT_YET = "complete", "sentence missing", "not yet"
STATUSES = (COMPLETE, SENTENCE_MISSING, NOT_YET)  # an attempt's status, saved and handed in
_WORD = re.compile(r"[^\W_]+")
_SHOWN_CHARS = 60  # a too-short sentence is quoted back, cut to this length


@dataclass(frozen=True)
class ExerciseKey:
    """An exercise's answer: the entry as written and what the data says it must be."""

    exercise: Exercise
    expected: Expected


@dataclass(frozen=True)
class Attempt:
    """What :func:`check` gets: the answer and the student's sentence on what it means.

    A bare answer (not an ``Attempt``) is checked as an attempt without a sentence.
    """

    answer: Any
    interpretation: Any = None


def wants_sentence(item: Exercise) -> bool:
    """True for an exercise labelled with a history skill (not ``data-skill``)."""
    return item.skill != DATA_SKILL


def sentence_words(interpretation: Any) -> int:
    """How many words the student's sentence has (0 for no sentence, or not text)."""
    return len(_WORD.findall(interpretation)) if isinstance(interpretation, str) else 0


def attempt_status(item: Exercise, correct: Any, interpretation: Any) -> str:
    """``complete``, ``sentence missing`` (the data part is right, the sentence is not there
    or too short) or ``not yet`` (the data part is not right)."""
    if correct is not True:
        return NOT_YET
    if wants_sentence(item) and sentence_words(interpretation) < MIN_SENTENCE_WORDS:
        return SENTENCE_MISSING
    return COMPLETE


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


def sentence_request(item: Exercise, interpretation: Any) -> str:
    """One friendly request for the sentence: what is wrong with it, the exercise's historical
    question and how to add it (``""`` if the sentence is there or none is asked for)."""
    if not wants_sentence(item):
        return ""
    words = sentence_words(interpretation)
    if words >= MIN_SENTENCE_WORDS:
        return ""
    if isinstance(interpretation, str) and interpretation.strip():
        said = " ".join(interpretation.split())
        said = said if len(said) <= _SHOWN_CHARS else said[: _SHOWN_CHARS - 3] + "..."
        why = (
            f"Your sentence “{said}” is too short ({words} word{'s' * (words != 1)}): "
            f"answer the question in a whole sentence of at least {MIN_SENTENCE_WORDS} words."
        )
    elif interpretation is not None and not isinstance(interpretation, str):
        why = "Your sentence must be text in quotation marks."
    else:
        why = "Now the history part."
    how = (
        'Write it between the quotation marks of my_sentence = "" (or as '
        f'kz.exercise("{item.id}", answer, interpretation="...")) and run the cell again; '
        "it is saved for your hand-in."
    )
    return f"{why} {item.interpret} {how}"


def _after_right(item: Exercise, message: str, interpretation: Any = None) -> str:
    """A right answer's message, then what comes next.

    A data-skill exercise is done: the explanation follows. A history-skill exercise asks for
    the sentence first (:func:`sentence_request`); the explanation is shown only once the
    sentence is given, so it never answers the question before the student does (judge first).
    """
    request = sentence_request(item, interpretation)
    if request:
        return f"{message} {request}"
    if wants_sentence(item):
        said = " ".join(interpretation.split())
        message = f"{message} Your sentence is saved for your hand-in: “{said}”"
    if item.explanation:
        message = f"{message} {item.explanation}"
    return message


def _check_exercise(q: Question, response: Any) -> Feedback:
    key: ExerciseKey = q.key.answer
    attempt = response if isinstance(response, Attempt) else Attempt(response)
    ok, message = mark(key.exercise.check, key.expected, attempt.answer)
    if not ok:
        return Feedback(correct=False, message=message)
    message = _after_right(key.exercise, message, attempt.interpretation)
    return Feedback(correct=True, message=message)


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
    if isinstance(response, Attempt):
        return describe_answer(q, response.answer)
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
    notes = [("Checked against the data", (checked,))]
    item = q.key.answer.exercise
    if wants_sentence(item) and item.interpret:
        notes.append(("Then a sentence (complete only with it)", (item.interpret,)))
    return notes


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
