"""The quiz model: questions, keys, feedback and the helpers every question type shares.

No checking of its own and no widgets: each question type's checker, widget and texts live in
its family module under :mod:`kzlesson.quizzes.types`, found through
:mod:`kzlesson.quizzes.registry`; :mod:`kzlesson.quizzes.core` dispatches to them.

Choices are checked by id, never by position. The bank lists them in a canonical order (often
the right one first), so everything that shows them uses :func:`display_order`: a stable
shuffle per question id (the same in every run and process) that never shows the answer order.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import registry
from .parsing import fold_text

MAX_TEXT = 300  # a short text answer longer than this is not an attempt
MAX_REFLECTION = 20_000  # a longer reflection is refused (told, not cut); progress saves this much
MIN_REFLECTION_WORDS = 3

OK, WRONG, SAVED, NOT_CHECKED = "✓ Correct", "✗ Not yet", "✎ Saved", "ℹ Not checked"
INTERNAL_PROBLEM = "Sorry, this answer could not be checked"  # check()'s last resort
MAX_SHUFFLES = 50


@dataclass(frozen=True)
class Choice:
    """An option, an item to order or classify, or one side of a matching pair."""

    id: str
    text: str
    ref: str = ""  # the data row it stands for (paragraph, claim, ...), for data checks


@dataclass(frozen=True)
class Cite:
    """One citation shown with the feedback: a label and (optionally) an address."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class Wrong:
    """A typical wrong answer (numeric or text) and the feedback it gets."""

    feedback: str
    value: float | None = None  # numeric
    tolerance: float = 0.0  # numeric
    accept: frozenset[str] = frozenset()  # text: folded forms
    shown: tuple[str, ...] = ()  # text: the forms as written


@dataclass(frozen=True, repr=False)
class Key:
    """The decoded answer of a question: kept out of ``repr`` so printing never shows it."""

    answer: Any = None
    explanation: str = ""
    feedback: Mapping[str, str] = field(default_factory=dict)
    tolerance: float = 0.0
    unit: str = ""
    accept: frozenset[str] = frozenset()  # text: folded forms of every accepted answer
    accept_shown: tuple[str, ...] = ()  # text: the accepted forms as written (answer key)
    wrong: tuple[Wrong, ...] = ()
    too_low: str = ""
    too_high: str = ""
    other: str = ""  # text/numeric: feedback for any other wrong answer
    model_answer: str = ""  # reflection
    rubric: tuple[str, ...] = ()  # reflection
    perspectives: tuple[str, ...] = ()  # reflection

    def __repr__(self) -> str:
        return "Key(hidden)"


@dataclass(frozen=True, repr=False)
class Question:
    """One quiz question. ``repr`` and ``str`` show the prompt and options, never the answer."""

    id: str
    notebook: str
    type: str
    prompt: str
    key: Key
    hint: str = ""
    skill: str = ""  # sourcing, contextualisation, close-reading or corroboration
    paragraphs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    citations: tuple[Cite, ...] = ()
    data_refs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    data_check: Mapping[str, str] = field(default_factory=dict)
    options: tuple[Choice, ...] = ()  # single, multi
    items: tuple[Choice, ...] = ()  # ordering, classify
    left: tuple[Choice, ...] = ()  # matching
    right: tuple[Choice, ...] = ()  # matching
    labels: tuple[str, ...] = ()  # classify
    unit: str = ""  # numeric: shown next to the box
    placeholder: str = ""

    def __repr__(self) -> str:
        title = registry.TITLES.get(self.type, self.type)
        return f"<Question {self.id} ({title}): {self.prompt!r}>"

    def __str__(self) -> str:
        return question_text(self)

    @property
    def citation(self) -> str:
        """The citations as one line of text."""
        return citation_text(self.citations)


@dataclass(frozen=True)
class Part:
    """Right or wrong for one option, position, pair or item."""

    label: str
    ok: bool | None
    note: str = ""


@dataclass(frozen=True)
class Feedback:
    """The result of :func:`check`: words plus a symbol, never colour alone."""

    correct: bool | None
    message: str
    parts: tuple[Part, ...] = ()
    citation: str = ""
    explanation: str = ""
    counted: bool = True
    reveal: tuple[tuple[str, tuple[str, ...]], ...] = ()  # reflection: (heading, lines)

    @property
    def headline(self) -> str:
        """ "✓ Correct", "✗ Not yet", "✎ Saved" or "ℹ Not checked"."""
        if not self.counted:
            return NOT_CHECKED
        if self.correct is None:
            return SAVED
        return OK if self.correct else WRONG

    def text(self) -> str:
        """The whole feedback as plain text."""
        lines = [f"{self.headline}: {self.message}"]
        for p in self.parts:
            lines.append(f"  {_mark(p.ok)} {p.label}" + (f" — {p.note}" if p.note else ""))
        if self.explanation:
            lines.append(self.explanation)
        for heading, items in self.reveal:
            lines.append(f"{heading}:")
            lines += [f"  - {item}" for item in items]
        if self.citation and self.counted:
            lines.append(f"Sources: {self.citation}")
        return "\n".join(lines)

    def html(self, citations: tuple[Cite, ...] = ()) -> str:
        """The whole feedback as escaped HTML (``citations`` add links to the sources).

        Feedback that was not an attempt (``counted=False``) shows no sources.
        """
        e = html.escape
        citations = citations if self.counted else ()
        out = [f"<p><strong>{e(self.headline)}</strong>: {e(self.message)}</p>"]
        if self.parts:
            rows = "".join(
                f"<li>{e(_mark(p.ok))} {e(p.label)}{' — ' + e(p.note) if p.note else ''}</li>"
                for p in self.parts
            )
            out.append(f"<ul>{rows}</ul>")
        if self.explanation:
            out.append(f"<p>{e(self.explanation)}</p>")
        for heading, items in self.reveal:
            rows = "".join(f"<li>{e(item)}</li>" for item in items)
            out.append(f"<p><strong>{e(heading)}</strong></p><ul>{rows}</ul>")
        if citations:
            out.append(f"<p><em>Sources:</em> {citation_html(citations)}</p>")
        elif self.citation and self.counted:
            out.append(f"<p><em>Sources:</em> {e(self.citation)}</p>")
        return "".join(out)


def _mark(ok: bool | None) -> str:
    """The symbol for one part."""
    return "✓" if ok else ("✗" if ok is False else "•")


def citation_text(citations: tuple[Cite, ...]) -> str:
    """Citations as one line of plain text."""
    return "; ".join(c.label + (f" <{c.url}>" if c.url else "") for c in citations)


def citation_html(citations: tuple[Cite, ...]) -> str:
    """Citations as escaped HTML with links."""
    e = html.escape
    parts = []
    for c in citations:
        if c.url:
            parts.append(
                f'<a href="{e(c.url, quote=True)}" target="_blank" rel="noopener" '
                f'style="text-decoration:underline">{e(c.label)}</a>'
            )
        else:
            parts.append(e(c.label))
    return "; ".join(parts)


# --- the order choices are shown in ---------------------------------------------------------


def _rank(question_id: str, field_name: str, attempt: int, choice_id: str) -> bytes:
    """A stable pseudo-random sort key (sha256, not Python's per-process ``hash``)."""
    text = f"{question_id}\x00{field_name}\x00{attempt}\x00{choice_id}"
    return hashlib.sha256(text.encode("utf-8")).digest()


def _gives_away(question: Question, field_name: str, shown: tuple[Choice, ...]) -> bool:
    """True if ``shown`` lines up with the answer: ordering items already in the right order,
    or every matching choice next to its left item (checked from three choices up; with two, a
    rule would itself give the answer away).
    """
    ids = tuple(c.id for c in shown)
    answer = question.key.answer
    if len(ids) < 3:
        return False
    if field_name == "items" and question.type == "ordering":
        return ids == tuple(answer or ())
    if field_name == "right" and isinstance(answer, Mapping) and len(question.left) == len(ids):
        return all(answer.get(left.id) == i for left, i in zip(question.left, ids, strict=True))
    return False


def display_order(question: Question, field_name: str) -> tuple[Choice, ...]:
    """The choices of ``field_name`` ("options", "items", "right") in the order students see.

    A shuffle seeded by the question id (sha256), so it is the same in every run, process and
    machine, and independent of the bank's order (which often lists the answer first). Ordering
    items are never shown in the right order, matching choices never line up with their left
    items.
    """
    choices: tuple[Choice, ...] = getattr(question, field_name)
    if len(choices) < 2:
        return choices
    for attempt in range(MAX_SHUFFLES):
        shown = tuple(sorted(choices, key=lambda c: _rank(question.id, field_name, attempt, c.id)))
        if not _gives_away(question, field_name, shown):
            return shown
    return choices[1:] + choices[:1]  # pragma: no cover - 50 unlucky shuffles in a row


def skill_name(skill: str) -> str:
    """A skill id as words for a reader: "close-reading" -> "close reading"."""
    return skill.replace("-", " ")


def question_text(question: Question) -> str:
    """The question as plain text: prompt and choices, never the answer (for print and GitHub)."""
    title = registry.TITLES.get(question.type, question.type)
    lines = [f"{question.id} ({title}): {question.prompt}"]
    qtype = registry.get(question.type)
    if qtype is not None:
        lines += qtype.text_lines(question)
    return "\n".join(lines)


# --- turning responses into ids -------------------------------------------------------------


def is_missing(value: Any) -> bool:
    """None, NaN, pandas NA or a blank string."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    return type(value).__name__ in ("NAType", "NaTType")


def choice_id(choices: tuple[Choice, ...], value: Any) -> str | None:
    """The id of the choice ``value`` names (by id or by text); None if it names none."""
    if not isinstance(value, str) or len(value) > 2000:
        return None
    for choice in choices:
        if value == choice.id:
            return choice.id
    folded = fold_text(value)
    if not folded:
        return None
    for choice in choices:
        if folded == fold_text(choice.text) or folded == fold_text(choice.id):
            return choice.id
    return None


def as_list(response: Any) -> list[Any] | None:
    """A list of the response's items, or None if it is not a list-like value."""
    if isinstance(response, (list, tuple)):
        return list(response)
    if isinstance(response, (set, frozenset)):
        return sorted(response, key=repr)
    return None


def short(text: Any, limit: int = 40) -> str:
    """Show a bit of what the student typed."""
    shown = str(text) if isinstance(text, (str, int, float)) else type(text).__name__
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def not_checked(question: Question, message: str) -> Feedback:
    """A response that is not an attempt."""
    return Feedback(correct=False, message=message, counted=False)


_ECHO = {True: ("Right", "Correct", "Yes"), False: ("No", "Wrong")}


def without_echo(message: str, correct: bool) -> str:
    """Drop a leading "Right:" (or "No:") that would repeat the headline: the feedback shows
    as "✓ Correct: <message>", and "✓ Correct: Right: ..." says it twice."""
    for word in _ECHO[correct]:
        for mark in (": ", ", ", ". ", "! "):
            if message.startswith(word + mark) and len(message) > len(word) + 2:
                rest = message[len(word) + len(mark) :]
                return rest[:1].upper() + rest[1:]
    return message


def result(
    question: Question, correct: bool, message: str, parts: tuple[Part, ...] = ()
) -> Feedback:
    """A counted result; the explanation is added only when the answer is correct."""
    return Feedback(
        correct=correct,
        message=without_echo(message, correct),
        parts=parts,
        citation=question.citation,
        explanation=question.key.explanation if correct else "",
    )
