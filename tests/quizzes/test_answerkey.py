"""The teacher's answer key (kzlesson/quizzes/answerkey.py): every question with its decoded
answer, one quiz or all, Markdown or HTML; an unknown quiz or format is one clear error."""

from __future__ import annotations

import pytest

from kzlesson.quizzes.answerkey import render_answer_key
from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.core import describe_answer


def test_one_quiz_lists_each_question_with_its_answer() -> None:
    bank = load_bank()
    text = render_answer_key("md", notebook="timeline")
    for q in bank.questions("timeline"):
        assert q.id in text
        if q.type != "reflection":
            assert describe_answer(q).split("\n")[0][:40] in text.replace("\\", ""), q.id
    assert "start-01" not in text


def test_html_page_and_errors() -> None:
    page = render_answer_key("html", page=True)
    assert page.lstrip().lower().startswith("<!doctype html") and "kz-answer-key" in page
    assert all(q.id in page for q in load_bank().all())
    with pytest.raises(ValueError, match="Unknown answer-key format 'pdf'"):
        render_answer_key("pdf")
    with pytest.raises(ValueError, match="timelin"):
        render_answer_key("md", notebook="timelin")
