"""Checking, describing and answering a question: one dispatch through the type registry.

``check(question, response)`` turns whatever a student gave into a :class:`Feedback`. It never
raises: ``None``, empty strings, huge strings, wrong types, nested lists, NaN and random Unicode all
give a Feedback whose message says what to do. A response that is not an attempt at all (nothing
chosen, no number found, a position left empty, a near-miss spelling) gives ``counted=False``:
the quiz does not count it as an attempt and does not save it; its headline is "ℹ Not checked".

Each question type's checker, texts and widget live in its family module under
:mod:`kzlesson.quizzes.types` (imported here, which registers them); this module looks the type
up in :mod:`kzlesson.quizzes.registry`. The dataclasses live in :mod:`kzlesson.quizzes.model`
and are re-exported here, so ``from kzlesson.quizzes.core import Question`` keeps working.

Responses by question type (what the widgets produce; the alternatives are also accepted):

========== =============================================================================
single     an option id (or the option's text)
multi      a list/tuple/set of option ids (or texts)
truefalse  ``True``/``False`` (or "true", "false", "yes", "no", "t", "f")
numeric    a number or text holding one number (see :mod:`kzlesson.quizzes.parsing`)
text       a string: an accepted form, alone or with filler words ("in Almaty", "Astana
           city", "Tengizchevroil (TCO)"); a near-miss spelling is not counted
ordering   a list of item ids (or texts), earliest/first first
matching   a dict left id -> right id, or a list of right ids in the order of the left items
classify   a dict item id -> label, or a list of labels in the order of the items
reflection a string (the student's own text)
========== =============================================================================
"""

from __future__ import annotations

from typing import Any

from . import registry, types
from .model import (
    INTERNAL_PROBLEM,
    MAX_REFLECTION,
    MAX_TEXT,
    MIN_REFLECTION_WORDS,
    NOT_CHECKED,
    OK,
    SAVED,
    WRONG,
    Choice,
    Cite,
    Feedback,
    Key,
    Part,
    Question,
    Wrong,
    citation_html,
    citation_text,
    display_order,
    question_text,
    short,
    skill_name,
    without_echo,
)

__all__ = [
    "INTERNAL_PROBLEM",
    "MAX_REFLECTION",
    "MAX_TEXT",
    "MIN_REFLECTION_WORDS",
    "NOT_CHECKED",
    "OK",
    "SAVED",
    "TYPES",
    "TYPE_NAMES",
    "WRONG",
    "Choice",
    "Cite",
    "Feedback",
    "Key",
    "Part",
    "Question",
    "Wrong",
    "answer_parts",
    "check",
    "citation_html",
    "citation_text",
    "describe_answer",
    "describe_response",
    "display_order",
    "question_text",
    "skill_name",
    "types",
    "without_echo",
]

TYPES = tuple(name for name, t in registry.TYPES.items() if t.in_bank)  # the bank may use these
TYPE_NAMES = registry.TITLES  # type -> words, e.g. "single" -> "single choice" (kept up to date)


def check(question: Question, response: Any) -> Feedback:
    """Check a student's response to ``question``; never raises (see the module docstring)."""
    qtype = registry.get(question.type)
    if qtype is None:
        return Feedback(False, f"Unknown question type {question.type!r}.", counted=False)
    try:
        return qtype.check(question, response)
    except Exception as exc:  # noqa: BLE001 - a student's answer must never give a traceback
        return Feedback(
            correct=False,
            message=f"{INTERNAL_PROBLEM} ({exc.__class__.__name__}). "
            "Try typing it another way, and tell your teacher.",
            counted=False,
        )


# --- readable answers (export, answer key) ---------------------------------------------------


def describe_response(question: Question, response: Any) -> str:
    """The student's response in words (option texts instead of ids); never raises."""
    try:
        if response is None:
            return "(no answer)"
        qtype = registry.get(question.type)
        if qtype is None:
            return short(response, 200)
        return qtype.describe(question, response)
    except Exception:  # noqa: BLE001
        return short(response, 200)


def answer_parts(question: Question) -> list[str]:
    """The correct answer as a list of lines for an answer key: one per ticked option, item
    in order, pair or label; a single line for the other types."""
    qtype = registry.get(question.type)
    if qtype is None:
        return [f"(unknown question type {question.type!r})"]
    return qtype.answer_parts(question)


def describe_answer(question: Question) -> str:
    """The correct answer in words, for the teacher's answer key (one line)."""
    qtype = registry.get(question.type)
    joiner = qtype.answer_joiner if qtype is not None else "; "
    return joiner.join(answer_parts(question))
