"""Check the small pandas exercises in the notebooks: ``kz.exercise("timeline-ex1", answer)``.

The exercises are content, so they live in ``data/exercises/<key>.yaml`` and are checked
against ``data/exercises/schema.json`` when loaded. The expected answer is never typed in: it
is computed from the data at check time (``kz.load_<table>()`` filtered by ``where``).

A student's answer never raises: whatever it is (None, text, a list, a table with other
columns ...), the result is an :class:`ExerciseResult` with ``.ok`` and a message in words.

This module holds what the notebook shows (the prompt and the feedback). Reading the files is
in :mod:`kzlesson.exercises.files` (its public names are re-exported here), the expected answer
in :mod:`kzlesson.exercises.expected`, marking an answer in :mod:`kzlesson.exercises.marking`.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BadCall
from ..quizzes import core
from ..quizzes.model import OK, WRONG, Feedback
from ..quizzes.types.exercise import (
    COMPLETE,
    NOT_YET,
    SENTENCE_MISSING,
    Attempt,
    as_question,
    attempt_status,
    describe_answer,
    wants_sentence,
)
from .expected import Expected, data_problems, expected
from .files import (
    KINDS,
    Exercise,
    ExerciseError,
    UnknownExercise,
    get_exercise,
    load_exercises,
    read_exercises,
)
from .marking import WANTS

__all__ = [
    "KINDS",
    "Exercise",
    "ExerciseError",
    "ExercisePrompt",
    "ExerciseResult",
    "Expected",
    "UnknownExercise",
    "check",
    "data_problems",
    "exercise",
    "expected",
    "get_exercise",
    "load_exercises",
    "read_exercises",
]


def _code(text: str) -> str:
    """Escape text for HTML and show `backticked` parts as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


@dataclass(frozen=True)
class ExercisePrompt:
    """An exercise's task and how to answer it (what ``kz.exercise(id)`` shows)."""

    exercise: Exercise

    def how(self) -> str:
        """One line telling the student how to check an answer."""
        if in_voila():  # no code cells to edit on a Voila page (issue 12)
            return VOILA_NOTE
        return (
            f'Write your answer as `answer = ...`, then run kz.exercise("{self.exercise.id}", '
            f"answer). It should be {WANTS[self.exercise.check['kind']]}."
        )

    def skill(self) -> str:
        """The historical-thinking skill it practises, in words ("close reading")."""
        return self.exercise.skill.replace("-", " ")

    def then(self) -> str:
        """The history part asked for after a right answer ("" for a data-skill exercise)."""
        if not wants_sentence(self.exercise) or not self.exercise.interpret or in_voila():
            return ""
        return f"After the ✓, the history part: {self.exercise.interpret}"

    def __str__(self) -> str:
        then = f"\n{self.then()}" if self.then() else ""
        return (
            f"Exercise {self.exercise.id} (skill: {self.skill()}): {self.exercise.prompt}\n"
            f"{self.how()}{then}"
        )

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        e = html.escape
        return (
            f'<div class="kz-exercise" role="note"><p><strong>Exercise '
            f"{e(self.exercise.id)}</strong> <small>(skill: {e(self.skill())})</small>: "
            f"{_code(self.exercise.prompt)}</p>"
            f"<p>{_code(self.how())}</p>"
            + (f"<p>{_code(self.then())}</p>" if self.then() else "")
            + "</div>"
        )


@dataclass(frozen=True)
class ExerciseResult:
    """How a notebook cell shows the :class:`Feedback` on one answer: ✓ or ✗, words, the hint.

    The result itself is the quizzes' one result type (``.feedback``, from the registered
    ``exercise`` question type's check); ``.ok`` and ``.message`` read it.
    """

    exercise_id: str
    feedback: Feedback
    hint: str = field(default="", repr=False)
    read_only: bool = False  # a Voila page: the starting answer cannot be edited, not marked
    status: str = ""  # complete | sentence missing | not yet ("": complete if right, else not yet)

    def __post_init__(self) -> None:
        if not self.status:
            object.__setattr__(self, "status", COMPLETE if self.ok else NOT_YET)

    @property
    def ok(self) -> bool:
        """True when the data part (the pandas answer) is right."""
        return self.feedback.correct is True

    @property
    def complete(self) -> bool:
        """True when the exercise is done: the data part right and, for an exercise labelled
        with a history skill, the sentence given."""
        return self.status == COMPLETE

    @property
    def message(self) -> str:
        """The feedback in words."""
        return self.feedback.message

    @property
    def verdict(self) -> str:
        """ "✓ Correct", "✗ Not yet", or "ℹ Not marked here" on a read-only page."""
        if self.read_only:
            return "ℹ Not marked here"
        if self.status == SENTENCE_MISSING:
            return DATA_PART_RIGHT
        return OK if self.ok else WRONG

    def text(self) -> str:
        """The feedback as one plain line: symbol, verdict, message and (if wrong) the hint."""
        verdict = self.verdict
        tail = f" Hint: {self.hint}" if (self.hint and not self.ok) else ""
        return f"{verdict} ({self.exercise_id}): {self.message}{tail}"

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        e = html.escape
        state = "kz-ok" if self.ok else "kz-wrong"
        if self.status == SENTENCE_MISSING:
            state += " kz-sentence-missing"
        verdict = self.verdict
        hint = (
            f"<br><strong>Hint:</strong> {_code(self.hint)}" if (self.hint and not self.ok) else ""
        )
        return (
            f'<div class="kz-exercise-feedback {state}" role="status"><strong>{verdict}</strong> '
            f"({e(self.exercise_id)}): {e(self.message)}{hint}</div>"
        )


def _result(item: Exercise, ok: bool, message: str, **more: Any) -> ExerciseResult:
    """A result made here (not by marking): more than one answer, a read-only page, ..."""
    return ExerciseResult(item.id, Feedback(ok, message), **more)


def check(
    exercise_id: str,
    answer: Any,
    directory: str | Path | None = None,
    interpretation: Any = None,
) -> ExerciseResult:
    """Check a student's answer to an exercise; never raises on the answer itself.

    The exercise becomes a question of the registered ``exercise`` type (its key computed from
    the data: a broken exercise raises :class:`ExerciseError`) and is checked like any question.
    For an exercise labelled with a history skill a right answer without ``interpretation``
    (a sentence of at least five words) has the status ``sentence missing``, not ``complete``.
    """
    item = get_exercise(exercise_id, directory)
    feedback = core.check(as_question(item, directory), Attempt(answer, interpretation))
    status = attempt_status(item, feedback.correct, interpretation)
    return ExerciseResult(item.id, feedback, item.hint, status=status)


def answer_summary(answer: Any, limit: int = 600) -> str:
    """The student's answer as short text for the progress file and the hand-in."""
    return describe_answer(None, answer, limit)


def save_attempt(result: ExerciseResult, answer: Any, interpretation: Any = None) -> None:
    """Record one checked answer in the progress file (one call into its API).

    The response saved is the answer in short, the marking message, the student's
    interpretation sentence (if given) and the status (``complete``, ``sentence missing``,
    ``not yet``). Re-running a cell with the same answer is not a new try: the same answer
    with a new sentence replaces the last attempt's response instead.
    """
    from ..quizzes.progress import store

    saved = store()
    item = get_exercise(result.exercise_id)
    text = interpretation.strip() if isinstance(interpretation, str) else None
    response = {
        "answer": answer_summary(answer),
        "result": result.message,
        "interpretation": text or None,
        "status": result.status,
    }
    last = saved.get(item.id)
    last_response = last.get("response") if last else None
    same_answer = (
        isinstance(last_response, dict)
        and last_response.get("answer") == response["answer"]
        and last.get("correct") == result.ok
    )
    if same_answer and last_response == response:
        return
    saved.record(item.id, item.notebook, response, result.ok, new_try=not same_answer)


def exercise(
    exercise_id: str, *answer: Any, interpretation: str | None = None
) -> ExercisePrompt | ExerciseResult:
    """Show an exercise's prompt (no answer) or feedback on ``answer`` (✓/✗, words, hint).

    A checked answer is saved in the progress file with ``interpretation`` (the student's
    sentence on what the result means), so it goes into the hand-in. An exercise labelled with
    a history skill is complete only with that sentence: a right answer without it gets
    "✓ Data part right" and one line asking for the sentence (its historical question and an
    example call).
    """
    if not isinstance(exercise_id, str):
        ids = [a for a in answer if isinstance(a, str)]
        order = f'kz.exercise("{ids[0]}", answer)' if ids else 'kz.exercise("timeline-ex1", answer)'
        raise BadCall(f"The exercise id comes first, then your answer: {order}.")
    item = get_exercise(exercise_id)
    if not answer:
        return ExercisePrompt(item)
    if len(answer) > 1:
        return _result(
            item,
            False,
            f"Give one answer after the exercise id (you gave {len(answer)} things). "
            f'Store it first: answer = ..., then kz.exercise("{item.id}", answer).',
            hint=item.hint,
        )
    result = check(exercise_id, answer[0], interpretation=interpretation)
    save_attempt(result, answer[0], interpretation)
    if not result.ok and in_voila():  # the student cannot edit the starting answer here
        return _result(item, False, VOILA_NOTE, read_only=True)
    return result


DATA_PART_RIGHT = "✓ Data part right"  # the verdict of a right answer still missing its sentence
VOILA_NOTE = (
    "This page shows the lesson without its code, so answers cannot be written here. "
    "Open the notebook in JupyterLab to write your answer and check it."
)


def in_voila() -> bool:
    """True in a kernel started by Voila (it sets SERVER_SOFTWARE=voila/<version>)."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila/")
