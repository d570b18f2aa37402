"""Voila app mode: the harness drives a widget, a lesson quiz answered wrongly then rightly gives
the right feedback, the explorers work, and saved answers come back when the page is loaded
again (``voila notebooks/02_timeline.ipynb``). (Every lesson notebook rendering with its code
hidden, no errors and all its quizzes and explorers is checked in test_sweep.py.)"""

from __future__ import annotations

from pathlib import Path

from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.core import OK, Question

from .quiz import (
    expected_headlines,
    feedback_text,
    give_answer,
    press,
    question_root,
    round_trip,
    shown_questions,
)
from .scratch import WIDGET_CELL, write_notebook

APP_NOTEBOOK = "02_timeline.ipynb"
RENDER_TIMEOUT_MS = 120_000  # Voila runs the whole notebook before the widgets appear
WIDGETS_TIMEOUT_MS = 30_000  # then draws the widget views
CODE = ".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor"


def _open(page, voila, name: str) -> None:
    """Load ``name`` in Voila and wait until every cell has run (the spinner is gone)."""
    page.goto(voila.url(f"voila/render/{name}"), wait_until="domcontentloaded")
    page.locator("#loading").wait_for(state="detached", timeout=RENDER_TIMEOUT_MS)
    page.locator(".jp-OutputArea-output").first.wait_for(timeout=RENDER_TIMEOUT_MS)


def _questions(notebook: Path) -> list[Question]:
    shown = shown_questions(notebook)
    return [q for q in load_bank().all() if q.id in shown]


def test_voila_harness_widget(voila_page, voila, voila_root: Path) -> None:
    """The Voila harness on a notebook the test writes itself: code hidden, widget responds."""
    write_notebook(voila_root, "zz_voila_harness.ipynb", WIDGET_CELL)
    _open(voila_page, voila, "zz_voila_harness.ipynb")
    quiz = voila_page.locator(".kz-quiz")
    quiz.wait_for(timeout=RENDER_TIMEOUT_MS)
    assert voila_page.locator(CODE).count() == 0, "Voila shows code"
    assert "add_class" not in voila_page.inner_text("body")
    quiz.locator(".widget-radio-box label", has_text="Almaty").click()
    quiz.locator("button.kz-check").click()
    quiz.locator(".kz-feedback").filter(has_text="✓ Right").wait_for(timeout=10_000)


def test_lesson_notebook_in_voila(voila_page, voila, voila_root: Path) -> None:
    """A quiz question answered wrongly, then rightly, gives the right feedback in Voila."""
    path = voila_root / APP_NOTEBOOK
    assert path.is_file(), f"notebooks/{APP_NOTEBOOK} does not exist (yet)"
    questions = _questions(path)
    assert questions, f"{APP_NOTEBOOK} shows no quiz question"
    question = next((q for q in questions if q.type == "single"), questions[0])

    _open(voila_page, voila, APP_NOTEBOOK)
    # the figures include the day stepper's map, a widget drawn after the spinner goes
    voila_page.locator("figure.kz-figure img[alt]").first.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    assert voila_page.locator("figure.kz-figure img[alt]").count() >= 1

    wrong, right = round_trip(voila_page, question)
    expect_wrong, expect_right = expected_headlines(question)
    assert wrong.startswith(expect_wrong), wrong
    assert right.startswith(expect_right), right


def test_answers_come_back_on_reload(voila_page, voila, voila_root: Path) -> None:
    """docs/running.md: answers are saved to the progress file, so they come back on reload."""
    path = voila_root / APP_NOTEBOOK
    assert path.is_file(), f"notebooks/{APP_NOTEBOOK} does not exist (yet)"
    singles = [q for q in _questions(path) if q.type == "single"]
    assert singles, f"{APP_NOTEBOOK} has no single-choice question to answer"
    question = singles[-1]  # not the one test_lesson_notebook_in_voila answers
    right = next(c.text for c in question.options if c.id == question.key.answer)

    _open(voila_page, voila, APP_NOTEBOOK)
    root = question_root(voila_page, question)
    root.scroll_into_view_if_needed()
    give_answer(root, question, right=True)
    press(root, question)
    assert feedback_text(root).startswith(OK)

    voila_page.reload(wait_until="domcontentloaded")  # a new kernel runs the notebook again
    voila_page.locator("#loading").wait_for(state="detached", timeout=RENDER_TIMEOUT_MS)
    root = question_root(voila_page, question)
    root.wait_for(timeout=RENDER_TIMEOUT_MS)
    restored = feedback_text(root)
    assert restored.startswith(OK), f"feedback after reload: {restored!r}"
    checked = root.locator(".widget-radio-box input:checked")
    assert checked.count() == 1, "the saved choice is not ticked after reload"
    assert checked.evaluate("el => el.parentElement.textContent").strip() == right


def test_explorer_in_voila(voila_page, voila, voila_root: Path) -> None:
    """The day stepper of the timeline notebook responds in Voila too."""
    assert (voila_root / APP_NOTEBOOK).is_file(), f"notebooks/{APP_NOTEBOOK} does not exist (yet)"
    _open(voila_page, voila, APP_NOTEBOOK)
    root = voila_page.locator(".kz-day-stepper").first
    root.wait_for(timeout=RENDER_TIMEOUT_MS)
    output = root.locator(".kz-explorer-output")
    before = output.inner_text()
    root.locator(".widget-toggle-buttons button").last.click()
    handle = output.element_handle()
    voila_page.wait_for_function(
        "([el, before]) => el.innerText !== before", arg=[handle, before], timeout=15_000
    )
    assert output.inner_text().strip()
