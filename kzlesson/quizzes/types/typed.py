"""Typed questions: a number or a short text answer."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..model import (
    MAX_TEXT,
    Feedback,
    Part,
    Question,
    is_missing,
    not_checked,
    result,
    short,
)
from ..parsing import (
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
from ..registry import QuestionType, register

if TYPE_CHECKING:  # pragma: no cover
    from ..inputs import Input


def _names_something(entry: dict[str, Any]) -> bool:
    return bool(entry.get("accept") or entry.get("place") or entry.get("actor"))


def _structure_text(raw: dict[str, Any], key: dict[str, Any]) -> list[str]:
    found = []
    if not _names_something(key):
        found.append("a text answer needs 'accept', 'place' or 'actor'")
    for n, wrong_entry in enumerate(key["wrong"]):
        if not _names_something(wrong_entry):
            found.append(f"wrong[{n}] needs 'accept', 'place' or 'actor'")
    return found


def _check_numeric(q: Question, response: Any) -> Feedback:
    if is_missing(response):
        return not_checked(q, "Type a number first, e.g. 120, then press Check.")
    if abs(float(q.key.answer)) >= 1000 and dotted_thousands(response):
        return not_checked(
            q,
            f"Is {short(response).strip()!r} a number with decimals or thousands? Write it "
            "without a dot, e.g. 39000 or 39 000, then press Check.",
        )
    try:
        value = parse_number(response)
    except NumberError as exc:
        return not_checked(q, str(exc))
    target = float(q.key.answer)
    shown = f"{value:g}" + (f" {q.key.unit}" if q.key.unit else "")
    if abs(value - target) <= q.key.tolerance:
        return result(q, True, f"{shown} is right.", (Part(shown, True),))
    for wrong in q.key.wrong:
        if wrong.value is not None and abs(value - wrong.value) <= wrong.tolerance:
            return result(q, False, wrong.feedback, (Part(shown, False),))
    if target.is_integer() and q.key.tolerance == 0 and not float(value).is_integer():
        # e.g. "05.01" typed for a day of the month: say so without counting an attempt
        return not_checked(
            q,
            f"{short(response).strip()!r} is not a whole number, and the answer is one: type it "
            "without a dot or decimals, then press Check.",
        )
    if q.key.other:
        message = q.key.other
    elif value < target:
        message = q.key.too_low or f"{shown} is too low."
    else:
        message = q.key.too_high or f"{shown} is too high."
    return result(q, False, message, (Part(shown, False),))


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
        return result(q, True, f"'{shown}' is right.", (Part(shown, True),))
    return result(q, False, q.key.wrong[entry - 1].feedback, (Part(shown, False),))


def _text_problem(response: Any) -> str:
    """Why a response is not a short text answer to check ("" when it is one)."""
    if is_missing(response) or not isinstance(response, str):
        return "Type your answer first (a name or a few words), then press Check."
    if len(response) > MAX_TEXT:
        return "That is long for a short answer: type just a name or a few words."
    if not fold_text(response):
        return "Type letters or digits, then press Check."
    return ""


def _exact_entry(q: Question, folded: str) -> int | None:
    """The entry a folded answer is exactly (0 right, n wrong[n-1]), or None."""
    if folded in q.key.accept:
        return 0
    for n, wrong in enumerate(q.key.wrong, 1):
        if folded in wrong.accept:
            return n
    return None


def _by_mention(q: Question, response: str, shown: str) -> Feedback | None:
    """The verdict when the words name exactly one answer and nothing else; None if none."""
    words = answer_words(response)
    mentions = _mentions(q, words)
    if len(mentions) > 1:
        return not_checked(q, "You named more than one answer: type one only, then press Check.")
    if not mentions:
        return None
    entry, positions = mentions[0]
    extra = [w for i, w in enumerate(words) if i not in positions and not is_filler(w)]
    if not extra:
        return _text_verdict(q, shown, entry)
    return not_checked(q, "Type just your answer (a name), without other words, then press Check.")


def _by_closeness(q: Question, response: str, shown: str) -> Feedback:
    """Near the right spelling: not checked; near a listed wrong answer: its feedback."""
    words = answer_words(response)
    right = closeness(words, q.key.accept)
    wrong = [closeness(words, w.accept) for w in q.key.wrong]
    if right >= CLOSE_ENOUGH and right >= max(wrong, default=0.0):
        return not_checked(q, f"Almost: check the spelling of '{short(shown)}', then press Check.")
    if wrong and max(wrong) >= CLOSE_ENOUGH:
        return _text_verdict(q, shown, wrong.index(max(wrong)) + 1)
    message = q.key.other or f"'{shown}' is not the answer I am looking for. Check the spelling."
    return result(q, False, message, (Part(shown, False),))


def _check_text(q: Question, response: Any) -> Feedback:
    response = _text_response(response)
    problem = _text_problem(response)
    if problem:
        return not_checked(q, problem)
    shown = response.strip()
    entry = _exact_entry(q, fold_text(response))
    if entry is not None:
        return _text_verdict(q, shown, entry)
    return _by_mention(q, response, shown) or _by_closeness(q, response, shown)


def _blank(q: Question) -> list[str]:
    return ["  Answer: ________" + (f" {q.unit}" if q.unit else "")]


def _describe(q: Question, response: Any) -> str:
    if response is None:
        return "(no answer)"
    return str(response) if isinstance(response, str) else short(response, 200)


def _answer_numeric(q: Question) -> list[str]:
    key = q.key
    unit = f" {key.unit}" if key.unit else ""
    tolerance = f" (accepted: ±{key.tolerance:g})" if key.tolerance else ""
    return [f"{float(key.answer):g}{unit}{tolerance}"]


def _answer_text(q: Question) -> list[str]:
    return [" / ".join(q.key.accept_shown)]


def _typed(q: Question) -> Input:
    import ipywidgets as widgets

    from ..inputs import STYLE, Input, safe_set

    placeholder = q.placeholder or ("a number, e.g. 120" if q.type == "numeric" else "your answer")
    box = widgets.Text(
        value="",
        placeholder=placeholder,
        description="Your answer:",
        # True: every keystroke reaches the kernel before a later click on Check. With False the
        # value was sent on blur, which could arrive after the click (graded the old answer).
        continuous_update=True,
        style=STYLE,
    )
    shown: list[widgets.Widget] = [box]
    if q.unit:
        shown = [widgets.HBox([box, widgets.Label(value=q.unit)])]
    return Input(
        shown,
        lambda: box.value,
        lambda v: safe_set(box, v if isinstance(v, str) else ("" if v is None else str(v))),
        lambda: safe_set(box, ""),
    )


NUMERIC = register(
    QuestionType(
        name="numeric",
        title="number",
        check=_check_numeric,
        key_schema={"$ref": "#/$defs/key_numeric"},
        widget=_typed,
        describe=_describe,
        answer_parts=_answer_numeric,
        text_lines=_blank,
    )
)
TEXT = register(
    QuestionType(
        name="text",
        title="short answer",
        check=_check_text,
        key_schema={"$ref": "#/$defs/key_text"},
        widget=_typed,
        describe=_describe,
        answer_parts=_answer_text,
        text_lines=_blank,
        structure=_structure_text,
    )
)
