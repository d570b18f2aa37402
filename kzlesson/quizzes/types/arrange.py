"""Arranging questions: put in order, matching pairs, classify statements under labels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..model import (
    Choice,
    Feedback,
    Part,
    Question,
    as_list,
    choice_id,
    display_order,
    is_missing,
    not_checked,
    result,
    short,
)
from ..parsing import fold_text
from ..registry import QuestionType, register
from .choice import choice_ids, feedback_for

LETTERS = "abcdefghijklmnopqrstuvwxyz"

if TYPE_CHECKING:  # pragma: no cover
    from ..inputs import Input


def _structure_ordering(raw: dict[str, Any], key: dict[str, Any]) -> list[str]:
    found = []
    if sorted(key["answer"]) != sorted(choice_ids(raw, "items")):
        found.append("answer must list every item id exactly once")
    extra = [i for i in key.get("feedback", {}) if i not in choice_ids(raw, "items")]
    if extra:
        found.append(f"feedback for unknown item(s): {', '.join(extra)}")
    return found


def _structure_matching(raw: dict[str, Any], key: dict[str, Any]) -> list[str]:
    found = []
    if sorted(key["answer"]) != sorted(choice_ids(raw, "left")):
        found.append("answer must give a match for every left id")
    wrong = [v for v in key["answer"].values() if v not in choice_ids(raw, "right")]
    if wrong:
        found.append(f"answer uses unknown right id(s): {', '.join(wrong)}")
    return found + feedback_for(key, choice_ids(raw, "left"))


def _structure_classify(raw: dict[str, Any], key: dict[str, Any]) -> list[str]:
    found = []
    if sorted(key["answer"]) != sorted(choice_ids(raw, "items")):
        found.append("answer must give a label for every item id")
    wrong = [v for v in key["answer"].values() if v not in raw["labels"]]
    if wrong:
        found.append(f"answer uses unknown label(s): {', '.join(wrong)}")
    return found + feedback_for(key, choice_ids(raw, "items"))


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
    return result(q, correct, message, tuple(parts))


def _given_order(q: Question, response: Any) -> tuple[list[str], str]:
    """The item ids a response puts in the positions; or a problem to say (not an attempt)."""
    values = as_list(response)
    n = len(q.items)
    if values is None or not values or all(is_missing(v) for v in values):
        return [], f"Choose an item for each of the {n} positions, then press Check."
    if len(values) != n:
        return [], f"Give exactly {n} items, one per position ({len(values)} given)."
    order: list[str] = []
    for position, value in enumerate(values, 1):
        if is_missing(value):
            return [], f"Position {position} is still empty: choose an item for it."
        item = choice_id(q.items, value)
        if item is None:
            return [], f"Position {position}: {short(value)!r} is not an item."
        if item in order:
            text = next(c.text for c in q.items if c.id == item)
            return [], f"'{text}' is used twice: each item goes in one position only."
        order.append(item)
    return order, ""


def _positions_message(right: list[str], n: int) -> str:
    """How many positions are right, and which."""
    if len(right) == n:
        return "Every item is in the right position."
    if not right:
        return f"None of the {n} positions is right yet."
    where = (
        f"position {right[0]}"
        if len(right) == 1
        else f"positions {', '.join(right[:-1])} and {right[-1]}"
    )
    verb = "is" if len(right) == 1 else "are"
    return f"{len(right)} of {n} positions {verb} right ({where}); the others are not."


def _check_ordering(q: Question, response: Any) -> Feedback:
    order, problem = _given_order(q, response)
    if problem:
        return not_checked(q, problem)
    texts = {c.id: c.text for c in q.items}
    parts = []
    right = []
    for position, (given, expected) in enumerate(zip(order, q.key.answer, strict=False), 1):
        ok = given == expected
        note = "" if ok else q.key.feedback.get(given, "not in this position")
        parts.append(Part(f"Position {position}: {texts[given]}", ok, note))
        if ok:
            right.append(str(position))
    n = len(q.items)
    return result(q, len(right) == n, _positions_message(right, n), tuple(parts))


def _pairs(keys: tuple[Choice, ...], response: Any, what: str) -> tuple[dict[str, Any] | None, str]:
    """Turn a dict (by id or text) or a list (in order) into {key id: value}; or an error."""
    if isinstance(response, Mapping):
        given: dict[str, Any] = {}
        for raw_key, value in response.items():
            key = choice_id(keys, raw_key)
            if key is None:
                return None, f"{short(raw_key)!r} is not one of the {what}."
            given[key] = value
        return given, ""
    values = as_list(response)
    if values is None:
        return None, f"Choose an answer for each of the {len(keys)} {what}, then press Check."
    if len(values) != len(keys):
        return None, f"Give one answer for each of the {len(keys)} {what} (you gave {len(values)})."
    return {c.id: v for c, v in zip(keys, values, strict=True)}, ""


def _check_matching(q: Question, response: Any) -> Feedback:
    given, problem = _pairs(q.left, response, "items on the left")
    if given is None:
        return not_checked(q, problem)
    matched: dict[str, str] = {}
    for n, left in enumerate(q.left, 1):
        value = given.get(left.id)
        if is_missing(value):
            return not_checked(q, f"Item {n} ('{short(left.text)}') has no match: choose one.")
        right = choice_id(q.right, value)
        if right is None:
            return not_checked(q, f"Item {n}: {short(value)!r} is not one of the choices.")
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
        return not_checked(q, problem)
    labels = {fold_text(label): label for label in q.labels}
    chosen: dict[str, str] = {}
    for n, item in enumerate(q.items, 1):
        value = given.get(item.id)
        if is_missing(value):
            return not_checked(q, f"Statement {n} has no label yet: choose one.")
        label = None
        if isinstance(value, str) and len(value) < 100:
            label = labels.get(fold_text(value))
        if label is None:
            allowed = ", ".join(q.labels)
            return not_checked(q, f"Statement {n}: {short(value)!r} is not a label ({allowed}).")
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


def _ordering_text(q: Question) -> list[str]:
    lines = [f"  - {c.text}" for c in display_order(q, "items")]
    blanks = "  ".join(f"{n}. ____" for n in range(1, len(q.items) + 1))
    return [*lines, f"  Order: {blanks}"]


def _matching_text(q: Question) -> list[str]:
    lines = [f"  {n}. {c.text}  -> ____" for n, c in enumerate(q.left, 1)]
    right = display_order(q, "right")
    return lines + [f"     {LETTERS[i % 26]}) {c.text}" for i, c in enumerate(right)]


def _classify_text(q: Question) -> list[str]:
    lines = ["  Labels: " + " / ".join(q.labels)]
    return lines + [f"  {n}. {c.text}  -> ____" for n, c in enumerate(q.items, 1)]


def _describe_ordering(q: Question, response: Any) -> str:
    if response is None:
        return "(no answer)"
    items = as_list(response) or []
    texts = {c.id: c.text for c in q.items}
    return " → ".join(texts.get(choice_id(q.items, i) or "", "(empty)") for i in items)


def _describe_pairs(q: Question, response: Any) -> str:
    if response is None:
        return "(no answer)"
    keys = q.left if q.type == "matching" else q.items
    given, _ = _pairs(keys, response, "items")
    if given is None:
        return short(response, 200)
    values = {c.id: c.text for c in q.right}
    return "; ".join(
        f"{c.text} → {values.get(str(given.get(c.id)), given.get(c.id)) or '(empty)'}" for c in keys
    )


def _answer_ordering(q: Question) -> list[str]:
    texts = {c.id: c.text for c in q.items}
    return [texts[i] for i in q.key.answer]


def _answer_matching(q: Question) -> list[str]:
    texts = {c.id: c.text for c in q.right}
    return [f"{c.text} → {texts[q.key.answer[c.id]]}" for c in q.left]


def _answer_classify(q: Question) -> list[str]:
    return [f"{c.text} → {q.key.answer[c.id]}" for c in q.items]


def _items_shown(q: Question) -> list[str]:
    return [c.text for c in display_order(q, "items")]


def _items_in_order(q: Question) -> list[str]:
    return [c.text for c in q.items]


def _matching_shown(q: Question) -> list[str]:
    return [c.text for c in q.left] + [f"choice: {c.text}" for c in display_order(q, "right")]


def _matching_html(q: Question) -> str:
    """The two columns, each under its own heading."""
    from ..textfmt import h

    left = "".join(f"<li>{h(c.text)}</li>" for c in q.left)
    right = "".join(f"<li>{h(c.text)}</li>" for c in display_order(q, "right"))
    return f"<p>Items:</p><ol>{left}</ol><p>Choices:</p><ul>{right}</ul>"


def _ordering(q: Question) -> Input:
    import ipywidgets as widgets

    from ..inputs import CHOOSE, STYLE, WIDE, together

    options = [(CHOOSE, "")] + [(c.text, c.id) for c in display_order(q, "items")]
    last = len(q.items)
    menus = [
        widgets.Dropdown(
            options=options,
            value="",
            description=f"Position {n}"
            + (" (first)" if n == 1 else " (last)" if n == last else ""),
            layout=WIDE,
            style=STYLE,
        )
        for n in range(1, last + 1)
    ]

    def positions(value: Any) -> list[str] | None:
        if isinstance(value, (list, tuple)) and len(value) == len(menus):
            return [item if isinstance(item, str) else "" for item in value]
        return None

    return together(list(menus), "", positions)


def _matching(q: Question) -> Input:
    import ipywidgets as widgets

    from ..inputs import CHOOSE, STYLE, WIDE, paired

    options = [(CHOOSE, "")] + [(c.text, c.id) for c in display_order(q, "right")]

    def make(n: int, text: str) -> widgets.Widget:
        return widgets.Dropdown(
            options=options,
            value="",
            description=f"Match for {n}:",  # the item's text is just above (issue 12)
            layout=WIDE,
            style=STYLE,
        )

    return paired([(c.id, c.text) for c in q.left], make, "")


def _classify(q: Question) -> Input:
    import ipywidgets as widgets

    from ..inputs import STYLE, paired

    def make(n: int, text: str) -> widgets.Widget:
        return widgets.ToggleButtons(
            options=list(q.labels),
            value=None,
            description=f"Statement {n} is:",
            tooltips=[f"Label statement {n} '{label}'" for label in q.labels],
            style=STYLE,
        )

    return paired([(c.id, c.text) for c in q.items], make, None)


ORDERING = register(
    QuestionType(
        name="ordering",
        title="put in order",
        check=_check_ordering,
        key_schema={"$ref": "#/$defs/key_ordering"},
        widget=_ordering,
        describe=_describe_ordering,
        answer_parts=_answer_ordering,
        text_lines=_ordering_text,
        structure=_structure_ordering,
        key_choices=_items_shown,
        answer_joiner=" → ",
        ordered_answer=True,
        fields=("items",),
    )
)
MATCHING = register(
    QuestionType(
        name="matching",
        title="matching",
        check=_check_matching,
        key_schema={"$ref": "#/$defs/key_matching"},
        widget=_matching,
        describe=_describe_pairs,
        answer_parts=_answer_matching,
        text_lines=_matching_text,
        structure=_structure_matching,
        key_choices=_matching_shown,
        key_choices_html=_matching_html,
        fields=("left", "right"),
    )
)
CLASSIFY = register(
    QuestionType(
        name="classify",
        title="classify",
        check=_check_classify,
        key_schema={"$ref": "#/$defs/key_classify"},
        widget=_classify,
        describe=_describe_pairs,
        answer_parts=_answer_classify,
        text_lines=_classify_text,
        structure=_structure_classify,
        key_choices=_items_in_order,
        fields=("items",),
    )
)
