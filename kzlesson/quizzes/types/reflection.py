"""Reflection: the student's own words, saved and compared with other views (never marked)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import (
    MAX_REFLECTION,
    MIN_REFLECTION_WORDS,
    Feedback,
    Question,
    is_missing,
    not_checked,
    short,
)
from ..registry import QuestionType, register

if TYPE_CHECKING:  # pragma: no cover
    from ..inputs import Input


def _check_reflection(q: Question, response: Any) -> Feedback:
    if not isinstance(response, str) or is_missing(response):
        return not_checked(q, "Write your own answer first (a few sentences), then press Submit.")
    if len(response) > MAX_REFLECTION:
        return not_checked(
            q,
            f"Your answer is {len(response):,} characters long; the limit is {MAX_REFLECTION:,}. "
            "Shorten it, then press Submit (nothing was saved yet).",
        )
    if len(response.split()) < MIN_REFLECTION_WORDS:
        return not_checked(q, "Write a little more first: at least a sentence, then press Submit.")
    reveal = []
    if q.key.perspectives:
        reveal.append(("Other interpretations", q.key.perspectives))
    if q.key.model_answer:
        reveal.append(("A model answer", (q.key.model_answer,)))
    if q.key.rubric:
        reveal.append(("Check your own answer: does it ...", q.key.rubric))
    return Feedback(
        correct=None,
        message="Your answer is saved. Now compare it with what follows; improve it if you like.",
        citation=q.citation,
        explanation=q.key.explanation,
        reveal=tuple(reveal),
    )


def _text_lines(q: Question) -> list[str]:
    return ["  (Write your answer in a few sentences.)"]


def _describe(q: Question, response: Any) -> str:
    if response is None:
        return "(no answer)"
    return str(response) if isinstance(response, str) else short(response, 200)


def _answer(q: Question) -> list[str]:
    return [q.key.model_answer or "(open question: no single right answer)"]


def _notes(q: Question) -> list[tuple[str, tuple[str, ...]]]:
    return [("Rubric", q.key.rubric), ("Perspectives shown", q.key.perspectives)]


def _reflection(q: Question) -> Input:
    import ipywidgets as widgets

    from ..inputs import STYLE, Input, safe_set

    area = widgets.Textarea(
        value="",
        placeholder=q.placeholder or "Write your answer here: a few sentences.",
        description="Your answer:",
        rows=6,
        layout=widgets.Layout(width="100%"),
        style=STYLE,
    )
    return Input(
        [area],
        lambda: area.value,
        lambda v: safe_set(area, v if isinstance(v, str) else ""),
        lambda: safe_set(area, ""),
    )


REFLECTION = register(
    QuestionType(
        name="reflection",
        title="reflection",
        check=_check_reflection,
        key_schema={"$ref": "#/$defs/key_reflection"},
        widget=_reflection,
        describe=_describe,
        answer_parts=_answer,
        text_lines=_text_lines,
        key_notes=_notes,
        answer_label="Model answer",
        marked=False,
    )
)
