"""The question-type registry: one plain dict, filled by explicit :func:`register` calls.

Each question type is a :class:`QuestionType` record of plain functions, written in the module of
its family under :mod:`kzlesson.quizzes.types` (choice, typed, arrange, reflection, exercise),
which calls ``register(...)`` at import. Everything that differs by type (structure check,
check, question text, describe, widget, answer-key text) is looked up here with :func:`get`,
never in an if-chain, so a new type is one module plus (optionally) its key schema in
``data/quizzes/schema.json``. This module imports nothing from kzlesson, so anything may import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Check = Callable[[Any, Any], Any]  # (Question, response) -> Feedback


def _no_structure(raw: dict[str, Any], key: dict[str, Any]) -> list[str]:
    """No checks beyond the key schema."""
    return []


def _no_lines(question: Any) -> list[str]:
    """Nothing to list."""
    return []


def _no_notes(question: Any) -> list[tuple[str, tuple[str, ...]]]:
    """No extra sections in the answer key."""
    return []


@dataclass(frozen=True)
class QuestionType:
    """Everything kzlesson does differently for one question type.

    ``check(question, response) -> Feedback`` must not raise on any response (``core.check``
    still guards it). ``key_schema`` is the JSON Schema of the decoded answer; it may refer to
    the bank schema's shared ``#/$defs/...`` (``{"$ref": "#/$defs/key_single"}``). ``widget``
    returns the view's ``Input`` (widgets plus get/set/clear) and may import ipywidgets.
    """

    name: str
    title: str  # in words, e.g. "single choice"
    check: Check
    key_schema: dict[str, Any]
    widget: Callable[[Any], Any]
    describe: Callable[[Any, Any], str]  # (question, response) -> the response in words
    answer_parts: Callable[[Any], list[str]]  # the right answer, one line per part
    text_lines: Callable[[Any], list[str]] = _no_lines  # the question on paper, after its prompt
    structure: Callable[[dict[str, Any], dict[str, Any]], list[str]] = _no_structure
    key_choices: Callable[[Any], list[str]] = _no_lines  # choices listed in the answer key
    key_choices_html: Callable[[Any], str] | None = None  # when a plain list will not do
    key_notes: Callable[[Any], list[tuple[str, tuple[str, ...]]]] = _no_notes
    answer_label: str = "Answer"
    answer_joiner: str = "; "  # the answer parts on one line
    ordered_answer: bool = False  # the answer parts are a sequence (numbered list)
    marked: bool = True  # False: saved, never right or wrong (Submit, no retry, no hint)
    fields: tuple[str, ...] = field(default=())  # choice lists it uses: options, items, ...
    in_bank: bool = True  # False: not written in the quiz bank (exercises have files of their own)


TYPES: dict[str, QuestionType] = {}
TITLES: dict[str, str] = {}  # name -> title, kept with TYPES (``core.TYPE_NAMES``)


def register(question_type: QuestionType) -> QuestionType:
    """Add a question type (replacing one of the same name) and return it."""
    TYPES[question_type.name] = question_type
    TITLES[question_type.name] = question_type.title
    return question_type


def unregister(name: str) -> None:
    """Remove a question type (tests that register a toy type clean up with this)."""
    TYPES.pop(name, None)
    TITLES.pop(name, None)


def get(name: str) -> QuestionType | None:
    """The registered type called ``name``, or None."""
    return TYPES.get(name)
