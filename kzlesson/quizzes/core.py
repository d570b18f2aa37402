"""Quiz questions and the pure checking function (no widgets here).

``check(question, response)`` turns whatever a student gave into a :class:`Feedback`. It never
raises: ``None``, empty strings, huge strings, wrong types, nested lists, NaN and random Unicode all
give a Feedback whose message says what to do. A response that is not an attempt at all (nothing
chosen, no number found, a position left empty, a near-miss spelling) gives ``counted=False``:
the quiz does not count it as an attempt and does not save it; its headline is "ℹ Not checked".

Choices are checked by id, never by position. The bank lists them in a canonical order (often
the right one first), so everything that shows them uses :func:`display_order`: a stable
shuffle per question id (the same in every run and process) that never shows the answer order.

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

import hashlib
import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .parsing import (
    CLOSE_ENOUGH,
    NumberError,
    answer_words,
    closeness,
    dotted_thousands,
    find_form,
    fold_text,
    is_filler,
    parse_number,
)

TYPES = (
    "single",
    "multi",
    "truefalse",
    "numeric",
    "text",
    "ordering",
    "matching",
    "classify",
    "reflection",
)
TYPE_NAMES = {
    "single": "single choice",
    "multi": "multiple select",
    "truefalse": "true or false",
    "numeric": "number",
    "text": "short answer",
    "ordering": "put in order",
    "matching": "matching",
    "classify": "classify",
    "reflection": "reflection",
}
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
        return f"<Question {self.id} ({TYPE_NAMES.get(self.type, self.type)}): {self.prompt!r}>"

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
    lines = [f"{question.id} ({TYPE_NAMES.get(question.type, question.type)}): {question.prompt}"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    if question.type in ("single", "multi"):
        box = "( )" if question.type == "single" else "[ ]"
        lines += [f"  {box} {c.text}" for c in display_order(question, "options")]
    elif question.type == "truefalse":
        lines.append("  ( ) True   ( ) False")
    elif question.type in ("numeric", "text"):
        lines.append("  Answer: ________" + (f" {question.unit}" if question.unit else ""))
    elif question.type == "ordering":
        lines += [f"  - {c.text}" for c in display_order(question, "items")]
        blanks = "  ".join(f"{n}. ____" for n in range(1, len(question.items) + 1))
        lines.append(f"  Order: {blanks}")
    elif question.type == "matching":
        lines += [f"  {n}. {c.text}  -> ____" for n, c in enumerate(question.left, 1)]
        right = display_order(question, "right")
        lines += [f"     {letters[i % 26]}) {c.text}" for i, c in enumerate(right)]
    elif question.type == "classify":
        lines.append("  Labels: " + " / ".join(question.labels))
        lines += [f"  {n}. {c.text}  -> ____" for n, c in enumerate(question.items, 1)]
    elif question.type == "reflection":
        lines.append("  (Write your answer in a few sentences.)")
    return "\n".join(lines)


# --- turning responses into ids -------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    """None, NaN, pandas NA or a blank string."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    return type(value).__name__ in ("NAType", "NaTType")


def _choice_id(choices: tuple[Choice, ...], value: Any) -> str | None:
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


def _as_list(response: Any) -> list[Any] | None:
    """A list of the response's items, or None if it is not a list-like value."""
    if isinstance(response, (list, tuple)):
        return list(response)
    if isinstance(response, (set, frozenset)):
        return sorted(response, key=repr)
    return None


def _short(text: Any, limit: int = 40) -> str:
    """Show a bit of what the student typed."""
    shown = str(text) if isinstance(text, (str, int, float)) else type(text).__name__
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _not_checked(question: Question, message: str) -> Feedback:
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


def _result(
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


def _score_items(
    q: Question,
    items: tuple[Choice, ...],
    given: dict[str, str],
    shown: dict[str, str],
    all_right: str,
    some_right: str,
) -> Feedback:
    """Mark each item's given answer against the key (matching and classify share this)."""
    parts = []
    for item in items:
        ok = given[item.id] == q.key.answer[item.id]
        note = "" if ok else q.key.feedback.get(item.id, "")
        parts.append(Part(shown[item.id], ok, note))
    right = sum(p.ok is True for p in parts)
    correct = right == len(items)
    message = all_right if correct else some_right.format(right=right, n=len(items))
    return _result(q, correct, message, tuple(parts))


# --- one checker per type -------------------------------------------------------------------


def _check_single(q: Question, response: Any) -> Feedback:
    if _is_missing(response):
        return _not_checked(q, "Choose one of the options first, then press Check.")
    chosen = _choice_id(q.options, response)
    if chosen is None:
        return _not_checked(q, f"{_short(response)!r} is not one of the options: choose one.")
    correct = chosen == q.key.answer
    parts = tuple(Part(c.text, correct) for c in q.options if c.id == chosen)
    return _result(q, correct, q.key.feedback.get(chosen, ""), parts)


def _check_multi(q: Question, response: Any) -> Feedback:  # noqa: C901 - branches per answer shape; to split with the question-type registry
    items = _as_list(response)
    if items is None:
        items = [] if _is_missing(response) else [response]
    chosen: list[str] = []
    for item in items:
        if _is_missing(item):
            continue
        option = _choice_id(q.options, item)
        if option is None:
            return _not_checked(q, f"{_short(item)!r} is not one of the options.")
        if option not in chosen:
            chosen.append(option)
    if not chosen:
        return _not_checked(q, "Tick at least one box, then press Check.")
    answer = set(q.key.answer)
    extra = [c for c in q.options if c.id in chosen and c.id not in answer]
    missing = [c for c in q.options if c.id in answer and c.id not in chosen]
    parts = []
    for c in display_order(q, "options"):
        if c.id in chosen:
            ok = c.id in answer
            parts.append(Part(c.text, ok, "" if ok else "should not be ticked"))
        elif c.id in answer:
            parts.append(Part(c.text, False, "missing"))
    correct = not extra and not missing
    if correct:
        message = "You ticked exactly the right options."
    else:
        bits = []
        if extra:
            notes = " ".join(f"'{c.text}': {q.key.feedback.get(c.id, '')}" for c in extra)
            bits.append(f"Not right: {notes}")
        if missing:
            bits.append("Missing: " + ", ".join(f"'{c.text}'" for c in missing) + ".")
        message = " ".join(bits)
    return _result(q, correct, message, tuple(parts))


_TRUE = {"true", "t", "yes", "y", "1", "right", "correct"}
_FALSE = {"false", "f", "no", "n", "0", "wrong", "incorrect"}


def _as_bool(response: Any) -> bool | None:
    """True/False from a bool or a word; None if it is neither."""
    if isinstance(response, bool):
        return response
    if type(response).__name__ == "bool_":  # numpy
        return bool(response)
    if isinstance(response, str) and len(response) < 20:
        word = response.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def _check_truefalse(q: Question, response: Any) -> Feedback:
    if _is_missing(response):
        return _not_checked(q, "Choose True or False first, then press Check.")
    value = _as_bool(response)
    if value is None:
        return _not_checked(q, f"{_short(response)!r} is neither True nor False: choose one.")
    correct = value == bool(q.key.answer)
    feedback = q.key.feedback.get("true" if value else "false", "")
    return _result(q, correct, feedback, (Part("True" if value else "False", correct),))


def _check_numeric(q: Question, response: Any) -> Feedback:
    if _is_missing(response):
        return _not_checked(q, "Type a number first, e.g. 120, then press Check.")
    if abs(float(q.key.answer)) >= 1000 and dotted_thousands(response):
        return _not_checked(
            q,
            f"Is {_short(response).strip()!r} a number with decimals or thousands? Write it "
            "without a dot, e.g. 39000 or 39 000, then press Check.",
        )
    try:
        value = parse_number(response)
    except NumberError as exc:
        return _not_checked(q, str(exc))
    target = float(q.key.answer)
    shown = f"{value:g}" + (f" {q.key.unit}" if q.key.unit else "")
    if abs(value - target) <= q.key.tolerance:
        return _result(q, True, f"{shown} is right.", (Part(shown, True),))
    for wrong in q.key.wrong:
        if wrong.value is not None and abs(value - wrong.value) <= wrong.tolerance:
            return _result(q, False, wrong.feedback, (Part(shown, False),))
    if target.is_integer() and q.key.tolerance == 0 and not float(value).is_integer():
        # e.g. "05.01" typed for a day of the month: say so without counting an attempt
        return _not_checked(
            q,
            f"{_short(response).strip()!r} is not a whole number, and the answer is one: type it "
            "without a dot or decimals, then press Check.",
        )
    if q.key.other:
        message = q.key.other
    elif value < target:
        message = q.key.too_low or f"{shown} is too low."
    else:
        message = q.key.too_high or f"{shown} is too high."
    return _result(q, False, message, (Part(shown, False),))


def _text_response(response: Any) -> Any:
    """A typed number as text (huge or non-finite numbers become blank); anything else as is."""
    if isinstance(response, bool) or not isinstance(response, (int, float)):
        return response
    if isinstance(response, int):
        return str(response) if abs(response) < 10**50 else ""
    return str(response) if math.isfinite(response) else ""


def _mentions(q: Question, words: list[str]) -> list[tuple[int, set[int]]]:
    """(entry, positions) for each answer the words name: entry 0 is right, n is wrong[n-1]."""
    forms = [q.key.accept, *(w.accept for w in q.key.wrong)]
    found = [(n, find_form(words, f)) for n, f in enumerate(forms)]
    return [(n, positions) for n, positions in found if positions]


def _text_verdict(q: Question, shown: str, entry: int) -> Feedback:
    """The counted result for the right answer (entry 0) or a listed wrong one."""
    if entry == 0:
        return _result(q, True, f"'{shown}' is right.", (Part(shown, True),))
    return _result(q, False, q.key.wrong[entry - 1].feedback, (Part(shown, False),))


def _check_text(q: Question, response: Any) -> Feedback:  # noqa: C901 - branches per answer shape; to split with the question-type registry
    response = _text_response(response)
    if _is_missing(response) or not isinstance(response, str):
        return _not_checked(q, "Type your answer first (a name or a few words), then press Check.")
    if len(response) > MAX_TEXT:
        return _not_checked(q, "That is long for a short answer: type just a name or a few words.")
    folded = fold_text(response)
    if not folded:
        return _not_checked(q, "Type letters or digits, then press Check.")
    shown = response.strip()
    if folded in q.key.accept:
        return _text_verdict(q, shown, 0)
    for n, wrong in enumerate(q.key.wrong, 1):
        if folded in wrong.accept:
            return _text_verdict(q, shown, n)
    words = answer_words(response)
    mentions = _mentions(q, words)
    if len(mentions) > 1:
        return _not_checked(q, "You named more than one answer: type one only, then press Check.")
    if mentions:
        entry, positions = mentions[0]
        extra = [w for i, w in enumerate(words) if i not in positions and not is_filler(w)]
        if not extra:
            return _text_verdict(q, shown, entry)
        return _not_checked(
            q, "Type just your answer (a name), without other words, then press Check."
        )
    right = closeness(words, q.key.accept)
    wrong = [closeness(words, w.accept) for w in q.key.wrong]
    if right >= CLOSE_ENOUGH and right >= max(wrong, default=0.0):
        return _not_checked(
            q, f"Almost: check the spelling of '{_short(shown)}', then press Check."
        )
    if wrong and max(wrong) >= CLOSE_ENOUGH:
        return _text_verdict(q, shown, wrong.index(max(wrong)) + 1)
    message = q.key.other or f"'{shown}' is not the answer I am looking for. Check the spelling."
    return _result(q, False, message, (Part(shown, False),))


def _check_ordering(q: Question, response: Any) -> Feedback:  # noqa: C901 - branches per answer shape; to split with the question-type registry
    values = _as_list(response)
    n = len(q.items)
    if values is None or not values or all(_is_missing(v) for v in values):
        return _not_checked(q, f"Choose an item for each of the {n} positions, then press Check.")
    if len(values) != n:
        return _not_checked(q, f"Give exactly {n} items, one per position ({len(values)} given).")
    order: list[str] = []
    for position, value in enumerate(values, 1):
        if _is_missing(value):
            return _not_checked(q, f"Position {position} is still empty: choose an item for it.")
        item = _choice_id(q.items, value)
        if item is None:
            return _not_checked(q, f"Position {position}: {_short(value)!r} is not an item.")
        if item in order:
            text = next(c.text for c in q.items if c.id == item)
            return _not_checked(q, f"'{text}' is used twice: each item goes in one position only.")
        order.append(item)
    texts = {c.id: c.text for c in q.items}
    parts = []
    right = []
    for position, (given, expected) in enumerate(zip(order, q.key.answer, strict=False), 1):
        ok = given == expected
        note = "" if ok else q.key.feedback.get(given, "not in this position")
        parts.append(Part(f"Position {position}: {texts[given]}", ok, note))
        if ok:
            right.append(str(position))
    correct = len(right) == n
    if correct:
        message = "Every item is in the right position."
    elif right:
        where = (
            f"position {right[0]}"
            if len(right) == 1
            else f"positions {', '.join(right[:-1])} and {right[-1]}"
        )
        verb = "is" if len(right) == 1 else "are"
        message = f"{len(right)} of {n} positions {verb} right ({where}); the others are not."
    else:
        message = f"None of the {n} positions is right yet."
    return _result(q, correct, message, tuple(parts))


def _pairs(keys: tuple[Choice, ...], response: Any, what: str) -> tuple[dict[str, Any] | None, str]:
    """Turn a dict (by id or text) or a list (in order) into {key id: value}; or an error."""
    if isinstance(response, Mapping):
        given: dict[str, Any] = {}
        for raw_key, value in response.items():
            key = _choice_id(keys, raw_key)
            if key is None:
                return None, f"{_short(raw_key)!r} is not one of the {what}."
            given[key] = value
        return given, ""
    values = _as_list(response)
    if values is None:
        return None, f"Choose an answer for each of the {len(keys)} {what}, then press Check."
    if len(values) != len(keys):
        return None, f"Give one answer for each of the {len(keys)} {what} (you gave {len(values)})."
    return {c.id: v for c, v in zip(keys, values, strict=True)}, ""


def _check_matching(q: Question, response: Any) -> Feedback:
    given, problem = _pairs(q.left, response, "items on the left")
    if given is None:
        return _not_checked(q, problem)
    matched: dict[str, str] = {}
    for n, left in enumerate(q.left, 1):
        value = given.get(left.id)
        if _is_missing(value):
            return _not_checked(q, f"Item {n} ('{_short(left.text)}') has no match: choose one.")
        right = _choice_id(q.right, value)
        if right is None:
            return _not_checked(q, f"Item {n}: {_short(value)!r} is not one of the choices.")
        matched[left.id] = right
    texts = {c.id: c.text for c in q.right}
    shown = {left.id: f"{left.text} → {texts[matched[left.id]]}" for left in q.left}
    return _score_items(
        q,
        q.left,
        matched,
        shown,
        "Every pair is right.",
        "{right} of {n} pairs are right; see the notes on the others.",
    )


def _check_classify(q: Question, response: Any) -> Feedback:
    given, problem = _pairs(q.items, response, "statements")
    if given is None:
        return _not_checked(q, problem)
    labels = {fold_text(label): label for label in q.labels}
    chosen: dict[str, str] = {}
    for n, item in enumerate(q.items, 1):
        value = given.get(item.id)
        if _is_missing(value):
            return _not_checked(q, f"Statement {n} has no label yet: choose one.")
        label = None
        if isinstance(value, str) and len(value) < 100:
            label = labels.get(fold_text(value))
        if label is None:
            allowed = ", ".join(q.labels)
            return _not_checked(q, f"Statement {n}: {_short(value)!r} is not a label ({allowed}).")
        chosen[item.id] = label
    shown = {item.id: f"{item.text} → your label: {chosen[item.id]}" for item in q.items}
    return _score_items(
        q,
        q.items,
        chosen,
        shown,
        "Every statement is labelled right.",
        "{right} of {n} statements are labelled right.",
    )


def _check_reflection(q: Question, response: Any) -> Feedback:
    if not isinstance(response, str) or _is_missing(response):
        return _not_checked(q, "Write your own answer first (a few sentences), then press Submit.")
    if len(response) > MAX_REFLECTION:
        return _not_checked(
            q,
            f"Your answer is {len(response):,} characters long; the limit is {MAX_REFLECTION:,}. "
            "Shorten it, then press Submit (nothing was saved yet).",
        )
    if len(response.split()) < MIN_REFLECTION_WORDS:
        return _not_checked(q, "Write a little more first: at least a sentence, then press Submit.")
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


_CHECKERS = {
    "single": _check_single,
    "multi": _check_multi,
    "truefalse": _check_truefalse,
    "numeric": _check_numeric,
    "text": _check_text,
    "ordering": _check_ordering,
    "matching": _check_matching,
    "classify": _check_classify,
    "reflection": _check_reflection,
}


def check(question: Question, response: Any) -> Feedback:
    """Check a student's response to ``question``; never raises (see the module docstring)."""
    checker = _CHECKERS.get(question.type)
    if checker is None:
        return Feedback(False, f"Unknown question type {question.type!r}.", counted=False)
    try:
        return checker(question, response)
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
        return _describe(question, response)
    except Exception:  # noqa: BLE001
        return _short(response, 200)


def _describe(q: Question, response: Any) -> str:
    if response is None:
        return "(no answer)"
    if q.type == "single":
        chosen = _choice_id(q.options, response)
        return next((c.text for c in q.options if c.id == chosen), _short(response, 200))
    if q.type == "multi":
        items = _as_list(response)
        items = [response] if items is None else items
        names = {c.id: c.text for c in q.options}
        texts = [names.get(_choice_id(q.options, i) or "", _short(i)) for i in items]
        return "; ".join(texts) if texts else "(nothing ticked)"
    if q.type == "truefalse":
        value = _as_bool(response)
        return "(no answer)" if value is None else ("True" if value else "False")
    if q.type == "ordering":
        items = _as_list(response) or []
        texts = {c.id: c.text for c in q.items}
        return " → ".join(texts.get(_choice_id(q.items, i) or "", "(empty)") for i in items)
    if q.type in ("matching", "classify"):
        keys = q.left if q.type == "matching" else q.items
        given, _ = _pairs(keys, response, "items")
        if given is None:
            return _short(response, 200)
        values = {c.id: c.text for c in q.right}
        return "; ".join(
            f"{c.text} → {values.get(str(given.get(c.id)), given.get(c.id)) or '(empty)'}"
            for c in keys
        )
    return str(response) if isinstance(response, str) else _short(response, 200)


def answer_parts(question: Question) -> list[str]:
    """The correct answer as a list of lines for an answer key: one per ticked option, item
    in order, pair or label; a single line for the other types."""
    q, key = question, question.key
    if q.type == "multi":
        return [c.text for c in q.options if c.id in key.answer]
    if q.type == "ordering":
        texts = {c.id: c.text for c in q.items}
        return [texts[i] for i in key.answer]
    if q.type == "matching":
        texts = {c.id: c.text for c in q.right}
        return [f"{c.text} → {texts[key.answer[c.id]]}" for c in q.left]
    if q.type == "classify":
        return [f"{c.text} → {key.answer[c.id]}" for c in q.items]
    return [_single_answer(q)]


def describe_answer(question: Question) -> str:
    """The correct answer in words, for the teacher's answer key (one line)."""
    return (" → " if question.type == "ordering" else "; ").join(answer_parts(question))


def _single_answer(q: Question) -> str:
    """The answer of a one-part type (single, true/false, numeric, text, reflection)."""
    key = q.key
    if q.type == "single":
        return next(c.text for c in q.options if c.id == key.answer)
    if q.type == "truefalse":
        return "True" if key.answer else "False"
    if q.type == "numeric":
        unit = f" {key.unit}" if key.unit else ""
        tolerance = f" (accepted: ±{key.tolerance:g})" if key.tolerance else ""
        return f"{float(key.answer):g}{unit}{tolerance}"
    if q.type == "text":
        return " / ".join(key.accept_shown)
    return key.model_answer or "(open question: no single right answer)"
