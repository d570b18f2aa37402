"""Helpers shared by the quiz tests: right and wrong responses for any bank question."""

from __future__ import annotations

from typing import Any

from kzlesson.quizzes.core import Question

REFLECTION_TEXT = "I think the protests began as a workers' protest about prices in the west."


def correct_response(q: Question) -> Any:
    """A response that must be accepted as correct (what a widget would produce)."""
    key = q.key
    if q.type in ("single", "truefalse"):
        return key.answer
    if q.type in ("multi", "ordering"):
        return list(key.answer)
    if q.type == "numeric":
        return f"{float(key.answer):g}"
    if q.type == "text":
        return key.accept_shown[0]
    if q.type in ("matching", "classify"):
        return dict(key.answer)
    return REFLECTION_TEXT


def wrong_responses(q: Question) -> list[tuple[Any, str]]:
    """(wrong response, the feedback written for it) for every listed wrong answer."""
    key = q.key
    out: list[tuple[Any, str]] = []
    if q.type == "single":
        out = [(c.id, key.feedback[c.id]) for c in q.options if c.id != key.answer]
    elif q.type == "multi":
        out = [
            ([*key.answer, c.id], key.feedback[c.id]) for c in q.options if c.id not in key.answer
        ]
    elif q.type == "truefalse":
        out = [(not key.answer, key.feedback["false" if key.answer else "true"])]
    elif q.type == "numeric":
        out = [(f"{w.value:g}", w.feedback) for w in key.wrong]
    elif q.type == "text":
        out = [(w.shown[0], w.feedback) for w in key.wrong]
    elif q.type in ("matching", "classify"):
        keys = q.left if q.type == "matching" else q.items
        values = [c.id for c in q.right] if q.type == "matching" else list(q.labels)
        for item in keys:
            response = dict(key.answer)
            response[item.id] = next(v for v in values if v != key.answer[item.id])
            out.append((response, key.feedback[item.id]))
    elif q.type == "ordering":
        order = list(key.answer)
        for n in range(len(order) - 1):
            swapped = order.copy()
            swapped[n], swapped[n + 1] = swapped[n + 1], swapped[n]
            if swapped[n] in key.feedback:
                out.append((swapped, key.feedback[swapped[n]]))
    return out
