"""Issue 12: a first wrong answer never gets the full right answer; 'Show me' is recorded."""

from __future__ import annotations

import html
from pathlib import Path

from quizhelpers import wrong_responses

from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.core import answer_parts, check
from kzlesson.quizzes.teach import teaching_text
from kzlesson.quizzes.view import quiz

BANK = load_bank()


def _gives_answer_away(q, text: str) -> bool:
    parts = answer_parts(q)
    low = text.lower()
    if q.type == "ordering":  # every item is always listed: the answer is their order
        return all(f"position {n}: {p.lower()}" in low for n, p in enumerate(parts, 1))
    if q.type in ("multi", "matching", "classify"):
        return all(p.lower() in low for p in parts)
    if q.type == "truefalse":
        return parts[0].lower() in low
    return any(p.lower() in low for p in parts[0].split(" / ") if p)


def test_first_wrong_feedback_never_contains_the_answer() -> None:
    checked = 0
    for q in BANK.all():
        for response, _note in wrong_responses(q):
            result = check(q, response)
            assert result.correct is False, (q.id, response)
            text = teaching_text(q, result)
            assert not _gives_answer_away(q, text), (q.id, text)
            assert "Reread" in text or "Try again" in text
            checked += 1
    assert checked > 100


def test_full_feedback_would_give_it_away_somewhere() -> None:
    """The check above can fail: the checker's own wrong-answer feedback does name answers."""
    named = sum(
        _gives_answer_away(q, check(q, r).text()) for q in BANK.all() for r, _ in wrong_responses(q)
    )
    assert named > 10


def test_show_me_reveals_and_is_recorded(progress_file: Path) -> None:
    box = quiz("timeline")
    view = next(v for v in box.views if v.question.type == "ordering")
    response, _ = wrong_responses(view.question)[0]
    view.input.set(response)
    view.check_button.click()
    first = view.feedback.value
    assert view.show_button.layout.display is None
    assert not all(p in first for p in answer_parts(view.question))
    view.show_button.click()
    assert all(html.escape(p) in view.feedback.value for p in answer_parts(view.question))
    entry = view.progress.get(view.question.id)
    assert entry["answer_shown"] is True
    view.check_button.click()  # a later check keeps the record
    assert view.progress.get(view.question.id)["answer_shown"] is True
